"""Value interpretation (jixiao.values): every form the domain documents, checked by hand."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from conftest import TESTS
from hypothesis import given
from hypothesis import strategies as st

from jixiao.values import KINDS, interpret, interpret_actual, is_met

D = date


@pytest.mark.parametrize(
    ("raw", "operator", "number", "unit", "kind"),
    [
        ("≥60个", ">=", 60, "个", "count"),
        ("≤2076.7万元", "<=", 2076.7, "万元", "money"),
        ("<20次", "<", 20, "次", "count"),
        ("＝100%", "=", 100, "%", "percent"),
        ("＞80％", ">", 80, "%", "percent"),
        ("≥98百分比", ">=", 98, "%", "percent"),
        ("≤2元/千瓦时", "<=", 2, "元/千瓦时", "rate"),
        ("≤500元/人天", "<=", 500, "元/人天", "rate"),
        ("780元/生/年", None, 780, "元/生/年", "rate"),
        ("≥60亿元", ">=", 600000, "万元", "money"),
        ("30.36亿元", None, 303600, "万元", "money"),
        ("307.118万", None, 307.118, "万元", "money"),
        ("2.7万元", None, 2.7, "万元", "money"),
        ("≤8500元", "<=", 0.85, "万元", "money"),
        ("≥5倍", ">=", 5, "倍", "rate"),
        ("100%", None, 100, "%", "percent"),
        ("1200万元", None, 1200, "万元", "money"),
        ("6间", None, 6, "间", "count"),
        ("3家", None, 3, "家", "count"),
        ("≥92", ">=", 92, None, "count"),
        ("≥１２０公里", ">=", 120, "公里", "count"),
        ("≤2‰", "<=", 0.2, "%", "percent"),
        ("<=6962人", "<=", 6962, "人", "count"),
        ("≥80M", ">=", 80, "M", "count"),
        ("≥12亩", ">=", 12, "亩", "count"),
        ("一批", None, 1, "批", "count"),
        ("三家", None, 3, "家", "count"),
        ("十二个", None, 12, "个", "count"),
        ("不少于10次", ">=", 10, "次", "count"),
        ("不超过30万元", "<=", 30, "万元", "money"),
        ("100人以上", ">=", 100, "人", "count"),
        ("5天以内", "<=", 5, "天", "duration"),
        ("每季度不少于1家", ">=", 1, "家", "count"),
        ("≤48小时", "<=", 48, "小时", "duration"),
        ("≥50万千瓦", ">=", 500000, "千瓦", "count"),
        ("≧735人次", ">=", 735, "人次", "count"),
        ("1增资企业数量", None, 1, "增资企业数量", "malformed"),
    ],
)
def test_numbers_operators_and_units(raw, operator, number, unit, kind):
    v = interpret(raw, 2024)
    assert (v.operator, v.value_number, v.unit, v.value_kind) == (operator, pytest.approx(number), unit, kind)


@pytest.mark.parametrize(
    ("raw", "fiscal_year", "deadline"),
    [
        ("2024年底前", None, D(2024, 12, 31)),
        ("2024年12月底前", None, D(2024, 12, 31)),
        ("2025年9月底前", None, D(2025, 9, 30)),
        ("2024年上半年", None, D(2024, 6, 30)),
        ("2024年下半年", None, D(2024, 12, 31)),
        ("2025年全年", None, D(2025, 12, 31)),
        ("2025年12月31日前", None, D(2025, 12, 31)),
        ("2024年12月", None, D(2024, 12, 31)),
        ("2023年2月底前", None, D(2023, 2, 28)),
        ("租住到2029年12月", None, D(2029, 12, 31)),
        ("12月31日之前", 2024, D(2024, 12, 31)),
        ("12月底之前", 2023, D(2023, 12, 31)),
        ("本年内", 2024, D(2024, 12, 31)),
        ("本年内", None, None),
        ("每月8日前", 2024, None),
    ],
)
def test_deadlines(raw, fiscal_year, deadline):
    v = interpret(raw, fiscal_year)
    assert (v.value_kind, v.deadline_date) == ("deadline", deadline)


@pytest.mark.parametrize(
    ("raw", "direction"),
    [
        ("提升", "increase"),
        ("较上年提高", "increase"),
        ("稳定增长", "increase"),
        ("持续提升", "increase"),
        ("有效降低", "decrease"),
        ("减少", "decrease"),
        ("保持全国领先水平", "maintain"),
        ("持续完善", "maintain"),
        ("满意", None),
        ("无投诉", None),
        ("政府采购率100%，审批的质量和效率有效提高", "increase"),
    ],
)
def test_qualitative_values_and_their_direction(raw, direction):
    v = interpret(raw, 2024)
    assert (v.value_kind, v.value_number, v.direction) == ("qualitative", None, direction)


@pytest.mark.parametrize("raw", ["", "-", "  ", "—", None])
def test_blank_values(raw):
    assert interpret(raw).value_kind == "blank"


@pytest.mark.parametrize(
    ("actual", "target", "number", "unit", "kind", "met"),
    [
        ("1", "≥90%", 100, "%", "percent", True),
        ("0.95", "≥95%", 95, "%", "percent", True),
        ("0.9", "≥95%", 90, "%", "percent", False),
        ("98", "≥95%", 98, "%", "percent", True),
        ("10", "≤180万元", 10, "万元", "money", True),
        ("113", "≥100个", 113, "个", "count", True),
        ("174家", "≥450家", 174, "家", "count", False),
        ("307.118万", "≤500万元", 307.118, "万元", "money", True),
        ("30.36亿元", "≥30亿元", 303600, "万元", "money", True),
        ("=100%", "=100%", 100, "%", "percent", True),
    ],
)
def test_self_evaluation_actuals(actual, target, number, unit, kind, met):
    v = interpret_actual(actual, target, 2022)
    assert (v.value_number, v.unit, v.value_kind) == (pytest.approx(number), unit, kind)
    assert is_met(interpret(target, 2022), v) is met


def test_actual_dates_are_compared_with_deadlines():
    done = interpret_actual("2022年6月前已完成", "2022年12月底前", 2022)
    assert (done.value_kind, done.deadline_date) == ("deadline", D(2022, 6, 30))
    assert is_met(interpret("2022年12月底前"), done) is True
    late = interpret_actual("2023年3月", "2022年12月底前", 2022)
    assert is_met(interpret("2022年12月底前"), late) is False


def test_incomparable_values_are_not_judged():
    assert is_met(interpret("提升"), interpret_actual("有效提升", "提升")) is None
    assert is_met(interpret("≥5个"), interpret_actual("5次", "≥5个")) is None


def test_every_golden_target_and_actual_gets_a_kind():
    with open(TESTS / "golden" / "indicators.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    targets = [interpret(r["target_raw"], 2024).value_kind for r in rows]
    actuals = [interpret_actual(r["actual_raw"], r["target_raw"], 2022).value_kind for r in rows if r["actual_raw"]]
    assert len(targets) == 451 and len(actuals) == 103
    assert set(targets) <= set(KINDS) - {"blank"}
    assert set(actuals) <= set(KINDS) - {"blank", "malformed"}
    assert targets.count("malformed") == 1  # 1增资企业数量 (000 table 16)


@given(st.text(max_size=40), st.one_of(st.none(), st.integers(2000, 2030)))
def test_any_text_gets_a_kind_and_never_raises(raw, year):
    assert interpret(raw, year).value_kind in KINDS
    assert interpret_actual(raw, raw, year).value_kind in KINDS


def _sql_is_met(pairs: list[tuple[str | None, str | None, int | None]]) -> list[bool | None]:
    """The warehouse's is_met (macro is_met over jixiao_value and jixiao_actual, as
    int_indicator_values_interpreted uses them), rendered from the macro file."""
    import duckdb
    import jinja2

    from jixiao import dbt_plugin

    source = (TESTS.parent / "macros" / "is_met.sql").read_text(encoding="utf-8")
    judged = jinja2.Environment().from_string(source).module.is_met("t", "a")
    con = duckdb.connect()
    dbt_plugin.register(con)
    con.execute("create table pairs (n integer, target varchar, actual varchar, fiscal_year integer)")
    con.executemany("insert into pairs values (?, ?, ?, ?)", [(n, *p) for n, p in enumerate(pairs)])
    rows = con.execute(
        f"""select n, {judged} from (
            select n, jixiao_value(target, fiscal_year) as t, jixiao_actual(actual, target, fiscal_year) as a
            from pairs
        ) order by n"""
    ).fetchall()
    return [met for _, met in rows]


def test_the_warehouse_judges_met_as_the_python_rule_does():
    """Every operator, default floors and ceilings, units that differ, dates, words, blanks and
    nulls: the SQL over the interpreted values agrees with jixiao.values.is_met on each pair."""
    targets = ["≥95%", "≤180万元", "=100%", ">80%", "<20次", "100个", "500万元", "3天", "2022年12月底前",
               "12月底前", "提升", "≥5个", "--", None, "≥2元/千瓦时", "98", "0"]  # fmt: skip
    actuals = ["0.95", "96%", "95%", "100%", "180万元", "181", "20次", "19次", "100个", "99个", "2天", "4天",
               "2022年6月前已完成", "2023年3月", "2022年12月", "有效提升", "5次", "5个", "", None, "3元/千瓦时",
               "1", "0"]  # fmt: skip
    pairs = [(t, a, y) for t in targets for a in actuals for y in (2022, None)]
    expected = [is_met(interpret(t, y), interpret_actual(a, t, y)) if a is not None else None for t, a, y in pairs]
    assert {True, False, None} <= set(expected)  # the pairs exercise every verdict
    assert _sql_is_met(pairs) == expected
