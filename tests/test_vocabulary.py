"""One vocabulary for the readers and the warehouse: the dbt seeds are read by both, and every
seed word is accepted by the reader as what the seed says it is."""

from __future__ import annotations

import duckdb
import pytest

from ingest import align, vocab
from ingest.scheme import scheme_of
from ingest.seeds import read_seed
from jixiao import dbt_plugin

LEVEL1 = read_seed("indicator_level1_labels.csv")
LEVEL2 = read_seed("indicator_level2_labels.csv")


@pytest.mark.parametrize("row", LEVEL1, ids=[r["label_core"] for r in LEVEL1])
def test_every_level1_seed_word_is_a_level1_label(row):
    for written in (row["label_core"], row["label_core"] + "指标", row["level1_name_zh"]):
        found = vocab.label(written)
        assert found is not None and found.exact, written
        assert found.core in {r["label_core"] for r in LEVEL1 if r["level1_code"] == row["level1_code"]}


@pytest.mark.parametrize("row", LEVEL2, ids=[r["label_core"] for r in LEVEL2])
def test_every_level2_seed_word_is_a_level2_label(row):
    for written in (row["label_core"], row["label_core"] + "指标", row["level2_name_zh"]):
        found = vocab.label(written)
        assert found is not None and 2 in found.levels and found.exact, written
        codes = {r["level2_code"] for r in LEVEL2 if r["label_core"] == found.core}
        assert row["level2_code"] in codes or found.core != row["label_core"]


@pytest.mark.parametrize(
    ("written", "core", "level", "points"),
    [
        ("产出数量指标", "数量", 2, None),
        ("服务对象满意度指标等", "服务对象满意度", 2, None),
        ("社会公众或服务对象满意度指标", "社会公众或服务对象满意度", 2, None),
        ("产出值", "产出", 1, None),
        ("数量值", "数量", 2, None),
        ("效益值", "效益", 1, None),
        ("经济效益 指标", "经济效益", 2, None),
        ("产出指标(50分)", "产出", 1, "50"),
        ("效益指 标(30 分)", "效益", 1, "30"),
        ("成本指标(0-20)分", "成本", 1, "0-20"),
        ("数量指标 (必填硬性指标)", "数量", 2, None),
        ("时效指标(工期指标)", "时效", 2, None),
        ("一、产出指标", "产出", 1, None),
        ("(一)数量指标", "数量", 2, None),
        ("经济成本指标", "经济成本", 2, None),
        ("生态环境成本指标", "生态环境成本", 2, None),
        ("项目效益指标", "效益", 1, None),
        ("產(chǎn)出指標(biāo)", "产出", 1, None),
    ],
)
def test_labels_are_matched_by_meaning(written, core, level, points):
    found = vocab.label(written)
    assert found is not None and found.exact
    assert (found.core, level in found.levels, found.points) == (core, True, points)


def test_a_list_of_labels_run_together_matches_loosely_and_a_name_does_not():
    loose = vocab.label("社会、经济、生态效益 指标")
    assert loose is not None and not loose.exact and 2 in loose.levels
    assert vocab.label("补助资金成本") is None  # an indicator that ends in a core is no label
    assert vocab.label("满意度95%以上") is None


def test_comparison_words_and_units_of_the_seeds_have_their_shape():
    for row in read_seed("comparison_words.csv"):
        if row["position"] == "prefix":
            assert align.shape(row["word"]).comparator, row["word"]
            assert align.shape(row["word"] + "95%").valueish, row["word"]
    for row in read_seed("units.csv"):
        assert align.shape(row["unit_raw"]).unit, row["unit_raw"]


@pytest.mark.parametrize(
    ("header", "fields"),
    [
        ("一级指标|二级指标|三级指标|指标值", ["level1", "level2", "level3", "target"]),
        ("绩效指标|指标|指标权重|计量单位|指标性质|指标值", ["goal", "level3", "weight", "unit", "op", "target"]),
        ("指标名称|计量单位|指标性质|指标值|权重|是否核心指标", ["level3", "unit", "op", "target", "weight", "extra"]),
        (
            "一级指标|二级指标|三级指标|绩效指标性质|本年绩效指标值|绩效度量单位",
            ["level1", "level2", "level3", "op", "target", "unit"],
        ),
        ("一级指标|二级指标|指标内容|指标值", ["level1", "level2", "level3", "target"]),
        (
            "一级指标|二级指标|三级指标|年初目标值(A|实际完成值(B|分值|得分",
            ["level1", "level2", "level3", "target", "actual", "weight", "score"],
        ),
        (
            "一级指标|二级指标(长期)|三级指标(长期)|指标值(长期)|二级指标(年度)|三级指标(年度)|指标值(年度)",
            ["level1", "extra", "extra", "extra", "level2", "level3", "target"],
        ),
        (
            "一级指标|二级指标|三级指标|指标性质|指标方向|年度指标值|实际完成值|计量单位",
            ["level1", "level2", "level3", "extra", "op", "target", "actual", "unit"],
        ),
        (
            "序号|项目名称|当年财政拨款预算金额|当年绩效目标|指标名称|指标性质|指标值|计量单位|指标权重(%)",
            ["seq", "project_name", "project_budget", "project_goal", "level3", "op", "target", "unit", "weight"],
        ),
        ("绩|一级|二级指标|三级指标|指标值", ["goal", "level1", "level2", "level3", "target"]),
    ],
)
def test_column_schemes_in_the_wild(header, fields):
    scheme = scheme_of(header.split("|"))
    assert scheme is not None
    assert [c.field for c in scheme.columns] == fields


def test_a_header_of_project_labels_is_no_indicator_header():
    assert scheme_of(["项目名称", "金额"]) is None
    assert scheme_of(["年度总体目标", "预期目标", "实际完成情况"]) is None


def test_the_warehouse_classifies_labels_with_the_readers_vocabulary():
    """jixiao_label (registered for dbt) is ingest.vocab.label: one vocabulary, no copy in SQL."""
    words = [r["label_core"] + "指标" for r in LEVEL1 + LEVEL2] + ["产出数量指标", "服务对象满意度指标等", "无关文字"]
    con = duckdb.connect()
    dbt_plugin.register(con)
    got = dict(con.execute("select w, jixiao_label(w).core from (select unnest(?) as w)", [words]).fetchall())
    for word in words:
        found = vocab.label(word)
        assert got[word] == (found.core if found else None), word
