"""Parsing on a Dask cluster (``jixiao ingest --executor dask://HOST:PORT``).

The coordinator (this process) finds the files and skips those whose path, size and
modification time are as stored, exactly as a local ingest does; the others go to the cluster
in batches of ``pipeline.BATCH_SIZE`` paths. A task (``parse_batch``, on a Dask worker) reads
each file, hashes and parses it with the same pure readers, and writes the batch's raw rows as
one Parquet file per raw table under a folder every worker and the coordinator can reach
(``parts``: a shared file system). The coordinator takes the batches in file order, decides as a
local ingest would which documents are new, changed or the same content as another stored file
(``pipeline._known``), loads the new ones from Parquet into DuckDB in one transaction per batch
and removes the batch's folder. Only the coordinator writes the warehouse.

A worker needs jixiao installed (the same version) and the files and ``parts`` at the same
paths as the coordinator. A task that fails (its worker died, a file the readers could not
survive) costs its batch: each of its files is rejected with the reason, and the others go on.
The per-file process limits of a local ingest (``workers.Pool``: memory and time) are the Dask
worker's own here (its memory limit; Dask restarts a worker that passes it).
"""

from __future__ import annotations

import shutil
import uuid
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import load, pipeline
from .parse import PARSER_VERSION, rejected

SCHEME = "dask://"
_FILE = "_file"  # a Parquet row's file: its place in the batch
AHEAD = 4  # batches in flight per worker thread


def parse_batch(
    files: list[tuple[str, str, str]], folder: str, now: datetime
) -> list[tuple[str, str | None, int | None, int | None, str, str | None, int, int, int]]:
    """A Dask task: read and parse each (path, shown path, resolved path), write the batch's
    raw rows as ``folder/<table>.parquet``; per file (shown, sha256, size, mtime_ns, status,
    reason, projects, goals, indicators)."""
    batch = []
    for path, shown, resolved in files:
        read = pipeline._read(Path(path), Path(resolved), shown)
        batch.append(read.finished(None if read.data is None else pipeline.read_converted(read.data)))
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[tuple]] = {table: [] for table in load.TABLE_COLUMNS}
    files_of: dict[str, list[int]] = {table: [] for table in load.TABLE_COLUMNS}  # each row's file
    for k, item in enumerate(batch):
        for table, found in load.table_rows([item], PARSER_VERSION, now).items():
            rows[table].extend(found)
            files_of[table].extend([k] * len(found))
    for table, arrow in load.arrow_tables(rows).items():
        pq.write_table(arrow.append_column(_FILE, pa.array(files_of[table], pa.int32())), out / f"{table}.parquet")
    return [
        (src.file_path, src.sha256, src.size_bytes, src.mtime_ns, doc.status, doc.status_reason)
        + (len(doc.projects), len(doc.goals), len(doc.indicators))
        for src, doc in batch
    ]


def ingest(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    address: str,
    parts: Path,
    progress: Callable[[int, int], None] | None = None,
    prune: bool = False,
    checksum: bool = False,
) -> pipeline.Summary:
    """``pipeline.ingest`` with the parsing on the Dask cluster at ``address``
    (``dask://HOST:PORT`` or a scheduler address such as ``tcp://HOST:PORT``)."""
    from distributed import Client

    summary = pipeline.Summary()
    found, problems = pipeline._discover(paths, pipeline._warehouse_file(con))
    summary.outcomes.extend(pipeline.Outcome(path, "rejected", problem) for path, problem in problems)
    by_path, by_sha = load.known_files(con, PARSER_VERSION)
    stored = load.Stored.of(con)
    cwd = str(Path.cwd().resolve())
    present: dict[str, str | None] = {}
    read_now: set[str] = set()
    todo: list[tuple[str, str, str]] = []
    for path, resolved in found:
        shown = pipeline._display_path(resolved, cwd)
        read_now.add(str(resolved))
        unread = None if checksum else pipeline._unchanged(path, shown, by_path.get(shown))
        if unread is not None:
            present[shown] = unread
            summary.outcomes.append(pipeline.Outcome(shown, "unchanged"))
        else:
            todo.append((str(path), shown, str(resolved)))
    run = parts / f"run-{uuid.uuid4().hex[:12]}"
    now = datetime.now(UTC)
    batches = [todo[i : i + pipeline.BATCH_SIZE] for i in range(0, len(todo), pipeline.BATCH_SIZE)]
    address = "tcp://" + address[len(SCHEME) :] if address.startswith(SCHEME) else address
    with Client(address, set_as_default=False) as client:
        threads = max(sum(client.nthreads().values()), 1)
        waiting: deque = deque()
        following = iter(enumerate(batches))

        def submit() -> None:
            for number, files in following:
                folder = str(run / f"batch-{number:06d}")
                waiting.append((files, folder, client.submit(parse_batch, files, folder, now, pure=False)))
                return

        for _ in range(AHEAD * threads):
            submit()
        done = len(summary.outcomes)
        while waiting:
            files, folder, future = waiting.popleft()
            submit()
            try:
                results = future.result()
            except Exception as exc:  # noqa: BLE001 - a failed task costs its batch
                results = None
                reason = f"its batch failed on the cluster: {type(exc).__name__}: {exc}"
            if results is None:
                _reject(con, stored, files, reason, summary, present)
            else:
                _load(con, stored, Path(folder), results, by_path, by_sha, present, summary)
            shutil.rmtree(folder, ignore_errors=True)
            done += len(files)
            if progress:
                progress(done, len(found) + len(problems))
    shutil.rmtree(run, ignore_errors=True)
    summary.gone = pipeline._gone(con, [p for p in paths if p.is_dir()], read_now)
    if prune and summary.gone:
        load.store(con, [], PARSER_VERSION, replace_paths=summary.gone)
        summary.outcomes.extend(pipeline.Outcome(path, "removed", "its file is gone") for path in summary.gone)
    return summary


def _load(
    con: duckdb.DuckDBPyConnection,
    stored: load.Stored,
    folder: Path,
    results: list,
    by_path: dict[str, load.Known],
    by_sha: dict[str, str],
    present: dict[str, str | None],
    summary: pipeline.Summary,
) -> None:
    """Store a parsed batch's new documents from its Parquet files; the others get their outcome."""
    keep: set[str] = set()  # shown paths whose rows are stored
    kept: list[int] = []  # their places in the batch
    dropped: list[str] = []
    touched: list[tuple[str, int]] = []
    for k, (shown, sha, size, mtime_ns, status, reason, projects, goals, indicators) in enumerate(results):
        present[shown] = sha
        before = by_path.get(shown)
        read = pipeline._Read(Path(shown), Path(shown), shown, None, sha, None, mtime_ns, size)
        known = pipeline._known(read, by_path, by_sha, dropped, present)
        if known is None:
            keep.add(shown)
            kept.append(k)
            summary.outcomes.append(pipeline.Outcome(shown, status, reason, projects, goals, indicators))
        else:
            summary.outcomes.append(known)
            if known.reason is None and before and before.mtime_ns != mtime_ns and mtime_ns is not None:
                touched.append((shown, mtime_ns))
    tables: dict[str, pa.Table] = {}
    if kept:
        wanted = pa.array(kept, pa.int32())
        for table in load.TABLE_COLUMNS:
            part = folder / f"{table}.parquet"
            if part.exists():
                arrow = pq.read_table(part)
                tables[table] = arrow.filter(pc.is_in(arrow[_FILE], value_set=wanted)).drop_columns([_FILE])
    ids = set(tables["documents"].column("document_id").to_pylist()) if "documents" in tables else set()
    if tables or dropped:
        load.write(con, tables, keep | set(dropped), ids, stored)
    if touched:
        load.touch(con, touched)


def _reject(
    con: duckdb.DuckDBPyConnection,
    stored: load.Stored,
    files: list[tuple[str, str, str]],
    reason: str,
    summary: pipeline.Summary,
    present: dict[str, str | None],
) -> None:
    """A batch the cluster could not parse: each file rejected with the reason (recorded)."""
    batch = []
    for path, shown, resolved in files:
        present.setdefault(shown, None)
        read = pipeline._Read(Path(path), Path(resolved), shown, failure=reason)
        batch.append((read.source(), rejected(reason)))
        summary.outcomes.append(pipeline.Outcome(shown, "rejected", reason))
    load.store(con, batch, PARSER_VERSION, stored=stored)
