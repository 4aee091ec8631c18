"""Reviewers' decisions on review flags and consistency findings, kept beside the warehouse.

The store is ``<db>.decisions.sqlite`` (SQLite in WAL mode, from the standard library): `jixiao
build` never touches it, so no rebuild forgets a decision; writing one takes milliseconds and
blocks no reader or build of the warehouse, and several reviewers may write at once. Every
decision is kept; the latest per key is the one in force.

Keys are the ``flag_key`` of fct_target_flags and the ``finding_key`` of fct_consistency_findings:
md5 of the rule and the subject, whose key comes from the document's content. The same document
content therefore keeps its keys across re-ingests and rebuilds, and its decisions with them.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

DECISIONS = ("confirmed", "dismissed", "noted")
KINDS = {"flag": ("fct_target_flags", "flag_key"), "finding": ("fct_consistency_findings", "finding_key")}
COLUMNS = ("key", "kind", "decision", "reviewer", "note", "decided_at")


class Decision(NamedTuple):
    key: str
    kind: str  # flag | finding
    decision: str  # confirmed | dismissed | noted
    reviewer: str
    note: str | None
    decided_at: str  # ISO 8601, UTC


class UnknownSubject(ValueError):
    """A key that names no flag or finding of the warehouse."""


def store_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".decisions.sqlite")


@contextmanager
def _store(db_path: Path, create: bool) -> Iterator[sqlite3.Connection | None]:
    path = store_path(db_path)
    if not create and not path.exists():
        yield None
        return
    with closing(sqlite3.connect(path, timeout=10)) as con:
        con.execute("pragma journal_mode = wal")
        con.execute(
            "create table if not exists decisions (key text not null, kind text not null, "
            "decision text not null, reviewer text not null, note text, decided_at text not null)"
        )
        yield con


def kind_of(db_path: Path, key: str) -> str:
    """``flag`` or ``finding``: which the warehouse holds under ``key`` (UnknownSubject if neither)."""
    from .warehouse import connect_read_only

    with connect_read_only(db_path) as con:
        present = {row[0] for row in con.execute("select table_name from information_schema.tables").fetchall()}
        for kind, (table, column) in KINDS.items():
            if table in present and con.execute(f"select 1 from {table} where {column} = ?", [key]).fetchone():
                return kind
    raise UnknownSubject(f"no review flag or consistency finding has the key {key} in {db_path}")


def mark(
    db_path: Path, key: str, decision: str, reviewer: str, note: str | None = None, kind: str | None = None
) -> Decision:
    """Record a decision on the flag or finding ``key`` (its kind looked up when not given)."""
    if decision not in DECISIONS:
        raise ValueError(f"a decision is one of {', '.join(DECISIONS)}, not {decision!r}")
    if not reviewer.strip():
        raise ValueError("a decision needs the reviewer's name")
    kind = kind or kind_of(db_path, key)
    if kind not in KINDS:
        raise ValueError(f"a decision is on a flag or a finding, not {kind!r}")
    made = Decision(key, kind, decision, reviewer.strip(), (note or "").strip() or None, _now())
    with _store(db_path, create=True) as con:
        assert con is not None
        with con:
            con.execute(f"insert into decisions values ({', '.join('?' * len(COLUMNS))})", made)
    return made


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def history(db_path: Path) -> list[Decision]:
    """Every decision, oldest first."""
    with _store(db_path, create=False) as con:
        if con is None:
            return []
        rows = con.execute(f"select {', '.join(COLUMNS)} from decisions order by decided_at, rowid").fetchall()
    return [Decision(*row) for row in rows]


def in_force(db_path: Path) -> dict[str, Decision]:
    """The latest decision per key."""
    return {decision.key: decision for decision in history(db_path)}


def export(db_path: Path, out: Path) -> int:
    """Every decision as CSV (UTF-8, a header row); the number written."""
    decisions = history(db_path)
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        writer.writerows(decisions)
    return len(decisions)


def unknown_keys(db_path: Path) -> list[str]:
    """Keys with a decision that no flag or finding of the warehouse holds now (its document
    changed or is gone): kept in the store, and marked so by `jixiao review list`."""
    decided = in_force(db_path)
    if not decided:
        return []
    from .warehouse import connect_read_only

    with connect_read_only(db_path) as con:
        present = {row[0] for row in con.execute("select table_name from information_schema.tables").fetchall()}
        known: set[str] = set()
        for table, column in KINDS.values():
            if table in present:
                known |= {row[0] for row in con.execute(f"select {column} from {table}").fetchall()}
    return sorted(set(decided) - known)
