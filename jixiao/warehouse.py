"""Building the warehouse (dbt) and querying it read-only."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from .config import DB_ENV, PROJECT_ROOT


@dataclass
class BuildReport:
    success: bool
    counts: Counter = field(default_factory=Counter)  # (resource type, status) -> n
    failures: list[str] = field(default_factory=list)
    error: str | None = None


def side_file(db_path: Path) -> Path:
    """Where a build happens: a copy beside the served file, in a folder of its own so that the
    file keeps its name (DuckDB names the catalog after the file, and views refer to it)."""
    return db_path.parent / ".building" / db_path.name


def build(db_path: Path) -> BuildReport:
    """``dbt build`` (seeds, models, tests, unit tests) on a copy of ``db_path``, which replaces
    the served file only when the build passes: readers keep the previous complete warehouse
    meanwhile, and a failed or interrupted build leaves it untouched. dbt runs in a process of
    its own, so that no connection to the new file is left open when it is swapped in."""
    side = side_file(db_path)
    side.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(db_path, side)
    target = side.parent / "target"
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", DB_ENV: str(side.resolve())}
    command = [
        str(Path(sys.executable).parent / "dbt"), "build",
        "--project-dir", str(PROJECT_ROOT),
        "--profiles-dir", str(PROJECT_ROOT),
        "--target-path", str(target),
        "--log-path", str(side.parent / "logs"),
        "--full-refresh",  # seeds are small; their column types may change
        "--log-level", "warn",
    ]  # fmt: skip
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    report = BuildReport(success=completed.returncode == 0)
    try:
        results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    except (OSError, ValueError, KeyError):
        results = []
    for node in results:
        status = str(node["status"])
        resource = node["unique_id"].split(".")[0]
        report.counts[(resource, status)] += 1
        if status in {"error", "fail", "warn"}:
            report.failures.append(f"{status}: {node['unique_id']}: {node.get('message')}")
    if not report.success:
        report.error = (completed.stdout + completed.stderr).strip()[-4000:] or "dbt build failed"
        side.unlink(missing_ok=True)
        return report
    os.replace(side, db_path)
    return report


def connect_read_only(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A connection that cannot write the warehouse nor read anything outside it."""
    if not db_path.exists():
        raise FileNotFoundError(f"no warehouse at {db_path}: run `jixiao ingest` and `jixiao build` first")
    return duckdb.connect(
        str(db_path),
        read_only=True,
        config={"enable_external_access": False, "lock_configuration": True},
    )


QUERY_SECONDS = 30.0  # a user's query runs at most this long


class QueryTimeout(RuntimeError):
    """A user's query ran past its time limit and was stopped."""


def run_limited(
    con: duckdb.DuckDBPyConnection, sql: str, limit: int | None, seconds: float = QUERY_SECONDS
) -> tuple[list[str], list[tuple]]:
    """Run a user's query on ``con``: (column names, at most ``limit`` rows), stopped (DuckDB's
    interrupt, from a timer) when it runs longer than ``seconds``."""
    timer = threading.Timer(seconds, con.interrupt)
    timer.start()
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchmany(limit) if limit else cursor.fetchall()
    except duckdb.InterruptException as exc:
        raise QueryTimeout(f"query stopped: it ran longer than its {seconds:g} s limit") from exc
    finally:
        timer.cancel()
    return columns, rows


def query(
    db_path: Path, sql: str, limit: int | None = None, seconds: float = QUERY_SECONDS
) -> tuple[list[str], list[tuple]]:
    """Run one read-only query; returns (column names, rows), at most ``limit`` rows, within
    ``seconds``."""
    with connect_read_only(db_path) as con:
        return run_limited(con, sql, limit, seconds)


def export_parquet(db_path: Path, out: Path) -> dict[str, int]:
    """Write the raw tables and the marts as Parquet under ``out/raw/<table>/`` and
    ``out/marts/<table>/``, partitioned by fiscal year (Hive style: ``fiscal_year=2024/``) where
    the rows have one; raw records take their document's year. Returns rows written per table.
    Re-running replaces the files."""
    if not db_path.exists():
        raise FileNotFoundError(f"no warehouse at {db_path}: run `jixiao ingest` and `jixiao build` first")
    written: dict[str, int] = {}
    with duckdb.connect(str(db_path), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and table_schema in ('raw', 'main') order by all"
        ).fetchall()
        for schema, table in tables:
            columns = {c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
                [schema, table],
            ).fetchall()}  # fmt: skip
            source = f'"{schema}"."{table}"'
            if schema == "raw" and "fiscal_year" not in columns and "document_id" in columns:
                source = (
                    f"(select t.*, d.fiscal_year from {source} as t left join raw.documents as d using (document_id))"
                )
                columns.add("fiscal_year")
            elif schema == "raw" or "fiscal_year" in columns:
                source = f"(select * from {source})"
            folder = out / ("raw" if schema == "raw" else "marts") / table
            if folder.exists():
                shutil.rmtree(folder)
            folder.parent.mkdir(parents=True, exist_ok=True)
            rows = con.execute(f"select count(*) from {source}").fetchone()[0]
            if "fiscal_year" in columns:
                year = "coalesce(cast(fiscal_year as varchar), 'unknown') as fiscal_year"
                partitioned = f"(select * replace ({year}) from {source})"
                con.execute(f"copy {partitioned} to '{folder}' (format parquet, partition_by (fiscal_year))")
            else:
                folder.mkdir(parents=True)
                con.execute(f"copy {source} to '{folder / 'data.parquet'}' (format parquet)")
            written[f"{'raw' if schema == 'raw' else 'marts'}.{table}"] = rows
    return written
