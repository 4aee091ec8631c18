"""Faults of the machine or of the warehouse file, through the installed command: a full disk, a
folder that cannot be written, a corrupt or foreign --db, a file where a folder should be. Each
is one line on stderr naming the file and the cause, exit status 2, no traceback, no side file
left, and nothing already stored is lost."""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import JIXIAO, ROOT, SAMPLES, run


def _one_line(done: subprocess.CompletedProcess) -> str:
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 2, done.stdout + done.stderr
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


def _with_file_size_limit(limit: int, *args: str) -> subprocess.CompletedProcess:
    """Run with every file this process writes capped at ``limit`` bytes: a disk that fills up."""

    def cap() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the cap fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(args, capture_output=True, text=True, timeout=300, cwd=ROOT, preexec_fn=cap)


@pytest.fixture
def corrupt(tmp_path) -> Path:
    db = tmp_path / "corrupt.duckdb"
    db.write_bytes(bytes(range(256)) * 400)
    return db


@pytest.mark.parametrize("command", [["ingest", str(SAMPLES)], ["build"], ["check"], ["sql", "select 1"]])
def test_a_corrupt_warehouse_file_is_named_in_one_line(corrupt, command):
    line = _one_line(run(JIXIAO, *command, "--db", str(corrupt)))
    assert line == f"{corrupt}: not a jixiao warehouse (a corrupt file, or another program's)"
    assert not (corrupt.parent / ".building" / corrupt.name).exists()


def test_another_programs_database_is_refused_without_fetching_anything(tmp_path):
    """A SQLite file given as --db: DuckDB would download its SQLite extension to open it."""
    db = tmp_path / "foreign.duckdb"
    with sqlite3.connect(db) as con:
        con.execute("create table t (x)")
    line = _one_line(run(JIXIAO, "ingest", str(SAMPLES), "--db", str(db)))
    assert line == f"{db}: not a jixiao warehouse (a corrupt file, or another program's)"


def test_a_folder_that_cannot_be_written_is_named(tmp_path):
    """/sys refuses new files even to root (a permission bit would not stop root)."""
    line = _one_line(run(JIXIAO, "ingest", str(SAMPLES), "--db", "/sys/jixiao-test/w.duckdb"))
    assert line == "/sys/jixiao-test: cannot write there (a read-only folder, or no permission)"
    blocker = tmp_path / "file"
    blocker.write_text("x")
    line = _one_line(run(JIXIAO, "ingest", str(SAMPLES), "--db", str(blocker / "w.duckdb")))
    assert line == f"{blocker}: a file stands where a folder is needed"


def test_a_full_disk_during_ingest_stops_with_one_line_and_loses_nothing_stored(tmp_path):
    db = tmp_path / "w.duckdb"
    done = _with_file_size_limit(60_000, JIXIAO, "ingest", str(SAMPLES), "--db", str(db), "--workers", "1")
    line = _one_line(done)
    assert line.endswith(": no room to write it (the disk is full?)") and str(db) in line
    with duckdb.connect(str(db), read_only=True) as con:  # what was committed opens, whole
        half = con.execute(
            "select count(*) from raw.documents d where status <> 'rejected' "
            "and not exists (select 1 from raw.indicators i where i.document_id = d.document_id)"
        ).fetchone()[0]
    assert half == 0
    again = run(JIXIAO, "ingest", str(SAMPLES), "--db", str(db))
    assert again.returncode == 0, again.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from raw.indicators").fetchone()[0] == 451


def test_a_full_disk_during_build_leaves_the_served_file_and_no_copy(tmp_path):
    db = tmp_path / "w.duckdb"
    assert run(JIXIAO, "ingest", str(SAMPLES), "--db", str(db)).returncode == 0
    before = db.read_bytes()
    assert len(before) > 1_000_000
    line = _one_line(_with_file_size_limit(1_000_000, JIXIAO, "build", "--db", str(db)))
    assert line == f"{tmp_path / '.building' / 'w.duckdb'}: no room to write it (the disk is full?)"
    assert db.read_bytes() == before
    assert not (tmp_path / ".building" / "w.duckdb").exists()


def test_a_reader_holding_the_file_is_named_with_what_to_do(tmp_path):
    db = tmp_path / "w.duckdb"
    assert run(JIXIAO, "ingest", str(SAMPLES / "004_da50d391190e3ba7.txt"), "--db", str(db)).returncode == 0
    with duckdb.connect(str(db), read_only=True):  # as a dashboard or `jixiao sql` holds it
        line = _one_line(run(JIXIAO, "ingest", str(SAMPLES), "--db", str(db)))
    assert line == (f"{db}: another process holds it (a dashboard, `jixiao sql`, a DuckDB session): stop it and retry")
