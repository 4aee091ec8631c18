"""The column scheme of an indicator table, learned from its header.

A header names its columns in words that vary from province to province (``三级指标`` /
``指标名称`` / ``指标``; ``指标值`` / ``本年绩效指标值`` / ``年初目标值(A``; ``指标性质`` /
``计算符号``; ``度量单位`` / ``计量单位``). ``vocab.header_kind`` reduces each header cell to a
*kind*; the scheme decides where each column's value goes (its *field*):

* the indicator's own fields (level1 … deviation_reason);
* ``op`` and ``unit``: a comparator and a unit in columns of their own, joined with the value
  into the target as written (``≥ | 80 | 人数`` -> ``≥80人数``);
* ``extra``: columns kept beside the indicator (``备注``, ``是否核心指标``, a mid-term block beside
  the annual one, a second comparator column);
* ``goal``: a caption or goal column (``绩效指标``, ``年度绩效目标``, a vertical ``绩``);
* ``seq``, ``project_name``, ``project_budget`` (``project_fiscal``, ``project_other``),
  ``project_goal``: a table that lists several projects, each project's cells merged down over
  its indicator rows.

When a kind occurs twice (a mid-term and an annual block side by side), the annual one is the
field and the other is kept as extra: the one the header marks 中期/长期/实施周期, else the earlier.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import vocab

# kinds that hold one of the indicator's fields; a second column of the same kind is extra
_SINGLE = ("level1", "level2", "level3", "description", "target", "actual", "unit", "weight", "score")
NAME_KINDS = frozenset({"level3"})
VALUE_KINDS = frozenset({"target", "actual", "op", "weight", "score", "unit"})


@dataclass(frozen=True)
class Column:
    kind: str  # what its cells look like (see vocab.INDICATOR_COLUMNS)
    field: str  # where a cell's text goes: an Indicator field, op, unit, extra or goal
    header: str  # the header cell as written
    position: int  # its place in the header row


@dataclass(frozen=True)
class Scheme:
    columns: tuple[Column, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(c.kind for c in self.columns)

    def fields_by_position(self, width: int) -> list[str | None]:
        """The field of every position of a header row ``width`` cells wide (None: no column)."""
        out: list[str | None] = [None] * max(width, max((c.position + 1 for c in self.columns), default=0))
        for column in self.columns:
            out[column.position] = column.field
        return out

    @property
    def kept(self) -> tuple[bool, ...]:
        """Columns only kept beside the indicator (``extra``)."""
        return tuple(c.field == "extra" for c in self.columns)

    @property
    def has_actual(self) -> bool:
        return any(c.field == "actual" for c in self.columns)


_SUB_HEADER = re.compile(r"^(?:年度|本年度?|全年|当年|中期|长期|实施周期|中长期)(?:指标值|目标值)?$")


def is_sub_header(cells: Sequence[str]) -> bool:
    """A second header row: periods splitting a value column (``年度 | 中期`` under 指标值), or
    the columns under a merged header cell (``财政资金 | 其他资金`` under ``其中：``)."""
    filled = [vocab.squash(c) for c in cells if c.strip()]
    if len(filled) >= 2 and all(_SUB_HEADER.match(c) for c in filled):
        return True
    return (
        bool(filled)
        and all(vocab.indicator_column(c) not in (None, "goal") for c in filled)
        and not vocab.is_indicator_header(list(cells))
    )


def with_sub_header(header: Sequence[str], sub: Sequence[str], positional: bool) -> list[str]:
    """The header with the value column a sub-header splits written once per period
    (``指标值`` over ``年度 | 中期`` -> ``指标值(年度) | 指标值(中期)``). ``positional``: the rows are
    grid rows (a sub-header cell sits under its column or under the merged cell to its left);
    otherwise the periods split the first value column in their order."""
    periods = [vocab.squash(c) for c in sub if c.strip()]
    if positional:
        out = list(header) + [""] * max(0, len(sub) - len(header))
        for i, cell in enumerate(sub):
            if not cell.strip():
                continue
            if not _SUB_HEADER.match(vocab.squash(cell)):
                out[i] = cell.strip()  # a column of its own under a merged cell (其中：/ 财政资金)
                continue
            j = i
            while j > 0 and not out[j].strip():
                j -= 1
            base = re.sub(r"[(（].*$", "", vocab.squash(header[j] if j < len(header) else out[j]))
            out[i] = f"{base}({vocab.squash(cell)})"
        return out
    at = next((i for i, c in enumerate(header) if vocab.indicator_column(c) == "target"), None)
    if at is None:
        return list(header)
    base = vocab.squash(header[at])
    return [*header[:at], *(f"{base}({p})" for p in periods), *header[at + 1 :]]


def scheme_of(cells: Sequence[str]) -> Scheme | None:
    """The scheme a header row names, or None when the cells are not an indicator header."""
    return _scheme_of(tuple(cells))


@functools.lru_cache(maxsize=1 << 12)  # a document repeats its header on every page
def _scheme_of(cells: tuple[str, ...]) -> Scheme | None:
    if not vocab.is_indicator_header([c for c in cells if c.strip()]):
        return None
    found: list[tuple[int, str, str, str]] = []  # (position, kind, qualifier, header)
    for position, (cell, kind) in enumerate(zip(cells, vocab.header_kinds(list(cells)))):
        if not cell.strip():
            continue
        qualifier = (vocab.header_kind(cell) or ("", ""))[1]
        found.append((position, kind or "extra", qualifier, cell.strip()))
    kinds = [k for _, k, _, _ in found]
    if "project_name" in kinds:
        # 项目名称 | 预算金额 | 当年绩效目标 | 指标名称 …: the goal column is the project's
        after = kinds.index("project_name")
        kinds = [("project_goal" if k == "goal" and i > after else k) for i, k in enumerate(kinds)]
    fields = list(kinds)
    if "project_name" not in kinds:  # budget columns of no listed project: kept beside the rows
        fields = ["extra" if f in ("project_budget", "project_fiscal", "project_other") else f for f in fields]
    for kind in _SINGLE:
        at = [i for i, k in enumerate(kinds) if k == kind]
        if len(at) > 1:
            long_term = [i for i in at if vocab.LONG_TERM.search(found[i][2] + found[i][3])]
            keep = next((i for i in reversed(at) if i not in long_term), at[-1])
            for i in at:
                if i != keep:
                    fields[i] = "extra"
    ops = [i for i, k in enumerate(kinds) if k == "op"]
    if len(ops) > 1:
        # 指标性质 (正向/反向) beside 指标方向 (大于等于): the comparator column joins the value
        keep = next((i for i in ops if any(w in found[i][3] for w in ("方向", "符号"))), ops[-1])
        for i in ops:
            if i != keep:
                fields[i] = "extra"
    columns = tuple(
        Column(kind, field, header, position) for (position, _, _, header), kind, field in zip(found, kinds, fields)
    )
    return Scheme(columns)
