"""HTML pages as government sites publish them: the tables are <table> markup.

Each table becomes a grid: a cell merged over rows (rowspan) or columns (colspan) fills its first
position and leaves the others empty, as Word leaves a merged cell empty. Rows of one grid are all
as wide as the table, so their cells sit under the header's columns (``aligned``). Text outside
tables (titles, notes) becomes text rows. Line numbers are those of the HTML source: every row
points at the line of its <tr>.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .. import limits
from ..records import Row, failure

NAME = "html_tables"

_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "title", "caption", "section", "article"}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")


def detect(lines: list[str]) -> float:
    text = "\n".join(lines[:5000]).lower()
    return 0.95 if "<table" in text and ("<td" in text or "<th" in text) else 0.0


def _clean(text: str) -> str:
    parts = [_SPACES.sub(" ", part).strip() for part in html.unescape(text).split("\n")]
    return "\n".join(p for p in parts if p)


@dataclass
class _Cell:
    text: list[str] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1


@dataclass
class _Table:
    rows: list[tuple[int, int, list[_Cell]]] = field(default_factory=list)  # (line start, line end, cells)
    current: list[_Cell] | None = None
    row_line: int = 0
    cell: _Cell | None = None
    number: int = 0  # the table's place among the page's tables


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[Row] = []
        self.tables: list[_Table] = []
        self.text: list[str] = []
        self.text_line = 0
        self.skip = 0  # inside <script>/<style>
        self.opened = 0  # tables seen so far
        # read by ``_read_plain``: the page and the offset it is at (its line counted on demand)
        self.plain: str | None = None
        self.at = 0
        self._counted = self._line = 0

    def getpos(self) -> tuple[int, int]:
        if self.plain is None:
            return super().getpos()
        if self.at < self._counted:
            self._counted = self._line = 0
        self._line += self.plain.count("\n", self._counted, self.at)
        self._counted = self.at
        return self._line + 1, 0

    # -- text outside tables ------------------------------------------------------------------
    def flush_text(self) -> None:
        text = _clean("".join(self.text))
        if text:
            self.rows.append(Row((text,), self.text_line, self.getpos()[0], kind="text"))
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self.skip += 1
            return
        table = self.tables[-1] if self.tables else None
        if tag == "table":
            self.flush_text()
            self.opened += 1
            self.tables.append(_Table(number=self.opened))
        elif table is not None and tag == "tr":
            table.current, table.row_line = [], self.getpos()[0]
        elif table is not None and tag in {"td", "th"}:
            if table.current is None:
                table.current, table.row_line = [], self.getpos()[0]
            values = dict(attrs)
            table.cell = _Cell(rowspan=_span(values.get("rowspan")), colspan=_span(values.get("colspan")))
            table.current.append(table.cell)
        elif tag == "br" or tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self.skip = max(self.skip - 1, 0)
            return
        table = self.tables[-1] if self.tables else None
        if tag == "table" and table is not None:
            self._end_row(table)
            self.tables.pop()
            self.rows.extend(_laid(table))
        elif table is not None and tag == "tr":
            self._end_row(table)
        elif table is not None and tag in {"td", "th"}:
            table.cell = None
        elif tag in _BLOCK:
            self._break()

    def _break(self) -> None:
        table = self.tables[-1] if self.tables else None
        if table is not None and table.cell is not None:
            table.cell.text.append("\n")
        elif table is None:
            self.flush_text()

    def _end_row(self, table: _Table) -> None:
        if table.current:
            table.rows.append((table.row_line, self.getpos()[0], table.current))
        table.current, table.cell = None, None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        table = self.tables[-1] if self.tables else None
        if table is not None:
            if table.cell is not None:
                table.cell.text.append(data)
            return
        if not self.text:
            self.text_line = self.getpos()[0]
        self.text.append(data)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def _laid(table: _Table) -> list[Row]:
    """The table's rows on a grid, or one error row when the grid is past the limit."""
    try:
        return _grid(table)
    except limits.TooLarge as exc:
        start, end = (table.rows[0][0], table.rows[-1][1]) if table.rows else (0, 0)
        where = f"table {table.number}"
        return [Row((failure(where, exc),), start, max(start, end), kind="error", location=where)]


def _grid(table: _Table) -> list[Row]:
    """Lay cells out on a grid: merged positions stay empty (a rowspan ends with the table)."""
    rows = table.rows
    occupied: set[tuple[int, int]] = set()
    laid: list[tuple[int, int, dict[int, str]]] = []
    width = 0
    for r, (start, end, cells) in enumerate(rows):
        placed: dict[int, str] = {}
        col = 0
        for cell in cells:
            while (r, col) in occupied:
                col += 1
            width = max(width, col + cell.colspan)
            limits.check_grid(f"table {table.number}", len(rows), width)
            placed[col] = _clean("".join(cell.text))
            for dr in range(min(cell.rowspan, len(rows) - r)):
                for dc in range(cell.colspan):
                    occupied.add((r + dr, col + dc))
            col += cell.colspan
        laid.append((start, end, placed))
    out = []
    for r, (start, end, placed) in enumerate(laid, start=1):
        cells = tuple(placed.get(c, "") for c in range(width))
        if any(cells):
            where = f"table {table.number}, row {r}"
            out.append(Row(cells, start, max(end, start), aligned=True, location=where))
    return out


# Markup as ``html.parser`` reads it, in the plain forms pages use: a start tag with plain
# attributes, an end tag, a comment, a declaration (<!DOCTYPE …>), a processing instruction.
_MARKUP = re.compile(
    r"""<(?:
        (?P<start>[a-zA-Z][-.a-zA-Z0-9:_]*)
        (?P<attrs>(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'=<>`]+))?)*)
        \s*(?P<empty>/?)>
      | /(?P<end>[a-zA-Z][-.a-zA-Z0-9:_]*)\s*>
      | !--.*?--\s*>
      | ![a-zA-Z][^<>]*>
      | \?[^<>]*>
    )""",
    re.X | re.S,
)
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_RAW_TEXT = {"script", "style"}  # their content is text up to their end tag


def _read_plain(reader: _Reader, text: str) -> bool:
    """Feed ``reader`` the page as ``html.parser`` would (same calls, same line numbers), with
    one pattern for the markup instead of its tokenizer in Python; False, part-way, on markup
    outside the plain forms (the caller then reads the page with ``html.parser``)."""
    reader.plain = text
    start = search = 0
    while (j := text.find("<", search)) >= 0:
        m = _MARKUP.match(text, j)
        if m is None:
            following = text[j + 1 : j + 2]
            if not following or (following.isascii() and (following.isalpha() or following in "/!?")):
                return False  # markup html.parser reads its own way, or a '<' ending the page
            search = j + 1  # a '<' of the text
            continue
        if start < j:
            reader.at = start
            reader.handle_data(html.unescape(text[start:j]))
        reader.at = j
        start = search = m.end()
        if m["start"]:
            tag = m["start"].lower()
            reader.handle_starttag(tag, [_attribute(a) for a in _ATTR.finditer(m["attrs"])])
            if m["empty"]:
                reader.handle_endtag(tag)
            elif tag in _RAW_TEXT:
                close = re.compile(rf"</\s*{tag}\s*>", re.I).search(text, start)
                if close is None:
                    reader.at = start
                    return True  # the page ends inside it: nothing after it is read
                reader.at = close.start()
                reader.handle_endtag(tag)
                start = search = close.end()
        elif m["end"]:
            reader.handle_endtag(m["end"].lower())
    if start < len(text):
        reader.at = start
        reader.handle_data(html.unescape(text[start:]))
    reader.at = len(text)
    return True


def _attribute(m: re.Match[str]) -> tuple[str, str | None]:
    """(name, value) as ``html.parser`` gives them: the value unquoted and unescaped, None
    when the attribute has none."""
    name, value = m.group(1).lower(), m.group(2)
    if value is None:
        return name, None
    if value[:1] in ("'", '"'):
        value = value[1:-1]
    return name, html.unescape(value) if value else value


def to_rows(lines: list[str]) -> list[Row]:
    text = "\n".join(lines)
    reader = _Reader()
    if not _read_plain(reader, text):
        reader = _Reader()
        reader.feed(text)
        reader.close()
    while reader.tables:  # unclosed tables in broken pages
        table = reader.tables.pop()
        reader._end_row(table)
        reader.rows.extend(_laid(table))
    reader.flush_text()
    return reader.rows


def visible_lines(lines: list[str], rows: list[Row]) -> list[str]:
    """The page's text without markup, one line per paragraph or table row (TABs between cells),
    for finding its title and year: from the rows ``to_rows`` read (the page is parsed once)."""
    return ["\t".join(row.cells) for row in rows]
