"""Layout adapters: each module turns the text of one way of extracting tables into rows.

A layout module defines ``NAME``, ``detect(lines) -> float`` (0 = not this layout, 1 = surely)
and ``to_rows(lines) -> list[Row]``. Adding a layout is adding one module and listing it here.
"""

from __future__ import annotations

from types import ModuleType

from . import html_tables, pdf_text, pipe_rows, tab_cells, tab_rows

LAYOUTS: tuple[ModuleType, ...] = (html_tables, tab_cells, tab_rows, pipe_rows, pdf_text)


def detect(lines: list[str]) -> ModuleType | None:
    """The layout whose detector is most confident, or None when none recognises the text."""
    scored = [(module.detect(lines), module) for module in LAYOUTS]
    score, module = max(scored, key=lambda pair: pair[0])
    return module if score >= 0.3 else None
