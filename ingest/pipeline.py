"""The ingest job: find files, read bytes, parse (pure), store in batches. IO lives here."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import queue
import re
import threading
from collections import deque
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
    found, problems = _discover(paths, warehouse)
    return [path for path, _ in found], problems


def _discover(paths: list[Path], warehouse: Path | None) -> tuple[list[tuple[Path, Path]], list[tuple[str, str]]]:
    """``discover``, each file with its resolved path (resolved once: a folder's files are
    found under the folder resolved, so only a linked file needs resolving again)."""
    files: list[tuple[Path, Path]] = []
    problems: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for root in paths:
        if root.is_file() and _beside(root.resolve(), warehouse):
            candidates: Iterator[tuple[Path, str | None, Path | None]] = iter(
                [(root, "the warehouse's own file: not read", None)]
            )
        elif root.is_file():
            candidates = iter([(root, None, root.resolve())])
        elif root.is_dir():
            candidates = _walk(root.resolve())
        elif root.exists():
            candidates = iter([(root, "not a regular file (a device, FIFO or socket): not read", None)])
        else:
            problems.append((str(root), "no such file or folder"))
            continue
        for path, problem, key in candidates:
            if problem or key is None:
                problems.append((_display_path(path), problem or "not read"))
                continue
            if key not in seen and not _beside(key, warehouse):
                seen.add(key)
                files.append((path, key))
    return files, problems


def _walk(inside: Path) -> Iterator[tuple[Path, str | None, Path | None]]:
    """(path, problem, resolved path) of the files under a resolved folder, each folder's files
    (sorted) before its folders (no folder link followed, so only a link to a file needs
    resolving). Entries are typed by the directory listing: a regular file costs no system call."""

    def walk(folder: str) -> Iterator[tuple[Path, str | None, Path | None]]:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return  # as os.walk: a folder that cannot be listed is passed over
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():  # a link to a folder is not followed
                if not entry.is_symlink():
                    folders.append(entry.path)
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(inside):
                    yield path, "a link to a file outside the folder: not read", None
                elif not entry.is_file():
                    yield path, "not a regular file (a device, FIFO or socket, or a broken link): not read", None
                else:
                    yield path, None, target
            elif not entry.is_file():
                yield path, "not a regular file (a device, FIFO or socket, or a broken link): not read", None
            else:
                yield path, None, path
        for sub in folders:
            yield from walk(sub)

    return walk(str(inside))


def _display_path(path: Path, cwd: str | None = None) -> str:
    """A path as shown and stored: relative to the working folder (``cwd``, resolved) when inside it."""
    shown = str(path.absolute())
    cwd = cwd or str(Path.cwd().resolve())
    inside = cwd.rstrip(os.sep) + os.sep
    return shown[len(inside) :] if shown.startswith(inside) else ("." if shown == cwd else shown)


@dataclass
class _Read:
    """A file read from disk (or the reason it could not be)."""

    path: Path
    resolved: Path  # absolute, links resolved
    shown: str
    data: bytes | None = None
    sha256: str | None = None
    failure: str | None = None
    mtime_ns: int | None = None
    size: int | None = None

    def source(self, encoding: str | None = None, text: str | None = None) -> load.SourceFile:
        doc_id = (self.sha256 or hashlib.sha256(self.shown.encode()).hexdigest())[:16]
        return load.SourceFile(
            doc_id,
            self.path.name,
            self.shown,
            self.sha256,
            self.size,
            encoding,
            text,
            str(self.resolved),
            self.mtime_ns,
        )

    def finished(
        self, parsed: tuple[str | None, str | None, ParsedDocument] | None
    ) -> tuple[load.SourceFile, ParsedDocument]:
        """The file and its document as stored, from what the parser returned (None: not read)."""
        if parsed is None:
            return self.source(), rejected(self.failure or "cannot read file")
        encoding, text, doc = parsed
        text, doc = _kept_text(text, doc)
        return self.source(encoding, text), _against_file_name(doc, self.path.name)

    def outcome(self, doc: ParsedDocument) -> Outcome:
        return Outcome(
            self.shown, doc.status, doc.status_reason, len(doc.projects), len(doc.goals), len(doc.indicators)
        )


def _read(path: Path, resolved: Path | None = None, shown: str | None = None) -> _Read:
    resolved = resolved or path.resolve()
    shown = shown or _display_path(resolved)
    try:
        status = path.stat()
        if status.st_size > limits.MAX_FILE_BYTES:
            return _Read(
                path,
                resolved,
                shown,
                failure=f"file too large for a performance document ({status.st_size} bytes > {limits.MAX_FILE_BYTES})",
            )
        data = path.read_bytes()
    except OSError as exc:
        return _Read(path, resolved, shown, failure=f"cannot read file: {exc.strerror or exc}")
    return _Read(path, resolved, shown, data, hashlib.sha256(data).hexdigest(), None, status.st_mtime_ns, len(data))


def read_and_parse(path: Path) -> tuple[load.SourceFile, ParsedDocument]:
    """Read one file and parse it; every failure becomes a rejected document with its reason."""
    read = _read(path)
    return read.finished(None if read.data is None else read_converted(read.data))


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
    checksum: bool = False,
) -> Summary:
    """Ingest files and folders into the raw tables; nothing aborts the batch.

    The files are the source of truth: a file whose path, size and modification time are as
    stored is skipped unread (with ``checksum``, or when either differs, it is read and its
    sha256 decides); a path whose content changed is read again and replaces its records; the
    same content under several paths is one document, kept under the path that stored it while
    that file is there (the others are reported ``unchanged``, with the path that holds it).
    Documents stored from a folder given whose files are gone are counted in ``Summary.gone``,
    and removed with ``prune``. Files are read and hashed here, parsed by up to ``workers``
    processes (``workers.Pool``: each file bounded in memory and time) and stored by a thread
    while the processes parse on, a bounded number of files in flight, so memory stays bounded
    whatever the corpus size."""
    summary = Summary()
    found, problems = _discover(paths, _warehouse_file(con))
    for path, problem in problems:
        summary.outcomes.append(Outcome(path, "rejected", problem))
    by_path, by_sha = load.known_files(con, PARSER_VERSION)
    stored = load.Stored.of(con)
    cwd = str(Path.cwd().resolve())
    present: dict[str, str | None] = {}  # path -> sha256 of every file read in this run
    read_now: set[str] = set()  # their absolute paths
    order: deque[_Read | Outcome] = deque()  # in file order: a file to store, or its outcome
    touched: list[tuple[str, int]] = []  # unchanged files with a new modification time
    batch: list[tuple[load.SourceFile, ParsedDocument]] = []
    dropped: list[str] = []  # paths whose records go: their content is held under another path

    def classify() -> Iterator[bytes]:
        """Each file's entry in ``order``; the bytes of those to parse, to the parsers."""
        for path, resolved in found:
            shown = _display_path(resolved, cwd)
            read_now.add(str(resolved))
            unread = None if checksum else _unchanged(path, shown, by_path.get(shown))
            if unread is not None:
                present[shown] = unread
                order.append(Outcome(shown, "unchanged"))
                continue
            read = _read(path, resolved, shown)
            present[shown] = read.sha256
            before = by_path.get(shown)
            outcome = _known(read, by_path, by_sha, dropped, present)
            if outcome is not None and outcome.reason is None and before and before.mtime_ns != read.mtime_ns:
                touched.append((shown, read.mtime_ns))  # the same content, touched since: noted
            order.append(outcome or read)
            if outcome is None and read.data is not None:
                yield read.data

    # one process per few MB of files: a small batch is parsed about as fast as it is read
    files = [path for path, _ in found]
    by_bytes = _total_bytes(files, workers * _BYTES_PER_WORKER) // _BYTES_PER_WORKER
    pool = workers_.Pool(read_converted, min(workers, max(1, len(files) // 50, by_bytes)), _parse_failed)
    done = 0

    def settle(entry: _Read | Outcome, parsed: tuple[str | None, str | None, ParsedDocument] | None) -> None:
        nonlocal done
        done += 1
        if isinstance(entry, Outcome):
            summary.outcomes.append(entry)
        else:
            src, doc = entry.finished(parsed)
            batch.append((src, doc))
            summary.outcomes.append(entry.outcome(doc))
        if len(batch) >= BATCH_SIZE or len(dropped) >= BATCH_SIZE or len(touched) >= BATCH_SIZE:
            storer.put(batch[:], dropped[:], touched[:])
            batch.clear(), dropped.clear(), touched.clear()
        if progress and done % BATCH_SIZE == 0:
            progress(done, len(found))

    with pool, _Storer(con, stored) as storer:
        for parsed in pool.imap(classify(), ahead=BATCH_SIZE * max(workers, 1)):
            while not (isinstance(order[0], _Read) and order[0].data is not None):  # not parsed
                settle(order.popleft(), None)
            settle(order.popleft(), parsed)
        while order:
            settle(order.popleft(), None)
        if batch or dropped or touched:
            storer.put(batch[:], dropped[:], touched[:])
    if progress:
        progress(done, len(found))
    summary.gone = _gone(con, [p for p in paths if p.is_dir()], read_now)
    if prune and summary.gone:
        load.store(con, [], PARSER_VERSION, replace_paths=summary.gone)
        summary.outcomes.extend(Outcome(path, "removed", "its file is gone") for path in summary.gone)
    return summary


def _unchanged(path: Path, shown: str, before: load.Known | None) -> str | None:
    """The stored sha256 of a file whose size and modification time are as stored (None when
    it must be read)."""
    if before is None or before.sha256 is None or before.mtime_ns is None:
        return None
    try:
        status = path.stat()
    except OSError:
        return None  # the read says why
    if (status.st_size, status.st_mtime_ns) == (before.size_bytes, before.mtime_ns):
        return before.sha256
    return None


class _Storer:
    """A thread that stores batches (``load.store``) while the caller goes on: at most two
    batches wait; an error in the thread is raised in the caller at its next ``put`` or at
    the end."""

    def __init__(self, con: duckdb.DuckDBPyConnection, stored: load.Stored) -> None:
        self._con, self._stored = con, stored
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="jixiao-store", daemon=True)

    def _run(self) -> None:
        while (job := self._queue.get()) is not None:
            if self._error is not None:
                continue  # after a failure nothing more is written; the caller is told
            batch, dropped, touched = job
            try:
                if batch or dropped:
                    load.store(self._con, batch, PARSER_VERSION, replace_paths=dropped, stored=self._stored)
                if touched:
                    load.touch(self._con, touched)
            except BaseException as exc:  # noqa: BLE001 - raised again in the caller
                self._error = exc

    def put(self, batch: list, dropped: list[str], touched: list[tuple[str, int]]) -> None:
        self._raise()
        self._queue.put((batch, dropped, touched))

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def __enter__(self) -> _Storer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._queue.put(None)
        self._thread.join()
        if exc[0] is None:
            self._raise()


def _warehouse_file(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file the connection writes (None in memory)."""
    row = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()
    return Path(row[0]).resolve() if row and row[0] else None


def _beside(path: Path, warehouse: Path | None) -> bool:
    """Whether a resolved path is the warehouse, one of its side files (``<db>.wal``,
    ``<db>.lock``, ``<db>.decisions.sqlite``, …) or inside one of its side folders (the Data Docs
    in ``<db>.gx/``): never a document."""
    if warehouse is None:
        return False
    folder = str(warehouse.parent).rstrip(os.sep) + os.sep
    shown = str(path)
    if not shown.startswith(folder):
        return False
    first = shown[len(folder) :].split(os.sep, 1)[0]
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
    if before is not None and before.sha256 == read.sha256:
        return Outcome(read.shown, "unchanged")
    holder = by_sha.get(read.sha256)
    if holder and holder != read.shown and _still_holds(holder, read.sha256, present):
        if before is not None:  # this path held other content: its records go
            dropped.append(read.shown)
            del by_path[read.shown]
        return Outcome(read.shown, "unchanged", f"same content as {holder}")
    by_sha[read.sha256] = read.shown
    by_path[read.shown] = load.Known(read.sha256, read.size, read.mtime_ns)
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
