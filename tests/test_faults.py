"""Faults mid-run: `jixiao ingest` and `jixiao build` killed (SIGKILL, the whole process group, as
a crash or a power cut would) at random points, then run again.

After every kill the database opens, no document is half-loaded, and the re-run ends with exactly
the content of an uninterrupted run; a killed build leaves the served warehouse as it was.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import duckdb
from conftest import JIXIAO, ROOT, SAMPLES, make_warehouse

CONTENT = {
    "documents": "select file_path, sha256, layout, doc_type, fiscal_year, status from raw.documents",
    "indicators": "select document_id, table_no, row_no, level3_raw, target_raw, line_start from raw.indicators",
    "projects": "select document_id, table_no, project_name, budget_total_raw from raw.projects",
    "goals": "select document_id, goal_group, goal_no, goal_text from raw.goals",
}


def _corpus(folder: Path, n: int = 400) -> Path:
    folder.mkdir()
    samples = sorted(SAMPLES.glob("*.txt"))
    for i in range(n):
        (folder / f"{i:03d}.txt").write_bytes(samples[i % 5].read_bytes() + f"\n附注{i}\n".encode())
    return folder


def _start(*args: str) -> subprocess.Popen:
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def _kill_after(process: subprocess.Popen, seconds: float) -> bool:
    """SIGKILL the process and its children after ``seconds``; False if it had finished."""
    try:
        process.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return True


def _content(db: Path) -> dict[str, list]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: sorted(con.execute(sql).fetchall()) for name, sql in CONTENT.items()}


def test_ingest_killed_at_random_points_loses_nothing(tmp_path):
    corpus = _corpus(tmp_path / "docs")
    reference = tmp_path / "reference.duckdb"
    start = time.perf_counter()
    assert _start(JIXIAO, "ingest", str(corpus), "--db", str(reference), "--workers", "1").wait() == 0
    duration = time.perf_counter() - start
    expected = _content(reference)
    rows_per_document = {}
    for document_id, *_ in expected["indicators"]:
        rows_per_document[document_id] = rows_per_document.get(document_id, 0) + 1

    db = tmp_path / "killed.duckdb"
    rng = random.Random(20261122)
    kills = 0
    for _ in range(4):
        # a kill at a random point of the run (each run goes on from what the last one stored, so
        # later kills land further into the corpus); two kills within 80% of an uninterrupted run
        # leave the second run unfinished even when it runs faster than the reference
        process = _start(JIXIAO, "ingest", str(corpus), "--db", str(db), "--workers", "1")
        kills += _kill_after(process, rng.uniform(0.15, 0.4) * duration)
        if db.exists():
            partial = _content(db)  # the file opens: not corrupt
            counts: dict[str, int] = {}
            for document_id, *_ in partial["indicators"]:
                counts[document_id] = counts.get(document_id, 0) + 1
            stored = {(path, sha) for path, sha, *_ in partial["documents"]}
            assert stored <= {(path, sha) for path, sha, *_ in expected["documents"]}
            # every stored document has all its rows, none has rows without its document
            assert counts == {d: rows_per_document[d] for d in counts}
            assert set(counts) <= {sha[:16] for _, sha in stored}
    assert kills >= 2, "the ingest finished before most kills: give it more files"
    assert _start(JIXIAO, "ingest", str(corpus), "--db", str(db), "--workers", "1").wait() == 0
    assert _content(db) == expected


def test_build_killed_midway_leaves_the_served_warehouse_and_builds_again(tmp_path):
    warehouse = make_warehouse(tmp_path, SAMPLES)
    assert warehouse.build.returncode == 0
    served_before = warehouse.db.read_bytes()
    rng = random.Random(7)
    for _ in range(2):
        process = _start(JIXIAO, "build", "--db", str(warehouse.db))
        assert _kill_after(process, rng.uniform(3.0, 8.0)), "the build finished before it was killed"
        assert warehouse.db.read_bytes() == served_before  # readers still see the last complete build
        with duckdb.connect(str(warehouse.db), read_only=True) as con:
            assert con.execute("select count(*) from main.fct_indicator_targets").fetchone()[0] == 451
    time.sleep(0.5)
    again = _start(JIXIAO, "build", "--db", str(warehouse.db))
    assert again.wait(timeout=600) == 0
    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        assert con.execute("select count(*) from main.fct_indicator_targets").fetchone()[0] == 451
