"""Text extracted from a PDF: cells separated by spaces, long cells wrapped onto following lines.

What the page loses and how it is recovered:

* Empty cells vanish. Rows come out with fewer cells (``aligned=False``); the grammar places
  them by meaning, and numbers of the budget table by column sums.
* Long cells wrap. A cell's lines are joined with no separator. In the indicator table, a run
  of single-cell lines is split into rows of (三级指标 lines, 指标值 lines) by the column widths:
  every line of a wrapped cell but its last fills its column, and the value column is narrow.
  The widths are measured on the document itself (its unwrapped rows), not assumed.
* Page furniture (the title, the year line and the column header) repeats on every page and is
  dropped wherever it appears.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import vocab
from ..records import Row
from ..values import display_width, is_number, looks_like_target

NAME = "pdf_text"
# the indicator table this layout reads: labels, the indicator and one value column
_READS = frozenset({"goal", "level1", "level2", "level3", "target"})

_INT = re.compile(r"^[0-9]{1,3}$")
_TASK_REFS = re.compile(r"^[0-9]{1,3}(?:[、,，][0-9]{1,3})*$")
_LABEL_TAILS = {"指标", "值", "指标值"}
_FURNITURE_WORDS = {"绩效", "目标", "绩效目标", "年度绩效指标", "对应工", "作任务", "对应工作任务", "序号"}


def detect(lines: list[str]) -> float:
    """PDF text has no TABs and names the indicator columns on one line, separated by spaces:
    the levels and one value column (other schemes are the general reader's)."""
    if any("\t" in ln for ln in lines):
        return 0.0
    for line in lines:
        tokens = line.split()
        if len(tokens) >= 3 and vocab.is_indicator_header(tokens):
            kinds = vocab.header_kinds(tokens)
            if all(kinds) and set(kinds) <= _READS and kinds.count("target") == 1:
                return 0.9
    return 0.0


@dataclass
class _Line:
    no: int
    tokens: list[str]
    blank_before: bool = False

    @property
    def text(self) -> str:
        return _join(self.tokens)


def _join(parts: list[str]) -> str:
    """Join fragments of one cell: no separator between CJK fragments, a space between words."""
    out = ""
    for part in parts:
        if out and part and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def to_rows(lines: list[str]) -> list[Row]:
    title, furniture = _page_furniture(lines)
    rows: list[Row] = []
    section = "head"
    block: list[_Line] = []

    def close() -> None:
        if section == "tasks":
            rows.extend(_task_rows(block))
        elif section == "goals":
            rows.extend(_goal_rows(block))
        elif section == "indicators":
            rows.extend(_IndicatorReader(block).rows())
        else:
            rows.extend(_head_rows(block))
        block.clear()

    blank = False
    for no, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            blank = True
            continue
        blank_before, blank = blank, False
        squashed = vocab.squash(line)
        if squashed in furniture:
            if no == title[0]:
                rows.append(Row((line,), no, no, kind="text"))
            continue
        tokens = line.split()
        new_section = None
        if vocab.is_indicator_header(tokens):
            new_section = "indicators"
        elif section != "head" and (
            vocab.project_label(tokens[0]) in vocab.PROJECT_START or vocab.TABLE_TITLE.search(line)
        ):
            close()  # the next project table begins
            section = "head"
        elif any(vocab.TASK_TABLE_HEADER.match(t) for t in tokens) and section in {"head", "tasks"}:
            new_section = "tasks"
        elif vocab.is_goal_table_header(tokens) and section in {"head", "tasks", "goals"}:
            new_section = "goals"
        if new_section:
            if new_section != section:  # a header repeated on the next page is furniture
                close()
                section = new_section
                rows.append(Row(tuple(tokens), no, no, kind="header"))
            continue
        block.append(_Line(no, tokens, blank_before))
    close()
    return rows


def _page_furniture(lines: list[str]) -> tuple[tuple[int, str], set[str]]:
    """The document title, the year line and header words repeated at the top of each page."""
    title = (0, "")
    for no, raw in enumerate(lines, start=1):
        if raw.strip():
            title = (no, vocab.squash(raw))
            break
    furniture = {title[1]} | _FURNITURE_WORDS
    for raw in lines:
        squashed = vocab.squash(raw)
        if vocab.YEAR_IN_TITLE.fullmatch(squashed):
            furniture.add(squashed)
    return title, furniture


def _head_rows(block: list[_Line]) -> list[Row]:
    """Free text before the tables; a label split over lines (``部门`` / ``名称``) is rejoined
    with the value that follows it."""
    rows: list[Row] = []
    i = 0
    while i < len(block):
        line = block[i]
        if i + 2 < len(block) and vocab.squash(line.text + block[i + 1].text) in {"部门名称", "单位名称"}:
            value = block[i + 2]
            rows.append(Row(("部门名称", value.text), line.no, value.no))
            i += 3
            continue
        previous = rows[-1] if rows else None
        if (
            previous is not None
            and len(line.tokens) == 1
            and vocab.project_label(line.tokens[0]) is None
            and vocab.project_label(previous.cells[0]) in {"goal_text", "purpose"}
            and len(previous.cells) == 2
        ):
            # the wrapped continuation of a goal or purpose paragraph
            rows[-1] = Row((previous.cells[0], previous.cells[1] + line.tokens[0]), previous.line_start, line.no)
        else:
            rows.append(Row(tuple(line.tokens), line.no, line.no))
        i += 1
    return rows


def _task_rows(block: list[_Line]) -> list[Row]:
    """Budget table: ``N text… n1 n2 …`` where the text may wrap onto several lines and the
    numbers may sit on a line of their own."""
    rows: list[Row] = []
    current: dict[str, object] | None = None

    def emit() -> None:
        if current is not None:
            cells = (current["label"], _join(current["text"]), *current["numbers"])  # type: ignore[misc]
            rows.append(Row(tuple(str(c) for c in cells), current["start"], current["end"]))  # type: ignore[arg-type]

    for line in block:
        tokens = list(line.tokens)
        numbers: list[str] = []
        while tokens and is_number(tokens[-1]) and not (len(tokens) == 1 and _INT.match(tokens[0])):
            numbers.insert(0, tokens.pop())
        label = None
        if tokens and _INT.match(tokens[0]):
            label = tokens.pop(0)
        elif tokens and vocab.TOTAL_LABEL.match(vocab.squash("".join(tokens))):
            label, tokens = vocab.squash("".join(tokens)), []
        if label is not None:
            emit()
            current = {"label": label, "text": [], "numbers": [], "start": line.no, "end": line.no}
        if current is None:
            rows.append(Row(tuple(line.tokens), line.no, line.no, kind="text"))
            continue
        current["text"].extend(tokens)  # type: ignore[union-attr]
        current["numbers"].extend(numbers)  # type: ignore[union-attr]
        current["end"] = line.no
        if numbers:
            emit()
            current = None
    emit()
    return rows


def _goal_rows(block: list[_Line]) -> list[Row]:
    """Goal table: a goal number alone on a line, the goal text (wrapped), the task number(s)."""
    rows: list[Row] = []
    number: _Line | None = None
    text: list[_Line] = []
    for line in block:
        single = len(line.tokens) == 1
        if number is None:
            if single and _INT.match(line.tokens[0]):
                number, text = line, []
            elif _INT.match(line.tokens[0]):  # "1 text…" on one line
                number, text = line, [_Line(line.no, line.tokens[1:])]
            else:
                rows.append(Row(tuple(line.tokens), line.no, line.no, kind="text"))
            continue
        if single and _TASK_REFS.match(line.tokens[0]) and text:
            rows.append(Row((number.tokens[0], _join([t.text for t in text]), line.tokens[0]), number.no, line.no))
            number = None
        else:
            text.append(line)
    if number is not None:
        rows.append(Row((number.tokens[0], _join([t.text for t in text])), number.no, (text or [number])[-1].no))
    return rows


class _IndicatorReader:
    """Turns the lines of the indicator table into rows aligned to its header:
    (一级指标, 二级指标, 三级指标, 指标值), a label that is not repeated left empty; a goal
    marker (``目标3``) becomes a row of its own."""

    def __init__(self, block: list[_Line]) -> None:
        self.block = block
        bodies = [_split_labels(ln.tokens)[1] for ln in block]
        # The value column's width, read off the rows that did not wrap.
        self.value_width = max((display_width(b[-1]) for b in bodies if len(b) >= 2), default=20)
        # The 三级指标 column's width: the widest line of the table that is not a label.
        self.level3_width = max((display_width(_join(b[:-1] if len(b) >= 2 else b)) for b in bodies if b), default=0)
        # Documents that put a blank line between rows never start a row without one.
        spaced = sum(1 for ln in block if ln.blank_before)
        self.rows_need_blank = bool(block) and spaced >= 0.5 * len(block)
        self.out: list[Row] = []
        self.pending: list[_Line] = []
        self.level1 = self.level2 = ""

    def rows(self) -> list[Row]:
        for line in self.block:
            if self._label_wrap(line):
                continue
            labels, body = _split_labels(line.tokens)
            if labels:
                self._flush()
                for kind, token in labels:
                    if kind == "goal":
                        self.out.append(Row((token,), line.no, line.no))
                    elif kind == "level1":
                        self.level1 = token
                    else:
                        self.level2 = token
                if not body and (self.level1 or self.level2):
                    self.out.append(Row((self.level1, self.level2, "", ""), line.no, line.no, aligned=True))
                    self.level1 = self.level2 = ""
            if len(body) >= 2:
                self._flush(before=line)
                joined = [ln.text for ln in self.pending] + body[:-1]
                start = self.pending[0].no if self.pending else line.no
                self.pending = []
                self._emit(_join(joined), body[-1], start, line.no)
            elif body:
                self.pending.append(_Line(line.no, body, line.blank_before))
        self._flush()
        return self.out

    def _label_wrap(self, line: _Line) -> bool:
        """``指标`` on a line of its own after a label row: the label wrapped (经济效益 / 指标)."""
        if len(line.tokens) != 1 or line.tokens[0] not in _LABEL_TAILS or self.pending or not self.out:
            return False
        last = self.out[-1]
        if len(last.cells) != 4 or last.cells[2] or last.cells[3] or not (last.cells[0] or last.cells[1]):
            return False
        at = 1 if last.cells[1] else 0
        cells = list(last.cells)
        cells[at] += line.tokens[0]
        self.out[-1] = Row(tuple(cells), last.line_start, line.no, aligned=True)
        return True

    def _emit(self, level3: str, value: str, start: int, end: int) -> None:
        self.out.append(Row((self.level1, self.level2, level3, value), start, end, aligned=True))
        self.level1 = self.level2 = ""

    def _flush(self, before: _Line | None = None) -> None:
        lines = self.pending
        if not lines:
            return
        breaks = [ln.blank_before or not self.rows_need_blank for ln in lines]
        texts = [ln.text for ln in lines]
        # The measured value width is a lower bound (no unwrapped value may fill its column), so
        # the widths of these lines are tried too; the best split wins, the narrowest on a tie.
        widths = [self.value_width, *sorted({display_width(t) for t in texts if display_width(t) > self.value_width})]
        found = [(result, i) for i, w in enumerate(widths) if (result := _segment(texts, w, breaks, self.level3_width))]
        plan = min(found, key=lambda pair: (pair[0][0], pair[1]))[0][1] if found else None
        if plan is None:
            if before is not None:
                return  # wrapped 三级指标 lines that end on the next line
            if not any(looks_like_target(t) for t in texts):
                # lines after the table's last row with nothing a target could be: a note
                self.out.extend(Row((ln.text,), ln.no, ln.no, kind="text") for ln in lines)
                self.pending = []
                return
            plan = [(len(lines) - 1, len(lines))] if len(lines) > 1 else [(1, 1)]
        start = 0
        for n_level3, n_total in plan:
            chunk = lines[start : start + n_total]
            level3 = _join([ln.text for ln in chunk[:n_level3]])
            value = _join([ln.text for ln in chunk[n_level3:]])
            self._emit(level3, value, chunk[0].no, chunk[-1].no)
            start += n_total
        self.pending = []


def _split_labels(tokens: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """The leading goal marker and level labels of a line (kind, token), and the rest."""
    labels, first = vocab.split_labels(tokens)
    return labels, tokens[len(tokens) if first is None else first :]


def _segment(
    texts: list[str], value_width: int, breaks: list[bool], level3_width: int = 0
) -> tuple[tuple[int, int, int], list[tuple[int, int]]] | None:
    """Split wrapped lines into rows, each (k 三级指标 lines, then value lines).

    What a split must respect:
    * every line of a wrapped cell but the last fills its column: a 三级指标 line that
      continues is close to ``level3_width`` and wider than the value column can hold, a value
      line that continues is close to ``value_width``, and no value line is wider than that;
    * a value-shaped line (``≥5次``, ``＝100%``) is never part of a 三级指标 nor a continuation;
    * a cell does not end on an enumeration comma (、 ，): the text goes on;
    * a row starts only where ``breaks`` allows (where the document puts blank lines between rows).
    Among the splits left, the one whose values most often look like values (``2024年1月底前``
    rather than ``底前``) wins, then the one with the shortest values, then the one with more rows.
    Returns (cost, [(k, n), …] per row), or None when no split fits.
    """
    widths = [display_width(t) for t in texts]
    targets = [looks_like_target(t) for t in texts]
    open_end = [t.endswith(("、", "，", ",")) for t in texts]
    full_value = value_width - 3
    full_level3 = max(value_width + 1, level3_width - 4)
    n = len(texts)
    best: list[tuple[tuple[int, int, int], list[tuple[int, int]]] | None] = [None] * (n + 1)
    best[0] = ((0, 0, 0), [])
    for start in range(n):
        if best[start] is None or (start and not breaks[start]):
            continue
        (shaped_so_far, values_so_far, rows_so_far), plan = best[start]  # type: ignore[misc]
        for k in range(1, n - start):
            last3 = start + k - 1
            if targets[last3] or (k > 1 and widths[last3 - 1] < full_level3):
                break
            if open_end[last3]:
                continue
            for m in range(1, n - start - k + 1):
                end = start + k + m
                if widths[end - 1] > value_width + 1:
                    break
                if m > 1 and (widths[end - 2] < full_value or targets[end - 1]):
                    break
                if open_end[end - 1]:
                    continue
                shaped = looks_like_target("".join(texts[start + k : end]))
                cost = (shaped_so_far - shaped, values_so_far + m, rows_so_far - 1)
                if best[end] is None or cost < best[end][0]:  # type: ignore[index]
                    best[end] = (cost, plan + [(k, k + m)])
    return best[n]
