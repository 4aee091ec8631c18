"""The ingest job: find files, read bytes, parse (pure), store in batches. IO lives here."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from . import convert, formats, load
from .parse import PARSER_VERSION, read_bytes, rejected
from .records import ParsedDocument

MAX_TEXT_BYTES = 64 * 1024 * 1024  # a larger file is not a performance table
BATCH_SIZE = 100


@dataclass
class Outcome:
    path: str
    status: str  # parsed | partial | rejected | unchanged
    reason: str | None = None
    projects: int = 0
    goals: int = 0
    indicators: int = 0


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def total(self, attr: str) -> int:
        return sum(getattr(o, attr) for o in self.outcomes)


def discover(paths: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files under the given paths (folders recursively, sorted; symlinked folders not followed,
    so a link loop cannot trap the walk). Returns (files, [(path, problem)])."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for root in paths:
        if root.is_file():
            candidates: Iterator[Path] = iter([root])
        elif root.is_dir():
            candidates = _walk(root)
        else:
            problems.append((str(root), "no such file or folder"))
            continue
        for path in candidates:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                files.append(path)
    return files, problems


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                path = Path(folder) / name
                if path.is_file():
                    yield path


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


def read_and_parse(path: Path) -> tuple[load.SourceFile, ParsedDocument]:
    """Read one file and parse it; every failure becomes a rejected document with its reason."""
    shown = _display_path(path)

    def failed(reason: str, data: bytes | None = None) -> tuple[load.SourceFile, ParsedDocument]:
        sha = hashlib.sha256(data).hexdigest() if data is not None else None
        doc_id = (sha or hashlib.sha256(shown.encode()).hexdigest())[:16]
        size = len(data) if data is not None else None
        return load.SourceFile(doc_id, path.name, shown, sha, size, None), rejected(reason)

    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            return failed(f"file too large for a performance document ({size} bytes > {MAX_TEXT_BYTES})")
        data = path.read_bytes()
    except OSError as exc:
        return failed(f"cannot read file: {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()
    encoding, text, doc = read_converted(data)
    return load.SourceFile(sha[:16], path.name, shown, sha, len(data), encoding, text), doc


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


def ingest(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Ingest files and folders into the raw tables. Unchanged files (same path and sha256) are
    skipped; a changed file replaces its earlier records; nothing aborts the batch."""
    summary = Summary()
    files, problems = discover(paths)
    for path, problem in problems:
        summary.outcomes.append(Outcome(path, "rejected", problem))
    by_path, by_sha = load.known_files(con, PARSER_VERSION)
    batch: list[tuple[load.SourceFile, ParsedDocument]] = []

    def flush() -> None:
        if batch:
            load.store(con, batch, PARSER_VERSION)
            batch.clear()

    for done, path in enumerate(files, start=1):
        src, doc = read_and_parse(path)
        known_sha = by_path.get(src.file_path)
        if src.sha256 and (known_sha == src.sha256 or (src.sha256 in by_sha and by_sha[src.sha256] != src.file_path)):
            same = by_sha.get(src.sha256)
            reason = None if same == src.file_path else f"same content as {same}"
            summary.outcomes.append(Outcome(src.file_path, "unchanged", reason))
        else:
            batch.append((src, doc))
            if src.sha256:
                by_sha[src.sha256] = src.file_path
            by_path[src.file_path] = src.sha256
            summary.outcomes.append(
                Outcome(
                    src.file_path, doc.status, doc.status_reason, len(doc.projects), len(doc.goals), len(doc.indicators)
                )
            )
            if len(batch) >= BATCH_SIZE:
                flush()
        if progress:
            progress(done, len(files))
    flush()
    return summary
