"""Consistency findings (jixiao check) and the target review (fct_target_flags, rpt_review_queue).

Every rule is proven both ways: the cases it must find (in the samples, as COUNTS.md lists them,
or in the review test documents written for it) and cases it must leave alone.
"""

from __future__ import annotations

import json

import duckdb
import pytest


def query(warehouse, sql: str, *params) -> list[tuple]:
    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def findings(warehouse, rule_id: str) -> list[tuple]:
    return query(
        warehouse,
        "select subject_label, expected, observed, line_start from fct_consistency_findings where rule_id = ? "
        "order by subject_label",
        rule_id,
    )


def flagged(warehouse, rule_id: str) -> set[tuple[str, str]]:
    rows = query(
        warehouse,
        "select t.indicator_name, t.target_raw from fct_target_flags f "
        "inner join fct_indicator_targets t using (indicator_target_key) where f.rule_id = ?",
        rule_id,
    )
    return set(rows)


# ---------------------------------------------------------------------------------------------
# the runs themselves
# ---------------------------------------------------------------------------------------------
def test_check_runs_after_the_build_and_builds_data_docs(built):
    assert built.build.returncode == 0, built.build.stdout + built.build.stderr
    assert built.check.returncode == 0, built.check.stdout + built.check.stderr
    assert "stored in fct_consistency_findings" in built.check.stdout
    docs = built.gx_root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    assert docs.exists() and "document_consistency" in docs.read_text(encoding="utf-8")


def test_findings_are_not_failures_and_rerunning_replaces_them(built):
    from conftest import JIXIAO, run

    before = query(built, "select finding_key from fct_consistency_findings order by 1")
    again = run(JIXIAO, "check", "--db", str(built.db), env={"JIXIAO_GX_ROOT": str(built.gx_root)})
    assert again.returncode == 0  # the samples have findings, and that is not an error
    assert query(built, "select finding_key from fct_consistency_findings order by 1") == before


def test_every_finding_explains_itself(built, review_built):
    for warehouse in (built, review_built):
        rows = query(warehouse, "select message_zh, message_en, line_start, document_key from fct_consistency_findings")
        assert rows and all(zh and en and line and doc for zh, en, line, doc in rows)


# ---------------------------------------------------------------------------------------------
# consistency findings on the samples (COUNTS.md)
# ---------------------------------------------------------------------------------------------
def test_cost_target_above_the_budget_000_project_10(built):
    assert findings(built, "cost_within_budget") == [("系统建设费用 ≤95万元", 49.0, 95.0, 862)]


def test_002_weights_and_scores_do_not_add_up(built):
    assert findings(built, "weights_total") == [("指标分值与预算执行分值之和", 100.0, 94.0, 142)]
    assert findings(built, "scores_total") == [("指标得分与预算执行得分之和", 98.3, pytest.approx(91.3), 142)]


def test_004_table_3_cost_targets_cover_little_of_the_budget(built):
    rows = query(
        built, "select severity, expected, observed from fct_consistency_findings where rule_id = 'cost_coverage'"
    )
    assert rows == [("warning", 42.5, 27.0)]


def test_projects_without_a_counted_output_or_with_a_malformed_value(built):
    names = {label for label, *_ in findings(built, "numeric_output")}
    assert names == {
        "增强天津世智会展有限公司资本实力（2024）",
        "劳务派遣人员费用",
        "节能减排补助资金",
        "2024电力需求侧管理专项资金",
    }
    assert findings(built, "malformed_value") == [("增资企业数量 1增资企业数量", None, None, 1276)]


def test_rules_that_hold_on_the_samples_find_nothing_there(built):
    """Evaluated on the samples (budgets, 001's totals, 002's execution rate and scores …) and all hold."""
    for rule_id in ("budget_sum", "department_column_total", "task_total", "execution_rate", "score_within_weight",
                    "percent_range", "all_level1", "blank_target", "cost_sum_within_budget"):  # fmt: skip
        assert findings(built, rule_id) == [], rule_id
    # and they were evaluated: the checks frame has rows for them
    evaluated = dict(query(built, "select rule_id, count(*) from rpt_consistency_checks group by 1"))
    assert evaluated["budget_sum"] == 28 and evaluated["department_column_total"] == 4
    assert evaluated["task_total"] == 8 and evaluated["execution_rate"] == 1


# ---------------------------------------------------------------------------------------------
# consistency findings on the review documents (tests/fixtures/review)
# ---------------------------------------------------------------------------------------------
def test_review_documents_find_each_rule(review_built):
    assert review_built.check.returncode == 0, review_built.check.stderr
    assert findings(review_built, "budget_sum") == [("项目甲", 90.0, 100.0, 5)]
    assert findings(review_built, "all_level1") == [("项目甲", 3.0, 2.0, 31)]
    assert findings(review_built, "blank_target") == [("覆盖人群", None, None, 61)]
    assert findings(review_built, "percent_range") == [("培训合格率 ≥120%", None, 120.0, 37)]
    assert findings(review_built, "cost_sum_within_budget") == [
        ("场地费用 ≤60万元；专家费用 ≤50万元", 100.0, 110.0, 49)
    ]
    assert {label for label, *_ in findings(review_built, "department_column_total")} == {
        "合计·总额", "合计·项目支出", "合计·其他资金",
    }  # fmt: skip
    assert findings(review_built, "task_total") == [("任务1·开展统计调查", 450.0, 500.0, 24)]
    assert findings(review_built, "execution_rate") == [("执行率 95%", 90.0, 95.0, 4)]
    assert findings(review_built, "score_within_weight") == [("培训合格率", 30.0, 32.0, 8)]


def test_review_documents_leave_sound_subjects_alone(review_built):
    subjects = {label for label, *_ in findings(review_built, "budget_sum") + findings(review_built, "all_level1")}
    assert "项目乙" not in subjects  # 50 = 50 + (blank); has all three level-1 indicators
    assert ("合计·基本支出",) not in {(label,) for label, *_ in findings(review_built, "department_column_total")}
    assert findings(review_built, "weights_total") == [] and findings(review_built, "scores_total") == []
    assert findings(review_built, "cost_within_budget") == []  # 60 and 50 are each within 100; 50 equals 50


# ---------------------------------------------------------------------------------------------
# the target review on the samples
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rule_id", "cases"),
    [
        ("lax_zero_bound", {("因物业服务问题导致不能正常办公次数", "≥0次"),
                            ("出现市管异地交流任职干部住宿问题次数", "≥0次")}),
        ("output_capped", {("重大活动无线电安全保障和考试保障", "<20次"), ("无线电管理专项监管工作任务数", "≤8项"),
                           ("补贴企业数量", "≤23家")}),
        ("lax_by_outcome", {("重点技术改造项目评审数", "≥80项"), ("纳入首台（套）重大技术装备目录产品数量", "≥5个"),
                            ("绿色制造评估报告审核数量", "≥30个"), ("举办智能大会平行论坛", "≥10个")}),
        ("padded_cost", {("工业技术改造管理费用", "≤208.6万元"), ("执法检查费用", "≤30万元")}),
        ("cost_above_budget", {("系统建设费用", "≤95万元")}),
        ("unmeasurable_target", {("车辆购置成本", "降低"), ("个人核定工资数额", "工资标准")}),
        ("satisfaction_as_word", {("服务对象满意度", "满意"), ("服务企业满意度", "无投诉")}),
        ("malformed_target", {("增资企业数量", "1增资企业数量")}),
        ("lax_one_on_large_budget", {("补贴新能源汽车企业数量", "≥1个")}),
        ("target_lowered", {("补贴汽车数量", "≥5000辆")}),
        ("cap_raised", {("削峰补贴标准", "≤30元/千瓦")}),
    ],
)  # fmt: skip
def test_the_listed_cases_are_flagged(built, rule_id, cases):
    assert cases <= flagged(built, rule_id)


def test_a_swap_is_flagged_once_naming_both_indicators(built):
    """000 (2024) sets 系统负荷控制能力占最大负荷比例 ≥10% (lines 149–153) and 负荷监测能力占最大负荷比例
    ≥60% (lines 155–159); 001 (2025) sets them ≥60% (line 383) and ≥10% (line 385), read by hand.
    One flag for the pair, on 系统… (its name sorts first: 系 U+7CFB before 负 U+8D1F), naming both
    indicators with both their targets and lines in both years."""
    rows = query(
        built,
        "select t.indicator_name, t.target_raw, f.line_start, f.message_zh, f.message_en, f.evidence "
        "from fct_target_flags f inner join fct_indicator_targets t using (indicator_target_key) "
        "where f.rule_id = 'values_swapped'",
    )
    assert [r[:3] for r in rows] == [("系统负荷控制能力占最大负荷比例", "≥60%", 383)]
    ((*_, zh, en, evidence),) = rows
    assert zh == (
        "「系统负荷控制能力占最大负荷比例」与「负荷监测能力占最大负荷比例」的目标值在2024年与2025年之间互换"
        "（2024年：≥10%/≥60%，第149/155行；2025年：≥60%/≥10%，第383/385行）。"
    )
    assert "swapped their targets between 2024 and 2025" in en and "lines 149/155" in en
    figures = json.loads(evidence)
    assert (figures["target"], figures["previous_target"], figures["previous_line_start"]) == ("≥60%", "≥10%", 149)
    ((other,),) = [figures["swapped_with"]]
    assert (other["indicator"], other["target"], other["line_start"]) == ("负荷监测能力占最大负荷比例", "≥10%", 385)
    assert (other["previous_target"], other["previous_line_start"], other["previous_line_end"]) == ("≥60%", 155, 159)


def test_year_over_year_flags_name_last_years_document_and_lines(built):
    """By hand: 001 (2025) lowers 补贴汽车数量 from 000's (2024) ≥7000辆, table 6 lines 494–498, and
    负荷监测能力占最大负荷比例 from its ≥60% at lines 155–159; the swap of 系统负荷控制能力占最大负荷比例
    points at its ≥10% at lines 149–153; 000 raises 削峰补贴标准 from the ≤20元/千瓦 of 002 (2022,
    line 91, 削峰响应补贴标准). Every other flag of the samples compares within its own document."""
    rows = query(
        built,
        "select f.rule_id, t.indicator_name, d.file_name, r.file_name, f.related_line_start, f.related_line_end "
        "from fct_target_flags f inner join fct_indicator_targets t using (indicator_target_key) "
        "inner join dim_documents d on d.document_key = f.document_key "
        "inner join dim_documents r on r.document_key = f.related_document_key",
    )
    assert sorted(rows) == [
        ("cap_raised", "削峰补贴标准", "000_4fbf0d365526adfd.txt", "002_bb8163d66f945702.txt", 91, 91),
        ("target_lowered", "补贴汽车数量", "001_425eedf82afd7a44.txt", "000_4fbf0d365526adfd.txt", 494, 498),
        ("target_lowered", "负荷监测能力占最大负荷比例", "001_425eedf82afd7a44.txt", "000_4fbf0d365526adfd.txt",
         155, 159),
        ("values_swapped", "系统负荷控制能力占最大负荷比例", "001_425eedf82afd7a44.txt", "000_4fbf0d365526adfd.txt",
         149, 153),
    ]  # fmt: skip
    unrelated = query(
        built,
        "select count(*) from fct_target_flags where related_document_key is null "
        "and coalesce(related_line_start, related_line_end) is null "
        "and rule_id not in ('target_lowered', 'cap_raised', 'values_swapped')",
    )
    assert unrelated == query(
        built,
        "select count(*) from fct_target_flags where rule_id not in ('target_lowered', 'cap_raised', 'values_swapped')",
    )


def _rule_sql(rule_id: str) -> str:
    """What the macro review_rule__<rule_id> selects, rendered outside dbt (for rules without vars)."""
    import jinja2
    from conftest import ROOT

    text = (ROOT / "macros" / "review_rules" / f"{rule_id}.sql").read_text(encoding="utf-8")
    return str(getattr(jinja2.Environment().from_string(text).module, f"review_rule__{rule_id}")())


def test_values_swapped_flags_each_pair_once():
    """By hand (names sort by code point: 乙 U+4E59 before 甲 U+7532; 丁 4E01, 丙 4E19, 戊 620A;
    丑 4E11, 子 5B50, 寅 5BC5): agency g swaps 甲 and 乙 (one flag, on 乙, naming 甲); agency h's 丁
    took the value of both 丙 and 戊, which took its (丁 sorts first: one flag naming both); agency
    k's 寅 did so with 丑 and 子, which sort before it (one flag each, naming 寅; none on 寅); agency
    n's two 卯 swap (one flag, on the smaller key); 辰 and 巳 swap across units (none)."""
    yoy = [  # agency, series, key, name, previous value, value, unit
        ("g", "s1", "a", "甲", 10, 60, "%"), ("g", "s2", "b", "乙", 60, 10, "%"),
        ("h", "s3", "x", "丁", 5, 7, "个"), ("h", "s4", "y", "丙", 7, 5, "个"), ("h", "s5", "z", "戊", 7, 5, "个"),
        ("k", "s6", "p", "寅", 5, 7, "个"), ("k", "s7", "q", "丑", 7, 5, "个"), ("k", "s8", "r", "子", 7, 5, "个"),
        ("n", "s9", "f", "卯", 3, 4, "个"), ("n", "s10", "e", "卯", 4, 3, "个"),
        ("m", "s11", "u", "辰", 1, 2, "个"), ("m", "s12", "v", "巳", 2, 1, "次"),
    ]  # fmt: skip
    assert "乙" < "甲" and "丁" < "丙" < "戊" and "丑" < "子" < "寅"
    with duckdb.connect() as con:
        # the i-th row: last year's at lines 10i–10i+1 of d2024, this year's at 100+10i–100+10i+1 of d2025
        con.execute(
            "create table year_over_year as select agency_key, series_key, indicator_target_key, indicator_name, "
            "2024 as previous_fiscal_year, 2025 as fiscal_year, previous_value_number, value_number, unit, "
            "previous_value_number::varchar as previous_target_raw, value_number::varchar as target_raw, "
            "'d2024' as previous_document_key, 10 * i as previous_line_start, 10 * i + 1 as previous_line_end "
            "from (values "
            + ", ".join(
                f"({i}, '{a}', '{s}', '{k}', '{n}', {p}, {v}, '{u}')" for i, (a, s, k, n, p, v, u) in enumerate(yoy, 1)
            )
            + ") as t(i, agency_key, series_key, indicator_target_key, indicator_name, previous_value_number, "
            "value_number, unit)"
        )
        con.execute(
            "create table targets as select indicator_target_key, 'd2025' as document_key, "
            "previous_line_start + 100 as line_start, previous_line_end + 100 as line_end from year_over_year"
        )
        flags = con.execute(f"select subject_key, evidence from ({_rule_sql('values_swapped')}) order by 1").fetchall()
    named = {key: [o["indicator"] for o in json.loads(evidence)["swapped_with"]] for key, evidence in flags}
    assert named == {"b": ["甲"], "x": ["丙", "戊"], "q": ["寅"], "r": ["寅"], "e": ["卯"]}
    (evidence,) = [e for k, e in flags if k == "x"]
    figures = json.loads(evidence)
    assert (figures["line_start"], figures["previous_line_start"]) == (130, 30)
    assert [(o["line_start"], o["previous_line_end"]) for o in figures["swapped_with"]] == [(140, 41), (150, 51)]


def test_overshoots_without_a_reason_or_with_full_marks_002(built):
    """002's self-evaluation, read by hand: six floors overshot by 30% or more (28 of ≥10 forums,
    5 of ≥3 contests, 68 of ≥30 reports, 363 of ≥80 reviews, 85 of ≥5 products, 4 of ≥2
    institutions), each scored in full, three without a reason. 203 of ≥200 (101.5%) and every
    row under 130% are left alone."""
    rows = query(
        built,
        "select t.indicator_name, t.target_raw, f.message_zh from fct_target_flags f "
        "inner join fct_indicator_targets t using (indicator_target_key) where f.rule_id = 'overshoot_without_reason'",
    )
    assert {(name, target) for name, target, _ in rows} == {
        ("举办智能大会平行论坛", "≥10个"), ("举办智能大会赛事活动", "≥3个"), ("绿色制造评估报告审核数量", "≥30个"),
        ("重点技术改造项目评审数", "≥80项"), ("纳入首台（套）重大技术装备目录产品数量", "≥5个"),
        ("保障机构运转数", "≥2个"),
    }  # fmt: skip
    said = {name: message for name, _, message in rows}
    assert "为目标的280%），未说明原因且得满分1" in said["举办智能大会平行论坛"]
    assert "为目标的227%），得满分1：" in said["绿色制造评估报告审核数量"]  # a reason is given


def test_the_002_self_evaluation_is_rescored_by_the_rules(built):
    """002, by hand: 总分 98.3 (line 142) though its scores add up to 81.5 + 9.8; by the rules the
    indicators give 82.69 (174 of ≥450 enforcement checks score 0.5 × 174/450 = 0.19, stated 0.1;
    9.28 of a ≤30 万元 cost cap is met, so 0.5, stated 0.4) and budget execution 32622.6 / 33200.8
    × 10 = 9.83: 92.52, still 优 under the national bands."""
    (row,) = query(
        built,
        "select s.total_stated, s.total_recomputed, s.grade_of_stated_total, s.grade_recomputed, "
        "s.execution_score_recomputed, s.n_indicators_differing, s.jurisdiction from fct_selfeval_scores s "
        "inner join dim_documents d using (document_key) where d.file_name like '002%'",
    )
    assert tuple(float(x) if not isinstance(x, str) else x for x in row) == (
        98.3, 92.52, "优", "优", 9.83, 2, "national"
    )  # fmt: skip
    differing = query(
        built,
        "select indicator_name, indicator_type, score_stated, score_recomputed, line_start "
        "from fct_indicator_scores where differs_from_formula order by line_start",
    )
    assert [(n, t, float(a), float(b), line) for n, t, a, b, line in differing] == [
        ("完成执法检查企业数", "positive", 0.1, 0.19, 94),
        ("执法检查费用", "reverse", 0.4, 0.5, 105),
    ]
    assert {r for (r,) in query(built, "select rule_id from fct_target_flags where rule_id like '%formula'")} == {
        "score_differs_from_formula", "total_differs_from_formula"
    }  # fmt: skip


def test_a_stated_grade_is_held_to_the_grade_its_total_earns(built, review_built):
    """002 states 自评等级为“优” (line 143) for its 98.3: consistent. Of the review documents, the
    水源地保护经费 self-evaluation states 评价等级：良好 for a total of 100 (优 nationally): flagged; the
    供水管网改造项目 one states 优 for 100: not."""
    sql = (
        "select d.file_name, s.grade_stated_raw, s.grade_stated, s.grade_stated_line, "
        "s.grade_stated_differs_from_total from fct_selfeval_scores s inner join dim_documents d using (document_key) "
        "where s.grade_stated is not null order by 1"
    )
    assert query(built, sql) == [("002_bb8163d66f945702.txt", "优", "优", 143, False)]
    assert query(review_built, sql) == [
        ("lineage_selfeval_changed.txt", "优", "优", 18, False),
        ("lineage_selfeval_kept.txt", "良好", "良", 17, True),
    ]
    flags = (
        "select d.file_name, f.line_start from fct_target_flags f inner join dim_documents d using (document_key) "
        "where f.rule_id = 'grade_differs_from_total'"
    )
    assert query(built, flags) == []
    assert query(review_built, flags) == [("lineage_selfeval_kept.txt", 17)]


def test_a_self_evaluation_is_held_to_the_targets_it_published(review_built):
    """lineage_targets.txt publishes two projects of 测试市水务局 for 2024; their self-evaluations, by
    hand: 供水管网改造项目 lowers ≥12公里 to ≥10公里, leaves out 新装智能水表数量 (≥3000只) and adds
    开展管网巡检次数; its other targets are the same however written (=100% and 100%, 12月底前 and
    12月31日前, ≤800万元 and 不超过800万元, 有效提升 and 有效提升。, 用户满意度 and 用户满意度（%）).
    水源地保护经费 carries every target over, 水源地巡查次数 renamed 水源地巡查频次 (matched by
    similarity within 数量指标)."""
    rows = query(
        review_built,
        "select d.file_name, l.status, l.change, l.change_direction, l.name_match_method, "
        "coalesce(l.planned_indicator_name, '') || '→' || coalesce(l.evaluated_indicator_name, ''), "
        "l.table_match_method from fct_target_lineage l "
        "inner join dim_documents d on d.document_key = l.selfeval_document_key",
    )
    changed = "lineage_selfeval_changed.txt"
    kept = "lineage_selfeval_kept.txt"
    assert sorted(rows) == sorted([
        (changed, "changed", "value", "easier", "name", "改造供水管网长度→改造供水管网长度", "project_name"),
        (changed, "dropped", None, None, None, "新装智能水表数量→", "project_name"),
        (changed, "added", None, None, None, "→开展管网巡检次数", "project_name"),
        *[(changed, "kept", None, None, "name", f"{a}→{b}", "project_name") for a, b in [
            ("工程验收合格率", "工程验收合格率"), ("项目完成时间", "项目完成时间"), ("工程建设成本", "工程建设成本"),
            ("供水保障能力", "供水保障能力"), ("用户满意度", "用户满意度（%）")]],
        (kept, "kept", None, None, "similar_name", "水源地巡查次数→水源地巡查频次", "project_name"),
        *[(kept, "kept", None, None, "name", f"{n}→{n}", "project_name") for n in [
            "水质检测合格率", "巡查完成时间", "巡查经费", "水源地水质", "群众满意度"]],
    ])  # fmt: skip
    flags = query(
        review_built,
        "select f.rule_id, coalesce(t.indicator_name, ''), coalesce(t.target_raw, ''), d.file_name, f.message_zh "
        "from fct_target_flags f inner join dim_documents d using (document_key) "
        "left join fct_indicator_targets t using (indicator_target_key) where f.rule_id like 'target\\_%' escape '\\'",
    )
    assert sorted(f[:4] for f in flags) == [
        ("target_added", "开展管网巡检次数", "≥12次", changed),
        ("target_changed", "改造供水管网长度", "≥10公里", changed),
        ("target_dropped", "", "", changed),
    ]
    said = {f[0]: f[4] for f in flags}
    assert "≥12公里" in said["target_changed"] and "放宽" in said["target_changed"]
    assert "新装智能水表数量" in said["target_dropped"] and "≥3000只" in said["target_dropped"]
    # each names the target table it compares with: lineage_targets.txt, where 改造供水管网长度 ≥12公里
    # is lines 31–35, 新装智能水表数量 ≥3000只 lines 37–41, and 供水管网改造项目's table rows 31–71
    related = query(
        review_built,
        "select f.rule_id, r.file_name, f.related_line_start, f.related_line_end from fct_target_flags f "
        "inner join dim_documents r on r.document_key = f.related_document_key "
        "where f.rule_id like 'target\\_%' escape '\\'",
    )
    assert sorted(related) == [
        ("target_added", "lineage_targets.txt", 31, 71),
        ("target_changed", "lineage_targets.txt", 31, 35),
        ("target_dropped", "lineage_targets.txt", 37, 41),
    ]


def test_every_project_target_table_has_a_grade(built):
    """000's 增强天津世智会展有限公司资本实力（2024）, by hand: all six kinds of indicator are there
    (70 points), 3 of its 7 targets are numbers (100百分比 ×3; 1增资企业数量 is malformed) and 4 vague
    (the malformed one, 降低, 提升大会形象, 满意): 70 + 20 × 3/7 + 5 + 5 × 3/7 = 85.7, 良."""
    tables = query(built, "select count(*) from dim_projects p inner join dim_documents d using (document_key) "
                          "where d.doc_type = 'project_targets'")  # fmt: skip
    graded = query(built, "select count(*), count(grade) from rpt_target_table_grades where subject_type = 'project'")
    assert graded == [(tables[0][0], tables[0][0])] and tables[0][0] == 28
    (row,) = query(
        built,
        "select g.quality_score, g.grade, g.consequence_zh, g.cost_status, g.missing_zh "
        "from rpt_target_table_grades g inner join dim_projects p using (project_key) "
        "where p.project_name = '增强天津世智会展有限公司资本实力（2024）'",
    )
    assert row == (85.7, "良", "按审核意见完善后进入预算安排", "已填报", None)
    queue = query(built, "select count(target_grade) from rpt_review_queue where subject_type = 'project'")
    assert queue == [(28,)]


def test_incomplete_target_tables_grade_lower(review_built):
    """The review documents, by hand: 项目甲 has no 满意度 indicator and one blank target among six
    (60 + 20 × 5/6 + 5 + 5 × 5/6 = 85.8, 良); the peer documents' tables have a quantity and a cost
    target each and no 质量 or 时效 indicator (50 + 20 × 3/4 + 5 + 5 × 3/4 = 73.8, 中: revise and
    resubmit)."""
    rows = query(
        review_built,
        "select p.project_name, g.quality_score, g.grade, g.missing_zh from rpt_target_table_grades g "
        "inner join dim_projects p using (project_key) where p.project_name in ('项目甲', '教师培训')",
    )
    assert sorted(rows) == [
        ("教师培训", 73.8, "中", "质量指标、时效指标"),
        ("项目甲", 85.8, "良", "满意度指标"),
    ]


def test_satisfaction_reported_as_100_percent_on_nearly_every_row(built):
    rows = query(built, "select d.file_name, f.evidence from fct_target_flags f inner join dim_documents d "
                        "using (document_key) where f.rule_id = 'satisfaction_always_full'")  # fmt: skip
    assert rows == [("002_bb8163d66f945702.txt", '{"rows":11,"full":10}')]


def test_ordinary_targets_are_not_flagged(built):
    every_flag = query(built, "select t.indicator_name, t.target_raw, f.rule_id from fct_target_flags f "
                              "inner join fct_indicator_targets t using (indicator_target_key)")  # fmt: skip
    targets = {target for _, target, _ in every_flag}
    for ordinary in ("≥90%", "≥95%", "2024年底前", "2025年底前", "100%", "＝100%", "=100%"):
        assert ordinary not in targets, ordinary
    names = {name for name, _, _ in every_flag}
    # costs equal to (or within) their budget
    assert "拨付财政资金" not in names  # 000 table 1: ≤2076.7万元 against 2076.70
    assert "合理人员支出和项目支出总成本" not in names  # 001 goal 2: equals task 2's 2200.29
    # a cost cap lowered is stricter, not lax; 307.118 of ≤500万元 is 61%, not padded
    assert ("填谷补贴标准", "≤2元/千瓦时") not in flagged(built, "cap_raised")
    assert ("智能制造项目评审认定购买服务费用", "≤500万元") not in flagged(built, "padded_cost")
    # 203个 against ≥200个 is met, not lax
    assert ("支持智能制造项目数量", "≥200个") not in flagged(built, "lax_by_outcome")


def test_every_flag_explains_itself_with_its_source_lines(built):
    rows = query(built, "select message_zh, message_en, evidence, line_start, line_end, severity from fct_target_flags")
    assert rows
    for zh, en, evidence, start, end, severity in rows:
        assert zh.endswith("。") and en.endswith(".") and evidence.startswith("{")
        assert 1 <= start <= end and severity in (1, 2, 3)


def test_review_queue_ranks_every_project_and_department_document(built):
    rows = query(built, "select review_rank, subject_type, title, n_flags, risk_score from rpt_review_queue "
                        "order by review_rank")  # fmt: skip
    assert len(rows) == 28 + 2 and [r[0] for r in rows] == list(range(1, 31))
    scores = [r[4] for r in rows]
    assert scores == sorted(scores, reverse=True)
    titles = [r[2] for r in rows]
    # flagged projects come before unflagged ones; 2024年履职能力提升项目 (≥0次 twice, three capped outputs)
    # outranks 无线电技术设施建设-中央 (one cost above budget)
    assert titles.index("2024年履职能力提升项目") < titles.index("无线电技术设施建设-中央")
    unflagged = [i for i, r in enumerate(rows) if r[3] == 0]
    assert unflagged and min(unflagged) > max(i for i, r in enumerate(rows) if r[3] > 0)


# ---------------------------------------------------------------------------------------------
# the target review on the review documents
# ---------------------------------------------------------------------------------------------
def test_score_inflation_and_peer_outliers(review_built):
    assert flagged(review_built, "full_score_target_missed") == {("培训人次", "≥100人次")}
    assert flagged(review_built, "score_above_weight") == {("培训合格率", "≥95%")}
    assert flagged(review_built, "peer_low") == {("培训人次", "≥10人次")}  # 90–120 elsewhere stay unflagged


# ---------------------------------------------------------------------------------------------
# the rules as a registry: one seed row and one macro file each
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("seed", "folder", "prefix", "id_column"),
    [
        ("review_rules.csv", "review_rules", "review_rule__", "rule_id"),
        ("consistency_rules.csv", "consistency_rules", "consistency_rule__", "checked_as"),
    ],
)
def test_every_rule_of_a_seed_has_its_macro_file_and_every_macro_its_seed_row(seed, folder, prefix, id_column):
    import csv
    import re

    from conftest import ROOT

    with open(ROOT / "seeds" / seed, encoding="utf-8") as f:
        ids = {row[id_column] or row["rule_id"] for row in csv.DictReader(f)}
    files = {}
    for path in (ROOT / "macros" / folder).glob("*.sql"):
        defined = re.findall(r"{%-?\s*macro\s+(\w+)\s*\(", path.read_text(encoding="utf-8"))
        assert defined == [prefix + path.stem], f"{path.name} must define exactly the macro {prefix}{path.stem}"
        files[path.stem] = path
    assert set(files) == ids


def test_the_rules_produced_are_the_seeds(built, review_built):
    """Every flag and finding names a rule of its seed, and every consistency check of the seed
    has rows in rpt_consistency_checks on the samples and the review documents (each review rule
    is proven to flag by its own test; the synthetic corpus flags every injected rule)."""
    import csv

    from conftest import ROOT

    def seed(name: str) -> set[str]:
        with open(ROOT / "seeds" / name, encoding="utf-8") as f:
            return {row["rule_id"] for row in csv.DictReader(f)}

    flagged_rules = set()
    found_rules = set()
    for warehouse in (built, review_built):
        flagged_rules |= {r for (r,) in query(warehouse, "select distinct rule_id from fct_target_flags")}
        found_rules |= {r for (r,) in query(warehouse, "select distinct rule_id from fct_consistency_findings")}
    assert flagged_rules <= seed("review_rules.csv") and found_rules <= seed("consistency_rules.csv")
    checked = set()
    for warehouse in (built, review_built):
        checked |= {r for (r,) in query(warehouse, "select distinct rule_id from rpt_consistency_checks")}
    catalogue = query(built, "select coalesce(nullif(checked_as, ''), rule_id) from reference.consistency_rules")
    assert checked == {c for (c,) in catalogue}


def test_the_findings_source_documents_what_check_writes(built):
    """fct_consistency_findings is in dbt's lineage as source check: its documented columns are
    the columns `jixiao check` writes."""
    import yaml
    from conftest import ROOT

    (source,) = yaml.safe_load(
        (ROOT / "models" / "reports" / "consistency" / "_check__sources.yml").read_text(encoding="utf-8")
    )["sources"]
    (table,) = source["tables"]
    columns = query(
        built,
        "select column_name from information_schema.columns "
        "where table_name = 'fct_consistency_findings' order by ordinal_position",
    )
    written = [c for (c,) in columns]
    assert [c["name"] for c in table["columns"]] == written


@pytest.mark.parametrize(
    ("actual", "band"),
    [("已达成预期效果", "achieved"), ("部分达成并具有一定效果", "partly"), ("未达成且效果较差", "missed"),
     ("提高不明显", "missed"), ("没有达到预期", "missed"), ("无明显改善", "missed"), ("效果显著", "achieved")],
)  # fmt: skip
def test_qualitative_bands_read_negation(actual, band):
    """The seed's patterns, applied as the warehouse applies them (the first band by precedence
    whose pattern matches): a negated achievement word names the missed band."""
    import csv
    import re

    from conftest import ROOT

    with open(ROOT / "seeds" / "qualitative_bands.csv", encoding="utf-8") as f:
        bands = sorted(csv.DictReader(f), key=lambda b: int(b["precedence"]))
    assert next(b["band"] for b in bands if re.search(b["pattern"], actual)) == band


def test_self_evaluations_are_ranked_with_their_budget(review_built):
    """A project's self-evaluation states its budget as 全年预算数 in its execution block (800.00 and
    60.00 in the review documents): the queue weighs its flags by it."""
    rows = query(
        review_built,
        "select q.title, q.budget_wan from rpt_review_queue q inner join dim_documents d using (document_key) "
        "where d.doc_type = 'project_selfeval' order by 1",
    )
    assert [(title, float(budget)) for title, budget in rows] == [("供水管网改造项目", 800.0), ("水源地保护经费", 60.0)]
