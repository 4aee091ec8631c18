"""Building the warehouse (dbt) and querying it read-only."""

from __future__ import annotations

import os
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


def build(db_path: Path) -> BuildReport:
    """``dbt build`` (seeds, models, tests, unit tests) against ``db_path``."""
    from dbt.cli.main import dbtRunner

    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    os.environ[DB_ENV] = str(db_path.resolve())
    args = [
        "build",
        "--project-dir", str(PROJECT_ROOT),
        "--profiles-dir", str(PROJECT_ROOT),
        "--full-refresh",  # seeds are small; their column types may change
        "--log-level", "warn",
    ]  # fmt: skip
    result = dbtRunner().invoke(args)
    report = BuildReport(success=bool(result.success))
    if result.exception is not None:
        report.error = str(result.exception)
    for node_result in getattr(result.result, "results", None) or []:
        status = str(node_result.status)
        report.counts[(node_result.node.resource_type, status)] += 1
        if status in {"error", "fail", "warn"}:
            report.failures.append(f"{status}: {node_result.node.name}: {node_result.message}")
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


def query(db_path: Path, sql: str, limit: int | None = None) -> tuple[list[str], list[tuple]]:
    """Run one read-only query; returns (column names, rows), at most ``limit`` rows."""
    with connect_read_only(db_path) as con:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchmany(limit) if limit else cursor.fetchall()
    return columns, rows
