"""The README's example queries: `jixiao sql` answers each of them on the warehouse of the samples
(or, where the query says so, of the review test documents)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import JIXIAO, ROOT, run

QUERIES = re.findall(r"```sql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)


def answer(built, query: str) -> list[dict]:
    assert built.build.returncode == 0, built.build.stdout + built.build.stderr
    result = run(JIXIAO, "sql", query, "--db", str(built.db), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def the_query(marker: str) -> str:
    """The README query that contains ``marker`` (queries are found by content, not position)."""
    (query,) = [q for q in QUERIES if marker in q]
    return query


def test_readme_has_the_analyst_queries():
    assert len(QUERIES) >= 10  # three analyst queries, three for the review, four on the raw tables


@pytest.mark.parametrize("query", QUERIES, ids=[f"query{i}" for i in range(len(QUERIES))])
def test_jixiao_sql_answers_the_readme_query(built, review_built, query):
    assert answer(review_built if "tests/fixtures/review" in query else built, query)


def test_lineage_query_lists_what_a_self_evaluation_changed(review_built):
    rows = answer(review_built, the_query("from fct_target_lineage"))
    assert [(r["status"], r["planned_indicator_name"]) for r in rows] == [
        ("changed", "改造供水管网长度"), ("added", None), ("dropped", "新装智能水表数量"),
    ]  # fmt: skip


def test_agency_over_years_shows_the_lowered_car_subsidy_target(built):
    rows = answer(built, the_query("where a.agency_name = '天津市工业和信息化局'"))
    assert {
        "indicator_name": "补贴汽车数量",
        "fiscal_year": 2025,
        "target_raw": "≥5000辆",
        "previous_fiscal_year": 2024,
        "previous_target_raw": "≥7000辆",
        "target_change_direction": "lowered",
        "actual_raw": None,
    } in rows


def test_cost_per_unit_is_budget_over_output(built):
    """000 table 14: 新能源汽车推广应用补贴, 2000.00 万元 for ≤23家 补贴企业数量 -> 869565.22 元 a company."""
    rows = answer(built, the_query("yuan_per_unit"))
    match = [r for r in rows if r["project_name"] == "新能源汽车推广应用补贴" and r["indicator_name"] == "补贴企业数量"]
    assert match and match[0]["yuan_per_unit"] == 869565.22


def test_raw_cost_query_finds_the_cost_cap_above_the_budget(built):
    """000 table 10: 系统建设费用 ≤95万元 against a budget of 49.00 (golden COUNTS.md)."""
    rows = answer(built, the_query("where i.level2_raw like '成本%'"))
    assert any(r["project_name"] == "无线电技术设施建设-中央" and r["target_raw"] == "≤95万元" for r in rows)


def test_review_queue_query_puts_a_flagged_project_first(built):
    rows = answer(built, the_query("from rpt_review_queue"))
    assert rows[0]["review_rank"] == 1 and rows[0]["n_flags"] > 0
