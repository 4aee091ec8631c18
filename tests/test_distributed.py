"""`jixiao ingest --executor dask://…`: the readers as tasks on a Dask cluster (a LocalCluster of
two worker processes here) store the same raw tables as a local ingest."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES, JIXIAO, SAMPLES, run

from ingest import load

TABLES = tuple(load.TABLE_COLUMNS)
FORMATS = FIXTURES / "formats"


def _snapshot(db: Path) -> dict[str, list]:
    """Every raw table's rows (without the time they were stored), sorted."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            table: sorted(
                con.execute(
                    f"select * exclude (ingested_at) from raw.{table}"
                    if table == "documents"
                    else f"select * from raw.{table}"
                ).fetchall(),
                key=repr,
            )
            for table in TABLES
        }


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local.scheduler_address.replace("tcp://", "dask://")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """The samples as text and in every binary format, 130 variants of them (more than one batch),
    a file whose content is another's, and files that cannot be read."""
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    for path in sorted(FORMATS.glob("00[0-3]_*.*")):
        shutil.copy(path, folder / f"fmt_{path.name}")
    samples = sorted(SAMPLES.glob("*.txt"))
    for n in range(130):
        (folder / "many").mkdir(exist_ok=True)
        (folder / "many" / f"{n:03d}.txt").write_bytes(samples[n % 5].read_bytes() + f"\n附注{n}\n".encode())
    shutil.copy(samples[0], folder / "copy of 000.txt")
    (folder / "notes.bin").write_bytes(b"\x00\x01binary\xff" * 40)
    (folder / "broken.docx").write_bytes((FORMATS / "000_4fbf0d365526adfd.docx").read_bytes()[:3000])
    return folder


def test_a_dask_ingest_stores_what_a_local_ingest_stores(cluster, corpus, tmp_path):
    local, remote = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    result = run(JIXIAO, "ingest", str(corpus), "--db", str(local), "--workers", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    result = run(JIXIAO, "ingest", str(corpus), "--db", str(remote), "--executor", cluster)
    assert result.returncode == 0, result.stdout + result.stderr
    said = " ".join(result.stdout.split())
    assert "unchanged 1" in said  # the copy of a sample: stored once, as a local ingest does
    expected = _snapshot(local)
    assert len(expected["documents"]) == 5 + 16 + 130 + 2 and len(expected["indicators"]) > 30 * 451
    assert _snapshot(remote) == expected
    assert not any((tmp_path / "dask.duckdb.parts").glob("run-*/*")), "the loaded batches are removed"


def test_a_dask_reingest_skips_what_is_stored_and_replaces_what_changed(cluster, corpus, tmp_path):
    db = tmp_path / "dask.duckdb"
    assert run(JIXIAO, "ingest", str(corpus), "--db", str(db), "--executor", cluster).returncode == 0
    changed = corpus / "many" / "007.txt"
    changed.write_bytes(changed.read_bytes() + "\n附注 改过\n".encode())
    (corpus / "many" / "008.txt").unlink()
    result = run(JIXIAO, "ingest", str(corpus), "--db", str(db), "--executor", cluster, "--prune")
    assert result.returncode == 0, result.stdout + result.stderr
    said = " ".join(result.stdout.split())
    assert "parsed 1," in said and "removed 1" in said, said
    local = tmp_path / "local.duckdb"
    assert run(JIXIAO, "ingest", str(corpus), "--db", str(local)).returncode == 0
    assert _snapshot(db) == _snapshot(local)


def test_a_batch_the_cluster_cannot_parse_is_rejected_with_the_reason_and_the_run_goes_on(cluster, tmp_path):
    """Workers that cannot write their Parquet (here --parts is a file, not a folder) fail their
    tasks: each file of those batches is recorded as rejected with the cluster's reason, the
    ingest ends normally, and the next run reads them again."""
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    parts = tmp_path / "parts"
    parts.write_text("not a folder", encoding="utf-8")
    db = tmp_path / "dask.duckdb"
    result = run(JIXIAO, "ingest", str(folder), "--db", str(db), "--executor", cluster, "--parts", str(parts))
    assert result.returncode == 0, result.stdout + result.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("select status, status_reason from raw.documents").fetchall()
    assert len(stored) == 5 and {status for status, _ in stored} == {"rejected"}
    assert all(reason.startswith("its batch failed on the cluster: ") for _, reason in stored), stored
    parts.unlink()  # the cluster can write again: the next run reads them
    result = run(JIXIAO, "ingest", str(folder), "--db", str(db), "--executor", cluster, "--parts", str(parts))
    assert result.returncode == 0, result.stdout + result.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from raw.documents where status = 'parsed'").fetchone() == (5,)
