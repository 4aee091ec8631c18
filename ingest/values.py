"""Shape tests on value cells: does a cell *look like* a target or a number?

These are recognisers used to find structure (which cell is the value, which line of a wrapped
PDF cell belongs to which column); they never change a value. Interpreting values (operators,
units, money in 万元, deadlines) belongs to the warehouse layer.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .seeds import read_seed

_NUMBER = r"[0-9０-９]+(?:[.．][0-9０-９]+)?"


@functools.cache
def _target() -> re.Pattern[str]:
    # comparison words are the seed comparison_words' (one vocabulary with the warehouse)
    words = sorted((r["word"] for r in read_seed("comparison_words.csv") if r["position"] == "prefix"), key=len)
    operator = "[≥≤＝=<>＜＞≧≦≠═‹›]|<=|>=|" + "|".join(re.escape(w) for w in reversed(words))
    return re.compile(
        rf"^(?:{operator})\s*{_NUMBER}|"  # ≥60个, ＝100%, 不少于12
        rf"^{_NUMBER}\s*(?:%|％|‰|百分比|[^\s0-9]{{0,6}})$|"  # 100%, 6间, 1200万元
        r"^20\d\d年.{0,8}(?:前|底|内|全年|年)$|"  # 2024年底前, 2025年全年
        r"^\d{1,2}月\d{0,2}日?(?:之前|前|底前|底)$"  # 12月31日之前
    )


_PLAIN_NUMBER = re.compile(rf"^[-+]?{_NUMBER}$")


def looks_like_target(cell: str) -> bool:
    """True for cells shaped like an indicator value: ``≥60个``, ``100%``, ``2024年底前``."""
    return bool(_target().match(cell.strip()))


def is_number(cell: str) -> bool:
    """A bare decimal number as written (``250.48``, ``33711.92``)."""
    return bool(_PLAIN_NUMBER.match(cell.strip()))


def to_cents(cell: str) -> int:
    """Exact fixed-point value of a written number, for column-sum proofs (no float error)."""
    text = unicodedata.normalize("NFKC", cell.strip())
    negative = text.startswith("-")
    text = text.lstrip("+-")
    whole, _, frac = text.partition(".")
    frac = (frac + "0000")[:4]
    value = int(whole or "0") * 10000 + int(frac)
    return -value if negative else value


def display_width(text: str) -> int:
    """Columns a string occupies on a page: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
