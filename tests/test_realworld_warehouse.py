"""The warehouse built on the development sets (real pages, real budget books) and on a fuzzed corpus.

A warehouse must build on whatever the readers produce: keys unique by construction, every raw
row in the marts, what is wrong in a source a finding rather than a failed build. On the real
documents the agencies, document types and fiscal years are held to the hand-checked list
``tests/fixtures/realworld/handchecked.tsv`` (each value read from the document's content).
"""

from __future__ import annotations

import csv
import random

import duckdb
import pytest
import yaml
from conftest import FIXTURES, JIXIAO, ROOT, SAMPLES, make_warehouse, run

REALWORLD = FIXTURES / "realworld"
RECONCILED = {
    # raw table -> (mart, key): every raw row is one mart row
    "documents": "dim_documents",
    "projects": "dim_projects",
    "indicators": "fct_indicator_targets",
}


def _handchecked() -> list[dict[str, str]]:
    with open(REALWORLD / "handchecked.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(scope="module")
def dev(tmp_path_factory):
    folder = tmp_path_factory.mktemp("devsets")
    pdfs = sorted(p for p in (REALWORLD / "pdf").iterdir() if p.suffix in {".pdf", ".html"})
    warehouse = make_warehouse(folder, REALWORLD / "documents", *pdfs)
    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        yield warehouse, con


def _reconciles(con) -> None:
    for raw, mart in RECONCILED.items():
        raw_rows = con.execute(f"select count(*) from raw.{raw}").fetchone()[0]
        mart_rows = con.execute(f"select count(*) from main.{mart}").fetchone()[0]
        assert raw_rows == mart_rows, f"raw.{raw} {raw_rows} rows, {mart} {mart_rows}"


def test_the_warehouse_builds_on_the_development_sets(dev):
    warehouse, con = dev
    assert warehouse.build.returncode == 0, warehouse.build.stdout + warehouse.build.stderr
    assert "build passed" in warehouse.build.stdout
    _reconciles(con)
    assert con.execute("select count(*) from raw.indicators").fetchone()[0] > 8000


def _by_file(con, sql: str) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in con.execute(sql).fetchall()}


def test_agencies_resolve_to_their_province(dev):
    _, con = dev
    got = _by_file(
        con,
        "select d.file_path, a.agency_name, a.province_name, a.region_name from dim_documents d "
        "join dim_agencies a using (agency_key)",
    )
    checked = [r for r in _handchecked() if r["province"] and r["agency_as_written"] != "-"]
    right, wrong = [], []
    for row in checked:
        path = next(p for p in got if p.endswith(row["file"]))
        (right if got[path][1] == row["province"] else wrong).append((row["file"], row["province"], got[path]))
    share = len(right) / len(checked)
    print(f"\nagencies resolved to the right province: {len(right)}/{len(checked)} ({share:.0%})")
    for miss in wrong:
        print("  miss:", *miss)
    assert share >= 0.9, wrong


def test_agencies_have_peers_of_their_admin_level(dev):
    _, con = dev
    # the peer rule compares one indicator (name and unit) across agencies of one admin level
    least = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]["peer_min_agencies"]
    agencies, with_peers = con.execute(
        """
        with targets as (
            select t.agency_key, t.indicator_key, t.unit, t.indicator_name, a.admin_level
            from fct_indicator_targets t join dim_agencies a using (agency_key)
            where t.operator in ('>=', '>') and t.value_number is not null
        ),
        groups as (
            select indicator_key, unit, indicator_name, admin_level
            from targets where admin_level is not null
            group by all having count(distinct agency_key) >= ?
        )
        select
            (select count(distinct agency_key) from targets),
            (select count(distinct agency_key) from targets
             join groups using (indicator_key, unit, indicator_name, admin_level))
        """,
        [least],
    ).fetchone()
    print(f"\nagencies with targets: {agencies}; in a peer group of at least {least} agencies: {with_peers}")
    assert with_peers >= 10


def test_every_self_evaluation_is_typed_as_one(dev):
    _, con = dev
    got = _by_file(con, "select file_path, doc_type from dim_documents")
    for row in _handchecked():
        path = next(p for p in got if p.endswith(row["file"]))
        if row["doc_type"].endswith("_selfeval"):
            assert (got[path][0] or "").endswith("_selfeval"), (row["file"], got[path])
        elif row["doc_type"].endswith("_targets"):
            assert not (got[path][0] or "").endswith("_selfeval"), (row["file"], got[path])


def test_every_fiscal_year_is_the_one_the_content_states(dev):
    _, con = dev
    got = _by_file(con, "select file_path, fiscal_year, status from dim_documents")
    for row in _handchecked():
        path = next(p for p in got if p.endswith(row["file"]))
        year, _ = got[path]
        expected = int(row["fiscal_year"]) if row["fiscal_year"] else None
        assert year == expected, (row["file"], row["evidence"], year)


def _fuzzed(text: str, rng: random.Random) -> str:
    """A sample with rows missing, repeated, swapped or cut, and names emptied."""
    out: list[str] = []
    for line in text.splitlines():
        roll = rng.random()
        if roll < 0.06:
            continue  # a row lost
        if roll < 0.12:
            out.append(line)  # a row repeated
        if roll > 0.97 and out:
            out[-1], line = line, out[-1]  # two rows swapped
        if 0.95 < roll <= 0.97:
            line = line[: len(line) // 2]  # a row cut
        if rng.random() < 0.3 and any(w in line for w in ("部门", "单位", "项目名称")):
            line = line.split(":")[0].split("：")[0].split("|")[0]  # the name emptied
        out.append(line)
    return "\n".join(out) + "\n"


def test_the_warehouse_builds_on_a_fuzzed_corpus(tmp_path):
    folder = tmp_path / "fuzzed"
    folder.mkdir()
    rng = random.Random(20261201)
    for sample in sorted(SAMPLES.glob("*.txt")):
        text = sample.read_text(encoding="utf-8")
        for variant in range(4):
            (folder / f"{sample.stem}_{variant}.txt").write_text(_fuzzed(text, rng), encoding="utf-8")
    warehouse = make_warehouse(tmp_path, folder)
    assert warehouse.build.returncode == 0, warehouse.build.stdout + warehouse.build.stderr
    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        _reconciles(con)
        # the fuzzing lost rows and names, not documents: every variant is read
        assert con.execute("select count(*) from dim_documents where status <> 'rejected'").fetchone()[0] >= 15


def test_a_file_name_that_says_another_year_is_noted_and_the_content_wins(tmp_path):
    sample = sorted(SAMPLES.glob("*.txt"))[0]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / f"budget_2019_{sample.name}").write_bytes(sample.read_bytes())
    db = tmp_path / "w.duckdb"
    ingest = run(JIXIAO, "ingest", str(tmp_path / "docs"), "--db", str(db))
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        docs = con.execute("select file_name, fiscal_year, fiscal_year_source from raw.documents").fetchall()
        notes = con.execute(
            "select d.file_name, i.message from raw.parse_issues i join raw.documents d using (document_id) "
            "where i.message like 'the file name says%'"
        ).fetchall()
    ((name, year, source),) = docs
    assert name == f"budget_2019_{sample.name}" and year not in (None, "2019")
    assert notes == [
        (
            f"budget_2019_{sample.name}",
            f"the file name says 2019, the content {year} ({source}): the content's year is kept",
        )
    ]
