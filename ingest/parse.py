"""Entry points of the pure parsing layer: bytes or text in, a ParsedDocument out."""

from __future__ import annotations

import dataclasses
import re

from . import align, formats, grammar, layouts, ocr, pdf, vocab
from .decode import UndecodableError, decode
from .records import OcrCell, ParsedDocument, ParseIssue, Row

PARSER_VERSION = "6"


def rejected(reason: str, layout: str | None = None, reading_method: str | None = None) -> ParsedDocument:
    return ParsedDocument(
        layout=layout,
        doc_type=None,
        fiscal_year=None,
        agency_raw=None,
        title_raw=None,
        status="rejected",
        status_reason=reason,
        reading_method=reading_method,  # None unless OCR was tried: the file was not read
    )


def read_by_ocr(doc: ParsedDocument, rows: list[Row]) -> ParsedDocument:
    """The document with how its rows were read: its OCR'd cells, each with its confidence, and
    a warning for each cell read below ``ocr.MIN_CONFIDENCE`` (at the cell's line, so the review
    shows its page and region)."""
    cells = tuple(
        OcrCell(row.line_start, row.line_end, k, text, sure)
        for row in rows
        for k, (text, sure) in enumerate(zip(row.cells, row.ocr_confidence), start=1)
        if sure is not None and text.strip()
    )
    if not cells:
        return doc
    read = [row for row in rows if row.kind != "error"]
    method = "ocr" if all(row.ocr_confidence for row in read) else "text+ocr"
    unsure = tuple(
        ParseIssue(
            cell.line_start,
            "warning",
            f"OCR read 「{cell.text[:60]}」 with confidence {cell.confidence:.2f}, below {ocr.MIN_CONFIDENCE:g} "
            "(JIXIAO_OCR_MIN_CONFIDENCE): check it against the page; its figures are not taken as numbers",
        )
        for cell in cells
        if cell.confidence < ocr.MIN_CONFIDENCE
    )
    return dataclasses.replace(doc, reading_method=method, ocr_cells=cells, issues=doc.issues + unsure)


def parse_text(text: str) -> ParsedDocument:
    """Parse the text of one document. Never raises for bad content: the result says why.

    The most confident layout reads the text; when its reading is not clean (rows it could not
    place, or a layout that guesses), every other layout that recognises the text reads it too
    and the reading that places the most of its tables wins (``quality``)."""
    lines = text.split("\n")
    found = layouts.candidates(lines, fallbacks=False)
    best = _read_with(found[0], lines) if found else None
    if best is not None and _clean(best):
        return best
    tried = set(found[:1])
    for other in layouts.candidates(lines):
        if other in tried:
            continue
        doc = _read_with(other, lines)
        if best is None or quality(doc) > quality(best):
            best = doc
    if best is None:
        doc = rejected("no known layout: no indicator table header, no indicator words in table order, no prose")
        return _described(doc, lines)
    return best


_MARKUP = re.compile(r"<[^>]*>")


def _described(doc: ParsedDocument, lines: list[str]) -> ParsedDocument:
    """A document without a table still says, in its title and text, whose it is and of what year."""
    text = [_MARKUP.sub(" ", line) for line in lines]
    meta = grammar.document_meta(text)
    agency, source = grammar.unformed_agency(meta, text)
    return dataclasses.replace(
        doc,
        title_raw=meta.title,
        fiscal_year=meta.year,
        fiscal_year_source=meta.year_source,
        agency_raw=agency,
        agency_source=source,
    )


def _read_with(layout, lines: list[str]) -> ParsedDocument:  # type: ignore[no-untyped-def]
    try:
        rows = layout.to_rows(lines)
        # a layout whose text carries markup says which lines a reader sees (titles, years)
        visible = layout.visible_lines(lines, rows) if hasattr(layout, "visible_lines") else lines
        return grammar.build(rows, visible, layout.NAME)
    except Exception as exc:  # noqa: BLE001 - a parser bug must not abort a batch
        return rejected(f"parser error in layout {layout.NAME}: {type(exc).__name__}: {exc}", layout.NAME)


def _clean(doc: ParsedDocument) -> bool:
    return doc.status == "parsed" and not any(i.severity != "info" for i in doc.issues)


_FIT = 0.3


def quality(doc: ParsedDocument) -> float:
    """How much of its tables a reading placed: each indicator row counts by how well its cells
    fit their columns (``align.emission``) and how many of its fields it filled, and every
    character it kept counts a little (a reading that drops the wrapped half of a label loses);
    errors and warnings count against it."""
    if doc.status == "rejected":
        return -1.0
    score = 0.0
    for row in doc.indicators:
        fields = {
            "level1": row.level1_raw,
            "level2": row.level2_raw,
            "level3": row.level3_raw,
            "target": row.target_raw,
            "actual": row.actual_raw,
            "weight": row.weight_raw,
            "score": row.score_raw,
        }
        misfit = sum(align.emission(kind, text) for kind, text in fields.items() if text)
        if not row.target_raw and not row.actual_raw:
            misfit += 2.0  # a name with no value: a row cut short or read from a note
        name = vocab.squash(row.level3_raw)
        if vocab.FURNITURE.search(name) or vocab.TABLE_TITLE.search(name):
            misfit += 6.0  # a signature, a note or a title read as an indicator
        filled = [v for v in fields.values() if v]
        fit = max(0.0, 1.0 - misfit / 3.0)  # below _FIT a row counts against its reading
        score += (fit - _FIT) * (1.0 + 0.1 * len(filled) + 0.01 * sum(len(v) for v in filled))
    score += 0.5 * len(doc.projects) + 0.2 * len(doc.budget_execution)
    score -= sum(1.0 for i in doc.issues if i.severity == "error") + sum(
        0.3 for i in doc.issues if i.severity == "warning"
    )
    return score


def parse_bytes(data: bytes) -> tuple[str | None, ParsedDocument]:
    """Decode and parse; returns (encoding, document)."""
    encoding, _, doc = read_bytes(data)
    return encoding, doc


READERS = {
    formats.XLSX: formats.xlsx_rows,
    formats.XLS: formats.xls_rows,
    formats.DOCX: formats.docx_rows,
    formats.PDF: pdf.pdf_rows,
    formats.IMAGE: ocr.image_rows,
}
LEGACY_WORD = (
    "legacy Word document (.doc): it is converted to .docx when LibreOffice is installed "
    "(apt-get install libreoffice-writer-nogui), or save it as .docx"
)


def read_bytes(data: bytes) -> tuple[str | None, str | None, ParsedDocument]:
    """Decode and parse; returns (encoding, the text a reader sees with LF line endings, document).

    The format is recognised from the content: spreadsheets, Word documents and PDFs are read as
    rows of cells (a PDF without ruling lines as its text lines); other binary formats are
    rejected with their name; anything else is decoded as text.
    """
    kind = formats.sniff(data)
    if kind in READERS:
        try:
            if kind in (formats.XLSX, formats.DOCX):
                formats.check_archive(data)
            lines, rows = READERS[kind](data)
        except formats.Unreadable as exc:
            return None, None, rejected(str(exc), kind, "ocr" if kind == formats.IMAGE else None)
        except Exception as exc:  # noqa: BLE001 - a broken file is a rejected document, not a crash
            return None, None, rejected(f"unreadable {kind} file: {type(exc).__name__}: {exc}", kind)
        text = "\n".join(lines)
        if kind in (formats.PDF, formats.IMAGE) and all(row.kind == "text" for row in rows):
            # no ruling lines anywhere: the text lines go to the text layouts
            doc = parse_text(text)
            located = tuple((row.line_start, row.location) for row in rows)
            doc = dataclasses.replace(doc, layout=f"{kind}:{doc.layout}", locations=located)
            return None, text, read_by_ocr(doc, rows)
        try:
            return None, text, read_by_ocr(grammar.build(rows, lines, kind), rows)
        except Exception as exc:  # noqa: BLE001 - a parser bug must not abort a batch
            return None, text, rejected(f"parser error reading {kind}: {type(exc).__name__}: {exc}", kind)
    if kind == formats.DOC:
        return None, None, rejected(LEGACY_WORD, kind)
    if kind == formats.CORRUPT_ZIP:
        return None, None, rejected("unreadable file: a corrupt zip archive (.docx and .xlsx files are zip archives)")
    if kind is not None:
        return (
            None,
            None,
            rejected(f"unsupported format: {kind} (text, HTML, .docx, .xlsx, .xls, .pdf and images are read)"),
        )
    try:
        decoded = decode(data)
    except (UndecodableError, UnicodeDecodeError) as exc:
        return None, None, rejected(str(exc))
    return decoded.encoding, decoded.text, parse_text(decoded.text)
