"""Binary document formats, recognised by their content (never by file name).

Spreadsheets (.xlsx, .xls) and Word documents (.docx) are read here into rows of cells for the
same grammar as every text layout (PDF in ``pdf.py``); a legacy Word file (.doc) is converted at
the IO edge when LibreOffice is there; other binary formats are named so that their rejection
says what they are.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime

from . import limits, vocab
from .records import Row, failure


class Unreadable(ValueError):
    """A file that cannot be read, with the reason (for its rejection) as its message."""


XLSX = "xlsx"
XLS = "xls"
DOCX = "docx"
DOC = "doc"
PDF = "pdf"
IMAGE = "image"
CORRUPT_ZIP = "corrupt zip"


def check_archive(data: bytes) -> None:
    """Refuse a zip archive (.docx, .xlsx) that would expand past the limits: a zip bomb."""
    members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    total = sum(m.file_size for m in members)
    if total > limits.MAX_UNZIPPED_BYTES:
        raise Unreadable(
            f"archive expands to {total:,} bytes, over the {limits.MAX_UNZIPPED_BYTES:,}-byte limit "
            "(JIXIAO_MAX_UNZIPPED_MB): a zip bomb?"
        )
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > limits.MAX_ZIP_RATIO * max(m.compress_size, 1):
            raise Unreadable(
                f"archive member {m.filename} expands {m.file_size // max(m.compress_size, 1):,} times, "
                f"over the limit of {limits.MAX_ZIP_RATIO} (JIXIAO_MAX_ZIP_RATIO): a zip bomb?"
            )


def sniff(data: bytes) -> str | None:
    """The binary format of ``data``, or None for text."""
    head = data[:8]
    if head.startswith(b"%PDF"):
        return PDF
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file: its streams say what it is
        if "WordDocument".encode("utf-16-le") in data:
            return DOC
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return XLS
        return "legacy Office file"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")) or (
        head.startswith(b"RIFF") and data[8:12] == b"WEBP"
    ):
        return IMAGE  # PNG, JPEG, GIF, TIFF, BMP, WebP: read by OCR
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return CORRUPT_ZIP
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


# a sheet as (title, rows of (row number, [(value, number format)])); numbers start at 1
Sheet = tuple[str, Iterable[tuple[int, list[tuple[object, str]]]]]


def _sheet_rows(sheets: Iterable[Sheet]) -> tuple[list[str], list[Row]]:
    """Every sheet as rows (merged cells empty but their first), and the text a reader sees: one
    line per row, cells separated by TABs, each sheet headed by its name; rows point at those
    lines and name their sheet and cells. A sheet that cannot be read is an error row naming it
    and why; the other sheets are read."""
    from openpyxl.utils import get_column_letter

    lines: list[str] = []
    rows: list[Row] = []
    for title, sheet_rows in sheets:
        lines.append(f"# {title}")
        mark = (len(lines), len(rows))
        try:
            grid = _trimmed(title, sheet_rows)
            width = max((len(values) for _, values in grid), default=0)
            for r, values in grid:
                values = values + ("",) * (width - len(values))
                lines.append("\t".join(v.replace("\n", " ") for v in values))
                used = [c for c, v in enumerate(values, start=1) if v]
                if not used:
                    continue
                number = len(lines)
                where = f"{title}!{get_column_letter(used[0])}{r}"
                if len(used) > 1:
                    where += f":{get_column_letter(used[-1])}{r}"
                if len(used) == 1 and values[0] and not vocab.is_table_label(values[0]):  # a title or note
                    rows.append(Row(values[:1], number, number, kind="text", location=where))
                else:
                    rows.append(Row(values, number, number, aligned=True, location=where))
        except Exception as exc:  # noqa: BLE001 - one sheet failing loses that sheet only
            _lose(lines, rows, mark, f"sheet {title}", exc)
    return lines, rows


def _trimmed(
    title: str, sheet_rows: Iterable[tuple[int, list[tuple[object, str]]]]
) -> list[tuple[int, tuple[str, ...]]]:
    """A sheet's rows as written, each without its trailing empty cells, within the grid limit
    (a stray cell far out, such as XFD1048576, must not make a sheet of billions of cells)."""
    grid: list[tuple[int, tuple[str, ...]]] = []
    width = 0
    for r, cells in sheet_rows:
        values = [_written(value, fmt or "General").replace("\r\n", "\n") for value, fmt in cells]
        while values and not values[-1]:
            values.pop()
        width = max(width, len(values))
        limits.check_grid(f"sheet {title}", r, width)
        grid.append((r, tuple(values)))
    return grid


def _lose(lines: list[str], rows: list[Row], mark: tuple[int, int], where: str, exc: Exception) -> None:
    """Take back what was read of a piece since ``mark`` (lines, rows) and put an error row
    naming the piece and why in its place."""
    del lines[mark[0] :], rows[mark[1] :]
    lines.append("")
    rows.append(Row((failure(where, exc),), len(lines), len(lines), kind="error", location=where))


def _cells(sheet) -> Iterable[tuple[int, list[tuple[object, str]]]]:  # type: ignore[no-untyped-def]
    """A read-only sheet's rows of (value, number format), every merged cell but the first
    empty whatever the file holds there."""
    merges = _merged(sheet)
    active: list[tuple[int, int, int, int]] = []
    sheet.reset_dimensions()  # the cells written decide, not the sheet's own claim of its size
    for r, cells in enumerate(sheet.iter_rows(), start=1):
        while merges and merges[-1][1] <= r:
            active.append(merges.pop())
        active = [m for m in active if m[3] >= r]
        row = []
        for c, cell in enumerate(cells, start=1):
            covered = any(c1 <= c <= c2 and (r, c) != (r1, c1) for c1, r1, c2, _ in active)
            row.append((None if covered else cell.value, getattr(cell, "number_format", None)))
        yield r, row


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")


def _merged(sheet) -> list[tuple[int, int, int, int]]:  # type: ignore[no-untyped-def]
    """The sheet's merged ranges (min col, min row, max col, max row), the first-starting last.
    Read-only sheets do not parse them, so they are found in the sheet's XML."""
    from openpyxl.utils import range_boundaries

    xml = sheet.parent._archive.read(sheet._worksheet_path)  # what ReadOnlyWorksheet._get_source opens
    found = [range_boundaries(m.group(1).decode()) for m in _MERGE.finditer(xml)]
    return sorted(found, key=lambda m: m[1], reverse=True)


def xlsx_rows(data: bytes) -> tuple[list[str], list[Row]]:
    """An .xlsx workbook, streamed (openpyxl's read-only mode: each sheet parsed only when read,
    so a broken sheet is an error row and the others are read; merged cells are empty but their
    first, as Excel writes them)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    try:
        return _sheet_rows((sheet.title, _cells(sheet)) for sheet in book.worksheets)
    finally:
        book.close()


def xls_rows(data: bytes) -> tuple[list[str], list[Row]]:
    """A legacy .xls workbook (xlrd with its number formats; merged cells are empty but their first)."""
    import xlrd

    book = xlrd.open_workbook(file_contents=data, formatting_info=True)

    def cells(sheet, r: int) -> list[tuple[object, str]]:
        out: list[tuple[object, str]] = []
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
            if cell.ctype == xlrd.XL_CELL_DATE:
                out.append((xlrd.xldate.xldate_as_datetime(cell.value, book.datemode), fmt))
            elif cell.ctype == xlrd.XL_CELL_NUMBER:
                out.append((int(cell.value) if cell.value.is_integer() and "." not in fmt else cell.value, fmt))
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                out.append((None, fmt))
            else:
                out.append((cell.value, fmt))
        return out

    return _sheet_rows((sheet.name, ((r + 1, cells(sheet, r)) for r in range(sheet.nrows))) for sheet in book.sheets())


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_docx_grid(tbl, number: int) -> None:  # type: ignore[no-untyped-def]
    """Refuse a table whose cells span a grid past the limit before Word's grid is laid out
    (``gridSpan`` of 50,000,000 in a 36 kB file would make lists of that length)."""
    width = len(tbl.findall(f"{_W}tblGrid/{_W}gridCol"))
    trs = tbl.findall(f"{_W}tr")
    for tr in trs:
        spans = [el.get(f"{_W}val") for el in tr.iterfind(f"{_W}tc/{_W}tcPr/{_W}gridSpan")]
        skips = [el.get(f"{_W}val") for el in tr.iterfind(f"{_W}trPr/{_W}gridBefore")]
        skips += [el.get(f"{_W}val") for el in tr.iterfind(f"{_W}trPr/{_W}gridAfter")]
        cells = len(tr.findall(f"{_W}tc")) - len(spans)
        width = max(width, cells + sum(_count(v) for v in spans + skips))
    limits.check_grid(f"table {number}", len(trs), width)


def _count(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


_XML = None


def _xml_parser():  # type: ignore[no-untyped-def]
    """One lxml parser for the parts of an archive: entities are not expanded (a billion laughs
    stays a few bytes), nothing is fetched, and a tree past libxml2's default limits is refused."""
    global _XML
    if _XML is None:
        from lxml import etree

        _XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    return _XML


_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"


def _main_part(archive: zipfile.ZipFile, default: str) -> str:
    """The package's main part, as its relationships name it (``default`` when they do not)."""
    from lxml import etree

    try:
        rels = etree.fromstring(archive.read("_rels/.rels"), _xml_parser())
    except KeyError:
        return default
    for rel in rels.iter(_PACKAGE_RELS):
        if (rel.get("Type") or "").endswith(_OFFICE_DOCUMENT) and rel.get("TargetMode") != "External":
            return (rel.get("Target") or default).lstrip("/")
    return default


def docx_rows(data: bytes) -> tuple[list[str], list[Row]]:
    """A Word document's paragraphs and tables in order: paragraphs become text rows, each table
    row a row of cells on the table's grid (a cell merged across columns or rows is empty but in
    its first position, as Word's own text export leaves it). The text a reader sees has one line
    per paragraph and per table row (TABs between cells); rows point at those lines.

    Read with lxml from the main part alone: a paragraph's text is that of its runs and of the
    runs of its hyperlinks (``w:t``, ``w:tab``/``w:ptab`` as TAB, ``w:br``/``w:cr`` as a line
    break, ``w:noBreakHyphen`` as "-"), what python-docx's ``Paragraph.text`` gives; runs inside
    revisions, fields and content controls are not read, and a cell's nested tables neither."""
    from lxml import etree

    archive = zipfile.ZipFile(io.BytesIO(data))
    part = _main_part(archive, "word/document.xml")
    try:
        xml = archive.read(part)
    except KeyError as exc:
        raise Unreadable(f"not a Word document: its main part {part} is missing") from exc
    root = etree.fromstring(xml, _xml_parser())
    body = root.find(_BODY)
    if body is None:
        raise Unreadable("not a Word document: its main part has no body")
    lines: list[str] = []
    rows: list[Row] = []
    paragraphs = tables = 0
    for element in body:
        tag = element.tag
        if tag == _P:
            paragraphs += 1
            text = _paragraph_text(element).strip()
            if text:
                lines.append(text)
                rows.append(Row((text,), len(lines), len(lines), kind="text", location=f"paragraph {paragraphs}"))
        elif tag == _TBL:
            tables += 1
            mark = (len(lines), len(rows))
            try:
                _docx_table(element, tables, lines, rows)
            except Exception as exc:  # noqa: BLE001 - one table failing loses that table only
                _lose(lines, rows, mark, f"table {tables}", exc)
    return lines, rows


_BODY, _P, _TBL, _TR, _TC = (f"{_W}{t}" for t in ("body", "p", "tbl", "tr", "tc"))
_R, _HYPERLINK, _T, _TAB, _PTAB, _BR, _CR, _NB_HYPHEN = (
    f"{_W}{t}" for t in ("r", "hyperlink", "t", "tab", "ptab", "br", "cr", "noBreakHyphen")
)
_RUN_TEXT = {_TAB: "\t", _PTAB: "\t", _CR: "\n", _NB_HYPHEN: "-"}
_BR_TYPE = f"{_W}type"


def _run_text(run, out: list[str]) -> None:  # type: ignore[no-untyped-def]
    for child in run:
        tag = child.tag
        if tag == _T:
            if child.text:
                out.append(child.text)
        elif tag == _BR:
            if child.get(_BR_TYPE, "textWrapping") == "textWrapping":
                out.append("\n")  # a page or column break is no text
        elif tag in _RUN_TEXT:
            out.append(_RUN_TEXT[tag])


def _paragraph_text(p) -> str:  # type: ignore[no-untyped-def]
    out: list[str] = []
    for child in p:
        if child.tag == _R:
            _run_text(child, out)
        elif child.tag == _HYPERLINK:
            for run in child:
                if run.tag == _R:
                    _run_text(run, out)
    return "".join(out)


_TC_PR, _GRID_SPAN, _V_MERGE, _TR_PR, _GRID_BEFORE = (
    f"{_W}{t}" for t in ("tcPr", "gridSpan", "vMerge", "trPr", "gridBefore")
)
_VAL = f"{_W}val"


def _tc_props(tc) -> tuple[int, bool]:  # type: ignore[no-untyped-def]
    """A cell's span of grid columns and whether it continues the vertical merge of the cell
    above it (the first ``w:tcPr``, its first ``w:gridSpan`` and ``w:vMerge``)."""
    span, merge = None, None
    for pr in tc:
        if pr.tag == _TC_PR:
            for el in pr:
                if el.tag == _GRID_SPAN and span is None:
                    span = el
                elif el.tag == _V_MERGE and merge is None:
                    merge = el
            break
    return (
        1 if span is None else int(span.get(_VAL)),
        merge is not None and merge.get(_VAL, "continue") == "continue",
    )


def _grid_span(tc) -> int:  # type: ignore[no-untyped-def]
    return _tc_props(tc)[0]


def _continues(tc) -> bool:  # type: ignore[no-untyped-def]
    return _tc_props(tc)[1]


def _grid_before(tr) -> int:  # type: ignore[no-untyped-def]
    pr = tr.find(_TR_PR)
    before = None if pr is None else pr.find(_GRID_BEFORE)
    return 0 if before is None else int(before.get(_VAL))


def _row_cells(trs: list, i: int) -> list:  # type: ignore[no-untyped-def]
    """The cells of row ``i`` on its grid, each the ``w:tc`` holding its text: a cell spanning
    columns is there once for each, a cell continuing a vertical merge is the cell it continues
    (the cells written, without the positions left empty by ``gridBefore``/``gridAfter``)."""
    out = []
    before = _grid_before(trs[i])
    offset = before
    for tc in trs[i].iterchildren(_TC):
        span, continues = _tc_props(tc)
        root = _merge_root(trs, i, offset) if continues else tc
        out.extend([root] * (_grid_span(root) if root is not tc else span))
        offset += span
    return out


def _merge_root(trs: list, i: int, offset: int):  # type: ignore[no-untyped-def]
    """The cell a vertically merged cell continues: the cell at its grid offset in the row
    above, or the one that cell continues."""
    while True:
        if i == 0:
            raise ValueError("no tr above topmost tr in w:tbl")
        i -= 1
        remaining = offset - _grid_before(trs[i])
        above = None
        for candidate in trs[i].iterchildren(_TC):
            if remaining < 0:
                break
            if remaining == 0:
                above = candidate
                break
            remaining -= _grid_span(candidate)
        if above is None:
            raise ValueError(f"no `tc` element at grid_offset={offset}")
        if not _continues(above):
            return above


def _cell_text(tc) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(_paragraph_text(p).strip() for p in tc.iterchildren(_P)).strip()


def _docx_table(tbl, number: int, lines: list[str], rows: list[Row]) -> None:  # type: ignore[no-untyped-def]
    _check_docx_grid(tbl, number)
    trs = list(tbl.iterchildren(_TR))
    above: list[object] = []
    for row_no in range(1, len(trs) + 1):
        cells, seen = [], []
        for column, tc in enumerate(_row_cells(trs, row_no - 1)):
            merged = (seen and seen[-1] is tc) or (column < len(above) and above[column] is tc)
            cells.append("" if merged else _cell_text(tc))
            seen.append(tc)
        above = seen
        lines.append("\t".join(c.replace("\n", " ") for c in cells))
        if any(cells):
            rows.append(
                Row(tuple(cells), len(lines), len(lines), aligned=True, location=f"table {number}, row {row_no}")
            )
