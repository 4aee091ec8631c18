"""The build and the check on an ingested warehouse of millions of rows:
``python -m jixiao.bench_scale RAW.duckdb EXTRA_DIR [WORK_DIR]``.

Given a warehouse of raw tables (``jixiao ingest`` of a corpus from ``jixiao synth
--rows-per-doc``) and a folder of further documents (about 1% more), it times, each as the user
runs it (a ``jixiao`` process; peak resident memory of the process and its children, ``wait4``):

* DuckDB's own ``read_csv`` (CTAS) of the same indicator rows exported as CSV: the reference;
* ``jixiao build`` from the raw tables (full);
* ``jixiao ingest`` of the further documents, then ``jixiao build`` again (the rebuild after 1%);
* ``jixiao check`` on the rebuilt warehouse.

The warehouse given is copied into the work folder first; it is not changed. Figures are printed
as a Markdown table, ratios against the reference of the same run.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import duckdb

from .bench import JIXIAO, Step, _read_csv_reference, _run


def run(raw_db: Path, extra: Path, work: Path | None = None) -> str:
    work = work or Path(tempfile.mkdtemp(prefix="jixiao-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "scale.duckdb"
    shutil.copyfile(raw_db, db)
    read_csv_s, csv_mb, rows = _read_csv_reference(db, work)
    (work / "indicators.csv").unlink(missing_ok=True)
    with duckdb.connect(str(db), read_only=True) as con:
        docs = con.execute("select count(*) from raw.documents").fetchone()[0]
    steps: list[tuple[str, Step]] = [("jixiao build (full)", _run(JIXIAO, "build", "--db", str(db)))]
    steps.append(("jixiao ingest (1% more documents)", _run(JIXIAO, "ingest", "--db", str(db), str(extra))))
    steps.append(("jixiao build (after 1% more)", _run(JIXIAO, "build", "--db", str(db))))
    steps.append(("jixiao check", _run(JIXIAO, "check", "--db", str(db))))
    with duckdb.connect(str(db), read_only=True) as con:
        after = con.execute("select count(*) from raw.indicators").fetchone()[0]
        checks = con.execute("select count(*) from main.rpt_consistency_checks").fetchone()[0]
    lines = [
        f"{docs:,} documents, {rows:,} indicator rows ({after:,} after the 1% more); "
        f"{checks:,} rows of rpt_consistency_checks",
        "",
        "| step | wall time | peak RSS | × read_csv |",
        "|---|---|---|---|",
        f"| DuckDB read_csv (CTAS) of the indicator rows ({csv_mb:,.0f} MB CSV) | {read_csv_s:,.1f} s | | ×1 |",
    ]
    for name, step in steps:
        ok = "" if "failed" not in step.output else " (failed)"
        ratio = step.seconds / read_csv_s
        lines.append(f"| {name}{ok} | {step.seconds:,.1f} s | {step.peak_mb / 1024:,.2f} GB | ×{ratio:,.0f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(run(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else None))
