"""Build the sample documents as the files agencies publish: .docx, .xlsx, .html, .pdf, .doc, .xls.

Usage: python scripts/build_fixtures.py [OUT_DIR]   (default tests/fixtures/formats)

Each sample's tables are rebuilt from its text as Word lays them out: the rows as the text gives
them, a cell that the text shows empty under a label merged down from that label (vertical merge),
a row with fewer cells than its table merged across to the right edge (horizontal merge), the text
between tables as paragraphs (lines of the text that no row covers, such as a PDF's repeated page
headings, included). From that one description the script writes

* ``.docx`` (python-docx; ruled tables, columns as wide as their text asks, landscape pages for
  wide tables),
* ``.xlsx`` (openpyxl; a new sheet after each table that text follows; numbers stored as numbers
  with the number format that shows them as written; ``=100%`` stored as text),
* ``.html`` (rowspan/colspan; GBK-encoded where every character has a GBK code),
* ``.pdf`` from the ``.docx`` and ``.doc``/``.xls`` from the ``.docx``/``.xlsx`` through LibreOffice
  (headless), installed from Debian's packages when missing; one password-protected PDF;
* PDFs of two documents written for the tests (``OWN_PDFS``), one without ruling lines, whose
  tables must be read from the page's text.

The generated files are committed, so the tests never build them. Re-running rewrites them.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import layouts  # noqa: E402
from ingest.decode import decode  # noqa: E402

SAMPLES = ROOT / "data" / "samples"
OUT = ROOT / "tests" / "fixtures" / "formats"
LEGACY = {"004"}  # also written as .doc and .xls
ENCRYPTED = "004"  # also exported as a PDF that needs a password
# documents written for the tests (other content than the samples), built as PDFs into own/:
# (text fixture, with ruling lines?); one without, whose PDF must be read from its text lines
OWN_PDFS = (("dept_targets_word.txt", True), ("project_targets_pdf.txt", False))
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


def blocks(text: str) -> list[str | Table]:
    """The sample as paragraphs (str) and tables."""
    lines = text.split("\n")
    layout = layouts.detect(lines)
    assert layout is not None, "a sample must have a known layout"
    out: list[str | Table] = []
    group: list[tuple[str, ...]] = []
    rows = layout.to_rows(lines)
    covered = {n for row in rows for n in range(row.line_start, row.line_end + 1)}
    # lines no row covers (a PDF's repeated page headings) stay in the document as paragraphs
    loose = [
        (n, -1, "text", (line.strip(),)) for n, line in enumerate(lines, start=1) if line.strip() and n not in covered
    ]
    items = sorted([(row.line_start, i, row.kind, row.cells) for i, row in enumerate(rows)] + loose)
    for _, _, kind, cells in items:
        if kind == "text":
            if group:
                out.append(_table(group))
                group = []
            out.append(cells[0])
        else:
            group.append(cells)
    if group:
        out.append(_table(group))
    return out


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


# -- writers ----------------------------------------------------------------------------------------
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


# -- LibreOffice --------------------------------------------------------------------------------------
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    print("installing LibreOffice from Debian's packages ...", file=sys.stderr)
    subprocess.run(["apt-get", "update", "-q"], check=True)
    packages = ["libreoffice-writer-nogui", "libreoffice-calc-nogui", "fonts-wqy-microhei"]
    subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages], check=True)
    return shutil.which("soffice") or "soffice"


def convert(source: Path, to: str, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                str(out_dir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return out_dir / f"{source.stem}.{to.split(':')[0]}"


ENCRYPT = (
    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
    '"DocumentOpenPassword":{"type":"string","value":"jixiao"}}'
)


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    own = out / "own"
    own.mkdir(exist_ok=True)
    for name, borders in OWN_PDFS:
        source = ROOT / "tests" / "fixtures" / name
        docx = own / f"{source.stem}.docx"
        docx.write_bytes(write_docx(blocks(decode(source.read_bytes()).text), borders=borders))
        convert(docx, "pdf", own)
        docx.unlink()
        print(f"built own/{source.stem}.pdf" + ("" if borders else " (no ruling lines)"))
    encrypted = out / "encrypted"
    encrypted.mkdir(exist_ok=True)
    for sample in sorted(SAMPLES.glob("*.txt")):
        key = sample.name[:3]
        parts = blocks(decode(sample.read_bytes()).text)
        stem = out / sample.stem
        stem.with_suffix(".docx").write_bytes(write_docx(parts, borders=True))
        stem.with_suffix(".xlsx").write_bytes(write_xlsx(parts))
        stem.with_suffix(".html").write_bytes(write_html(parts, sample.stem))
        convert(stem.with_suffix(".docx"), "pdf", out)
        if key in LEGACY:
            convert(stem.with_suffix(".docx"), "doc:MS Word 97", out)
            convert(stem.with_suffix(".xlsx"), "xls:MS Excel 97", out)
        if key == ENCRYPTED:
            convert(stem.with_suffix(".docx"), ENCRYPT, encrypted)
        print(f"built {sample.stem}: docx xlsx html pdf" + (" doc xls" if key in LEGACY else ""))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
