"""The ingest job: find files, read bytes, parse (pure), store in batches. IO lives here."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from . import convert, formats, limits, load
from . import workers as workers_
from .parse import PARSER_VERSION, read_bytes, rejected
from .records import ParsedDocument, ParseIssue

BATCH_SIZE = 100


@dataclass
class Outcome:
    path: str
    status: str  # parsed | partial | rejected | unchanged | removed
    reason: str | None = None
    projects: int = 0
    goals: int = 0
    indicators: int = 0


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # stored documents whose files were not found

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def total(self, attr: str) -> int:
        return sum(getattr(o, attr) for o in self.outcomes)


def discover(paths: list[Path], warehouse: Path | None = None) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files under the given paths (folders recursively, sorted; symlinked folders not followed,
    so a link loop cannot trap the walk; a symlinked file only when it points inside the folder;
    devices, FIFOs and sockets refused; the ``warehouse`` file and its side files left out, and
    refused when named). Returns (files, [(path, problem)])."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for root in paths:
        if root.is_file() and _beside(root.resolve(), warehouse):
            candidates: Iterator[tuple[Path, str | None]] = iter([(root, "the warehouse's own file: not read")])
        elif root.is_file():
            candidates = iter([(root, None)])
        elif root.is_dir():
            candidates = _walk(root)
        elif root.exists():
            candidates = iter([(root, "not a regular file (a device, FIFO or socket): not read")])
        else:
            problems.append((str(root), "no such file or folder"))
            continue
        for path, problem in candidates:
            if problem:
                problems.append((_display_path(path), problem))
                continue
            key = path.resolve()
            if key not in seen and not _beside(key, warehouse):
                seen.add(key)
                files.append(path)
    return files, problems


def _walk(root: Path) -> Iterator[tuple[Path, str | None]]:
    inside = root.resolve()
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            if path.is_symlink() and not path.resolve().is_relative_to(inside):
                yield path, "a link to a file outside the folder: not read"
            elif not path.is_file():
                yield path, "not a regular file (a device, FIFO or socket, or a broken link): not read"
            else:
                yield path, None


def _display_path(path: Path) -> str:
    """A path as shown and stored: relative to the working folder when inside it."""
    shown = path.absolute()
    try:
        return str(shown.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(shown)


@dataclass
class _Read:
    """A file read from disk (or the reason it could not be)."""

    path: Path
    resolved: Path  # absolute, links resolved
    shown: str
    data: bytes | None = None
    sha256: str | None = None
    failure: str | None = None

    def source(self, encoding: str | None = None, text: str | None = None) -> load.SourceFile:
        doc_id = (self.sha256 or hashlib.sha256(self.shown.encode()).hexdigest())[:16]
        size = len(self.data) if self.data is not None else None
        return load.SourceFile(
            doc_id, self.path.name, self.shown, self.sha256, size, encoding, text, str(self.resolved)
        )


def _read(path: Path) -> _Read:
    resolved = path.resolve()
    shown = _display_path(resolved)
    try:
        size = path.stat().st_size
        if size > limits.MAX_FILE_BYTES:
            return _Read(
                path,
                resolved,
                shown,
                failure=f"file too large for a performance document ({size} bytes > {limits.MAX_FILE_BYTES})",
            )
        data = path.read_bytes()
    except OSError as exc:
        return _Read(path, resolved, shown, failure=f"cannot read file: {exc.strerror or exc}")
    return _Read(path, resolved, shown, data, hashlib.sha256(data).hexdigest())


def read_and_parse(path: Path) -> tuple[load.SourceFile, ParsedDocument]:
    """Read one file and parse it; every failure becomes a rejected document with its reason."""
    read = _read(path)
    if read.data is None:
        return read.source(), rejected(read.failure or "cannot read file")
    encoding, text, doc = read_converted(read.data)
    return read.source(encoding, text), _against_file_name(doc, path.name)


def _against_file_name(doc: ParsedDocument, name: str) -> ParsedDocument:
    """The content's fiscal year is kept; a file name that says another year is noted."""
    named = _NAMED_YEAR.findall(name)
    if not doc.fiscal_year or not named or doc.fiscal_year in named:
        return doc
    note = (
        f"the file name says {'/'.join(named)}, the content {doc.fiscal_year} ({doc.fiscal_year_source}):"
        " the content's year is kept"
    )
    return dataclasses.replace(doc, issues=(*doc.issues, ParseIssue(1, "info", note)))


_NAMED_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")


def read_converted(data: bytes) -> tuple[str | None, str | None, ParsedDocument]:
    """``read_bytes``, with a legacy Word document converted to .docx first when LibreOffice is
    installed (the document keeps the layout name ``doc``)."""
    program = convert.libreoffice() if formats.sniff(data) == formats.DOC else None
    if program is None:
        return read_bytes(data)
    try:
        converted = convert.doc_to_docx(data, program)
    except convert.ConversionError as exc:
        return None, None, rejected(f"legacy Word document (.doc): {exc}", formats.DOC)
    encoding, text, doc = read_bytes(converted)
    return encoding, text, dataclasses.replace(doc, layout=formats.DOC)


_BYTES_PER_WORKER = 4 * 2**20


def _total_bytes(files: list[Path], enough: int) -> int:
    """The files' size in all, counted up to ``enough`` (past it the answer is the same)."""
    total = 0
    for path in files:
        with contextlib.suppress(OSError):  # reported when it is read
            total += path.stat().st_size
        if total >= enough:
            break
    return total


def _parse_failed(reason: str) -> tuple[None, None, ParsedDocument]:
    return None, None, rejected(reason)


def default_workers() -> int:
    """Parser processes for a batch: one per core."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def ingest(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
    prune: bool = False,
) -> Summary:
    """Ingest files and folders into the raw tables; nothing aborts the batch.

    The files are the source of truth: a file whose path and sha256 are stored is skipped
    before it is parsed; a path whose content changed is read again and replaces its records;
    the same content under several paths is one document, kept under the path that stored it
    while that file is there (the others are reported ``unchanged``, with the path that holds
    it). Documents stored from a folder given whose files are gone are counted in
    ``Summary.gone``, and removed with ``prune``. Files are read and hashed here and parsed by
    up to ``workers`` processes (``workers.Pool``: each file bounded in memory and time), a
    window of files at a time, so memory stays bounded whatever the corpus size."""
    summary = Summary()
    files, problems = discover(paths, _warehouse_file(con))
    for path, problem in problems:
        summary.outcomes.append(Outcome(path, "rejected", problem))
    by_path, by_sha = load.known_files(con, PARSER_VERSION)
    batch: list[tuple[load.SourceFile, ParsedDocument]] = []
    dropped: list[str] = []  # paths whose records go: their content is held under another path
    present: dict[str, str | None] = {}  # path -> sha256 of every file read in this run
    read_now: set[str] = set()  # their absolute paths

    def flush() -> None:
        if batch or dropped:
            load.store(con, batch, PARSER_VERSION, replace_paths=dropped)
            batch.clear()
            dropped.clear()

    # one process per few MB of files: a small batch is parsed about as fast as it is read
    by_bytes = _total_bytes(files, workers * _BYTES_PER_WORKER) // _BYTES_PER_WORKER
    pool = workers_.Pool(read_converted, min(workers, max(1, len(files) // 50, by_bytes)), _parse_failed)
    window = BATCH_SIZE * max(workers, 1)
    done = 0
    with pool:
        for start in range(0, len(files), window):
            entries: list[_Read | Outcome] = []  # in file order: a file to store, or its outcome
            for read in map(_read, files[start : start + window]):
                present[read.shown] = read.sha256
                read_now.add(str(read.resolved))
                outcome = _known(read, by_path, by_sha, dropped, present)
                entries.append(outcome or read)
            parsed = iter(pool.map([e.data for e in entries if isinstance(e, _Read) and e.data is not None]))
            for entry in entries:
                if isinstance(entry, Outcome):
                    summary.outcomes.append(entry)
                    continue
                if entry.data is None:
                    src, doc = entry.source(), rejected(entry.failure or "cannot read file")
                else:
                    encoding, text, doc = next(parsed)
                    text, doc = _kept_text(text, doc)
                    src, doc = entry.source(encoding, text), _against_file_name(doc, entry.path.name)
                batch.append((src, doc))
                summary.outcomes.append(
                    Outcome(
                        src.file_path,
                        doc.status,
                        doc.status_reason,
                        len(doc.projects),
                        len(doc.goals),
                        len(doc.indicators),
                    )
                )
                if len(batch) >= BATCH_SIZE:
                    flush()
            done += len(files[start : start + window])
            if progress:
                progress(done, len(files))
        flush()
    summary.gone = _gone(con, [p for p in paths if p.is_dir()], read_now)
    if prune and summary.gone:
        load.store(con, [], PARSER_VERSION, replace_paths=summary.gone)
        summary.outcomes.extend(Outcome(path, "removed", "its file is gone") for path in summary.gone)
    return summary


def _warehouse_file(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file the connection writes (None in memory)."""
    row = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()
    return Path(row[0]).resolve() if row and row[0] else None


def _beside(path: Path, warehouse: Path | None) -> bool:
    """Whether a resolved path is the warehouse, one of its side files (``<db>.wal``,
    ``<db>.lock``, ``<db>.decisions.sqlite``, …) or inside one of its side folders (the Data Docs
    in ``<db>.gx/``): never a document."""
    if warehouse is None or not path.is_relative_to(warehouse.parent):
        return False
    first = path.relative_to(warehouse.parent).parts[0]
    return first == warehouse.name or first.startswith(warehouse.name + ".")


def _known(
    read: _Read,
    by_path: dict[str, str | None],
    by_sha: dict[str, str],
    dropped: list[str],
    present: dict[str, str | None],
) -> Outcome | None:
    """The outcome of a file that needs no parsing (else None; the maps learn the file)."""
    if not read.sha256:
        return None
    before = by_path.get(read.shown)
    if before == read.sha256:
        return Outcome(read.shown, "unchanged")
    holder = by_sha.get(read.sha256)
    if holder and holder != read.shown and _still_holds(holder, read.sha256, present):
        if before is not None:  # this path held other content: its records go
            dropped.append(read.shown)
            del by_path[read.shown]
        return Outcome(read.shown, "unchanged", f"same content as {holder}")
    by_sha[read.sha256] = read.shown
    by_path[read.shown] = read.sha256
    return None


def _still_holds(holder: str, sha256: str, present: dict[str, str | None]) -> bool:
    """Whether the file stored under ``holder`` still holds this content: as read in this run,
    else as read now (two files that swapped contents each hold the other's old content)."""
    if holder not in present:
        read = _read(Path(holder))
        present[holder] = read.sha256  # read again in its turn: it is then known unchanged or not
    return present[holder] == sha256


def _gone(con: duckdb.DuckDBPyConnection, folders: list[Path], read_now: set[str]) -> list[str]:
    """Stored documents from these folders whose files are gone, by their absolute paths (a
    shown path is relative to the folder jixiao ran in; a document stored without its absolute
    path is never taken for gone)."""
    if not folders:
        return []
    roots = [str(folder.resolve()).rstrip(os.sep) + os.sep for folder in folders]
    stored = con.execute(
        "select distinct file_path, file_path_resolved from raw.documents where file_path_resolved is not null"
    ).fetchall()
    return sorted(
        shown
        for shown, resolved in stored
        if resolved not in read_now
        and any(resolved.startswith(root) for root in roots)
        and not os.path.exists(resolved)
    )


def _kept_text(text: str | None, doc: ParsedDocument) -> tuple[str | None, ParsedDocument]:
    """The document's text, cut at ``limits.MAX_TEXT_CHARS`` (noted as an issue; every record
    read is kept)."""
    if text is None or len(text) <= limits.MAX_TEXT_CHARS:
        return text, doc
    note = (
        f"the text ({len(text):,} characters) is kept up to {limits.MAX_TEXT_CHARS:,} characters"
        " (JIXIAO_MAX_TEXT_MB); the records read from all of it are kept"
    )
    return text[: limits.MAX_TEXT_CHARS], dataclasses.replace(doc, issues=(*doc.issues, ParseIssue(1, "warning", note)))
