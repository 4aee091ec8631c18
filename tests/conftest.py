from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
SAMPLES = ROOT / "data" / "samples"
FIXTURES = TESTS / "fixtures"
sys.path.insert(0, str(TESTS))


@pytest.fixture(scope="session")
def text_docs():
    """The five samples, parsed from their text."""
    from golden_compare import parsed_samples

    return parsed_samples()


# every format each sample is bundled in: its text and the files scripts/build_fixtures.py builds
SAMPLE_FORMATS = ("txt", "docx", "xlsx", "html", "pdf")


@pytest.fixture(scope="session", params=SAMPLE_FORMATS)
def sample_docs(request):
    """The five samples parsed from one format's files."""
    from golden_compare import parsed_samples

    docs = parsed_samples(request.param)
    assert len(docs) == 5, f"a sample is missing as .{request.param}"
    return docs


JIXIAO = str(Path(sys.executable).parent / "jixiao")


def statuses(con) -> dict[str, str]:
    """file name -> "status: reason" of every document in a warehouse's raw tables."""
    rows = con.execute("select file_name, status || ': ' || coalesce(status_reason, '') from raw.documents")
    return dict(rows.fetchall())


def run(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run a command of the installed project (jixiao, dbt), from the project root unless told."""
    environment = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **(env or {})}
    return subprocess.run(args, capture_output=True, text=True, timeout=600, env=environment, cwd=cwd)


@dataclass(frozen=True)
class Warehouse:
    db: Path
    build: subprocess.CompletedProcess
    check: subprocess.CompletedProcess
    gx_root: Path


def make_warehouse(folder: Path, *sources: Path) -> Warehouse:
    """The README's main job in a temporary folder: ingest, build, check."""
    db = folder / "w.duckdb"
    ingest = run(JIXIAO, "ingest", *map(str, sources), "--db", str(db))
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    build = run(JIXIAO, "build", "--db", str(db))
    check = run(JIXIAO, "check", "--db", str(db), env={"JIXIAO_GX_ROOT": str(folder)})
    return Warehouse(db, build, check, folder)


def checked_copies(built: Warehouse, folder: Path, *names: str) -> list[Warehouse]:
    """Copies of a built warehouse as ``folder/<name>``, checked at the same time with the GX root
    left to `jixiao check` (JIXIAO_GX_ROOT empty): each one's Data Docs where it puts them by
    default. (The copies spare a build each: check reads the marts only.)"""
    dbs = [folder / name for name in names]
    for db in dbs:
        shutil.copyfile(built.db, db)

    def check(db: Path) -> subprocess.CompletedProcess:
        return run(JIXIAO, "check", "--db", str(db), env={"JIXIAO_GX_ROOT": ""})

    with ThreadPoolExecutor(len(dbs)) as pool:
        checks = list(pool.map(check, dbs))
    return [Warehouse(db, built.build, c, db.with_name(db.name + ".gx")) for db, c in zip(dbs, checks, strict=True)]


@pytest.fixture(scope="session")
def two_warehouses(built, tmp_path_factory) -> list[Warehouse]:
    """Two warehouses of the samples in one folder (a.duckdb, b.duckdb), each checked by default."""
    return checked_copies(built, tmp_path_factory.mktemp("two"), "a.duckdb", "b.duckdb")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Warehouse:
    """The warehouse of the five samples."""
    return make_warehouse(tmp_path_factory.mktemp("samples"), SAMPLES)


@pytest.fixture(scope="session")
def review_built(tmp_path_factory) -> Warehouse:
    """The warehouse of the review test documents (tests/fixtures/review): each rule's cases."""
    return make_warehouse(tmp_path_factory.mktemp("review"), FIXTURES / "review")
