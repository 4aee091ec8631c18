"""Binary document formats, recognised by their content (never by file name).

A spreadsheet (.xlsx) is read here into rows of cells for the same grammar as every text layout;
the other binary formats are named so that their rejection says what they are.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

from .records import Row

XLSX = "xlsx"
DOCX = "docx"


def sniff(data: bytes) -> str | None:
    """The binary format of ``data``, or None for text."""
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "legacy Office (.doc/.xls)"
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff") or head.startswith(b"GIF8"):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "corrupt zip"
        if any(n.startswith("xl/") for n in names):
            return XLSX
        if any(n.startswith("word/") for n in names):
            return DOCX
        return "zip"
    return None


def _written(value: object, number_format: str) -> str:
    """A cell's value as the sheet shows it: 2076.7 formatted 0.00 is ``2076.70``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        if number_format.endswith("%"):
            decimals = len(number_format.split(".")[1].rstrip("%")) if "." in number_format else 0
            return f"{value * 100:.{decimals}f}%"
        if "." in number_format and set(number_format.split(".")[1]) <= {"0"}:
            return f"{value:.{len(number_format.split('.')[1])}f}"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return format(value, "f").rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def xlsx_rows(data: bytes) -> tuple[list[str], list[Row]]:
    """Every sheet as rows (merged cells empty but their first), and the text a reader sees: one
    line per row, cells separated by TABs, each sheet headed by its name; rows point at those lines."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), data_only=True)
    lines: list[str] = []
    rows: list[Row] = []
    for sheet in book.worksheets:
        lines.append(f"# {sheet.title}")
        for cells in sheet.iter_rows():
            values = tuple(_written(c.value, c.number_format or "General").replace("\r\n", "\n") for c in cells)
            lines.append("\t".join(v.replace("\n", " ") for v in values))
            filled = [v for v in values if v]
            if not filled:
                continue
            number = len(lines)
            if len(filled) == 1 and values[0]:  # a title or note in the first column
                rows.append(Row((filled[0],), number, number, kind="text"))
            else:
                rows.append(Row(values, number, number, aligned=True))
    return lines, rows


def docx_rows(data: bytes) -> tuple[list[str], list[Row]]:
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
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(element, document).text.strip()
            if text:
                lines.append(text)
                rows.append(Row((text,), len(lines), len(lines), kind="text"))
        elif tag == "tbl":
            above: list[object] = []
            for row in Table(element, document).rows:
                cells, seen = [], []
                for column, cell in enumerate(row.cells):
                    merged = (seen and seen[-1] is cell._tc) or (column < len(above) and above[column] is cell._tc)
                    cells.append("" if merged else "\n".join(p.text.strip() for p in cell.paragraphs).strip())
                    seen.append(cell._tc)
                above = seen
                lines.append("\t".join(c.replace("\n", " ") for c in cells))
                if any(cells):
                    rows.append(Row(tuple(cells), len(lines), len(lines), aligned=True))
    return lines, rows
