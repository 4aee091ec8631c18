"""Layout adapters: each module turns the text of one way of extracting tables into rows.

A layout module defines ``NAME``, ``detect(lines) -> float`` (0 = not this layout, 1 = surely)
and ``to_rows(lines) -> list[Row]``; a layout whose text carries markup also defines
``visible_lines(lines, rows)``, the lines a reader sees (from the rows read, so the text is parsed
once). Adding a layout is adding one module and listing it here.
When the most confident layout's reading is not clean, the other layouts that recognise the
text read it too and the reading that places more of its tables wins (``ingest.parse``). The
general reader (``cell_stream``, ``FALLBACK = True``) reads any text; it is asked only when the
layouts made for one way of flattening do not read the text cleanly.
"""

from __future__ import annotations

from types import ModuleType

from . import cell_stream, html_tables, pdf_text, pipe_rows, tab_cells, tab_rows

LAYOUTS: tuple[ModuleType, ...] = (html_tables, tab_cells, tab_rows, pipe_rows, pdf_text, cell_stream)


def candidates(lines: list[str], fallbacks: bool = True) -> list[ModuleType]:
    """The layouts that recognise the text, the most confident first. A layout marked
    ``FALLBACK`` (the general reader) comes after the others, and only when asked for."""
    scored = [
        (module.detect(lines), i, module)
        for i, module in enumerate(LAYOUTS)
        if fallbacks or not getattr(module, "FALLBACK", False)
    ]
    found = [module for score, _, module in sorted(scored, key=lambda t: (-t[0], t[1])) if score >= 0.3]
    return sorted(found, key=lambda module: getattr(module, "FALLBACK", False))


def detect(lines: list[str]) -> ModuleType | None:
    """The layout whose detector is most confident, or None when none recognises the text."""
    found = candidates(lines)
    return found[0] if found else None
