"""Any text a table was flattened into: a stream of cells with weak hints.

Crawled pages and exported documents flatten tables in every way: one row per line with ``|``
or single spaces between cells, one cell per line, one cell per paragraph with blank lines
between, filler lines of ``||||`` where merged cells were, the header and the first row on one
line, page furniture around the table. This adapter does not guess which of these it is reading.
It turns the text into a stream of pieces, each with the separator written before it (a line
break, a blank line, a filler line, a ``|`` or TAB, several spaces, one space), and

* finds indicator headers by their words (``vocab.header_kind``), joining a header word wrapped
  over two pieces (``年度`` + ``指标值``, ``一级`` + ``指标``);
* decodes each table's body with ``ingest.align`` under the scheme its header names: rows,
  cells, joined wraps and the confidence of each row come from there;
* reads indicators written as prose (``一、产出指标`` / ``(一)数量指标`` / ``名称≥300人;``);
* reads everything else as rows of a label and its value (``项目名称`` + the name), so that the
  grammar finds project blocks, budget blocks and titles as it does for every layout;
* cuts a document whose header runs its words together (no separator at all) where known words
  and values meet (``ingest.glue``), and says so when the words of a table stand in no header's
  order (columns scrambled by an export): that table is not read, and not misread.

Line breaks count as row boundaries where the table's body is written a row per line and as
cell boundaries where it is written a cell per line; the body decides, not the document's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import align, glue, vocab
from ..records import Row
from ..scheme import Scheme, is_sub_header, scheme_of, with_sub_header
from ..values import display_width

NAME = "cell_stream"
FALLBACK = True  # any text: asked when no layout made for one flattening reads it cleanly

_WIDE_GAP = re.compile(r"[ \t\u00a0]{2,}|\u3000+")
_FILLER = re.compile(r"^\s*\|{2,}\s*$")
_MAX_HEADER_JOIN = 3
_TAB_LED = re.compile(r"^[ \u3000]*\t[^\t|]*$")
_BULLET = re.compile(r"^\s*[-•·]\s+(?=\S)")  # a list bullet a crawler put before a line
_TABLE_NUMBER = re.compile(r"^(?:附)?表[一二三四五六七八九十0-9]+$")


@dataclass
class _Piece:
    text: str
    line: int
    sep: str  # "line" | "blank" | "filler" | "cell" | "space": what came before it
    first: bool  # the first piece of its line


def detect(lines: list[str]) -> float:
    """Weak: any text with an indicator header somewhere, indicators written as prose, or the
    words of an indicator table in an order no header gives (read as far as it goes)."""
    pieces = _pieces(lines)
    for i in range(len(pieces)):
        if _header_at(pieces, i) is not None:
            return 0.35
    if _prose_blocks(pieces):
        return 0.35
    return 0.3 if _table_words(pieces) else 0.0


def _table_words(pieces: list[_Piece]) -> list[str]:
    """The indicator-table header words found anywhere (three kinds or more: a table is here)."""
    seen: dict[str, str] = {}
    for p in pieces:
        kind = vocab.header_kind(p.text)
        if kind and kind[0] in ("level1", "level2", "level3", "target", "actual", "weight", "score"):
            seen.setdefault(kind[0], p.text)
    return list(seen.values()) if len(seen) >= 3 else []


def to_rows(lines: list[str]) -> list[Row]:
    pieces = _pieces(lines)
    rows: list[Row] = []
    i = 0
    outside: list[_Piece] = []
    while i < len(pieces):
        found = _header_at(pieces, i)
        if found is None:
            outside.append(pieces[i])
            i += 1
            continue
        rows.extend(_outside_rows(outside))
        outside = []
        scheme, header_cells, end = found
        rows.append(Row(tuple(header_cells), pieces[i].line, pieces[end - 1].line, kind="header"))
        body_end = _body_end(pieces, end)
        while True:
            # a header repeated over the body (a page break) continues the table
            rows.extend(_table_rows(scheme, pieces[end:body_end], at_end=body_end == len(pieces)))
            again = _header_at(pieces, body_end) if body_end < len(pieces) else None
            if again is None or again[0].kinds != scheme.kinds:
                break
            end = again[2]
            body_end = _body_end(pieces, end)
        if body_end < len(pieces) and not _is_total(pieces[body_end]):
            # notes, a title or the next block: the table is over (a total row belongs to it)
            rows.append(Row((), pieces[body_end].line, pieces[body_end].line, kind="end"))
        i = body_end
    rows.extend(_outside_rows(outside))
    if not any(r.kind == "header" for r in rows) and (words := _table_words(pieces)):
        # the words of a table in no header's order (columns scrambled, garbled): say so
        first = next(p for p in pieces if p.text in words)
        rows.insert(0, Row(tuple(words), first.line, first.line, kind="unreadable"))
    return rows


# ---------------------------------------------------------------------------------------------
# Pieces: the text cut at every separator
# ---------------------------------------------------------------------------------------------
def _pieces(lines: list[str]) -> list[_Piece]:
    out: list[_Piece] = []
    sep = "line"
    # a document whose cells were glued: every line without a separator is cut by vocabulary
    glued = any(glue.glued(line) for line in lines)
    for no, raw in enumerate(lines, start=1):
        line = _BULLET.sub("", raw.replace("\xa0", " ").rstrip("\r"))
        if not line.strip():
            if line and out:  # a lone space: an empty cell written as a paragraph of its own
                out.append(_Piece("", no, sep if sep != "line" else "line", True))
            sep = "blank" if sep in ("line", "blank") else sep
            continue
        if _FILLER.match(line):
            sep = "filler"
            continue
        cells = _cells_of(line)
        if glued:  # cut every cell where known words and values meet
            cells = [(p, sep if k == 0 else "glue") for text, sep in cells for k, p in enumerate(glue.split(text))]
        else:  # a note run into the header's first word: 详情见附件…一级指标 | 二级指标
            cells = _split_leading_note(cells)
        for k, (text, inner) in enumerate(cells):
            out.append(_Piece(text, no, sep if k == 0 else inner, k == 0))
        sep = "line"
    return out


def _split_leading_note(cells: list[tuple[str, str]]) -> list[tuple[str, str]]:
    if len(cells) < 2 or vocab.header_kind(cells[0][0]) is not None or vocab.header_kind(cells[1][0]) is None:
        return cells
    text = cells[0][0]
    for word in glue.HEADER_WORDS:
        if text.endswith(word) and len(text) > len(word):
            return [(text[: -len(word)], cells[0][1]), (word, "cell"), *cells[1:]]
    return cells


def _cells_of(line: str) -> list[tuple[str, str]]:
    """The cells of one line and the separator before each (the first's is the line's)."""
    if _TAB_LED.match(line):
        return [(line.strip(), "cell")]  # Word's one cell per line, each led by a TAB
    if "\t" in line or "|" in line:
        parts = re.split(r"\t|\|", line)
        while parts and not parts[-1].strip():
            parts.pop()
        if not parts:
            return [("", "cell")]
        return [(p.strip(), "cell") for p in parts] if any(p.strip() for p in parts) else [("", "cell")]
    out: list[tuple[str, str]] = []
    for chunk in _WIDE_GAP.split(line.strip()):
        for k, word in enumerate(chunk.split(" ")):
            if word:
                out.append((word, "cell" if k == 0 else "space"))
    return out


# ---------------------------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------------------------
def _header_words(pieces: list[_Piece], i: int) -> tuple[list[str], int, list[int]]:
    """The run of header words from piece ``i``: (words, index after the run, start of each)."""
    words: list[str] = []
    starts: list[int] = []
    j = i
    while j < len(pieces):
        if not pieces[j].text:
            j += 1
            continue
        best = None
        # a word wrapped over pieces: take the join when the first piece alone is no header word
        # (年度 / 指标值) or only a caption fragment, and the join is one
        joined = pieces[j].text
        alone = vocab.header_kind(joined)
        for k in range(j + 1, min(len(pieces), j + _MAX_HEADER_JOIN)):
            if not pieces[k].text or pieces[k].sep == "filler":
                break
            second = vocab.header_kind(pieces[k].text)
            joined = joined + pieces[k].text
            kind = vocab.header_kind(joined)
            if kind is None or kind[0] == "goal":
                continue
            # 年度 / 指标值, 一级 / 指标: the first piece is no header word of its own; 实际 / 完成值:
            # both pieces are, but of the one kind the joined word is
            next_piece = k == j + 1
            if (
                alone is None
                or alone[0] == "goal"
                or (next_piece and second is not None and second[0] == kind[0] == alone[0])  # 实际 / 完成值
                or (next_piece and kind[0] == alone[0] and second is not None and second[0] == "goal")  # 一级 / 指标
            ):
                best = (joined, k + 1)
                break
        if best is None:
            if alone is None:
                break
            new_line = bool(starts) and pieces[j].line != pieces[starts[-1]].line
            if alone[0] == "goal" and new_line and any(vocab.header_kind(w)[0] != "goal" for w in words):
                break  # a caption on the next line opens the body (a vertical 绩效指标 cell)
            best = (pieces[j].text, j + 1)
        words.append(best[0])
        starts.append(j)
        j = best[1]
    return words, j, starts


def _header_at(pieces: list[_Piece], i: int) -> tuple[Scheme, list[str], int] | None:
    """An indicator header starting at piece ``i``: (scheme, header words, index after it)."""
    if i >= len(pieces) or not pieces[i].text or vocab.header_kind(pieces[i].text) is None:
        return None
    if i > 0 and pieces[i - 1].text and vocab.header_kind(pieces[i - 1].text) is not None:
        return None  # not the start of the run
    words, end, _ = _header_words(pieces, i)
    if len(words) < 3:
        return None
    # a second header row splitting the value column by period (年度 | 中期)
    sub_end = end
    while sub_end < len(pieces) and (not pieces[sub_end].text or is_sub_header([pieces[sub_end].text, "年度"])):
        sub_end += 1
    periods = [p.text for p in pieces[end:sub_end] if p.text]
    if len(periods) >= 2:
        words, end = with_sub_header(words, periods, positional=False), sub_end
    scheme = scheme_of(words)
    if scheme is None or not {"target", "actual"} & {c.field for c in scheme.columns}:
        return None  # a header naming no value column: its words were read out of order
    return scheme, words, end


# ---------------------------------------------------------------------------------------------
# Table bodies
# ---------------------------------------------------------------------------------------------
def _stops(piece: _Piece) -> bool:
    text = vocab.squash(piece.text)
    if not text:
        return False
    if vocab.FURNITURE.search(text) or _TABLE_NUMBER.match(text) or vocab.TABLE_TITLE.search(text):
        return True
    if vocab.BUDGET_EXECUTION.search(text) or _is_total(piece):
        return True
    if piece.first and text == "序号":
        return True  # the header of the next table
    label = vocab.project_label(text)
    return label in vocab.PROJECT_START or label in ("goal_text", "budget_block")


def _is_total(piece: _Piece) -> bool:
    """合计 / 总分 / 得分合计 / 合计(100分): the total row closing an indicator table."""
    return vocab.is_score_total(piece.text)


def _body_end(pieces: list[_Piece], start: int) -> int:
    for j in range(start, len(pieces)):
        if _stops(pieces[j]) or _header_at(pieces, j) is not None:
            return j
    return len(pieces)


def _row_style(body: list[_Piece]) -> bool:
    """True when the body is written a row per line (most lines hold several cells)."""
    lines: dict[int, int] = {}
    for p in body:
        if p.text:
            lines[p.line] = lines.get(p.line, 0) + 1
    if not lines:
        return True
    return sum(1 for n in lines.values() if n >= 2) >= 0.5 * len(lines)


_BREAK_ROW_STYLE = {"line": align.LINE, "blank": align.LINE, "filler": align.HINT}
_BREAK_CELL_STYLE = {"line": align.NLCELL, "blank": align.NLCELL, "filler": align.HINT}
_INNER = {"cell": align.CELL, "space": align.SPACE, "glue": align.GLUE}


def _table_rows(scheme: Scheme, body: list[_Piece], at_end: bool = False) -> list[Row]:
    if not body:
        return []
    row_style = _row_style(body)
    breaks = _BREAK_ROW_STYLE if row_style else _BREAK_CELL_STYLE
    tokens = [align.Token(p.text, p.line, breaks.get(p.sep, _INNER.get(p.sep, align.CELL))) for p in body]
    tokens[0] = align.Token(tokens[0].text, tokens[0].line, align.ROW)  # the body opens a row
    if row_style:
        tokens = _mark_wraps(body, tokens)
    fields = [c.field for c in scheme.columns]
    decoded_rows = align.decode(scheme.kinds, tokens, kept=scheme.kept)
    out: list[Row] = []
    for k, decoded in enumerate(decoded_rows):
        cells = tuple(decoded.cells.get(c, "") for c in range(len(fields)))
        cut = at_end and not row_style and k == len(decoded_rows) - 1 and _cut_short(decoded, decoded_rows[:-1])
        out.append(
            Row(
                cells,
                decoded.first,
                decoded.last,
                aligned=True,
                kind="truncated" if cut else "cells",
                fields=tuple(fields),
                confidence=decoded.confidence,
                notes=tuple(decoded.notes),
            )
        )
    return out


def _cut_short(last: align.DecodedRow, before: list[align.DecodedRow]) -> bool:
    """The text ends inside its last row: written a cell per line with every cell present (empty
    ones too), the rows before it hold more cells than it does."""
    counts = sorted(r.tokens for r in before if r.cells)
    return len(counts) >= 2 and last.tokens < counts[len(counts) // 2]


_OPEN_END = ("、", "，", ",", "；", ";", "：", ":")
_FULL_SLACK = 4  # display columns a full line may fall short of the widest


def _mark_wraps(body: list[_Piece], tokens: list[align.Token]) -> list[align.Token]:
    """A line that fills its column (as wide as the widest piece of the table, PDF text) or ends
    on an enumeration mark goes on in the next line: that line break is a wrap."""
    widths = [display_width(p.text) for p in body if p.text]
    widest = max(widths, default=0)
    out = list(tokens)
    for k in range(1, len(body)):
        if out[k].brk != align.LINE:
            continue
        last = body[k - 1].text
        full = widest >= 16 and display_width(last) >= widest - _FULL_SLACK
        if full or last.endswith(_OPEN_END):
            out[k] = align.Token(out[k].text, out[k].line, align.WRAP)
    return out


# ---------------------------------------------------------------------------------------------
# Outside tables: labels and their values
# ---------------------------------------------------------------------------------------------
def _is_label(text: str) -> bool:
    return bool(vocab.is_form_label(text) or vocab.is_table_label(text))


def _outside_rows(pieces: list[_Piece]) -> list[Row]:
    """Rows for the grammar: indicators written as prose, and the rest as labelled rows."""
    rows: list[Row] = []
    done = 0
    for start, end, prose in _prose_blocks(pieces):
        rows.extend(_labelled_rows(pieces[done:start]))
        rows.extend(prose)
        done = end
    rows.extend(_labelled_rows(pieces[done:]))
    return rows


# ---------------------------------------------------------------------------------------------
# Indicators written as prose: 一、产出指标 / (一)数量指标 / 名称≥300人;
# ---------------------------------------------------------------------------------------------
_PROSE_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十0-9]+[)）]|[0-9]+[、.．])\s*"
)
_PROSE_SPLIT = re.compile(r"^(?P<name>.+?)\s*(?P<value>(?:[≥≤≧≦＝=<>]|不少于|不低于|不超过|不高于|达到).+)$")
_PROSE_END = re.compile(r"[;；。.,，]+$")
_PROSE_HEADER = ("一级指标", "二级指标", "三级指标", "指标值")


def _prose_heading(text: str) -> tuple[str, str] | None:
    """``一、产出指标`` -> (level1, 产出指标); ``(一)数量指标`` -> (level2, 数量指标)."""
    m = _PROSE_ORDINAL.match(text)
    if not m:
        return None
    label = _PROSE_END.sub("", text[m.end() :].strip())
    found = vocab.label(label)
    if found is None or not found.exact or len(label) > 14:
        return None
    if text.startswith(("(", "（")) or 1 not in found.levels:
        return "level2", label
    return "level1", label


def _prose_item(text: str) -> tuple[str, str] | None:
    """``名称≧300人;`` -> (名称, ≧300人); ``完成时限,2025年10月底前;`` -> (完成时限, 2025年10月底前)."""
    body = _PROSE_END.sub("", text.strip())
    if not body or len(body) > 80:
        return None
    m = _PROSE_SPLIT.match(body)
    if m:
        return m.group("name").rstrip(",，:："), m.group("value")
    for comma in (",", "，", ":", "："):
        if comma in body:
            name, _, value = body.rpartition(comma)
            if name and value and len(value) <= 16:
                return name, value
    return None


def _prose_blocks(pieces: list[_Piece]) -> list[tuple[int, int, list[Row]]]:
    """Runs of lines headed by a level-1 label with an ordinal, whose other lines are level-2
    headings or ``name value`` items; read as indicator rows where at least two items are."""
    lines: list[tuple[int, int, str]] = []  # (first piece, end piece, line text)
    k = 0
    while k < len(pieces):
        j = k + 1
        while j < len(pieces) and not pieces[j].first:
            j += 1
        lines.append((k, j, " ".join(p.text for p in pieces[k:j] if p.text)))
        k = j
    blocks: list[tuple[int, int, list[Row]]] = []
    n = 0
    while n < len(lines):
        heading = _prose_heading(lines[n][2])
        if heading is None or heading[0] != "level1":
            n += 1
            continue
        rows: list[Row] = []
        items = 0
        level1, level2 = heading[1], ""
        m = n + 1
        while m < len(lines):
            text = lines[m][2]
            head = _prose_heading(text)
            line_no = pieces[lines[m][0]].line
            if head is not None:
                if head[0] == "level1":
                    level1, level2 = head[1], ""
                else:
                    level2 = head[1]
            elif (item := _prose_item(text)) is not None:
                rows.append(
                    Row(
                        (level1, level2, *item),
                        line_no,
                        line_no,
                        aligned=True,
                        fields=_PROSE_FIELDS,
                        confidence=_PROSE_CONFIDENCE,
                        notes=("read from prose",),
                    )
                )
                items += 1
            else:
                break
            m += 1
        if items >= 2:
            first, last = pieces[lines[n][0]].line, pieces[lines[m - 1][0]].line
            header = Row(_PROSE_HEADER, first, first, kind="header")
            blocks.append((lines[n][0], lines[m - 1][1], [header, *rows, Row((), last, last, kind="end")]))
        n = m
    return blocks


_PROSE_FIELDS = ("level1", "level2", "level3", "target")
_PROSE_CONFIDENCE = 0.8  # the split of a name from its value is read from punctuation


def _labelled_rows(pieces: list[_Piece]) -> list[Row]:
    """Rows for the grammar: a line's cells where a line holds several, a label with the
    pieces after it where the text is written a cell per line. Pieces separated by a single
    space that are not labels are one cell (a sentence with spaces in it)."""
    rows: list[Row] = []
    by_line: dict[int, list[_Piece]] = {}
    for p in pieces:
        by_line.setdefault(p.line, []).append(p)
    multi = sum(1 for ps in by_line.values() if sum(1 for p in ps if p.text) >= 2)
    row_style = multi >= 0.5 * max(len(by_line), 1)
    current: list[_Piece] = []

    def flush() -> None:
        cells = _merge_words(current)
        current.clear()
        if not any(cells):
            return
        start, end = cells_lines
        kind = "text" if len(cells) == 1 else "cells"
        rows.append(Row(tuple(cells), start, end, kind=kind))

    cells_lines = (0, 0)
    for p in pieces:
        alone = _stands_alone(p.text)
        if row_style:
            new = p.first or alone
        else:
            new = (
                not current
                or alone
                or _stands_alone(current[-1].text)
                or _is_label(p.text)
                and not (all(_is_label(c.text) for c in current if c.text) and vocab.budget_column(p.text))
            )
        if new and current:
            flush()
        if not current:
            cells_lines = (p.line, p.line)
        current.append(p)
        cells_lines = (cells_lines[0], p.line)
    flush()
    return rows


def _stands_alone(text: str) -> bool:
    """A title, a year line or page furniture: a row of its own."""
    squashed = vocab.squash(text)
    return bool(
        vocab.TABLE_TITLE.search(squashed)
        or vocab.YEAR_IN_TITLE.fullmatch(squashed)
        or vocab.FURNITURE.search(squashed)
        or _TABLE_NUMBER.match(squashed)
    )


def _merge_words(pieces: list[_Piece]) -> list[str]:
    cells: list[str] = []
    for p in pieces:
        if (
            cells
            and p.sep == "space"
            and cells[-1]
            and not any(_is_label(t) or align.is_whole(t) for t in (p.text, cells[-1]))
        ):
            cells[-1] = f"{cells[-1]} {p.text}"
        else:
            cells.append(p.text)
    while cells and not cells[-1]:
        cells.pop()
    return cells
