"""Documents written for the tests, one per column scheme and per way a table is flattened
(tests/fixtures/schemes/*.txt), against the rows each holds, written down by hand beside it
(*.csv, ``extra`` lines joined with ``|``). Each exercises a mechanism a real page of the
development set needs, with other content: adding a case is adding a pair of files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import FIXTURES

from ingest import parse_bytes

SCHEMES = FIXTURES / "schemes"
CASES = sorted(SCHEMES.glob("*.txt"))
FIELDS = ("table_no", "level1", "level2", "level3", "target", "actual", "weight", "score", "extra")


def _expected(path: Path) -> list[tuple[str, ...]]:
    with open(path.with_suffix(".csv"), encoding="utf-8", newline="") as fh:
        return [tuple(r[f].replace("|", "\n") for f in FIELDS) for r in csv.DictReader(fh)]


def _read(doc) -> list[tuple[str, ...]]:
    return [
        tuple(
            v or ""
            for v in (
                str(i.table_no),
                i.level1_raw,
                i.level2_raw,
                i.level3_raw,
                i.target_raw,
                i.actual_raw,
                i.weight_raw,
                i.score_raw,
                i.extra_raw,
            )
        )
        for i in doc.indicators
    ]


def test_every_case_has_its_answers():
    assert len(CASES) >= 12
    for path in CASES:
        assert path.with_suffix(".csv").exists(), path.name


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_the_document_reads_as_written_down(path):
    doc = parse_bytes(path.read_bytes())[1]
    assert doc.status == "parsed", f"{doc.status}: {doc.status_reason}"
    assert _read(doc) == _expected(path)


def _doc(name: str):
    return parse_bytes((SCHEMES / name).read_bytes())[1]


def test_amounts_in_yuan_keep_their_unit():
    (project,) = _doc("yuan_amounts.txt").projects
    assert (project.budget_total_raw, project.fiscal_raw, project.other_raw) == (
        "1,250,000.00",
        "1,000,000.00",
        "250,000.00",
    )
    assert project.amount_unit_raw == "元"


def test_a_table_listing_several_projects_opens_each():
    doc = _doc("listed_projects.txt")
    assert [(p.table_no, p.project_name, p.budget_total_raw, p.goal_text) for p in doc.projects] == [
        (1, "社区养老服务补贴", "86.50", "为辖区高龄老人发放服务补贴"),
        (2, "老旧小区加装电梯", "120.00", "完成既有住宅加装电梯"),
    ]
    assert {p.amount_unit_raw for p in doc.projects} == {"万元"}  # 单位:万元 above the table


def test_prose_rows_are_marked_as_read_from_prose():
    doc = _doc("prose_indicators.txt")
    assert {i.placement_confidence for i in doc.indicators} == {0.8}


def test_a_self_evaluation_keeps_its_budget_block_and_total():
    (budget,) = _doc("selfeval_weight_first.txt").budget_execution
    assert (budget.budget_full_year_raw, budget.executed_raw, budget.execution_rate_raw) == ("150", "148.5", "99%")
    assert (budget.total_weight_raw, budget.total_score_raw) == ("100", "94.9")
    deviation = [i.deviation_reason_raw for i in _doc("selfeval_weight_first.txt").indicators]
    assert deviation[2] == "供货延迟一个月"
