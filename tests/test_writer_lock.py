"""One writer at a time: ingest, build and check hold the warehouse's lock; a second writer is
refused with the holder's name (exit 3) or waits (--wait); what an ingest committed is never
lost by a build's swap, even when it sits in the WAL of a process that died."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import duckdb
from conftest import JIXIAO, ROOT, SAMPLES, run

from jixiao import lock


def _copy_of(built, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copy(built.db, db)
    return db


def _held_by(db, command: str, process: subprocess.Popen) -> None:
    """Wait until ``process`` holds the warehouse's lock as ``command``."""
    deadline = time.monotonic() + 60
    path = lock.lock_file(db)
    while not (path.exists() and f"jixiao {command}" in path.read_text(encoding="utf-8")):
        assert time.monotonic() < deadline and process.poll() is None, f"{command} never took the lock"
        time.sleep(0.05)


def _while_building(db):
    build = subprocess.Popen([JIXIAO, "build", "--db", str(db)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    _held_by(db, "build", build)
    return build


def test_an_ingest_during_a_build_is_refused_or_waits_and_is_kept(built, tmp_path):
    db = _copy_of(built, tmp_path)
    extra = tmp_path / "more"
    extra.mkdir()
    text = (SAMPLES / "004_da50d391190e3ba7.txt").read_text(encoding="utf-8")
    (extra / "copy.txt").write_text(text + "\n附注：另一份。\n", encoding="utf-8")
    build = _while_building(db)
    refused = run(JIXIAO, "ingest", str(extra), "--db", str(db))
    assert refused.returncode == 3
    assert "is being written by jixiao build (pid" in " ".join(refused.stderr.split())
    second = run(JIXIAO, "build", "--db", str(db))
    assert second.returncode == 3  # two builds at once: the second is refused, the first goes on
    waited = run(JIXIAO, "ingest", str(extra), "--db", str(db), "--wait")
    assert waited.returncode == 0, waited.stdout + waited.stderr
    assert build.wait(timeout=600) == 0, build.stdout.read()
    build.stdout.close()
    with duckdb.connect(str(db), read_only=True) as con:  # the build's swap came first: nothing lost
        names = {n for (n,) in con.execute("select file_name from raw.documents").fetchall()}
    assert "copy.txt" in names and len(names) == 6


def test_rows_left_in_the_wal_by_a_dead_ingest_reach_the_build(built, tmp_path):
    db = _copy_of(built, tmp_path)
    dies = (
        "import duckdb, os, sys\n"
        "con = duckdb.connect(sys.argv[1])\n"
        "con.execute(\"set checkpoint_threshold = '10GB'\")\n"
        "con.execute(\"update raw.documents set agency_raw = '湘潭市雨湖区教育局' where file_name like '004%'\")\n"
        "os._exit(0)  # committed, never checkpointed\n"
    )
    subprocess.run([sys.executable, "-c", dies, str(db)], check=True)
    wal = db.with_name(db.name + ".wal")
    assert wal.exists()
    result = run(JIXIAO, "build", "--db", str(db))
    assert result.returncode == 0, result.stdout + result.stderr
    assert not wal.exists()  # no stale WAL beside the swapped file
    with duckdb.connect(str(db), read_only=True) as con:
        regions = con.execute(
            "select a.region_name from dim_documents d join dim_agencies a using (agency_key) "
            "where d.file_name like '004%'"
        ).fetchall()
    assert regions == [("雨湖区",)]


HOLDER = """
import sys, time
from pathlib import Path
from jixiao import lock
with lock.writer(Path(sys.argv[1]), "ingest"):
    time.sleep(60)
"""


def test_a_killed_writer_leaves_no_stale_lock(built, tmp_path):
    db = _copy_of(built, tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], cwd=ROOT)
    _held_by(db, "ingest", holder)
    refused = run(JIXIAO, "check", "--db", str(db))
    assert refused.returncode == 3 and "jixiao ingest (pid" in " ".join(refused.stderr.split())
    holder.kill()
    holder.wait()
    assert run(JIXIAO, "build", "--db", str(db)).returncode == 0
