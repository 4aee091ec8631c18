"""Building the warehouse (dbt) and querying it read-only."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import duckdb

from ingest import load

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
    with duckdb.connect(str(db_path), read_only=True, config=load.OFFLINE):
        pass  # a corrupt or foreign file fails here, with DuckDB's reason, before anything is copied
    side = side_file(db_path)
    side.parent.mkdir(parents=True, exist_ok=True)
    wal, side_wal = _wal(db_path), _wal(side)
    try:
        report = _build_beside(db_path, side, wal, side_wal)
    finally:  # on every way out (a failed build, a full disk, Ctrl-C) the copy goes
        side.unlink(missing_ok=True)
        side_wal.unlink(missing_ok=True)
    return report


def _build_beside(db_path: Path, side: Path, wal: Path, side_wal: Path) -> BuildReport:
    side_wal.unlink(missing_ok=True)
    if wal.exists():  # an ingest that died after it committed: its rows go into the file copied
        _checkpoint(db_path)
    shutil.copyfile(db_path, side)
    if wal.exists():  # a reader held the file, so it could not be checkpointed: the WAL goes along
        shutil.copyfile(wal, side_wal)
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
        return report
    os.replace(side, db_path)
    wal.unlink(missing_ok=True)  # its rows are in the new file: replayed onto it, it would corrupt it
    return report


def _wal(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".wal")


def _checkpoint(db_path: Path) -> None:
    """Fold the WAL into the database file, unless a reader holds the file open."""
    try:
        with duckdb.connect(str(db_path), config=load.OFFLINE) as con:
            con.execute("checkpoint")
    except duckdb.IOException:
        pass


# what one query may use: memory and threads of its connection, bytes of its result
QUERY_MEMORY = os.environ.get("JIXIAO_QUERY_MEMORY", "2GB")
QUERY_THREADS = int(os.environ.get("JIXIAO_QUERY_THREADS", "2"))
QUERY_MAX_BYTES = int(os.environ.get("JIXIAO_QUERY_MAX_BYTES", str(64 * 2**20)))


def connect_read_only(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A connection that cannot write the warehouse nor read anything outside it, with bounded
    memory and threads (``JIXIAO_QUERY_MEMORY``, ``JIXIAO_QUERY_THREADS``)."""
    if not db_path.exists():
        raise FileNotFoundError(f"no warehouse at {db_path}: run `jixiao ingest` and `jixiao build` first")
    return duckdb.connect(
        str(db_path),
        read_only=True,
        config={
            "enable_external_access": False,
            "memory_limit": QUERY_MEMORY,
            "threads": QUERY_THREADS,
            "lock_configuration": True,
            **load.OFFLINE,
        },
    )


QUERY_SECONDS = 30.0  # a user's query runs at most this long
# A user's query is one statement that reads: DuckDB's own parser says what it is. (DESCRIBE,
# SHOW, SUMMARIZE, FROM-first and PIVOT with its values listed are SELECTs to it.)
_READING = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
# table functions and settings that show the server's files (its paths, its temporary folder)
_SERVER_FILES = re.compile(
    r"\b(?:duckdb_settings|duckdb_databases|duckdb_extensions|duckdb_temporary_files|duckdb_secrets|"
    r"database_list|current_setting|which_secret|pragma_database_size|duckdb_logs?)\b",
    re.IGNORECASE,
)


class QueryTimeout(RuntimeError):
    """A user's query ran past its time limit and was stopped."""


class RefusedQuery(duckdb.PermissionException):
    """A user's query is not one statement that only reads."""


def check_query(sql: str) -> None:
    """RefusedQuery, with a one-line reason, unless ``sql`` is one statement that reads."""
    statements = duckdb.extract_statements(sql)
    if not statements:
        raise RefusedQuery("no statement: write one SELECT (or WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN)")
    if len(statements) > 1:
        kinds = ", ".join(s.type.name for s in statements)
        raise RefusedQuery(
            f"one statement at a time ({len(statements)} found: {kinds}); a PIVOT lists its values: ON x IN (…)"
        )
    (statement,) = statements
    if statement.type not in _READING:
        raise RefusedQuery(
            f"{statement.type.name} is refused: the warehouse is read with one SELECT, WITH, DESCRIBE, SHOW,"
            " SUMMARIZE or EXPLAIN"
        )
    if found := _SERVER_FILES.search(sql):
        raise RefusedQuery(f"{found.group(0)} is refused: it shows the server's files and settings")


class QueryResult(NamedTuple):
    columns: list[str]
    rows: list[tuple]
    truncated: str | None = None  # why not every row is here (the row or the byte cap)


def error_line(exc: BaseException) -> str:
    """An error as one line: DuckDB's message without the query it quotes (LINE 1: … ^)."""
    return next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)


def _size(row: tuple) -> int:
    return sum(len(v) if isinstance(v, (str, bytes)) else 8 for v in row)


def run_limited(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    limit: int | None,
    seconds: float = QUERY_SECONDS,
    max_bytes: int = QUERY_MAX_BYTES,
) -> QueryResult:
    """Run a user's query on ``con`` (one reading statement, ``check_query``): at most ``limit``
    rows and about ``max_bytes`` of values, stopped (DuckDB's interrupt, from a timer) when it runs
    longer than ``seconds``."""
    check_query(sql)
    timer = threading.Timer(seconds, con.interrupt)
    timer.start()
    rows: list[tuple] = []
    truncated = None
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        size = 0
        while chunk := cursor.fetchmany(min(1000, limit - len(rows)) if limit else 1000):
            for row in chunk:
                size += _size(row)
                if size > max_bytes:
                    truncated = f"truncated at {len(rows)} rows: the result passed {max_bytes:,} bytes"
                    break
                rows.append(row)
            if truncated or (limit and len(rows) >= limit):
                break
        if not truncated and limit and len(rows) >= limit and cursor.fetchone() is not None:
            truncated = f"truncated at {limit} rows"
    except duckdb.InterruptException as exc:
        raise QueryTimeout(f"query stopped: it ran longer than its {seconds:g} s limit") from exc
    finally:
        timer.cancel()
    return QueryResult(columns, rows, truncated)


def query(db_path: Path, sql: str, limit: int | None = None, seconds: float = QUERY_SECONDS) -> QueryResult:
    """Run one read-only query: its columns, at most ``limit`` rows, within ``seconds``."""
    with connect_read_only(db_path) as con:
        return run_limited(con, sql, limit, seconds)


def export_parquet(db_path: Path, out: Path) -> Export:
    """Write the raw tables and the marts as Parquet under ``out/raw/<table>/`` and
    ``out/marts/<table>/``, partitioned by fiscal year (Hive style: ``fiscal_year=2024/``) where
    the rows have one; raw records take their document's year. Returns rows written per table and
    the tables not written: a name that is no plain identifier (``../../x``) is never a path.
    The folder's path is a quoted literal in the COPY, never SQL. Re-running replaces the files."""
    if not db_path.exists():
        raise FileNotFoundError(f"no warehouse at {db_path}: run `jixiao ingest` and `jixiao build` first")
    written: dict[str, int] = {}
    skipped: list[str] = []
    with duckdb.connect(str(db_path), read_only=True, config=load.OFFLINE) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and table_schema in ('raw', 'main') order by all"
        ).fetchall()
        out = out.resolve()
        for schema, table in tables:
            if not _TABLE_NAME.match(table):
                skipped.append(table)  # a name that is no plain identifier could leave the folder
                continue
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
            folder = (out / ("raw" if schema == "raw" else "marts") / table).resolve()
            if not folder.is_relative_to(out):
                skipped.append(table)
                continue
            if folder.exists():
                shutil.rmtree(folder)
            folder.parent.mkdir(parents=True, exist_ok=True)
            rows = con.execute(f"select count(*) from {source}").fetchone()[0]
            if "fiscal_year" in columns:
                year = "coalesce(cast(fiscal_year as varchar), 'unknown') as fiscal_year"
                partitioned = f"(select * replace ({year}) from {source})"
                con.execute(f"copy {partitioned} to {_literal(folder)} (format parquet, partition_by (fiscal_year))")
            else:
                folder.mkdir(parents=True)
                con.execute(f"copy {source} to {_literal(folder / 'data.parquet')} (format parquet)")
            written[f"{'raw' if schema == 'raw' else 'marts'}.{table}"] = rows
    return Export(written, skipped)


_TABLE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


class Export(NamedTuple):
    written: dict[str, int]  # rows written per table
    skipped: list[str]  # tables whose names are no plain identifiers (they could leave the folder)


def _literal(path: Path) -> str:
    """A path as a SQL string literal (COPY … TO takes no parameter): its quotes doubled."""
    return "'" + str(path).replace("'", "''") + "'"
