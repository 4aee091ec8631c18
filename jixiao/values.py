"""Interpretation of indicator values (指标值, 实际完成值) for the warehouse layer.

A value as written (``≥60个``, ``≤2076.7万元``, ``2024年底前``, ``较上年增加``) becomes:
``operator`` (``>=``, ``<=``, ``=``, ``>``, ``<`` or None), ``value_number`` (money in 万元,
percentages in %), ``unit`` (canonical), ``value_kind`` (count, percent, money, rate, deadline,
duration, qualitative, malformed, blank), ``deadline_date`` and ``direction`` (increase,
decrease, maintain). The raw string is never changed; the warehouse keeps it beside these fields.

The vocabulary (units and their conversions, comparison words, direction words) is the dbt seeds'
CSV files, read once: the seeds are the single place to extend it.

Registered in DuckDB as ``jixiao_value(raw, fiscal_year)`` and
``jixiao_actual(actual_raw, target_raw, fiscal_year)`` by ``jixiao.dbt_plugin``.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache

from .config import read_seed

KINDS = ("count", "percent", "money", "rate", "deadline", "duration", "qualitative", "malformed", "blank")


@dataclass(frozen=True)
class Value:
    operator: str | None
    value_number: float | None
    unit: str | None
    value_kind: str
    deadline_date: date | None
    direction: str | None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class _Unit:
    unit: str
    kind: str
    factor: float


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, _Unit], list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    units = {r["unit_raw"]: _Unit(r["unit"], r["value_kind"], float(r["factor"])) for r in read_seed("units.csv")}
    words = read_seed("comparison_words.csv")
    # longest words first, so that 不少于 wins over 少于 and 及以上 over 以上
    prefixes = sorted(
        ((w["word"], w["operator"]) for w in words if w["position"] == "prefix"), key=lambda p: -len(p[0])
    )
    suffixes = sorted(
        ((w["word"], w["operator"]) for w in words if w["position"] == "suffix"), key=lambda p: -len(p[0])
    )
    directions = [(r["word"], r["direction"]) for r in read_seed("direction_words.csv")]
    return units, prefixes, suffixes, directions


_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = re.compile(r"^(\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+)")
_BLANK = re.compile(r"^(?:-+|—+|/|无数据|)$")
_QUALIFIER = re.compile(r"^(?:每(?:年|季度|季|月|周|天|日|人|户|次)|全年|年度|累计|合计|总计)")
_Y = r"(20\d\d)年"
_DATE_FORMS = (
    # 2024年上半年 / 下半年 / 全年 / 一年 / 年内 / 底前
    (re.compile(rf"^{_Y}(?:度)?(上半年|下半年|全年|一年|年内|内)?(?:底|末)?(?:之?前|以前|内|完成)?$"), "year"),
    # 2025年9月底前, 2024年12月, 2025年12月31日前, 2022年6月前已完成, 租住到2029年12月
    (
        re.compile(rf"^(?:.{{0,4}}到)?{_Y}(\d{{1,2}})月(?:(\d{{1,2}})日)?(?:底|末|份)?(?:之?前|以前|内)?(?:已?完成)?$"),
        "ymd",
    ),
    # 12月31日之前, 12月底之前, 6月24日至25日成功举办
    (
        re.compile(
            r"^(\d{1,2})月(?:(\d{1,2})日)?(?:至(\d{1,2})日)?(?:底|末)?(?:之?前|以前|内)?(?:.{0,6}(?:完成|举办))?$"
        ),
        "md",
    ),
    # 本年内, 年内, 本年度内, 当年
    (re.compile(r"^(?:本|当)?年(?:度)?(?:内|底前|末前)?$|^本年度$|^当年$"), "this_year"),
)
_RECURRING_DEADLINE = re.compile(r"^每(?:月|季度|年|周)\d{1,2}日?(?:之?前|以前)$")


def _cn_number(text: str) -> float | None:
    """一 -> 1, 十二 -> 12, 三百 -> 300 (small numbers as they appear in targets)."""
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return float(total + current)


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _deadline(text: str, fiscal_year: int | None) -> tuple[bool, date | None]:
    """(is a deadline, its date when one can be computed)."""
    if _RECURRING_DEADLINE.match(text):
        return True, None
    for pattern, form in _DATE_FORMS:
        m = pattern.match(text)
        if not m:
            continue
        if form == "year":
            year, part = int(m.group(1)), m.group(2)
            return True, date(year, 6, 30) if part == "上半年" else date(year, 12, 31)
        if form == "ymd":
            year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
            return True, _safe_date(year, month, int(day)) if day else _month_end(year, month)
        if fiscal_year is None:
            return True, None
        if form == "md":
            month, day = int(m.group(1)), m.group(3) or m.group(2)
            return True, _safe_date(fiscal_year, month, int(day)) if day else _month_end(fiscal_year, month)
        return True, date(fiscal_year, 12, 31)
    return False, None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _direction(text: str) -> str | None:
    """The direction a qualitative target asks for; a change (提升, 降低) outweighs 保持/持续
    (``持续提升`` asks for an increase)."""
    _, _, _, directions = _vocabulary()
    hits = [(direction == "maintain", text.find(word), direction) for word, direction in directions if word in text]
    return min(hits)[2] if hits else None


def normalise(raw: str) -> str:
    """Full-width to half-width (＝１００％ -> =100%), no whitespace; the raw string is kept elsewhere."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw))


def interpret(raw: str | None, fiscal_year: int | None = None) -> Value:
    """Interpret one written value. Never raises: what cannot be read is ``malformed``."""
    text = normalise(raw or "")
    if _BLANK.match(text):
        return Value(None, None, None, "blank", None, None)
    is_deadline, when = _deadline(text, fiscal_year)
    if is_deadline:
        return Value(None, None, None, "deadline", when, None)
    units, prefixes, suffixes, _ = _vocabulary()
    rest = _QUALIFIER.sub("", text)
    operator = None
    for word, op in prefixes:
        if rest.startswith(word):
            operator, rest = op, rest[len(word) :]
            break
    for word, op in suffixes:
        if rest.endswith(word):
            operator, rest = operator or op, rest[: -len(word)]
            break
    m = _NUMBER.match(rest)
    if not m:
        return Value(None, None, None, "qualitative", None, _direction(text))
    number = float(m.group(1)) if m.group(1)[0].isdigit() else _cn_number(m.group(1))
    unit_text = rest[m.end() :]
    if number is None:
        return Value(None, None, None, "qualitative", None, _direction(text))
    if not unit_text:
        return Value(operator, number, None, "count", None, None)
    unit = units.get(unit_text)
    if unit is not None:
        return Value(operator, round(number * unit.factor, 6), unit.unit, unit.kind, None, None)
    if "/" in unit_text and unit_text.split("/")[0] in units:
        return Value(operator, number, unit_text, "rate", None, None)
    if re.fullmatch(r"[\u4e00-\u9fff]{1,2}|[A-Za-z]{1,4}", unit_text):
        # a measure word the seed does not list yet (``6间``, ``一批``)
        return Value(operator, number, unit_text, "count", None, None)
    if re.search(r"[，。,;；]", text) or len(text) > 20:
        return Value(None, None, None, "qualitative", None, _direction(text))
    return Value(operator, number, unit_text, "malformed", None, None)


def interpret_actual(actual_raw: str | None, target_raw: str | None, fiscal_year: int | None = None) -> Value:
    """Interpret a self-evaluation's 实际完成值 in the light of its target.

    A bare number against a percent target is a ratio (``1`` -> 100%, ``0.95`` -> 95%) or a
    percentage already (``98`` -> 98%); a bare number against a counted or money target takes the
    target's unit (``10`` against ``≤180万元`` -> 10 万元).
    """
    actual = interpret(actual_raw, fiscal_year)
    target = interpret(target_raw, fiscal_year)
    if actual.value_kind == "count" and actual.unit is None and actual.value_number is not None:
        if target.value_kind == "percent":
            number = actual.value_number * 100 if actual.value_number <= 1.5 else actual.value_number
            return Value(actual.operator, round(number, 6), "%", "percent", None, None)
        if target.value_kind in {"count", "money", "rate", "duration"} and target.unit:
            return Value(actual.operator, actual.value_number, target.unit, target.value_kind, None, None)
    if actual.value_kind == "qualitative" and target.value_kind == "deadline":
        # a date written inside a sentence: 2022年6月前已完成
        m = re.search(r"(20\d\d)年(\d{1,2})月", normalise(actual_raw or ""))
        if m:
            return Value(None, None, None, "deadline", _month_end(int(m.group(1)), int(m.group(2))), None)
    return actual


def is_met(target: Value, actual: Value) -> bool | None:
    """Whether the actual meets the target, where both are numbers of the same kind and unit,
    or both are dates. A target written without an operator is read as a floor (a ceiling for
    money and durations)."""
    if target.value_kind == "deadline" and actual.value_kind == "deadline":
        if target.deadline_date and actual.deadline_date:
            return actual.deadline_date <= target.deadline_date
        return None
    if (
        target.value_number is None
        or actual.value_number is None
        or target.value_kind != actual.value_kind
        or target.unit != actual.unit
    ):
        return None
    op = target.operator or ("<=" if target.value_kind in {"money", "duration"} else ">=")
    a, t = actual.value_number, target.value_number
    return {">=": a >= t, "<=": a <= t, "=": a == t, ">": a > t, "<": a < t}[op]
