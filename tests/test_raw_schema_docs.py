"""The documented raw schema (dbt sources) is the schema the loader creates, and dbt can parse it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT

from ingest import load

SOURCES = ROOT / "models" / "staging" / "jixiao_raw" / "_jixiao_raw__sources.yml"


def test_sources_document_every_raw_table_and_column():
    (source,) = yaml.safe_load(SOURCES.read_text(encoding="utf-8"))["sources"]
    documented = {t["name"]: [c["name"] for c in t["columns"]] for t in source["tables"]}
    created = {table: [name for name, _ in cols] for table, cols in load.TABLE_COLUMNS.items()}
    assert documented == created


def test_dbt_parses_the_project(tmp_path: Path):
    env = {
        **os.environ,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_PROFILES_DIR": str(ROOT),
        "JIXIAO_DB": str(tmp_path / "w.duckdb"),
    }
    dbt = Path(sys.executable).parent / "dbt"
    result = subprocess.run(
        [
            str(dbt),
            "parse",
            "--project-dir",
            str(ROOT),
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
