"""The README's example queries run against the warehouse built from the samples."""

from __future__ import annotations

import re

import duckdb
import pytest
from conftest import ROOT, SAMPLES

from ingest import load, pipeline

QUERIES = re.findall(r"```sql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    db = tmp_path_factory.mktemp("readme") / "w.duckdb"
    with load.connect(db) as con:
        pipeline.ingest(con, [SAMPLES])
    return db


def test_readme_has_example_queries():
    assert len(QUERIES) >= 3


@pytest.mark.parametrize("query", QUERIES, ids=[f"query{i}" for i in range(len(QUERIES))])
def test_readme_query_runs_and_returns_rows(warehouse, query):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(query).fetchall()
    assert rows


def test_cost_query_finds_the_cost_cap_above_the_budget(warehouse):
    """000 table 10: 系统建设费用 ≤95万元 against a budget of 49.00 (golden COUNTS.md)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(QUERIES[1]).fetchall()
    assert ("000_4fbf0d365526adfd.txt", "无线电技术设施建设-中央", "49.00", "系统建设费用", "≤95万元") in [
        r[:5] for r in rows
    ]
