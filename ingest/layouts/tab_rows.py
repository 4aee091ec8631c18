"""Tables extracted one row per line, cells separated by TABs, HTML fragments in some cells.

Rows can be shifted a column left or right and repeat across page breaks; the adapter keeps the
cells where they are (``aligned=False``) and the grammar places them by meaning.
"""

from __future__ import annotations

import html
import re

from ..records import Row

NAME = "tab_rows"

_BLOCK_TAG = re.compile(r"\s*</?(?:p|br|div|li|tr)\b[^>]*>\s*", re.IGNORECASE)
_TAG = re.compile(r"<[^>]{0,200}>")
_MULTI_NL = re.compile(r"\n{2,}")


SEPARATOR = "\t"


def detect(lines: list[str], separator: str = SEPARATOR) -> float:
    """Share of non-blank lines that hold two or more non-empty cells."""
    content = [ln for ln in lines if ln.strip()]
    if not content:
        return 0.0
    multi = [ln for ln in content if sum(1 for c in ln.split(separator) if c.strip()) >= 2]
    score = len(multi) / len(content)
    return score if len(multi) >= 5 else 0.0


def clean_cell(cell: str) -> str:
    """Strip HTML markup from a cell; paragraph boundaries become line breaks."""
    if "<" not in cell and "&" not in cell:
        return cell.strip()
    text = _BLOCK_TAG.sub("\n", cell)
    text = _TAG.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")
    return _MULTI_NL.sub("\n", text).strip()


def to_rows(lines: list[str], separator: str = SEPARATOR) -> list[Row]:
    rows: list[Row] = []
    for no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if separator not in line:
            rows.append(Row((clean_cell(line.lstrip("#").strip()),), no, no, kind="text"))
            continue
        cells = [clean_cell(c) for c in line.split(separator)]
        while cells and not cells[-1]:
            cells.pop()
        rows.append(Row(tuple(cells), no, no))
    return rows
