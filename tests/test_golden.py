"""The five bundled samples against the hand-checked golden answers (tests/golden/), read from
their text and from each published format (tests/fixtures/formats/, built from the text by
scripts/build_fixtures.py). Line numbers are checked on the text, where the golden answers name them."""

from __future__ import annotations

from collections import Counter

from golden_compare import (
    golden,
    golden_indicator_tuples,
    golden_project_tuples,
    indicator_tuples,
    norm,
    project_tuples,
)

D001 = "001_425eedf82afd7a44.txt"
D002 = "002_bb8163d66f945702.txt"


def _report(name: str, got: list, expected: list) -> None:
    matched = sum((Counter(got) & Counter(expected)).values())
    print(f"\n{name}: {matched}/{len(expected)} golden rows matched exactly, {len(got)} rows extracted")


def test_every_indicator_row_matches_golden(sample_docs):
    got, expected = indicator_tuples(sample_docs), golden_indicator_tuples()
    _report("indicators", got, expected)
    assert len(expected) == 451
    # Same rows in the same document order.
    assert got == expected


def test_every_project_matches_golden(sample_docs):
    got, expected = project_tuples(sample_docs), golden_project_tuples()
    _report("projects", got, expected)
    assert len(expected) == 28
    assert got == expected


def test_indicator_rows_point_at_their_source_line(text_docs):
    """Each row's line span starts at the line the golden answer names (indicators_srclines.csv)."""
    expected = [(r["doc"], r["table_no"], r["src_line"], r["level3"]) for r in golden("indicators_srclines.csv")]
    got = [
        (name, str(i.table_no), str(i.line_start), i.level3_raw)
        for name, doc in text_docs.items()
        for i in doc.indicators
    ]
    assert got == expected


def test_department_tasks_of_001(sample_docs):
    got = [
        tuple(norm(v) for v in (t.task_no, t.task_text, t.total_raw, t.basic_raw, t.project_raw, t.other_raw))
        for t in sample_docs[D001].tasks
    ]
    expected = [
        tuple(r[c] for c in ("task_no", "task_text", "total_wan", "basic_wan", "project_wan", "other_wan"))
        for r in golden("dept_tasks.csv")
    ]
    assert sorted(got) == sorted(expected)


def test_department_goals_of_001(sample_docs):
    got = [(g.goal_no, g.goal_text, g.task_no_raw) for g in sample_docs[D001].goals]
    expected = [(r["goal_no"], r["goal_text"], r["task_no"]) for r in golden("dept_goals.csv")]
    assert got == expected


def test_selfeval_goals_of_002_with_the_page_break_repeat_counted_once(sample_docs):
    got = [(g.goal_no, g.goal_text, g.actual_text) for g in sample_docs[D002].goals]
    expected = [(r["goal_no"], r["goal_text"], r["actual_text"]) for r in golden("selfeval_goals.csv")]
    assert got == expected


def test_selfeval_budget_block_of_002(sample_docs):
    (b,) = sample_docs[D002].budget_execution
    (expected,) = golden("selfeval_summary.csv")
    got = {
        "budget_initial_wan": b.budget_initial_raw,
        "budget_full_year_wan": b.budget_full_year_raw,
        "executed_wan": b.executed_raw,
        "weight": b.weight_raw,
        "score": b.score_raw,
        "execution_rate_raw": b.execution_rate_raw,
        "total_weight": b.total_weight_raw,
        "total_score": b.total_score_raw,
    }
    assert got == expected


TEXT_LAYOUTS = {
    "000_4fbf0d365526adfd.txt": "tab_cells",
    D001: "pdf_text",
    D002: "tab_rows",
    "003_41cfe48671f53d05.txt": "tab_cells",
    "004_da50d391190e3ba7.txt": "tab_cells",
}
FORMAT_LAYOUT = {"docx": "docx", "xlsx": "xlsx", "pdf": "pdf", "html": "html_tables"}


def test_document_metadata(sample_docs, request):
    extension = request.node.callspec.params["sample_docs"]
    meta = {name: (d.layout, d.doc_type, d.fiscal_year, d.status) for name, d in sample_docs.items()}
    assert meta == {
        name: (FORMAT_LAYOUT.get(extension, layout), doc_type, year, "parsed")
        for (name, layout), (doc_type, year) in zip(
            TEXT_LAYOUTS.items(),
            [
                ("project_targets", "2024"),
                ("department_targets", "2025"),
                ("department_selfeval", "2022"),
                ("project_targets", "2024"),
                ("project_targets", "2024"),
            ],
            strict=True,
        )
    }
    assert sample_docs[D001].agency_raw == "天津市工业和信息化局"
    assert sample_docs[D002].agency_raw == "天津市工业和信息化局"


def test_003_part_one_goals_written_as_prose(sample_docs):
    """Part 1 of 003 has no table: five overall goals (一.–五.) and five itemised goals ((一)–(五)),
    each itemised goal with its 绩效指标 sentence (checked by hand against lines 4–22)."""
    goals = sample_docs["003_41cfe48671f53d05.txt"].goals
    overall = [g for g in goals if g.goal_group == "overall"]
    itemised = [g for g in goals if g.goal_group == "itemised"]
    assert [g.goal_no for g in overall] == ["一", "二", "三", "四", "五"]
    assert [g.goal_no for g in itemised] == ["一", "二", "三", "四", "五"]
    assert overall[4].goal_text.startswith("强化调度，确保工业经济运行平稳。规模工业增加值同比增长5%")
    assert itemised[4].goal_text == "绩效目标：开展医药储备工作绩效目标\n绩效指标：切实完成医药储备任务。"


def test_003_prose_goals_point_at_their_lines(text_docs):
    goals = text_docs["003_41cfe48671f53d05.txt"].goals
    overall = [g for g in goals if g.goal_group == "overall"]
    itemised = [g for g in goals if g.goal_group == "itemised"]
    assert (overall[0].line_start, overall[4].line_start) == (6, 10)
    assert (itemised[4].line_start, itemised[4].line_end) == (21, 22)
