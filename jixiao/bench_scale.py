"""The build and the check on an ingested warehouse of millions of rows:
``python -m jixiao.bench_scale RAW.duckdb EXTRA_DIR [WORK_DIR] [--copies N]``.

Given a warehouse of raw tables (``jixiao ingest`` of a corpus from ``jixiao synth
--rows-per-doc``) and a folder of further documents (about 1% more), it times, each as the user
runs it (a ``jixiao`` process; peak resident memory of the process and its children, ``wait4``):

* DuckDB's own ``read_csv`` (CTAS) of the same indicator rows exported as CSV: the reference;
* ``jixiao build`` from the raw tables (full);
* ``jixiao ingest`` of the further documents, then ``jixiao build`` again (the rebuild after 1%);
* ``jixiao check`` on the rebuilt warehouse.

The warehouse given is copied into the work folder first; it is not changed. ``--copies N`` makes
the copy N times as large before anything is timed (``multiply``): each raw table's rows again
under other document ids and other agencies, so that a 10M-row warehouse comes from ingesting 1M
rows. Figures are printed as a Markdown table, ratios against the reference of the same run.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import duckdb

from .bench import JIXIAO, Step, _read_csv_reference, _run


def multiply(db: Path, copies: int) -> None:
    """Make the raw tables of ``db`` ``copies`` times as large: copy ``k`` (1 … copies-1) of every
    document under a new ``document_id`` and sha256, its path marked ``#copyk`` and its agencies
    renamed (``…局`` → ``…局第k分局``: another agency of the same division), every row of every
    raw table keyed by ``document_id`` with it. Values, tables and texts are as written."""
    with duckdb.connect(str(db)) as con:
        tables = [
            t for (t,) in con.execute(
                "select table_name from information_schema.columns where table_schema = 'raw' "
                "and column_name = 'document_id' group by 1 order by 1"
            ).fetchall()
        ]  # fmt: skip
        con.execute(f"create temp table copies as select range as copy_no from range(1, {copies})")
        renamed = {
            "document_id": "left(md5(copy_no || '|' || document_id), 16)",
            "sha256": "sha256(copy_no || '|' || sha256)",
            "file_path": "file_path || '#copy' || copy_no",
            "file_path_resolved": "file_path_resolved || '#copy' || copy_no",
            "agency_raw": "agency_raw || '第' || copy_no || '分局'",
        }
        for table in tables:
            columns = [c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_schema = 'raw' "
                "and table_name = ? order by ordinal_position", [table]
            ).fetchall()]  # fmt: skip
            select = ", ".join(f"{renamed[c]} as {c}" if c in renamed else c for c in columns)
            con.execute(f"insert into raw.{table} select {select} from raw.{table} cross join copies")


def run(raw_db: Path, extra: Path, work: Path | None = None, copies: int = 1) -> str:
    work = work or Path(tempfile.mkdtemp(prefix="jixiao-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "scale.duckdb"
    shutil.copyfile(raw_db, db)
    if copies > 1:
        multiply(db, copies)
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
    import argparse

    parser = argparse.ArgumentParser(prog="python -m jixiao.bench_scale", description=__doc__.split("\n")[0])
    parser.add_argument("raw_db", type=Path, help="warehouse of ingested raw tables (not changed)")
    parser.add_argument("extra", type=Path, help="folder of about 1%% more documents")
    parser.add_argument("work", type=Path, nargs="?", help="work folder (default: a new temporary one)")
    parser.add_argument("--copies", type=int, default=1, help="make the raw tables N times as large first")
    args = parser.parse_args()
    print(run(args.raw_db, args.extra, args.work, args.copies))
