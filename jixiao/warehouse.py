"""Building the warehouse (dbt) and querying it read-only."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
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


def query(db_path: Path, sql: str, limit: int | None = None) -> tuple[list[str], list[tuple]]:
    """Run one read-only query; returns (column names, rows), at most ``limit`` rows."""
    with connect_read_only(db_path) as con:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchmany(limit) if limit else cursor.fetchall()
    return columns, rows
