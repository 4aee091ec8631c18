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
