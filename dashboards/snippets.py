"""A flag's source lines as a reviewer reads them: the table rows as a grid of cells, whatever
the source was (TAB-separated lines of Word, Excel and PDF readings, ``|``-separated crawled
pages, ``<tr><td>`` markup of HTML pages), the flagged lines marked. Pure: text in, HTML out."""

from __future__ import annotations

import html
import re

CONTEXT = 3  # lines shown above and below a flag's own lines
_CELL = re.compile(r"<t([dh])\b([^>]*)>(.*?)(?=<t[dh]\b|</tr>|$)", re.I | re.S)
_COLSPAN = re.compile(r"colspan\s*=\s*[\"']?(\d+)", re.I)
_TAG = re.compile(r"<[^>]+>")


def cells(line: str) -> list[tuple[str, int]]:
    """A line's cells as (text, columns spanned)."""
    if re.search(r"<t[dh]\b", line, re.I):
        found = []
        for _, attributes, content in _CELL.findall(line):
            span = _COLSPAN.search(attributes)
            found.append((_text(content), int(span.group(1)) if span else 1))
        return found
    if "\t" in line:
        return [(_text(cell), 1) for cell in line.split("\t")]
    if line.count("|") >= 2:
        return [(_text(cell), 1) for cell in line.strip().strip("|").split("|")]
    return [(_text(line), 1)]


def _text(markup: str) -> str:
    return html.unescape(_TAG.sub(" ", markup)).strip()


def window(lines: list[str], start: int, end: int, context: int = CONTEXT) -> list[tuple[int, bool, str]]:
    """(line number, flagged, text) for the flag's lines (1-based, inclusive) and ``context`` lines
    around them; nothing for a flag without lines."""
    if not lines or start < 1:
        return []
    end = max(end, start)
    first, last = max(start - context, 1), min(end + context, len(lines))
    return [(no, start <= no <= end, lines[no - 1]) for no in range(first, last + 1)]


def grid(lines: list[str], start: int, end: int, context: int = CONTEXT) -> str:
    """The window as an HTML table: line number, then the line's cells; flagged rows marked ▶
    and shaded. Every text is escaped: a document's text is never markup here."""
    rows = window(lines, start, end, context)
    if not rows:
        return ""
    split = [(no, flagged, cells(text)) for no, flagged, text in rows]
    width = max(sum(span for _, span in row) for _, _, row in split)
    out = ['<table class="jixiao-snippet" style="border-collapse:collapse;font-size:0.85rem">']
    for no, flagged, row in split:
        style = "background:#fff3b0;font-weight:600" if flagged else ""
        out.append(f'<tr style="{style}"><td style="color:#888;padding:2px 6px;text-align:right">'
                   f"{'▶ ' if flagged else ''}{no}</td>")  # fmt: skip
        used = 0
        for i, (text, span) in enumerate(row):
            if i == len(row) - 1:
                span = max(span, width - used)  # the last cell fills the row
            used += span
            out.append(f'<td colspan="{span}" style="border:1px solid #ddd;padding:2px 6px">{html.escape(text)}</td>')
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)
