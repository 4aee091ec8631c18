"""Word tables extracted one cell per line.

Each cell line starts with a TAB (an empty cell is a bare TAB); a cell that holds several
paragraphs continues on following lines without a TAB. Rows are *mostly* separated by blank
lines, but not always (blank lines inside a row, no blank line between two tables), so inside
an indicator table cells are counted against the header's column count instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import vocab
from ..records import Row

NAME = "tab_cells"

_CELL_LINE = re.compile(r"^[ \u3000]*\t")
_ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]")


def detect(lines: list[str]) -> float:
    """Share of non-blank lines that are single TAB-led cells."""
    content = [ln for ln in lines if ln.strip()]
    if not content:
        return 0.0
    cells = [ln for ln in content if _CELL_LINE.match(ln) and _cell_count(ln) <= 1]
    score = len(cells) / len(content)
    return score if len(cells) >= 5 else 0.0


def _cell_count(line: str) -> int:
    return sum(1 for part in line.split("\t")[1:] if part.strip())


@dataclass
class _Token:
    kind: str  # "cell" | "break" | "text"
    text: str
    line_start: int
    line_end: int


def _tokens(lines: list[str]) -> list[_Token]:
    tokens: list[_Token] = []
    for no, raw in enumerate(lines, start=1):
        line = _ARTEFACT.sub("", raw)
        if _CELL_LINE.match(line):
            parts = [p.strip() for p in line.split("\t")[1:]]
            while len(parts) > 1 and not parts[-1]:
                parts.pop()  # trailing TABs are merged-cell residue
            for part in parts:
                tokens.append(_Token("cell", part, no, no))
        elif not line.strip():
            tokens.append(_Token("break", "", no, no))
        elif tokens and tokens[-1].kind == "cell" and not vocab.TABLE_TITLE.search(line):
            # A paragraph of the previous cell that Word wrote on its own line.
            prev = tokens[-1]
            prev.text = f"{prev.text}\n{line.strip()}" if prev.text else line.strip()
            prev.line_end = no
        else:
            tokens.append(_Token("text", line.strip(), no, no))
    return tokens


def to_rows(lines: list[str]) -> list[Row]:
    rows: list[Row] = []
    pending: list[_Token] = []
    columns = 0  # > 0 while inside an indicator table: cells per row
    goal_first = False  # the indicator table's first column holds the goal

    def flush(aligned: bool = False) -> None:
        if pending:
            cells = tuple(t.text for t in pending)
            kind = "truncated" if columns and not aligned else "cells"
            rows.append(Row(cells, pending[0].line_start, pending[-1].line_end, aligned=aligned, kind=kind))
            pending.clear()

    def is_header() -> bool:
        return vocab.is_indicator_header([t.text for t in pending])

    for token in _tokens(lines):
        if token.kind == "text":
            flush()  # a row cut short by a title is passed on; the grammar reports it
            columns = 0
            rows.append(Row((token.text,), token.line_start, token.line_end, kind="text"))
            continue
        header_done = token.kind == "break" or vocab.indicator_column(token.text) is None
        if not columns and pending and header_done and is_header():
            goal_first = vocab.indicator_column(pending[0].text) == "goal"
            columns = len(pending)
            flush(aligned=True)
        if columns:
            if token.kind == "break":
                continue
            if (
                not pending
                and token.text
                and not (vocab.is_level1(token.text) or goal_first and not _opens_table(token.text))
            ):
                # The first cell of an indicator row is a level-1 label or empty (merged), or
                # the goal when the table has a goal column; anything else means the table
                # ended without a blank line or title.
                columns = 0
            elif pending and token.text and vocab.project_label(token.text) in {"unit", "project_name", "project_code"}:
                flush()  # a row cut short by the next table's header block
                columns = 0
            else:
                pending.append(token)
                if len(pending) == columns:
                    flush(aligned=True)
                continue
        if token.kind == "break":
            flush()
        else:
            pending.append(token)
    flush()
    return rows


def _opens_table(cell: str) -> bool:
    return vocab.project_label(cell) in vocab.PROJECT_START
