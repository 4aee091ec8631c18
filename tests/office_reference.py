"""The python-docx reading of a Word document that ``ingest.formats.docx_rows`` replaced: the
reference the lxml reader is compared with (tests/test_office_readers.py)."""

from __future__ import annotations

import io

from ingest.formats import _check_docx_grid, _lose
from ingest.records import Row


def reference_docx_rows(data: bytes) -> tuple[list[str], list[Row]]:
    """A Word document's paragraphs and tables in order: paragraphs become text rows, each table
    row a row of cells on the table's grid (a cell merged across columns or rows is empty but in
    its first position, as Word's own text export leaves it). The text a reader sees has one line
    per paragraph and per table row (TABs between cells); rows point at those lines."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    lines: list[str] = []
    rows: list[Row] = []
    paragraphs = tables = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs += 1
            text = Paragraph(element, document).text.strip()
            if text:
                lines.append(text)
                rows.append(Row((text,), len(lines), len(lines), kind="text", location=f"paragraph {paragraphs}"))
        elif tag == "tbl":
            tables += 1
            mark = (len(lines), len(rows))
            try:
                _reference_table(Table(element, document), tables, lines, rows)
            except Exception as exc:  # noqa: BLE001 - one table failing loses that table only
                _lose(lines, rows, mark, f"table {tables}", exc)
    return lines, rows


def _reference_table(table, number: int, lines: list[str], rows: list[Row]) -> None:  # type: ignore[no-untyped-def]
    _check_docx_grid(table._tbl, number)
    above: list[object] = []
    for row_no, row in enumerate(table.rows, start=1):
        cells, seen = [], []
        for column, cell in enumerate(row.cells):
            merged = (seen and seen[-1] is cell._tc) or (column < len(above) and above[column] is cell._tc)
            cells.append("" if merged else "\n".join(p.text.strip() for p in cell.paragraphs).strip())
            seen.append(cell._tc)
        above = seen
        lines.append("\t".join(c.replace("\n", " ") for c in cells))
        if any(cells):
            rows.append(
                Row(tuple(cells), len(lines), len(lines), aligned=True, location=f"table {number}, row {row_no}")
            )
