"""Decoding table rows: the best alignment of a run of cells to a table's column scheme.

Readers of flattened text do not know where a row ends, whether an empty cell vanished, or
whether two pieces of text are one wrapped cell; readers of grids know the rows but not always
which column a cell sits under (a merged caption column, a row shifted by one). Both hand this
module a run of *tokens* (pieces of text, each with the separator written before it: a row
boundary, a filler line, a line break, a cell separator, a space) and get back rows of cells,
each cell under one column of the scheme.

The decoding is a small dynamic programme (a semi-Markov Viterbi) over tokens × columns. Each
token starts a cell under a column, continues the cell before it (a label wrapped over two
lines: ``经济效益`` + ``指标``), or is dropped (a caption, a placeholder ``……``). Costs come from
three sources, all in ``Costs``:

* vocabulary and shape: how well a text fits a column (a level-1 label under 一级指标, ``≥95%``
  under 指标值, ``人/天`` under 度量单位, a bare number under 权重);
* structure: columns run left to right inside a row, a column left out costs what its kind
  allows (a level label merged over the rows below costs nothing, a vanished unit little,
  a missing name much), a row needs a name and a value;
* the separators: a new row where the text breaks a line costs nothing in text written one
  row per line, and a cell joined across an explicit cell separator costs more than one
  joined across a space.

The cheapest decoding wins; each row's share of the cost says how confident its placement is.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

from . import vocab
from .seeds import read_seed
from .values import looks_like_target

# The separator written before a token, strongest first.
ROW = 6  # a row boundary the reader knows (a grid row, a TAB row)
HINT = 5  # a filler line (``||||``) after a row: a row very likely ended
LINE = 4  # a line break in text written one row per line
WRAP = 3  # a line break after a line that fills its column or ends on 、 , ;: the cell wraps
NLCELL = 2  # a line break in text written one cell per line
CELL = 1  # a cell separator inside a line (``|``, a TAB, several spaces)
SPACE = 0  # one space inside a line
GLUE = -1  # no separator: text split by vocabulary


@dataclass(frozen=True)
class Token:
    text: str
    line: int
    brk: int
    position: int = -1  # the grid column, when the reader knows it


@dataclass
class DecodedRow:
    """A row: column index -> the cell's text, the tokens it covers, its cost, and notes."""

    cells: dict[int, str]
    first: int
    last: int
    cost: float = 0.0
    notes: list[str] = field(default_factory=list)
    tokens: int = 0  # pieces of text it covers, empty cells and dropped pieces included

    @property
    def confidence(self) -> float:
        """1 for a row whose every cell fits its column as written, falling with the cost."""
        return round(1.0 / (1.0 + max(self.cost - Costs.free, 0.0)), 3)


class Costs:
    """Every tolerance of the decoder in one place (as pdfplumber keeps its in TableSettings)."""

    free = 0.6  # a row costing no more than this is placed with full confidence
    inf = math.inf
    # same row: the separator before a new cell
    same_row = {ROW: inf, HINT: 2.5, LINE: 0.6, WRAP: 0.3, NLCELL: 0.0, CELL: 0.0, SPACE: 0.05, GLUE: 0.1}
    # new row at a token
    new_row = {ROW: 0.0, HINT: 0.0, LINE: 0.0, WRAP: 1.2, NLCELL: 0.25, CELL: 2.5, SPACE: 3.0, GLUE: 2.0}
    # joining a token to the cell before it
    join = {ROW: inf, HINT: inf, LINE: 0.5, WRAP: 0.05, NLCELL: 0.8, CELL: 1.6, SPACE: 0.15, GLUE: 0.0}
    join_label_fragment = 0.15  # 经济效益 + 指标: a wrapped label is common
    join_whole = 1.5  # joining a comparator, a nature word, a number or a label to other text
    # a column left out inside a row (empty cells vanish from text)
    skip = {
        "level1": 0.6,
        "level2": 0.3,
        "level3": 2.0,
        "description": 0.3,
        "basis": 0.1,
        "op": 0.1,
        "unit": 0.1,
        "target": 0.7,
        "actual": 0.7,
        "weight": 0.35,
        "score": 0.35,
        "deviation_reason": 0.1,
        "extra": 0.1,
        "goal": 0.0,
        "seq": 0.0,
        "project_name": 0.0,
        "project_budget": 0.0,
        "project_fiscal": 0.0,
        "project_other": 0.0,
        "project_goal": 0.0,
    }
    row_without_value = 1.2  # a named row with no value at all
    row_without_name = 2.5  # values with no name: they belong to the row before
    drop_empty = 0.3  # an empty cell is a cell: read under a column unless there are too many
    drop_caption = 0.2
    drop_placeholder = 0.2
    drop_other = 4.0
    off_position = 0.4  # a grid cell read under another column than its own
    max_span = 4  # tokens one cell may join


# ---------------------------------------------------------------------------------------------
# Shapes of a text
# ---------------------------------------------------------------------------------------------
@functools.cache
def _comparator() -> re.Pattern[str]:
    """A comparator on its own: a symbol, or a comparison word of the seed comparison_words."""
    words = sorted((r["word"] for r in read_seed("comparison_words.csv")), key=len, reverse=True)
    return re.compile(rf"^(?:[≥≤＝=<>＜＞≧≦≠═‹›]|<=|>=|{'|'.join(map(re.escape, words))})$")


@functools.cache
def _comparator_first() -> re.Pattern[str]:
    words = [r["word"] for r in read_seed("comparison_words.csv") if r["position"] == "prefix"]
    return re.compile(rf"^(?:[≥≤＝=<>≧≦═±约]|{'|'.join(map(re.escape, sorted(words, key=len, reverse=True)))})")


_NATURE = re.compile(r"^(?:定性|定量|正向|反向|中性|正向指标|反向指标|定性指标|定量指标)$")
_NUMBER = re.compile(r"^[-+]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?$")
_PERCENT = re.compile(r"^[-+]?[0-9０-９]+(?:[.．][0-9０-９]+)?\s*[%％]$")
_DASH = re.compile(r"^[-—–/／\\]{1,3}$|^无$")
_PLACEHOLDER = re.compile(r"^(?=.)(?:指标\s*[0-9０-９]+\s*[:：]?)?[…\.。·]*$")
_VALUEISH = re.compile(r"^[0-9０-９][0-9０-９.,，%％]*(?:\s*[^\s0-9]{0,8})$")  # a number with a short unit
# dates, periods and open bounds are values when short (a sentence may start with 12月)
_SHORT_VALUEISH = re.compile(
    r"^[0-9０-９]{4}[年.\-/][0-9０-９]{0,2}|"  # a date or period
    r"^[0-9０-９]{1,2}月"
)
# an open bound or a deadline in words (年底前, 本年内); a name with a figure inside it
# (满意度95%以上) is not one
_BOUND_WORDS = re.compile(r"^[^0-9０-９]{1,8}(?:以上|以下|以内|之内|之前|以前|前|底|内)$")
_SHORT = 20
_FRAGMENT = re.compile(r"^(?:指标|指|标|值|类|等|[)）(（:：、,，;；])$")


def _opens(text: str) -> bool:
    """A piece that leaves a bracket open (``数量(``): the cell goes on."""
    return text.count("(") + text.count("（") > text.count(")") + text.count("）")


@functools.cache
def _units() -> frozenset[str]:
    return frozenset(r["unit_raw"] for r in read_seed("units.csv"))


@dataclass(frozen=True)
class Shape:
    level1: bool
    level2: bool
    loose_label: bool
    comparator: bool
    nature: bool
    number: bool
    percent: bool
    dash: bool
    placeholder: bool
    caption: bool
    goal_marker: bool
    unit: bool
    valueish: bool
    fragment: bool
    labelish: bool  # shaped like a level label (具体指标) without being a known one
    label_prefix: bool  # a level label ending in 指标 and then more text
    length: int
    digits: bool


def _label_prefix(text: str) -> bool:
    at = text.find("指标")
    return at > 0 and at + 2 < len(text) and vocab.label(text[: at + 2]) is not None


def _digits(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


@functools.lru_cache(maxsize=1 << 16)
def shape(text: str) -> Shape:
    s = vocab.squash(text)
    found = vocab.label(s)
    exact = found is not None and found.exact
    unit = s in _units() or (
        0 < len(s) <= 6
        and not any(ch.isdigit() for ch in s)
        and all(p in _units() or (p[-1:] in "数次" and p[:-1] in _units()) for p in re.split(r"[/／·]", s))
    )  # 人/天, 元/平米, 人数
    caption = vocab.indicator_column(s) == "goal" and not vocab.goal_marker(s)
    return Shape(
        level1=exact and 1 in found.levels,  # type: ignore[union-attr]
        level2=exact and 2 in found.levels,  # type: ignore[union-attr]
        loose_label=found is not None and not found.exact,
        comparator=bool(_comparator().match(s)),
        nature=bool(_NATURE.match(s)),
        number=bool(_NUMBER.match(s)),
        percent=bool(_PERCENT.match(s)),
        dash=bool(_DASH.match(s)),
        placeholder=bool(_PLACEHOLDER.match(s)),
        caption=caption,
        goal_marker=vocab.goal_marker(s) is not None,
        unit=unit,
        valueish=bool(_VALUEISH.search(s) or _comparator_first().search(s))
        or looks_like_target(s)
        or vocab.is_value_in_words(s)
        or (len(s) <= _SHORT and bool(_SHORT_VALUEISH.search(s) or _BOUND_WORDS.match(s))),
        fragment=bool(_FRAGMENT.match(s)),
        labelish=not exact and found is None and 3 <= len(s) <= 10 and s.endswith("指标") and not _digits(s),
        length=len(s),
        digits=any(ch.isdigit() for ch in s),
        label_prefix=_label_prefix(s),
    )


def _whole(sh: Shape) -> bool:
    """A text that is a cell of its own: a comparator, a value, a label."""
    return sh.comparator or sh.nature or sh.number or sh.percent or sh.valueish or sh.labelish


def is_whole(text: str) -> bool:
    """A comparator, a value or a label: a cell of its own, never part of a sentence."""
    sh = shape(text)
    return _whole(sh) or _is_label(sh)


def _is_label(sh: Shape) -> bool:
    return sh.level1 or sh.level2


@functools.lru_cache(maxsize=1 << 18)
def emission(kind: str, text: str) -> float:
    """What it costs to read ``text`` as a cell of a column of ``kind``."""
    sh = shape(text)
    inf = Costs.inf
    if sh.length == 0:
        return 0.0
    if sh.fragment and not (kind == "unit" and sh.unit):  # 类 is a piece of 类指标, or a unit
        return 5.0
    if kind == "level1":
        if sh.level1:
            return 0.0
        if sh.level2:
            return 1.2
        if sh.labelish:
            return 1.2
        return 1.6 if sh.loose_label else 3.5
    if kind == "level2":
        if sh.level2:
            return 0.0
        if sh.level1:
            return 0.8
        if sh.loose_label:
            return 0.3
        if sh.labelish:
            return 0.6
        if sh.valueish or sh.number or sh.comparator or sh.placeholder:
            return 6.0
        return 1.8 if sh.length <= 10 else 3.0
    if kind == "level3":
        if sh.placeholder:
            return 0.3
        if sh.length > 80:
            return 2.0  # a paragraph is not an indicator's name
        if sh.comparator or sh.dash:
            return 6.0
        if sh.number or sh.percent:
            return 3.0
        if _is_label(sh):
            return 0.9
        if sh.labelish:
            return 0.5
        if sh.label_prefix:
            return 1.6  # 成本指标20万元: a level label run into the name
        if sh.unit and sh.length <= 2:
            return 3.0
        if sh.valueish:
            return 1.5 if sh.length <= 12 else 0.6
        return 0.0
    if kind in ("target", "actual"):
        if sh.length > 60:
            return 3.0  # a paragraph is not a value
        if sh.valueish or sh.number or sh.percent or sh.dash:
            return 0.0
        if _is_label(sh):
            return 3.0
        if sh.comparator or sh.nature:
            return 2.5
        if sh.unit and sh.length <= 2:
            return 2.5
        return 0.6 if sh.length <= 12 else 1.0
    if kind == "op":
        return 0.0 if sh.comparator or sh.nature else 5.0
    if kind == "unit":
        if sh.unit or s_is_percent_sign(text):
            return 0.0
        if not sh.digits and sh.length <= 4 and not _is_label(sh) and not sh.comparator:
            return 0.8
        return 5.0
    if kind in ("weight", "score"):
        if sh.number:
            return 0.0
        if sh.percent or sh.dash:
            return 0.2
        if sh.digits and sh.length <= 6:
            return 0.4
        return 5.0
    if kind == "goal":
        return 0.0 if sh.caption or sh.goal_marker else 3.0
    if kind == "seq":
        return 0.0 if sh.number and sh.length <= 4 else 4.0
    if kind in ("project_budget", "project_fiscal", "project_other"):
        return 0.0 if sh.number or sh.valueish else 3.0
    if kind == "project_name":
        return 2.0 if _is_label(sh) or sh.valueish or sh.number else 0.3
    if kind == "project_goal":
        return 1.0 if sh.valueish or sh.number or _is_label(sh) else 0.1
    if kind == "description":
        if _is_label(sh):
            return 1.5
        return 1.2 if (sh.valueish and sh.length <= 12) or sh.number else 0.3
    # basis, deviation_reason, extra
    if _is_label(sh):
        return 2.0
    return 0.4 if kind != "extra" else 0.3
    return inf  # pragma: no cover


def s_is_percent_sign(text: str) -> bool:
    return vocab.squash(text) in ("%", "％", "百分比")


def drop_cost(text: str) -> float:
    sh = shape(text)
    if sh.length == 0:
        return 0.0
    if sh.caption:
        return Costs.drop_caption
    if sh.placeholder:
        return Costs.drop_placeholder
    return Costs.drop_other


def join_text(left: str, right: str, brk: int) -> str:
    """Two pieces of one cell: a space where the text had one, nothing across a line break
    between CJK text (a wrap), a space between two words of Latin letters or digits."""
    if not left:
        return right
    if brk == SPACE:
        return f"{left} {right}"
    if left[-1].isascii() and left[-1].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


# ---------------------------------------------------------------------------------------------
# The decoder
# ---------------------------------------------------------------------------------------------
_NAME, _VALUE, _OTHER = 1, 2, 4  # a row's cells so far: a name, a value, anything but a label
# cells written once and merged down over the rows below: level labels, captions, a project's
_CARRIED = frozenset(
    {
        "level1",
        "level2",
        "goal",
        "seq",
        "project_name",
        "project_budget",
        "project_fiscal",
        "project_other",
        "project_goal",
    }
)


KIND_OF_FIELD = frozenset(
    {"level1", "level2", "level3", "description", "target", "actual", "op", "unit", "weight", "score", "goal"}
    | _CARRIED
)


def decode(
    kinds: tuple[str, ...],
    tokens: list[Token],
    positional: bool = False,
    single_row: bool = False,
    kept: tuple[bool, ...] = (),
) -> list[DecodedRow]:
    """The cheapest reading of ``tokens`` as rows of a table whose columns are ``kinds``.

    ``positional``: the tokens carry their grid column (``Token.position``), and a cell read
    under another column than its own costs ``Costs.off_position``. ``single_row``: the tokens
    are one row (a grid row, a TAB row); they are placed in it or dropped. ``kept``: columns
    only kept beside the indicator (a mid-term block): left out freely, and they neither name
    a row nor give it a value.
    """
    tokens = _carry_breaks(tokens)
    n, m = len(tokens), len(kinds)
    if n == 0 or m == 0:
        return []
    kept = kept or (False,) * m
    value_flag = [
        (_VALUE if k in ("target", "actual", "op", "weight", "score", "unit") and not x else 0)
        for k, x in zip(kinds, kept)
    ]
    name_flag = [(_NAME if k == "level3" and not x else 0) for k, x in zip(kinds, kept)]
    other_flag = [(0 if k in _CARRIED else _OTHER) for k in kinds]
    skip = [Costs.skip["extra"] if x else Costs.skip.get(k, 0.1) for k, x in zip(kinds, kept)]
    prefix = [0.0]
    for s in skip:
        prefix.append(prefix[-1] + s)

    def end_cost(flags: int) -> float:
        if not flags & _OTHER:
            return 0.0  # a row of level labels: they head the rows below
        if not flags & _NAME:
            return Costs.row_without_name
        if not flags & _VALUE:
            return Costs.row_without_value
        return 0.0

    inf = Costs.inf
    # best[i]: state (column, flags) -> (cost, back pointer)
    best: list[dict[tuple[int, int], tuple[float, tuple]]] = [{} for _ in range(n + 1)]
    best[0][(-1, 0)] = (0.0, ())
    texts = [t.text.strip() for t in tokens]
    for a in range(n):
        states = best[a]
        if not states:
            continue
        floor = min(c for c, _ in states.values())
        beam = [(st, c) for st, (c, _) in states.items() if c <= floor + 8.0]
        tok = tokens[a]
        dc = drop_cost(texts[a]) if texts[a] else Costs.drop_empty
        # spans [a, b) with their joined text and joining cost
        spans: list[tuple[int, str, float, bool]] = []
        text, jc = texts[a], 0.0
        spans.append((a + 1, text, 0.0, False))
        for b in range(a + 1, min(n, a + Costs.max_span) if text else a + 1):
            nxt = tokens[b]
            if nxt.brk >= HINT or not texts[b]:
                break
            if positional and nxt.position != tok.position and nxt.brk >= CELL:
                break  # grid cells are cells
            step = Costs.join[nxt.brk]
            left, right = shape(texts[b - 1]), shape(texts[b])
            joined = join_text(text, texts[b], nxt.brk)
            if right.fragment or _opens(texts[b - 1]) or _is_label(shape(joined)):
                step = min(step, Costs.join_label_fragment)  # 经济效益 + 指标, 服务对象 + 满意度指标
            elif left.fragment:
                step += Costs.join_whole  # 指标 + the next cell: the fragment ends the cell before
            elif _whole(left) or _whole(right) or _is_label(right) or _is_label(left):
                step += Costs.join_whole  # a comparator, a number, a label is a cell of its own
            jc += step
            text = joined
            spans.append((b + 1, text, jc, True))
        same_sep = Costs.same_row[tok.brk]
        new_sep = Costs.new_row[tok.brk]
        for (j, flags), cost in beam:
            if dc < inf:
                _relax(best[a + 1], (j, flags), cost + dc, (a, (j, flags), "drop", a + 1, -1))
            closing = end_cost(flags) if j >= 0 else 0.0
            for b, span_text, jcost, _joined in spans:
                for c in range(m):
                    e = emission(kinds[c], span_text)
                    if e >= 5.0 and drop_cost(span_text) < e:
                        continue
                    if positional and tok.position >= 0 and tok.position != c:
                        e += Costs.off_position
                    flag_c = (
                        (value_flag[c] | name_flag[c] | other_flag[c])
                        if span_text and not shape(span_text).placeholder
                        else 0
                    )
                    base = cost + jcost + e
                    if j >= 0 and c > j and same_sep < inf:
                        total = base + same_sep + prefix[c] - prefix[j + 1]
                        _relax(best[b], (c, flags | flag_c), total, (a, (j, flags), "same", b, c))
                    if single_row and j >= 0:
                        continue
                    total = base + new_sep + closing + _start_skip(kinds, kept, c)
                    _relax(best[b], (c, flag_c), total, (a, (j, flags), "new", b, c))
    final = best[n]
    if not final:
        return []
    end_state = min(final, key=lambda st: final[st][0] + end_cost(st[1]))
    return _backtrack(best, n, end_state, tokens, texts, end_cost)


def _start_skip(kinds: tuple[str, ...], kept: tuple[bool, ...], c: int) -> float:
    """Columns left out before a row's first cell: level labels and captions carry down."""
    cost = 0.0
    for k, x in zip(kinds[:c], kept):
        if k not in _CARRIED and k != "level3":
            cost += Costs.skip["extra"] if x else Costs.skip.get(k, 0.1)
    return cost


def _relax(slot: dict, state: tuple[int, int], cost: float, back: tuple) -> None:
    old = slot.get(state)
    if old is None or cost < old[0]:
        slot[state] = (cost, back)


def _carry_breaks(tokens: list[Token]) -> list[Token]:
    """Empty cells stay (an empty cell sits under a column, as merged cells do); an empty piece
    of a row boundary the reader knows passes that boundary on."""
    out: list[Token] = []
    pending = -99
    for t in tokens:
        if not t.text.strip() and t.brk >= HINT:
            pending = max(pending, t.brk)
            continue
        if pending > t.brk:
            t = Token(t.text, t.line, pending, t.position)
        pending = -99
        out.append(t)
    return out


def _backtrack(best, n, state, tokens, texts, end_cost) -> list[DecodedRow]:  # type: ignore[no-untyped-def]
    steps = []
    i = n
    while i > 0:
        cost, back = best[i][state]
        a, prev_state, action, _b, c = back
        prev_cost = best[a][prev_state][0]
        steps.append((a, i, action, c, cost - prev_cost))
        i, state = a, prev_state
    steps.reverse()
    rows: list[DecodedRow] = []
    current: DecodedRow | None = None
    for a, b, action, c, delta in steps:
        if action == "drop":
            if current is not None:
                current.cost += delta
                current.tokens += 1
            continue
        span = texts[a]
        for k in range(a + 1, b):
            span = join_text(span, texts[k], tokens[k].brk)
        if action == "new" or current is None:
            current = DecodedRow({}, tokens[a].line, tokens[b - 1].line)
            rows.append(current)
        current.cells[c] = span
        current.last = tokens[b - 1].line
        current.cost += delta
        current.tokens += b - a
        if b - a > 1:
            current.notes.append(f"cell joined from {b - a} pieces: {span[:30]}")
    return rows
