"""Documents as agencies lay them out: paragraphs and tables with merged cells, written as files.

One description (a list of paragraphs and ``Table``s) is written in every form jixiao reads: Word
(.docx), Excel (.xlsx), HTML pages, and the text forms that extraction tools give (one cell per
line, one row per line with TAB or ``|`` between cells). The fixture script and ``jixiao synth``
both write through here; the parsers never use it.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field

_NUMBER = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.(\d+))?$")
_PERCENT = re.compile(r"^(\d+(?:\.(\d+))?)%$")


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1  # > 1 on the first cell of a vertical merge
    merged: bool = False  # covered by a merge from above


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)


Part = str | Table


def table(rows: list[list[str]] | list[tuple[str, ...]]) -> Table:
    """A table from rows of cell texts as Word's text export shows them: a cell left empty under
    a label is merged down from that label, a row with fewer cells than the table has its last
    cell merged across to the right edge."""
    return _table([tuple(r) for r in rows])


def _is_label(text: str) -> bool:
    return bool(text) and not _NUMBER.match(text) and len(text) <= 20


def _table(rows: list[tuple[str, ...]]) -> Table:
    width = max(len(r) for r in rows)
    table = Table()
    for r, cells in enumerate(rows):
        row = [Cell(c) for c in cells]
        row[-1].colspan = width - len(cells) + 1
        if r:
            for c, cell in enumerate(row[:-1]):
                top = _top(table, r - 1, c)
                if not cell.text and top is not None and _is_label(top.text):
                    cell.merged = True
                    top.rowspan += 1
        table.rows.append(row)
    return table


def _top(table: Table, r: int, c: int) -> Cell | None:
    """The cell that starts the vertical merge covering (r, c), or None."""
    while r >= 0:
        row = table.rows[r]
        if c >= len(row) or row[c].colspan > 1:
            return None
        if not row[c].merged:
            return row[c]
        r -= 1
    return None


def _column_shares(table: Table, width: int) -> list[float]:
    """Column widths as Word's autofit would roughly give them: by the longest text in each
    column (single-column cells only), short columns kept readable, long ones capped."""
    longest = [2] * width
    for row in table.rows:
        for col, cell in _columns(row):
            if cell.colspan == 1 and not cell.merged:
                longest[col] = max(longest[col], min(len(cell.text), 40))
    weights = [max(n, 4) ** 0.75 for n in longest]
    return [w / sum(weights) for w in weights]


def _columns(row: list[Cell]) -> list[tuple[int, Cell]]:
    out, col = [], 0
    for cell in row:
        out.append((col, cell))
        col += cell.colspan
    return out


def write_docx(parts: list[str | Table], borders: bool) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Emu

    document = Document()
    section = document.sections[0]
    if any(sum(c.colspan for c in p.rows[0]) > 6 for p in parts if isinstance(p, Table)):
        # wide tables are printed on landscape pages, as agencies do
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    text_width = section.page_width - section.left_margin - section.right_margin
    for part in parts:
        if isinstance(part, str):
            document.add_paragraph(part)
            continue
        width = sum(c.colspan for c in part.rows[0])
        table = document.add_table(rows=len(part.rows), cols=width)
        table.autofit = False
        if borders:
            table.style = "Table Grid"
        for col, share in enumerate(_column_shares(part, width)):
            table.columns[col].width = Emu(int(text_width * share))
            for cell in table.columns[col].cells:
                cell.width = Emu(int(text_width * share))
        for r, row in enumerate(part.rows):
            for col, cell in _columns(row):
                if cell.merged:
                    continue
                target = table.cell(r, col)
                if cell.colspan > 1:
                    target = target.merge(table.cell(r, col + cell.colspan - 1))
                if cell.rowspan > 1:
                    target = target.merge(table.cell(r + cell.rowspan - 1, col))
                lines = cell.text.split("\n")
                target.text = lines[0]
                for extra in lines[1:]:
                    target.add_paragraph(extra)
    document.add_paragraph()  # Word always ends a document with a paragraph, after any table
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _store(sheet_cell, text: str) -> None:
    """A number as a number with the format that shows it as written; anything else as text."""
    if (m := _NUMBER.match(text)) and len(text) <= 15:
        decimals = len(m.group(1) or "")
        sheet_cell.value = float(text) if decimals else int(text)
        sheet_cell.number_format = "0." + "0" * decimals if decimals else "0"
    elif m := _PERCENT.match(text):
        decimals = len(m.group(2) or "")
        sheet_cell.value = round(float(m.group(1)) / 100, decimals + 2)
        sheet_cell.number_format = ("0." + "0" * decimals if decimals else "0") + "%"
    else:
        sheet_cell.value = text
        sheet_cell.data_type = "s"  # ``=100%`` is text, not a formula
        if text.startswith("="):
            sheet_cell.quotePrefix = True


def write_xlsx(parts: list[str | Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "表1"
    r = 0  # last row written in the sheet
    after_table = False
    for part in parts:
        if isinstance(part, str):
            if after_table:
                sheet = book.create_sheet(f"表{len(book.worksheets) + 1}")
                r, after_table = 0, False
            r += 1
            sheet.cell(r, 1).value = part
            continue
        for row in part.rows:
            r += 1
            for col, cell in _columns(row):
                if cell.merged:
                    continue
                _store(sheet.cell(r, col + 1), cell.text)
                if cell.colspan > 1 or cell.rowspan > 1:
                    end = f"{get_column_letter(col + cell.colspan)}{r + cell.rowspan - 1}"
                    sheet.merge_cells(f"{get_column_letter(col + 1)}{r}:{end}")
        after_table = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_html(parts: list[str | Table], title: str) -> bytes:
    body = []
    for part in parts:
        if isinstance(part, str):
            body.append(f"<p>{html.escape(part)}</p>")
            continue
        body.append('<table border="1" cellspacing="0">')
        for row in part.rows:
            tds = []
            for cell in row:
                if cell.merged:
                    continue
                spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
                    f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
                )
                tds.append(f"<td{spans}>{'<br>'.join(html.escape(t) for t in cell.text.split(chr(10)))}</td>")
            body.append(f"<tr>{''.join(tds)}</tr>")
        body.append("</table>")
    try:
        "\n".join(body).encode("gbk")
        charset = "gbk"
    except UnicodeEncodeError:
        charset = "utf-8"
    page = (
        f'<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
    return page.encode(charset)


def _text_rows(parts: list[Part]) -> list[tuple[str, list[str] | None]]:
    """(paragraph, None) or ("", cells) with merged cells empty, in order."""
    out: list[tuple[str, list[str] | None]] = []
    for part in parts:
        if isinstance(part, str):
            out.append((part, None))
        else:
            for row in part.rows:
                cells: list[str] = []
                for cell in row:
                    cells.append("" if cell.merged else cell.text)
                    cells.extend([""] * (cell.colspan - 1))
                out.append(("", cells))
    return out


def write_rows(parts: list[Part], separator: str = "\t") -> str:
    """One table row per line, cells separated by TABs (or ``|``), merged cells empty; a cell's
    paragraphs joined by ``<br>`` as web pages flattened to text keep them."""
    lines = []
    for text, cells in _text_rows(parts):
        if cells is None:
            lines.append(text)
        else:
            lines.append(separator.join(c.replace("\n", "<br>") for c in cells).rstrip(separator))
    return "\n".join(lines) + "\n"


def write_cells(parts: list[Part]) -> str:
    """Word's text export: a paragraph per line; each table cell on a line led by a TAB (a cell
    merged from above is a bare TAB, one merged from the left is not repeated), a cell's later
    paragraphs on lines without a TAB, a blank line after each row."""
    lines: list[str] = []
    for part in parts:
        if isinstance(part, str):
            lines.append(part)
            continue
        for row in part.rows:
            for cell in row:
                first, *rest = ("" if cell.merged else cell.text).split("\n")
                lines.append("\t" + first)
                lines.extend(rest)
            lines.append("")
    return "\n".join(lines) + "\n"
