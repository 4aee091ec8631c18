from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
SAMPLES = ROOT / "data" / "samples"
FIXTURES = TESTS / "fixtures"
sys.path.insert(0, str(TESTS))


@pytest.fixture(scope="session")
def sample_docs():
    from golden_compare import parsed_samples

    return parsed_samples()


JIXIAO = str(Path(sys.executable).parent / "jixiao")


def run(*args: str) -> subprocess.CompletedProcess:
    """Run a command of the installed project (jixiao, dbt) from the project root."""
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    return subprocess.run(args, capture_output=True, text=True, timeout=600, env=env, cwd=ROOT)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The README's main job on the samples, in a temporary database: ingest, then build."""
    db = tmp_path_factory.mktemp("warehouse") / "w.duckdb"
    ingest = run(JIXIAO, "ingest", str(SAMPLES), "--db", str(db))
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    return db, run(JIXIAO, "build", "--db", str(db))
