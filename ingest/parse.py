"""Entry points of the pure parsing layer: bytes or text in, a ParsedDocument out."""

from __future__ import annotations

from . import formats, grammar, layouts
from .decode import UndecodableError, decode
from .records import ParsedDocument

PARSER_VERSION = "1"


def rejected(reason: str, layout: str | None = None) -> ParsedDocument:
    return ParsedDocument(
        layout=layout,
        doc_type=None,
        fiscal_year=None,
        agency_raw=None,
        title_raw=None,
        status="rejected",
        status_reason=reason,
    )


def parse_text(text: str) -> ParsedDocument:
    """Parse the text of one document. Never raises for bad content: the result says why."""
    lines = text.split("\n")
    layout = layouts.detect(lines)
    if layout is None:
        return rejected("no known layout: no TAB-separated cells and no indicator header line")
    try:
        rows = layout.to_rows(lines)
        # a layout whose text carries markup says which lines a reader sees (titles, years)
        visible = layout.visible_lines(lines) if hasattr(layout, "visible_lines") else lines
        return grammar.build(rows, visible, layout.NAME)
    except Exception as exc:  # noqa: BLE001 - a parser bug must not abort a batch
        return rejected(f"parser error in layout {layout.NAME}: {type(exc).__name__}: {exc}", layout.NAME)


def parse_bytes(data: bytes) -> tuple[str | None, ParsedDocument]:
    """Decode and parse; returns (encoding, document)."""
    encoding, _, doc = read_bytes(data)
    return encoding, doc


def read_bytes(data: bytes) -> tuple[str | None, str | None, ParsedDocument]:
    """Decode and parse; returns (encoding, the text a reader sees with LF line endings, document).

    The format is recognised from the content: a spreadsheet is read as rows of cells; other
    binary formats are rejected with their name; anything else is decoded as text.
    """
    kind = formats.sniff(data)
    readers = {formats.XLSX: formats.xlsx_rows, formats.DOCX: formats.docx_rows}
    if kind in readers:
        try:
            lines, rows = readers[kind](data)
            titles = [row.cells[0] for row in rows if row.kind == "text"]
            return None, "\n".join(lines), grammar.build(rows, titles, kind)
        except Exception as exc:  # noqa: BLE001 - a broken file is a rejected document, not a crash
            return None, None, rejected(f"unreadable {kind} file: {type(exc).__name__}: {exc}", kind)
    if kind is not None:
        return None, None, rejected(f"unsupported format: {kind} (text, HTML, .xlsx and .docx are read)")
    try:
        decoded = decode(data)
    except (UndecodableError, UnicodeDecodeError) as exc:
        return None, None, rejected(str(exc))
    return decoded.encoding, decoded.text, parse_text(decoded.text)
