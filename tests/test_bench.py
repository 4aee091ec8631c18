"""jixiao bench runs end to end on a tiny corpus and reports every figure (not a timing test:
the figures themselves are not asserted)."""

from __future__ import annotations

import re

from conftest import JIXIAO, run


def test_bench_reports_every_step(tmp_path):
    out = tmp_path / "benchmarks.md"
    result = run(
        JIXIAO, "bench", "--sizes", "40", "--work", str(tmp_path / "work"), "--out", str(out), "--repeat", "2",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    for label in (
        "ingest, 1 process",
        "ingest, 1 process per core",
        "peak memory of the ingest process",
        "re-ingest, unchanged corpus",
        "DuckDB read_csv of the indicator rows",
        "jixiao build (dbt)",
        "jixiao check (GX)",
        "dashboard overview: p50 / p95",
        "dashboard review: p50 / p95",
    ):
        (line,) = [ln for ln in report.splitlines() if ln.startswith(f"| {label} |")]
        assert re.search(r"\d", line.split("|")[2]), line
    assert "(failed)" not in report
    (again,) = [ln for ln in report.splitlines() if ln.startswith("| re-ingest, unchanged corpus |")]
    assert re.search(r"stat of every file \d+\.\d\d s, ×\d", again), again
    # the PDF page rate of the bundled sample PDFs against pdfplumber's extract_tables
    assert "PDF page rate on 5 files, 47 pages" in report
    for label in ("pdfplumber extract_tables (baseline)", "jixiao PDF reader (pdf_rows)", "jixiao, reader + grammar"):
        (line,) = [ln for ln in report.splitlines() if ln.startswith(f"| {label} |")]
        assert re.search(r"\d pages/s \| ×\d+\.\d\d", line), line


VALUES = """select sum(hash(table_no, row_no, level1_raw, level2_raw, level3_raw, target_raw, actual_raw,
    line_start)::hugeint) from raw.indicators"""


def test_a_warehouse_multiplied_holds_its_documents_again_under_other_ids_and_agencies(built, tmp_path):
    """`bench_scale --copies 3`: every raw row three times, each copy of a document under its own
    id, sha256 and path, its agencies renamed; the values and texts as written."""
    import shutil

    import duckdb

    from jixiao.bench_scale import multiply

    db = tmp_path / "w.duckdb"
    shutil.copyfile(built.db, db)
    with duckdb.connect(str(db), read_only=True) as con:
        before = {t: con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in ("documents", "indicators",
                  "projects", "document_texts", "budget_execution")}  # fmt: skip
        agencies = con.execute("select count(distinct agency_raw) from raw.documents").fetchone()[0]
        values = con.execute(VALUES).fetchone()[0]
    multiply(db, 3)
    with duckdb.connect(str(db), read_only=True) as con:
        for table, n in before.items():
            assert con.execute(f"select count(*) from raw.{table}").fetchone()[0] == 3 * n, table
        ids = "select count(distinct document_id), count(distinct sha256), count(distinct file_path) from raw.documents"
        assert con.execute(ids).fetchone() == (3 * before["documents"],) * 3
        assert con.execute("select count(distinct agency_raw) from raw.documents").fetchone()[0] == 3 * agencies
        # the values as written: each row's fields thrice
        assert con.execute(VALUES).fetchone()[0] == 3 * values
        texts = con.execute("select count(distinct text), count(*) from raw.document_texts").fetchone()
        assert texts == (before["document_texts"], 3 * before["document_texts"])
