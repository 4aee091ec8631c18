"""PDF files with a text layer, read into rows of cells for the table grammar.

Tables are found by their ruling lines (pdfplumber); each cell's text is rebuilt from the
characters inside it, a line that runs to the cell's right edge being a wrap (joined without a
break, as Chinese text wraps) and a line that ends short a paragraph end. Cells merged across
columns or rows are empty but in their first position, as in Word and Excel.

A table that runs to the foot of a page and goes on at the top of the next is one table: its
cells are placed on the columns of the whole table, and a row cut by the page break (a cell of
its last line on the page still running to the edge) is joined with its rest on the next page.

Text outside tables (titles, notes, and tables drawn without ruling lines) is read as blocks:
the wrapped lines of a paragraph or of a table row joined, cell by cell, by where they stand. A
PDF without any ruled table goes to the text layouts that way. A page without any text that shows
an image or drawing is a scan: it is read by OCR (``ingest.ocr``) into the same characters and
ruling lines, and then like any other page; a file where OCR reads nothing is rejected.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import limits, vocab
from .formats import Unreadable
from .records import Row, failure


@dataclass
class _Line:
    text: str
    room: float  # space left before the cell's right edge (its padding taken off)
    lead: float  # width of the line's first word (two characters of Chinese text)
    em: float  # its font size: the width of a Chinese character
    spilled: bool = False  # drawn past the table's edge at a page break (a merged cell's label)
    confidence: float | None = None  # read by OCR: its least sure character's confidence


@dataclass
class _Cell:
    x0: float
    x1: float
    lines: list[_Line] = field(default_factory=list)
    bottom: float = float("inf")  # where its box ends (a merged cell spans the rows above it)

    @property
    def text(self) -> str:
        """Lines joined: a line whose next line's first word would not have fitted after it (with a
        quarter em to spare, for the padding's rounding) wrapped and is joined without a break
        (with a space between Latin words); otherwise, or when an enumerated item follows a
        finished sentence, a paragraph ended."""
        out = ""
        for i, line in enumerate(self.lines):
            if i:
                before = self.lines[i - 1]
                if before.room >= line.lead + before.em / 4 or (
                    _SENTENCE_END.search(before.text) and _ENUMERATED.match(line.text)
                ):
                    out += "\n"
                elif _latin_letter(out[-1:]) and _latin_letter(line.text[:1]):
                    out += " "  # Latin words wrap at a space; numbers and Chinese anywhere
            out += line.text
        if self.confidence is not None:  # read by OCR
            from .ocr import match_brackets

            out = match_brackets(out)
        return out.strip()

    @property
    def confidence(self) -> float | None:
        """Read by OCR: its least sure line's confidence (None for a text layer's cell)."""
        return min((line.confidence for line in self.lines if line.confidence is not None), default=None)

    @property
    def open(self) -> bool:
        """Empty but for label pieces found past the page's edge: a merged cell at a page break."""
        return all(line.spilled for line in self.lines)

    @property
    def running(self) -> bool:
        """The last line runs to the edge: the text may go on (below a page break)."""
        return bool(self.lines) and self.lines[-1].room < self.lines[-1].em


@dataclass
class _TableRow:
    cells: list[_Cell]
    location: str
    top: float = 0.0
    bottom: float = 0.0

    def add(self, cell: _Cell) -> _Cell:
        """A cell the finder drew no box for, put in its place among the row's cells."""
        self.cells.append(cell)
        self.cells.sort(key=lambda c: c.x0)
        return cell


@dataclass
class _Item:
    page: int
    top: float
    bottom: float
    text: str | None = None  # a text line
    rows: list[_TableRow] | None = None  # a table
    location: str = ""
    error: str | None = None  # a table or page that could not be read, and why
    # a merged cell's label drawn above the table, in a column this page's table does not have:
    # it belongs to the table the page goes on from (text, x, font size)
    spill_top: list[tuple[str, float, float]] = field(default_factory=list)
    spilled: bool = False  # labels past its bottom edge: the table goes on over the page break
    words: list[dict] = field(default_factory=list)  # a text block's words, where they stand
    confidence: float | None = None  # a text block read by OCR: its least sure character's


_CLOSING = set("）)」』】〕》”’，。、；：！？,.;:!?%％")
_OPENING = set("（(「『【〔《“‘")
_SENTENCE_END = re.compile(r"[。；;！？!?]$")
_ENUMERATED = re.compile(r"^(?:\d+[.、．)）]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)")


def _latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _lines_of(chars: list[dict], x0: float, x1: float) -> list[_Line]:
    """Characters of one cell as lines, with the room each leaves at the right edge."""
    visible = [line for line in _by_line(chars) if "".join(c["text"] for c in line).strip()]
    if not visible:
        return []
    padding = min(g[0]["x0"] for g in visible) - x0
    out = []
    for line in visible:
        while line[0]["text"].isspace():  # a visible line has a character that is not a space
            line = line[1:]
        while line[-1]["text"].isspace():
            line = line[:-1]
        text = "".join(c["text"] for c in line).strip()
        # the first unit a line break cannot split: a Latin word or number (up to a space or a
        # Chinese character), else two characters; punctuation stays with its neighbour
        end = 2
        if text[:1].isascii() and text[:1].isalnum():
            end = next((k for k, c in enumerate(line) if c["text"].isspace() or not c["text"].isascii()), len(line))
        end = max(end, 1)
        while end < len(line) and (line[end]["text"] in _CLOSING or line[end - 1]["text"] in _OPENING):
            end += 1
        word = line[:end]
        lead = word[-1]["x1"] - word[0]["x0"]
        out.append(
            _Line(text, x1 - padding - line[-1]["x1"], lead, max(c["size"] for c in line), confidence=_least(line))
        )
    return out


def _least(chars: list[dict]) -> float | None:
    """The confidence of the least sure character read by OCR (None for a text layer's)."""
    return min((c["confidence"] for c in chars if "confidence" in c), default=None)


def _inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    """Whether a character's or word's centre lies in a box (x0, top, x1, bottom)."""
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _table_rows(table, chars: list[dict], page_no: int, table_no: int) -> list[_TableRow]:
    """Each cell's characters: those whose centre lies in it, except that a character straddling
    a cell's top edge (a figure or bracket set on a lower baseline, as some text layers do)
    belongs to the cell its top is in."""
    all_boxes = [box for row in table.rows for box in row.cells if box is not None]
    # the boxes by bands of the page's height, each band's in the table's order: a character is
    # looked for only among the boxes of its band
    bands: dict[int, list[tuple[float, ...]]] = {}
    for b in all_boxes:
        for band in range(int(b[1] // _BAND), int(b[3] // _BAND) + 1):
            bands.setdefault(band, []).append(b)
    held: dict[tuple[float, ...], list[dict]] = {}
    owned: set[int] = set()
    for ch in chars:
        y = (ch["top"] + ch["bottom"]) / 2
        box = next((b for b in bands.get(int(y // _BAND), ()) if _inside(ch, b)), None)
        if box is not None and box[1] - ch["top"] > 0.3 * (ch["bottom"] - ch["top"]):
            x = (ch["x0"] + ch["x1"]) / 2
            near = bands.get(int(ch["top"] // _BAND), ())
            above = next((b for b in near if b[0] <= x <= b[2] and b[1] <= ch["top"] < b[3]), None)
            box = above or box
        if box is not None:
            held.setdefault(box, []).append(ch)
            owned.add(id(ch))
    rows = []
    for r, row in enumerate(table.rows, start=1):
        boxes = [box for box in row.cells if box is not None]  # None: covered by a merged cell
        members = [held.get(box, []) for box in boxes]
        cells = [
            _Cell(box[0], box[2], _lines_of(own, box[0], box[2]), bottom=box[3])
            for box, own in zip(boxes, members, strict=True)
        ]
        box = ",".join(f"{v:.0f}" for v in row.bbox)
        rows.append(_TableRow(cells, f"page {page_no}, table {table_no}, row {r}, box {box}", row.bbox[1], row.bbox[3]))
    _open_cells(table, all_boxes, [ch for ch in chars if id(ch) not in owned], rows)
    return rows


def _open_cells(table, boxes: list[tuple[float, ...]], loose: list[dict], rows: list[_TableRow]) -> None:  # type: ignore[no-untyped-def]
    """Characters inside the table that no cell holds: the text of a merged cell that goes on
    over the page break, whose box the finder did not draw because its edge at the break is not
    ruled. Each goes into a cell of its column (between the nearest cell edges either side)
    spanning the rows that no box covers there, given to the first of those rows, as a merged
    cell's text is."""
    if not loose or not boxes:
        return
    edges = sorted({b[0] for b in boxes} | {b[2] for b in boxes})
    made: dict[tuple[float, float, float], _Cell] = {}
    members: dict[tuple[float, float, float], list[dict]] = {}
    for ch in loose:
        x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        left = max((e for e in edges if e <= x), default=None)
        right = min((e for e in edges if e > x), default=None)
        if left is None or right is None:
            continue
        over = [b for b in boxes if b[0] < x < b[2]]
        top = max((b[3] for b in over if b[3] <= y), default=table.bbox[1])
        key = (left, right, top)
        if key not in made:
            bottom = min((b[1] for b in over if b[1] >= y), default=table.bbox[3])
            first = next((row for row in rows if row.top >= top - 1), None)
            if first is None:
                continue
            made[key] = _Cell(left, right, [], bottom=bottom)
            members[key] = []
            first.add(made[key])
        members[key].append(ch)
    for key, cell in made.items():
        cell.lines = _lines_of(members[key], cell.x0, cell.x1)


def _placed(chars: list[dict]) -> list[dict]:
    """The characters where they are drawn. A font whose metrics put a glyph's whole box below
    its baseline (a figure font of some text layers: no height above the baseline) makes the
    glyph's top fall a line lower than the text around it; such a box is rebuilt standing on the
    baseline the text layer gives, as the glyphs of a sound font do."""
    out = []
    for c in chars:
        if "matrix" not in c:  # read by OCR: where the image shows it
            out.append(c)
            continue
        a, b, c_, d, _, baseline = c["matrix"]
        rise = baseline + _ASCENT * c["size"] - c["y1"]
        if b == 0 and c_ == 0 and a > 0 and d > 0 and c["y1"] - baseline < 0.3 * c["size"] and rise > 0:
            c = {**c, "y0": c["y0"] + rise, "y1": c["y1"] + rise, "top": c["top"] - rise, "bottom": c["bottom"] - rise}
        out.append(c)
    return out


def _page_items(page, page_no: int) -> list[_Item]:
    """A page's tables and text blocks, top to bottom. A table that cannot be read is an item of
    its own saying why (page and table), and the rest of the page is read."""
    from pdfplumber.utils import extract_words

    items: list[_Item] = []
    boxes = []
    page_chars = _placed(page.chars)
    for t_no, table in enumerate(page.find_tables(), start=1):
        boxes.append(table.bbox)
        try:
            chars = [c for c in page_chars if _inside(c, table.bbox)]
            rows = _table_rows(table, chars, page_no, t_no)
        except Exception as exc:  # noqa: BLE001 - one table failing loses that table only
            where = f"page {page_no}, table {t_no}"
            items.append(_Item(page_no, table.bbox[1], table.bbox[3], error=failure(where, exc), location=where))
            continue
        items.append(_Item(page_no, table.bbox[1], table.bbox[3], rows=rows))
    outside = [w for w in extract_words(page_chars, extra_attrs=["size"]) if not any(_inside(w, b) for b in boxes)]
    for item in items:
        if item.rows:
            # the label of a merged cell cut by the page break, drawn past the table's edge (and
            # past the page's, some of it)
            spilled = _spill(outside, item, page.height, below=True) + _spill(outside, item, page.height, below=False)
            outside = [w for w in outside if not any(w is s for s in spilled)]
    outside = [w for w in outside if w["bottom"] > 0 and w["top"] < page.height]  # what is off the page is not seen
    for n, (cells, (top, bottom)) in enumerate(_blocks(outside), start=1):
        own = [w for w in outside if w["top"] >= top - 0.5 and w["bottom"] <= bottom + 0.5]
        sure = None
        if page_chars and "confidence" in page_chars[0]:  # read by OCR
            sure = _least(
                [c for c in page_chars if any(_inside(c, (w["x0"], w["top"], w["x1"], w["bottom"])) for w in own)]
            )
        items.append(
            _Item(
                page_no,
                top,
                bottom,
                text=" ".join(cells),
                location=f"page {page_no}, text {n}",
                words=own,
                confidence=sure,
            )
        )
    return sorted(items, key=lambda i: i.top)


_BAND = 16.0  # points: the height of the bands boxes are looked up in
_STAMPED_CHARS = 40  # a scanned page's own text layer holds no more than a stamp (a page number)
_ASCENT = 0.85  # of the font size: where a sound CJK font's glyph box ends above its baseline
_PAGE_NUMBER = re.compile(r"^[—\-–－·\s]*(?:第)?\d+(?:页)?[—\-–－·\s]*$")
_SPILL_REACH = 2.5  # line heights a spilled label may stand from the table's edge (or the piece before)


def _spill(words: list[dict], item: _Item, height: float, below: bool) -> list[dict]:
    """Words just below a table's bottom edge (or above its top) that stand in one of its columns:
    the text of a merged cell that goes on over the page break, which the PDF draws centred on
    the whole cell, so that the cell shows little or nothing of it and the rest stands past the
    table's edge, and past the page's (a level label: 效益指 above the next page's table and 标
    below this one's; a project's name, amounts and goal). Each word joins the empty cell of its
    column nearest the edge (made where the finder drew no box); what stands above the next
    page's table comes first, unless the other order reads as a label. Nothing is taken when a
    title, a header, a note or a paragraph stands past the edge. Returns the words taken."""
    rows = item.rows or []
    edge = item.bottom if below else item.top
    past = [
        w
        for w in words
        if (w["top"] >= edge - 1 if below else w["bottom"] <= edge + 1)
        and w["bottom"] > 0
        and w["top"] < height
        and not _PAGE_NUMBER.match(w["text"])
    ]
    if not past or any(_stands_apart(w["text"]) for w in past):
        return []  # a title above the table or a note below it: the table does not go on here
    ordered = sorted(words, key=lambda w: w["top"] if below else -w["bottom"])
    taken: list[dict] = []
    reach_from = edge
    for w in ordered:
        gap = (w["top"] - reach_from) if below else (reach_from - w["bottom"])
        if gap < -2 * w["size"] or gap > _SPILL_REACH * w["size"] or _PAGE_NUMBER.match(w["text"]):
            continue
        x = (w["x0"] + w["x1"]) / 2
        if not item_x0(item) - 1 <= x <= item_x1(item) + 1:
            continue
        reach_from = w["bottom"] if below else w["top"]  # the labels go on, seen or not
        cell = _edge_cell(rows, x, last=below)
        if cell is None or not (cell.open or _reaches(cell, item, below)):
            continue  # a cell that ends before the edge: the word is not its text
        taken.append(w)
        if below:
            _add_piece(cell, w["text"], w["size"], after=True)
            item.spilled = True
        else:  # the cell it belongs to is known once it is known whether the table goes on
            item.spill_top.append((w["text"], x, w["size"]))
    return taken


_TABLE_NUMBER = re.compile(
    r"^(?:(?:公开|预算|附)?表[一二三四五六七八九十0-9]+表?|(?:公开|预算|附)[一二三四五六七八九十0-9]+表)$"
)  # 表14, 预算12表
_OTHER_TITLE = re.compile(r"(?:明细|总|情况|预算|决算|汇总|统计|一览)表$")  # a budget book's other tables


def _is_title(text: str) -> bool:
    """A table's title, its number, or the unit note under it."""
    squashed = vocab.squash(text)
    return bool(
        vocab.TABLE_TITLE.search(squashed)
        or _TABLE_NUMBER.match(squashed)
        or _OTHER_TITLE.search(squashed)
        or vocab.UNIT_NOTE.match(squashed)
    )


def _stands_apart(text: str) -> bool:
    """Text that is no piece of a cut cell: a title, a table's number, a year line, a note or a
    signature, a column header, a paragraph."""
    squashed = vocab.squash(text)
    return bool(
        len(squashed) > 24
        or _is_title(squashed)
        or vocab.YEAR_IN_TITLE.search(squashed)
        or vocab.FURNITURE.search(squashed)
        or vocab.indicator_column(squashed) not in (None, "goal")
    )


def _reaches(cell: _Cell, item: _Item, below: bool) -> bool:
    """A cell merged down to the table's bottom edge (or up to its top): its text may go on past it."""
    rows = item.rows or []
    if not rows:
        return False
    if below:
        return cell.bottom >= rows[-1].bottom - 1
    return any(c is cell for c in rows[0].cells)


def item_x0(item: _Item) -> float:
    return min((c.x0 for r in item.rows or [] for c in r.cells), default=0.0)


def item_x1(item: _Item) -> float:
    return max((c.x1 for r in item.rows or [] for c in r.cells), default=0.0)


def _edge_cell(rows: list[_TableRow], x: float, last: bool) -> _Cell | None:
    """The cell of the column at ``x`` nearest the table's bottom (``last``) or top. A merged cell
    that goes on over the page break has no ruled edge on this page, so the finder drew no box
    for it: when the rows at the edge have no cell in that column, one is made in the first of
    them, as wide as the column's cells are."""
    order = list(reversed(rows)) if last else rows
    for k, row in enumerate(order):
        cell = next((c for c in row.cells if c.x0 - 1 <= x <= c.x1 + 1), None)
        if cell is None:
            continue
        if k == 0 or (last and cell.bottom >= order[0].bottom - 1):
            return cell  # the edge row has the cell, or a merged cell reaches the edge
        # rows past this cell (it may be merged over several) have none in its column up to the
        # edge: they are in a merged cell the finder drew no box for
        below = [r for r in order[:k] if (r.top >= cell.bottom - 1 if last else r.bottom <= row.top + 1)]
        if not below:
            return cell
        first = below[-1]  # the row past the cell nearest to it
        return first.add(_Cell(cell.x0, cell.x1, bottom=order[0].bottom))
    return None


def _add_piece(cell: _Cell, text: str, size: float, after: bool) -> None:
    """A piece of a cell's label found past the page's edge: joined without a break, before or
    after what the cell holds, whichever reads as a label."""
    held = "".join(line.text for line in cell.lines)
    if held.startswith(text) if not after else held.endswith(text):
        return  # the piece is drawn on both pages: the cell already shows it
    if held and not after and not vocab.label(text + held) and vocab.label(held + text):
        after = True
    elif held and after and not vocab.label(held + text) and vocab.label(text + held):
        after = False
    piece = _Line(text, 0.0, size, size, spilled=True)
    for line in cell.lines:
        line.room = 0.0  # the pieces of one label wrap into each other
    if after:
        cell.lines.append(piece)
    else:
        cell.lines.insert(0, piece)


def _heavy(page, page_no: int) -> str | None:  # type: ignore[no-untyped-def]
    """Why a page is not read when its drawing instructions inflate past the limit (a 400 kB
    file can hold a stream of 200 MB), else None. Measured before the page is laid out."""
    from pdfminer.pdftypes import PDFStream, resolve1

    size = 0
    try:
        for ref in page.page_obj.contents:
            stream = resolve1(ref)
            if isinstance(stream, PDFStream):
                size += _inflated_size(stream, limits.MAX_PDF_PAGE_BYTES - size)
            if size > limits.MAX_PDF_PAGE_BYTES:
                break
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - a broken stream is the page reader's to report
        return None
    if size <= limits.MAX_PDF_PAGE_BYTES:
        return None
    return (
        f"page {page_no} not read: its drawing inflates to more than {limits.MAX_PDF_PAGE_BYTES:,} bytes "
        "(JIXIAO_MAX_PDF_PAGE_MB)"
    )


def _inflated_size(stream, limit: int) -> int:  # type: ignore[no-untyped-def]
    """What a stream inflates to, counted only up to ``limit`` + 1 bytes for a plain deflated
    stream (its bytes are not kept: pdfminer inflates it again when the page is read)."""
    import zlib

    from pdfminer.pdftypes import LITERALS_FLATE_DECODE

    if stream.data is not None:
        return len(stream.data)
    filters = stream.get_filters()
    if stream.decipher or len(filters) != 1 or filters[0][0] not in LITERALS_FLATE_DECODE:
        return len(stream.get_data())
    return len(zlib.decompressobj().decompress(stream.rawdata, max(limit, 0) + 1))


def read_page(page, page_no: int) -> list[_Item]:
    where = f"page {page_no}"
    if len(page.chars) > limits.MAX_PDF_PAGE_CHARS:
        message = f"{where} not read: {len(page.chars):,} characters, over the {limits.MAX_PDF_PAGE_CHARS:,} limit"
        return [error_item(page_no, message + " (JIXIAO_MAX_PDF_PAGE_CHARS)")]
    try:
        chars = page.chars
        if chars and sum(1 for c in chars if not c.get("upright", True)) > len(chars) / 2:
            # its lines run down the page (a page turned by /Rotate that its drawing does not
            # turn back): read as they stand, its table would come out transposed
            message = (
                f"{where} not read: its text runs sideways (the page is turned {page.rotation}° against its drawing)"
            )
            return [error_item(page_no, message)]
        return _page_items(page, page_no)
    except Exception as exc:  # noqa: BLE001 - one page failing loses that page only
        return [error_item(page_no, failure(where, exc))]


def _by_line(objects: list[dict]) -> list[list[dict]]:
    """Characters or words grouped into lines (tops within half a font size), each left to right."""
    lines: list[list[dict]] = []
    for obj in sorted(objects, key=lambda o: (o["top"], o["x0"])):
        if lines and abs(obj["top"] - lines[-1][0]["top"]) < obj["size"] * 0.5:
            lines[-1].append(obj)
        else:
            lines.append([obj])
    return [sorted(line, key=lambda o: o["x0"]) for line in lines]


def _blocks(words: list[dict]) -> list[tuple[list[str], tuple[float, float]]]:
    """Text outside ruled tables, as blocks: a paragraph, or a row of a table drawn without ruling
    lines, with its wrapped lines joined. The cells of a block are the words of its first line. A
    line goes on the block above it when it follows at the line pitch and each of its words stands
    under a cell whose text ran to that cell's right edge (the next cell, or the page's text edge);
    a line after a wider gap, or with a word elsewhere, starts a block."""
    lines = _by_line(words)
    gaps = [b[0]["top"] - a[0]["top"] for a, b in zip(lines, lines[1:], strict=False)]
    pitch = min(gaps, default=0.0)
    right = max((w["x1"] for w in words), default=0.0)
    blocks: list[tuple[list[str], tuple[float, float]]] = []
    starts: list[float] = []
    ends: list[float] = []  # where each cell's last line ends
    cells: list[list[str]] = []

    def column_of(word: dict) -> int | None:
        k = next((k for k, x in enumerate(starts) if abs(x - word["x0"]) <= 2), None)
        if k is None:
            return None
        edge = starts[k + 1] if k + 1 < len(starts) else right
        return k if edge - ends[k] < 2 * word["size"] else None

    for i, line in enumerate(lines):
        columns = [column_of(w) for w in line] if i and gaps[i - 1] <= pitch * 1.3 else [None]
        if None in columns:
            starts, ends = [w["x0"] for w in line], [w["x1"] for w in line]
            cells = [[w["text"]] for w in line]
            blocks.append(([], (line[0]["top"], line[0]["bottom"])))
        else:
            for w, k in zip(line, columns, strict=True):
                cells[k].append(w["text"])  # type: ignore[index]
                ends[k] = w["x1"]  # type: ignore[index]
        blocks[-1] = ([_joined(parts) for parts in cells], (blocks[-1][1][0], line[0]["bottom"]))
    return blocks


def _joined(parts: list[str]) -> str:
    """The wrapped pieces of one cell: no space between Chinese pieces or digits, one between words."""
    out = ""
    for part in parts:
        if _latin_letter(out[-1:]) and _latin_letter(part[:1]):
            out += " "
        out += part
    return out


def _columns(rows: list[_TableRow]) -> list[float]:
    """Left edges of a table's columns: every distinct cell start, 2 pt apart at least."""
    edges: list[float] = []
    for x in sorted(cell.x0 for row in rows for cell in row.cells):
        if not edges or x - edges[-1] > 2:
            edges.append(x)
    return edges


def _above(last: _TableRow, piece: _Cell) -> _Cell | None:
    middle = (piece.x0 + piece.x1) / 2
    return next((c for c in last.cells if c.x0 - 2 <= middle <= c.x1 + 2), None)


def _is_rest_of(last: _TableRow, first: _TableRow) -> bool:
    """The first row on a page is the rest of the row cut at the foot of the page before when
    text goes on only in columns whose text ran to the edge there, and some cell that had text
    there has none here (a cut row's cells do not all run over)."""
    filled = [piece for piece in first.cells if piece.lines]
    if any(_is_title(piece.text) for piece in filled):
        return False  # the page's table opens with its title: a new page of the table, no cut row
    if not filled or not all((cell := _above(last, piece)) is not None and cell.running for piece in filled):
        return False
    ended = [cell for cell in last.cells if cell.lines and not cell.open]
    return any(not any(_above(last, piece) is cell for piece in filled) for cell in ended)


def _join_split_row(last: _TableRow, rest: _TableRow) -> None:
    for piece in rest.cells:
        target = _above(last, piece)
        if target is not None and piece.lines:
            target.lines[-1].room = 0.0  # it wrapped
            target.lines.extend(piece.lines)
    last.location += f"; goes on at {rest.location}"  # the row stands on two pages


def _open(data: bytes):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = list(pdf.pages)
    except Exception as exc:
        causes = [exc, *exc.args]
        if any(isinstance(c, PDFPasswordIncorrect) for c in causes):
            raise Unreadable("encrypted PDF: it needs a password") from exc
        raise
    return pdf, pages


def pdf_rows(data: bytes) -> tuple[list[str], list[Row]]:
    """Rows of a PDF and the text a reader sees: one line per text line and per table row (cells
    separated by TABs), a blank line where the text leaves more room than between its own lines
    (as between the rows of a table without ruling lines) and at each page break; every row's
    location names its page and table row, or its page and line."""
    pdf, pages = _open(data)
    if len(pages) > limits.MAX_PDF_PAGES:
        pdf.close()
        raise Unreadable(f"{len(pages):,} pages, over the {limits.MAX_PDF_PAGES:,}-page limit (JIXIAO_MAX_PDF_PAGES)")
    with pdf:
        heavy = [_heavy(page, n) for n, page in enumerate(pages, start=1)]
        heights = [page.height for page in pages]
        per_page: list[list[_Item]] = []
        scanned = 0  # pages read by OCR
        texts = False  # pages with a text layer
        for n, (page, too) in enumerate(zip(pages, heavy, strict=True), start=1):
            if too:
                per_page.append([error_item(n, too)])
            elif not _is_scan(page):
                texts = texts or bool(page.chars)
                per_page.append(read_page(page, n))
            else:  # an image, or text drawn as outlines: a scan
                scanned += 1
                per_page.append(_scanned_page(data, n, scanned))
            page.close()  # its parsed objects go: a long book's pages are not all held at once
    if not texts and not any(item.error is None for items in per_page for item in items):
        if scanned:
            errors = [item.error for items in per_page for item in items if item.error and "OCR" in item.error]
            raise Unreadable(
                f"no text layer, and OCR read no text on its {scanned:,} scanned page(s)"
                + (f" ({errors[0]})" if errors else "")
            )
        raise Unreadable(next((too for too in heavy if too), "no text layer, and nothing drawn on its pages to read"))
    return rows_of_pages(per_page, heights)


def error_item(page_no: int, message: str) -> _Item:
    """A page that could not be read, and why."""
    return _Item(page_no, 0.0, 0.0, error=message, location=f"page {page_no}")


def _is_scan(page) -> bool:  # type: ignore[no-untyped-def]
    """Whether a page is a scan to read by OCR: no text but something drawn (an image, or text
    drawn as outlines), or an image over most of the page with a few words of text on it (a page
    number or a file note stamped on a scanned page)."""
    if not page.chars:
        return bool(page.images or page.curves or page.rects or page.lines)
    if len(page.chars) > _STAMPED_CHARS:
        return False
    covered = sum(
        max(0.0, min(im["x1"], page.width) - max(im["x0"], 0.0))
        * max(0.0, min(im["bottom"], page.height) - max(im["top"], 0.0))
        for im in page.images
    )
    return covered >= 0.5 * page.width * page.height


def _scanned_page(data: bytes, page_no: int, scanned: int) -> list[_Item]:
    """A page without a text layer, read by OCR."""
    from . import ocr

    return scanned_items(page_no, scanned, lambda where: ocr.read_pdf_page(data, page_no - 1, where))


def scanned_items(page_no: int, scanned: int, read: Callable[[str], object]) -> list[_Item]:
    """The items of the ``scanned``-th page of a file read by OCR (``read`` gives the page, told
    where it is): within the per-file page cap; a page past its time limit or failing loses that
    page only."""
    from . import ocr

    where = f"page {page_no}"
    if scanned > limits.MAX_OCR_PAGES:
        message = f"{where} not read: over the {limits.MAX_OCR_PAGES}-page OCR limit (JIXIAO_MAX_OCR_PAGES)"
        return [error_item(page_no, message)]
    try:
        return read_page(read(where), page_no)
    except ocr.OcrOvertime as exc:
        return [error_item(page_no, str(exc))]
    except Exception as exc:  # noqa: BLE001 - one page failing loses that page only
        return [error_item(page_no, failure(where, exc))]


def rows_of_pages(per_page: list[list[_Item]], heights: list[float]) -> tuple[list[str], list[Row]]:
    """The items of a document's pages, in order, as its text and rows: a table that goes on over
    a page break is one table."""
    # the foot of the text area: the lowest table bottom on pages of the same height
    foot: dict[float, float] = {}
    for height, items in zip(heights, per_page, strict=True):
        for item in items:
            if item.rows is not None:
                foot[height] = max(foot.get(height, 0), item.bottom)
    # tables that go on over a page break become one table (a list of rows)
    stream: list[_Item | list[_TableRow]] = []
    for p, items in enumerate(per_page):
        consumed: set[int] = set()  # text blocks that were cells of a table going on
        first_table = next((it for it in items if it.rows is not None), None)
        for item in items:
            if id(item) in consumed:
                continue
            if item.rows is None:
                stream.append(item)  # a text block, or a table that could not be read
                continue
            previous = _last_table(per_page[p - 1]) if p else None
            if (
                item is first_table
                and all(_is_fragment(it) for it in items[: items.index(item)])
                and previous is not None
                and (
                    previous.bottom >= foot[heights[p - 1]] - 14
                    or previous.spilled
                    or _same_columns(_last_rows(stream) or [], item.rows)
                )
                and _last_rows(stream) is not None
            ):
                table, rows = _last_rows(stream), list(item.rows)
                # text in columns the table has on the page before but not on this one: the
                # cells of a merged column drawn with no box on this page (a project's name,
                # amounts and goal beside its indicator rows)
                span = (min(c.x0 for r in rows for c in r.cells), max(c.x1 for r in rows for c in r.cells))
                for block in items:
                    if block.rows is None and _is_fragment(block) and _into_missing_columns(block, table, rows, span):
                        consumed.add(id(block))
                for text, x, size in item.spill_top:  # the rest of a label cut at the page's foot
                    cell = _edge_cell(table, x, last=True)
                    if cell is not None and (cell.open or cell.bottom >= table[-1].bottom - 1):
                        _add_piece(cell, text, size, after=False)
                if rows and _is_rest_of(table[-1], rows[0]):
                    _join_split_row(table[-1], rows.pop(0))
                table.extend(rows)
            else:
                for text, x, size in item.spill_top:
                    cell = _edge_cell(item.rows, x, last=False)
                    if cell is not None and cell.open:
                        _add_piece(cell, text, size, after=False)
                stream.append(list(item.rows))
    return _render(stream)


def _is_furniture(item: _Item) -> bool:
    """A page number between two pages of one table."""
    return item.rows is None and item.error is None and bool(_PAGE_NUMBER.match(item.text or ""))


def _is_fragment(item: _Item) -> bool:
    """A text block that may be pieces of cut cells (or a page number), not a title or a note."""
    if item.rows is not None or item.error is not None:
        return False
    if _is_furniture(item):
        return True
    texts = [w["text"] for w in item.words] or [item.text or ""]
    return not any(_stands_apart(t) for t in texts)


def _last_table(items: list[_Item]) -> _Item | None:
    """A page's last table, when only pieces of cut cells and page numbers follow it."""
    for item in reversed(items):
        if item.rows is not None:
            return item
        if not _is_fragment(item):
            return None
    return None


def _last_rows(stream: list[_Item | list[_TableRow]]) -> list[_TableRow] | None:
    """The last table of the stream, past the fragments of cut cells that follow it."""
    for part in reversed(stream):
        if isinstance(part, list):
            return part
        if not _is_fragment(part):
            return None
    return None


def _into_missing_columns(
    block: _Item, table: list[_TableRow], rows: list[_TableRow], span: tuple[float, float]
) -> bool:
    """Put a text block's words that stand in a column the table has above the page break but
    not below it (left of ``span``, where this page's table begins) into that column's cell of
    the first row below. True when the block was used."""
    if not rows or not block.words:
        return False
    edges = _columns(table)
    lefts = [e for e in edges if e < span[0] - 2]
    if not lefts:
        return False
    used = False
    for w in sorted(block.words, key=lambda w: (w["top"], w["x0"])):
        x = (w["x0"] + w["x1"]) / 2
        if x >= span[0] - 1:
            continue
        left = max(e for e in lefts if e <= x + 1) if any(e <= x + 1 for e in lefts) else None
        if left is None:
            continue
        right = min([e for e in edges if e > left + 1] + [span[0]])
        first = rows[0]
        cell = next((c for c in first.cells if abs(c.x0 - left) <= 2), None)
        if cell is None:
            cell = first.add(_Cell(left, right))
        for line in cell.lines:
            line.room = 0.0
        cell.lines.append(_Line(w["text"], 0.0, w["size"], w["size"]))
        used = True
    return used


def _same_columns(before: list[_TableRow], after: list[_TableRow]) -> bool:
    """The table at the top of a page goes on from the one at the foot of the page before: it
    opens with no header of its own (no row the table vocabulary reads as one) and its columns
    stand where that table's do (a column merged down over the break may be missing)."""
    if not after or vocab.is_indicator_header([c.text for c in after[0].cells]):
        return False
    edges = _columns(before)
    starts = _columns(after)
    return len(starts) >= 2 and all(any(abs(x - e) <= 2 for e in edges) for x in starts)


def _render(stream: list[_Item | list[_TableRow]]) -> tuple[list[str], list[Row]]:
    lines: list[str] = []
    out: list[Row] = []
    last: _Item | None = None
    for part in stream:
        if isinstance(part, _Item) and part.error is not None:
            lines.append("")
            out.append(Row((part.error,), len(lines), len(lines), kind="error", location=part.location))
            continue
        if isinstance(part, _Item):
            if last is not None:
                lines.append("")
            lines.append(part.text or "")
            sure = () if part.confidence is None else (part.confidence,)
            out.append(
                Row(
                    (part.text or "",), len(lines), len(lines), kind="text", location=part.location, ocr_confidence=sure
                )
            )
            last = part
            continue
        last = None
        edges = _columns(part)
        for row in part:
            cells = [""] * len(edges)
            sure: list[float | None] = [None] * len(edges)
            for cell in row.cells:
                k = min(range(len(edges)), key=lambda k: abs(edges[k] - cell.x0))
                cells[k], sure[k] = cell.text, cell.confidence
            lines.append("\t".join(c.replace("\n", " ") for c in cells))
            if any(cells):
                ocr = tuple(sure) if any(v is not None for v in sure) else ()
                out.append(
                    Row(tuple(cells), len(lines), len(lines), aligned=True, location=row.location, ocr_confidence=ocr)
                )
    return lines, out
