"""Agency identity: an agency string as written, parsed into code, name and division, and resolved to
its administrative division (seeds/regions.csv, the national divisions).

The warehouse calls :func:`identify` once per agency mention (an agency string and the text around
it: the document's title and text). It is pure: strings in, a dict out.

- **Name**: a leading code (``324-``, ``[077]``, ``315_``) is split off and kept; spaces,
  punctuation, ``本级``, ``（汇总）``, ``（部门）`` and a trailing ``部门`` after an organisation word are
  dropped; a trailing short unit (``财金处``) after an organisation word is the division that filled
  in the table, not an agency.
- **Region**: the longest chain of divisions the name starts with (``内蒙古自治区`` ``巴彦淖尔市``,
  ``潼南区`` ``五桂镇``), each the child of the one before; names as written (``甘孜州``, ``西青区``,
  short names such as ``北京``) are matched; ``中共`` and ``中国共产党`` are read past. A name that
  starts with no division (``区卫生健康局``, ``首都绿化委员会办公室``) or with an ambiguous one
  (``城区``, ``朝阳区``) is resolved from its context: the divisions the title and opening lines name
  (the rest of the text when they name none), of the level the name calls for (``区…`` a district,
  ``县…`` a county); a name in traditional script is read in simplified script when it resolves no
  other way; otherwise it stays unresolved, with the reason.
- **Identity**: the agency key is its division's code plus its name without the division words, so
  ``区卫生健康局`` of a document from 昭化区 and ``广元市昭化区卫生健康局`` are one agency.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

from opencc import OpenCC

from ingest import vocab
from ingest.seeds import read_seed

LEVELS = ("province", "prefecture", "county", "township")
_CONTEXT_HEAD = 2000  # the title and opening lines; the rest of the text only when they name nothing
_MAX_NAME = 16
_TOWNSHIP_WORDS = ("镇", "乡", "街道", "苏木")
_ORG = "局|委员会|委|厅|办公室|联合会|总会|院|中心|署|馆|站|队|所"
_NOISE = re.compile(r"[\s　:：·•]|^[-_－—、,，.]+")
_DIVISION = re.compile(rf"^(.*(?:{_ORG}))(?!员会|.*办公室$)([^局委厅]{{1,10}}(?:处|科|室|股|组))$")
_DIVISION_WORDS = set("省市县区州旗盟")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PARTY = re.compile(r"^(中共|中国共产党)")
# the level a name without its region calls for: 区卫生健康局 is a district's, 县民宗委 a county's
_GENERIC = {"区": ("county", "区"), "县": ("county", "县"), "旗": ("county", "旗"), "市": (None, "市")}


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str
    parent: str

    @property
    def depth(self) -> int:
        return LEVELS.index(self.level)


@cache
def _simplified() -> OpenCC:
    return OpenCC("t2s")


@cache
def _index() -> tuple[dict[str, Region], dict[str, tuple[Region, ...]]]:
    """Regions by code, and by every name an agency writes them with."""
    by_code: dict[str, Region] = {}
    names: dict[str, list[Region]] = defaultdict(list)
    for row in read_seed("regions.csv"):
        region = Region(row["region_code"], row["region_name"], row["admin_level"], row["parent_code"])
        by_code[region.code] = region
        if region.level == "township" and not region.name.endswith(_TOWNSHIP_WORDS):
            continue  # statistical units (城区, 开发区) are no names
        written = {region.name}
        if (short := row["short_name"]) and region.level != "township":
            written.add(short)
            for autonomous, word in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
                if region.name.endswith(autonomous):
                    written.add(short + word)  # 甘孜州, 酉阳县
        for name in written:
            names[name].append(region)
    return by_code, {name: tuple(found) for name, found in names.items()}


def region(code: str | None) -> Region | None:
    return _index()[0].get(code) if code else None


@cache
def _lineage(found: Region) -> frozenset[str]:
    by_code = _index()[0]
    codes = set()
    walk: Region | None = found
    while walk is not None:
        codes.add(walk.code)
        walk = by_code.get(walk.parent)
    return frozenset(codes)


def _related(a: Region, b: Region) -> bool:
    return a.code in _lineage(b) or b.code in _lineage(a)


def _match(text: str, pos: int, under: list[Region] | None) -> tuple[int, list[Region]]:
    """The longest division name at ``pos`` (under one of ``under``, when given)."""
    names = _index()[1]
    for length in range(min(_MAX_NAME, len(text) - pos), 1, -1):
        found = names.get(text[pos : pos + length])
        if found and under is not None:
            found = tuple(r for r in found if any(p.code in _lineage(r) and p.code != r.code for p in under))
        if found:
            # 湘潭 is 湘潭市 and 湘潭县: the higher division, when one holds the other
            top = [r for r in found if not any(o.code in _lineage(r) and o.code != r.code for o in found)]
            return length, top
    return 0, []


def chain(text: str, pos: int = 0) -> tuple[int, list[Region]]:
    """The divisions ``text`` names from ``pos`` on, each within the one before: (end, candidates)."""
    candidates: list[Region] = []
    while pos < len(text):
        length, found = _match(text, pos, candidates or None)
        if not found:
            break
        candidates, pos = found, pos + length
    return pos, candidates


def mentions(text: str) -> list[Region]:
    """Every division a free text names unambiguously (the deepest of each chain), in order: a chain
    that opens with a full name (广元市昭化区, not 广元 alone), and inside a run of Chinese text only
    one that opens with a province or a prefecture; a county's name alone counts where a word
    starts (``预算单位: 奉节县…``), so that 资源县 is not read in 自然资源局."""
    found: list[Region] = []
    pos = 0
    while pos < len(text):
        end, candidates = chain(text, pos)
        if len(candidates) == 1 and candidates[0].depth < 3:
            length, first = _match(text, pos, None)
            written = text[pos : pos + length]  # a short name (资源 of 资源县) is no mention in prose
            at_word = pos == 0 or not _CJK.match(text[pos - 1])
            if written[-1:] in _DIVISION_WORDS and (at_word or first[0].depth < 2):
                found.append(candidates[0])
        pos = end if end > pos else pos + 1
    return found


def split_name(raw: str) -> tuple[str | None, str, str | None]:
    """(code, agency name, division) of an agency string as written."""
    text = raw.strip()
    code = None
    if match := vocab.AGENCY_CODE.match(text):
        code, text = match.group(1) or match.group(2), text[match.end() :]
    previous = None
    while previous != text:
        previous, text = text, vocab.AGENCY_PART.sub("", _NOISE.sub("", text))
    division = None
    if match := _DIVISION.match(text):
        text, division = match.group(1), match.group(2)
    return code, text, division


def identify(
    raw: str | None, context: str | None = None, region_code: str | None = None
) -> dict[str, str | None] | None:
    """An agency mention resolved: code, name, division, identity, region code and how it was found.

    ``context`` is the text around the mention (its document's title and text); ``region_code``
    (from seeds/agency_overrides.csv) settles the region where rules get it wrong. A name in
    traditional script (黃岡市…) is read in simplified script when it resolves no other way.
    """
    if not raw or not raw.strip():
        return None
    found = _identify(raw, context, region_code)
    if found["region_code"] is None and (simplified := _simplified().convert(raw)) != raw:
        again = _identify(simplified, context and _simplified().convert(context[:_CONTEXT_HEAD]), region_code)
        if again["region_code"] is not None:
            return again
    return found


def _identify(raw: str, context: str | None, region_code: str | None) -> dict[str, str | None]:
    code, name, division = split_name(raw)
    party = _PARTY.match(name)
    body = name[party.end() :] if party else name
    end, candidates = chain(body)
    method = "name"
    if (override := region(region_code)) is not None:
        end = end if override.code in {c.code for c in candidates} else 0
        candidates, method = [override], "override"
    context = context or ""
    head = mentions(context[:_CONTEXT_HEAD]) if len(candidates) != 1 else []
    if len(candidates) > 1:
        narrowed = _narrow(candidates, head) or _narrow(candidates, mentions(context[_CONTEXT_HEAD:]))
        candidates, method = ([narrowed], "name and context") if narrowed else (candidates, "name")
    reason = None
    if not candidates:
        level, word = _GENERIC.get(body[:1], (None, None))
        best = _fitting(head, level, word) or _fitting(mentions(context[_CONTEXT_HEAD:]), level, word)
        if best:
            candidates, method = [best], "context"
            end = 1 if word else 0
        else:
            reason = "no division in the name or its context"
    elif len(candidates) > 1:
        reason = "ambiguous: " + "、".join(sorted(c.code for c in candidates))
        candidates = []
    found = candidates[0] if candidates else None
    rest = body[end:] if found else body
    rest = re.sub(r"^委员会", "委", rest) if party else rest  # 中国共产党北京市委员会宣传部 = 中共北京市委宣传部
    if found and method == "context":
        name = found.name + rest
    if found and found.level in ("county", "township") and rest in ("", "政府", "人民政府"):
        rest = "人民政府"  # 五桂镇, 五桂镇政府, 五桂镇人民政府: one body
    key_name = ("中共" if party else "") + rest
    return {
        "agency_code": code,
        "agency_name": name,
        "division_name": division,
        "identity": f"{found.code if found else '?'}|{key_name if found else name}",
        "region_code": found.code if found else None,
        "region_method": method if found else None,
        "region_reason": reason,
    }


def _narrow(candidates: list[Region], named: list[Region]) -> Region | None:
    """The one candidate of an ambiguous name that the context's divisions lie in or under."""
    fitting = [c for c in candidates if any(_related(c, m) for m in named)]
    return fitting[0] if len(fitting) == 1 else None


def _fitting(named: list[Region], level: str | None, word: str | None) -> Region | None:
    """The division a name without one belongs to: the one its context names most, of the level
    and kind its first character calls for (区卫生健康局: a district)."""
    fitting = [m for m in named if word is None or (m.name.endswith(word) and level in (None, m.level))]
    return region(Counter(m.code for m in fitting).most_common(1)[0][0]) if fitting else None
