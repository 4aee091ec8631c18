"""Layout adapters: each module turns the text of one way of extracting tables into rows.

A layout module defines ``NAME``, ``detect(lines) -> float`` (0 = not this layout, 1 = surely)
and ``to_rows(lines) -> list[Row]``. Adding a layout is adding one module and listing it here.
When the most confident layout's reading is not clean, the other layouts that recognise the
text read it too and the reading that places more of its tables wins (``ingest.parse``).
"""

from __future__ import annotations

from types import ModuleType

from . import cell_stream, html_tables, pdf_text, pipe_rows, tab_cells, tab_rows

LAYOUTS: tuple[ModuleType, ...] = (html_tables, tab_cells, tab_rows, pipe_rows, pdf_text, cell_stream)


def candidates(lines: list[str]) -> list[ModuleType]:
    """The layouts that recognise the text, the most confident first."""
    scored = [(module.detect(lines), i, module) for i, module in enumerate(LAYOUTS)]
    return [module for score, _, module in sorted(scored, key=lambda t: (-t[0], t[1])) if score >= 0.3]


def detect(lines: list[str]) -> ModuleType | None:
    """The layout whose detector is most confident, or None when none recognises the text."""
    found = candidates(lines)
    return found[0] if found else None
