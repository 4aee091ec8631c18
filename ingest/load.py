"""Writing parsed documents into the raw DuckDB tables (the IO edge of the ingest).

One long table per record kind in schema ``raw``; every value a string as written; every record
keyed by its document and carrying its source line span. A document's records are written in
the same transaction as its ``raw.documents`` row, so a crash never leaves half a document, and
a changed file replaces its earlier records atomically.
"""

from __future__ import annotations

import contextlib
import dataclasses
import operator
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from .records import (
    BudgetExecution,
    DepartmentTask,
    Goal,
    Indicator,
    OcrCell,
    ParsedDocument,
    PerformanceTable,
    Project,
)

SCHEMA = "raw"

_V = "varchar"
_I = "integer"
_D = "double"

DOCUMENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("document_id", _V),
    ("file_name", _V),
    ("file_path", _V),
    ("sha256", _V),
    ("size_bytes", "bigint"),
    ("encoding", _V),
    ("layout", _V),
    ("doc_type", _V),
    ("fiscal_year", _V),
    ("agency_raw", _V),
    ("title_raw", _V),
    ("status", _V),
    ("status_reason", _V),
    ("parser_version", _V),
    ("ingested_at", "timestamp"),
    ("fiscal_year_source", _V),
    ("agency_source", _V),
    ("file_path_resolved", _V),
    ("reading_method", _V),
    ("file_mtime_ns", "bigint"),
)


def _record_columns(cls: type) -> tuple[tuple[str, str], ...]:
    cols = [("document_id", _V)]
    for f in dataclasses.fields(cls):
        cols.append((f.name, _I if f.type in ("int", "int | None") else _D if f.type == "float" else _V))
    cols.append(("location", _V))  # where line_start sits in a binary file (page/table/row, sheet!cells)
    return tuple(cols)


RECORD_TABLES: dict[str, tuple[str, type]] = {
    # table name -> (attribute of ParsedDocument, record class)
    "projects": ("projects", Project),
    "indicators": ("indicators", Indicator),
    "department_tasks": ("tasks", DepartmentTask),
    "goals": ("goals", Goal),
    "budget_execution": ("budget_execution", BudgetExecution),
    "performance_tables": ("tables", PerformanceTable),
    "ocr_cells": ("ocr_cells", OcrCell),
}
ISSUE_COLUMNS = (("document_id", _V), ("line", _I), ("location", _V), ("severity", _V), ("message", _V))
TEXT_COLUMNS = (("document_id", _V), ("text", _V))

TABLE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": DOCUMENT_COLUMNS,
    **{name: _record_columns(cls) for name, (_, cls) in RECORD_TABLES.items()},
    "parse_issues": ISSUE_COLUMNS,
    "document_texts": TEXT_COLUMNS,
}


@dataclass(frozen=True)
class SourceFile:
    """What the reader learned about a file before parsing it."""

    document_id: str
    file_name: str
    file_path: str
    sha256: str | None
    size_bytes: int | None
    encoding: str | None
    text: str | None = None  # the decoded text, kept so that every line can be shown
    resolved_path: str | None = None  # absolute, links resolved
    mtime_ns: int | None = None  # the file's modification time when it was read


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw tables, and add the columns a newer loader writes to older ones."""
    con.execute(f"create schema if not exists {SCHEMA}")
    for table, columns in TABLE_COLUMNS.items():
        body = ", ".join(f"{name} {sql_type}" for name, sql_type in columns)
        con.execute(f"create table if not exists {SCHEMA}.{table} ({body})")
        for name, sql_type in columns:
            con.execute(f"alter table {SCHEMA}.{table} add column if not exists {name} {sql_type}")


@dataclass(frozen=True)
class Known:
    """A stored document's file as it was when read: what a re-ingest compares."""

    sha256: str | None
    size_bytes: int | None
    mtime_ns: int | None


def known_files(con: duckdb.DuckDBPyConnection, parser_version: str) -> tuple[dict[str, Known], dict[str, str]]:
    """(file_path -> Known, sha256 -> file_path) of every document already stored by this
    parser version (a document read by an older parser is read again)."""
    rows = con.execute(
        f"select file_path, sha256, size_bytes, file_mtime_ns from {SCHEMA}.documents where parser_version = ?",
        [parser_version],
    ).fetchall()
    by_path = {path: Known(sha, size, mtime) for path, sha, size, mtime in rows}
    by_sha = {sha: path for path, sha, _, _ in rows if sha}
    return by_path, by_sha


@dataclass
class Stored:
    """The file paths and document ids the raw tables hold, kept in step by ``store``: a batch
    that replaces none of them is written without looking for stale records."""

    paths: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection) -> Stored:
        rows = con.execute(f"select file_path, document_id from {SCHEMA}.documents").fetchall()
        return cls({path for path, _ in rows}, {doc_id for _, doc_id in rows})


def _table(columns: tuple[tuple[str, str], ...], rows: list[tuple]) -> pa.Table:
    types = {
        _V: pa.string(),
        _I: pa.int64(),
        _D: pa.float64(),
        "bigint": pa.int64(),
        "timestamp": pa.timestamp("us", tz="UTC"),
    }
    arrays = [pa.array([r[i] for r in rows], type=types[t]) for i, (_, t) in enumerate(columns)]
    return pa.Table.from_arrays(arrays, names=[name for name, _ in columns])


# each record class's fields as a plain tuple, in the table's column order
_FIELDS = {
    table: operator.attrgetter(*(f.name for f in dataclasses.fields(cls))) for table, (_, cls) in RECORD_TABLES.items()
}


def table_rows(
    batch: Sequence[tuple[SourceFile, ParsedDocument]], parser_version: str, now: datetime
) -> dict[str, list[tuple]]:
    """The rows of every raw table for a batch of documents (pure: what ``store`` writes)."""
    rows: dict[str, list[tuple]] = {table: [] for table in TABLE_COLUMNS}
    for src, doc in batch:
        rows["documents"].append(
            (
                src.document_id,
                src.file_name,
                src.file_path,
                src.sha256,
                src.size_bytes,
                src.encoding,
                doc.layout,
                doc.doc_type,
                doc.fiscal_year,
                doc.agency_raw,
                doc.title_raw,
                doc.status,
                doc.status_reason,
                parser_version,
                now,
                doc.fiscal_year_source,
                doc.agency_source,
                src.resolved_path,
                doc.reading_method,
                src.mtime_ns,
            )
        )
        located = dict(doc.locations)
        for table, (attr, _) in RECORD_TABLES.items():
            fields = _FIELDS[table]
            rows[table].extend(
                (src.document_id, *fields(record), located.get(record.line_start)) for record in getattr(doc, attr)
            )
        for issue in doc.issues:
            rows["parse_issues"].append(
                (src.document_id, issue.line, located.get(issue.line), issue.severity, issue.message)
            )
        if src.text is not None and doc.status != "rejected":  # a rejected file's text is not kept
            rows["document_texts"].append((src.document_id, src.text))
    return rows


def arrow_tables(rows: dict[str, list[tuple]]) -> dict[str, pa.Table]:
    """The raw tables' rows as Arrow tables (the tables without rows left out)."""
    return {table: _table(TABLE_COLUMNS[table], found) for table, found in rows.items() if found}


def store(
    con: duckdb.DuckDBPyConnection,
    batch: Sequence[tuple[SourceFile, ParsedDocument]],
    parser_version: str,
    replace_paths: Iterable[str] = (),
    stored: Stored | None = None,
) -> None:
    """Write a batch of documents in one transaction, replacing earlier versions of their files
    (looked up in ``stored`` when given, else in the tables)."""
    tables = arrow_tables(table_rows(batch, parser_version, datetime.now(UTC)))
    write(
        con, tables, {src.file_path for src, _ in batch} | set(replace_paths), {s.document_id for s, _ in batch}, stored
    )


def write(
    con: duckdb.DuckDBPyConnection,
    tables: dict[str, pa.Table],
    paths: set[str],
    ids: set[str],
    stored: Stored | None = None,
) -> None:
    """Append the tables (``table_rows`` as Arrow, or anything DuckDB scans with those columns)
    in one transaction, first removing every document held under one of ``paths`` or ``ids``."""
    stale_paths = sorted(paths if stored is None else paths & stored.paths)
    stale_ids = sorted(ids if stored is None else ids & stored.ids)
    con.execute("begin transaction")
    try:
        stale: list[tuple[str, str]] = []  # (document id, file path)
        if stale_paths or stale_ids:
            stale = con.execute(
                f"select document_id, file_path from {SCHEMA}.documents where file_path in (select unnest(?)) "
                f"or document_id in (select unnest(?))",
                [stale_paths, stale_ids],
            ).fetchall()
        if stale:
            gone = [doc_id for doc_id, _ in stale]
            for table in TABLE_COLUMNS:
                con.execute(f"delete from {SCHEMA}.{table} where document_id in (select unnest(?))", [gone])
        for table, arrow in tables.items():
            con.register("_incoming", arrow)
            names = ", ".join(name for name, _ in TABLE_COLUMNS[table])
            con.execute(f"insert into {SCHEMA}.{table} ({names}) select {names} from _incoming")
            con.unregister("_incoming")
        con.execute("commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # a commit that failed (a full disk) ended it already
            con.execute("rollback")
        raise
    if stored is not None:
        stored.paths -= {path for _, path in stale}
        stored.ids -= {doc_id for doc_id, _ in stale}
        if "documents" in tables:
            written = tables["documents"].select(["file_path", "document_id"]).to_pydict()
            stored.paths.update(written["file_path"])
            stored.ids.update(written["document_id"])


def touch(con: duckdb.DuckDBPyConnection, files: Sequence[tuple[str, int]]) -> None:
    """Note the new modification time of stored files whose content is unchanged."""
    con.execute(
        f"update {SCHEMA}.documents set file_mtime_ns = t.mtime_ns "
        "from (select unnest(?) as file_path, unnest(?) as mtime_ns) as t where documents.file_path = t.file_path",
        [[path for path, _ in files], [mtime for _, mtime in files]],
    )


# never fetch a DuckDB extension from the network (a SQLite file given as --db would)
OFFLINE = {"autoinstall_known_extensions": False}


# DuckDB's memory for the ingest's connection (its cache of the file grows with the warehouse;
# past the cap it reads pages again or spills): $JIXIAO_INGEST_MEMORY_MB
INGEST_MEMORY_MB = int(os.environ.get("JIXIAO_INGEST_MEMORY_MB", 512))


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), config={**OFFLINE, "memory_limit": f"{INGEST_MEMORY_MB}MB"})
    ensure_schema(con)
    return con
