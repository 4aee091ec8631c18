"""Web pages flattened to text: one table row per line, cells separated by ``|``.

Merged cells leave runs of empty cells (``||||``). The same reading as TAB-separated rows:
cells stay where they are and the grammar places them by meaning.
"""

from __future__ import annotations

from ..records import Row
from . import tab_rows

NAME = "pipe_rows"
SEPARATOR = "|"


def detect(lines: list[str]) -> float:
    if any("\t" in ln for ln in lines):
        return 0.0
    return tab_rows.detect(lines, SEPARATOR)


def to_rows(lines: list[str]) -> list[Row]:
    return tab_rows.to_rows(lines, SEPARATOR)
