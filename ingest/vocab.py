"""Label and header vocabulary shared by every layout and by the table grammar.

The parsers recognise structure by what the cells say, never by where a sample happened to put
them. Everything here is pattern based so that spelling variants (``经济效益`` / ``经济效益指标``,
``可持续效益指标`` / ``可持续影响指标``, ``产出数量指标``) are recognised without listing each one.
Mapping labels to canonical codes is the warehouse's job (dbt seeds); here we only need to know
*that* a cell is a label, and at which level.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .seeds import read_seed

# Characters that Word/PDF extraction sprinkles inside short labels: ordinary and full-width
# spaces, zero-width spaces, and the colon of "指标1:"-style prefixes.
_SPACES = re.compile(r"[\s\u3000\u200b\ufeff]+")


def squash(text: str) -> str:
    """Remove every kind of whitespace: ``合  计`` -> ``合计``, ``财政    资金`` -> ``财政资金``."""
    return _SPACES.sub("", text)


# traditional forms of the characters the vocabulary uses, and pinyin readings that mirror
# sites insert after characters (產(chǎn)出指標(biāo)): words are matched on the folded text
_TRADITIONAL = str.maketrans(
    "產標質數時滿務對會經濟態續響級績預執額項實際總計權應進單稱門資財報據開發劃準確觀號與區點優變",
    "产标质数时满务对会经济态续响级绩预执额项实际总计权应进单称门资财报据开发划准确观号与区点优变",
)
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")


def fold(text: str) -> tuple[str, list[int]]:
    """The text folded for matching, and for each folded character its index in ``text``."""
    if "(" not in text and text.translate(_TRADITIONAL) == text:
        return text, list(range(len(text)))
    out: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(text):
        m = _PINYIN.match(text, i)
        if m:
            i = m.end()
            continue
        out.append(text[i].translate(_TRADITIONAL))
        where.append(i)
        i += 1
    return "".join(out), where


@functools.lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """A cell reduced for vocabulary lookups: no whitespace, simplified, without pinyin."""
    folded = squash(text).translate(_TRADITIONAL)
    return _PINYIN.sub("", folded) if "(" in folded else folded


# ---------------------------------------------------------------------------------------------
# Indicator hierarchy labels (the seeds indicator_level1_labels / indicator_level2_labels)
# ---------------------------------------------------------------------------------------------
# A label as written carries more than its core: ordinals (一、 (一) 1.), a level prefix
# (一级指标:), a points note (产出指标(50分), 成本指标(0-20)分), annotations (数量指标(必填硬性指标),
# 时效指标(工期指标)), a 产出/效益 prefix on level-2 labels (产出数量指标), and the suffixes 指标 / 值 /
# 类指标 / 等. ``label`` takes them off and looks the core up in the seeds.
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十0-9]+[)）]|[0-9]+[.、．)）]|[★☆*※])+"
)
_LEVEL_PREFIX = re.compile(r"^[一二三]级指标[:：]?")
_POINTS = re.compile(r"[(（]?\s*([0-9]+(?:[.．][0-9]+)?(?:\s*[-~—–至]\s*[0-9]+)?)\s*[)）]?\s*分\s*[)）]?$")
_TRAILING_GROUP = re.compile(r"[(（][^()（）]{0,20}[)）]$|[(（][^()（）]{0,6}$")
_LABEL_SUFFIX = re.compile(r"(?:类指标|指标|值)$")
_LOOSE_PREFIX = ("项目", "预期", "年度")


@dataclass(frozen=True)
class Label:
    """What a level-label cell says: the levels it can stand at, the seed core it matched, whether
    the match was exact (only the usual affixes taken off) or loose (the core ends a longer
    text: 社会、经济、生态效益指标), and the points it carries (``50`` for 产出指标(50分))."""

    levels: frozenset[int]
    core: str
    exact: bool
    points: str | None = None


@functools.cache
def _cores() -> tuple[dict[str, str], dict[str, str]]:
    """label core -> level-1 code, label core -> level-2 code, from the seeds."""
    level1 = {r["label_core"]: r["level1_code"] for r in read_seed("indicator_level1_labels.csv")}
    level2 = {r["label_core"]: r["level2_code"] for r in read_seed("indicator_level2_labels.csv")}
    return level1, level2


def _strip_label(text: str) -> tuple[str, str | None]:
    """(the label without ordinals, level prefix, points, annotations and suffix, the points)."""
    s = _LEVEL_PREFIX.sub("", _ORDINAL.sub("", squash(text)))
    points = None
    for _ in range(3):  # 产出指标(必填)(50分): notes may stack
        m = _POINTS.search(s)
        if m and m.start() > 0:
            points = points or m.group(1)
            s = s[: m.start()]
            continue
        g = _TRAILING_GROUP.search(s)
        if g and g.start() > 0:
            s = s[: g.start()]
            continue
        break
    s = s.rstrip("等:：")
    s = _LABEL_SUFFIX.sub("", s)
    return s, points


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: labels, headers
def label(cell: str) -> Label | None:
    """The level label a cell is, or None: ``产出数量指标`` is the level-2 core 数量,
    ``服务对象满意度指标等`` the level-2 core 服务对象满意度, ``产出指标(50分)`` level 1 with 50 points."""
    if not cell or len(cell) > 40:
        return None
    core, points = _strip_label(key(cell))
    if not core or any(ch.isdigit() for ch in core):
        return None
    level1, level2 = _cores()

    def levels_of(c: str) -> frozenset[int]:
        found = set()
        if c in level1:
            found.add(1)
        if c in level2 or (c[:2] in ("产出", "效益") and c[2:] in level2):
            found.add(2)
        return frozenset(found)

    levels = levels_of(core)
    if levels:
        return Label(levels, core if core in level1 or core in level2 else core[2:], True, points)
    for prefix in _LOOSE_PREFIX:
        if core.startswith(prefix) and (levels := levels_of(core[len(prefix) :])):
            return Label(levels, core[len(prefix) :], True, points)
    # loose: a list of level-2 labels run together (社会、经济、生态效益; 经济和社会效益): the
    # last core names it; an indicator that merely ends in a core (补助资金成本) is not a label
    if len(core) <= 16 and _LIST_SEPARATOR.search(core):
        for known in sorted(level2, key=len, reverse=True):
            if core.endswith(known) and known != core:
                return Label(frozenset({2}), known, False, points)
    return None


_LIST_SEPARATOR = re.compile(r"[、/,，]|或|和|及")


# Labels that are written at either level: 成本指标 is a level-2 label under 产出 unless a
# level-2 label follows it (成本指标 / 经济成本指标); 满意度指标 is level 1 unless a level-1
# label precedes it in the same row.
def _mostly_level2(cell: str) -> bool:
    found = label(cell)
    return found is not None and found.core == "成本"


_GOAL_MARKER = re.compile(r"^(?:绩效)?目标\s*([0-9０-９]+)(?:[:：.、].*)?$")


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: labels, headers
def is_level1(cell: str) -> bool:
    found = label(cell)
    return found is not None and found.exact and 1 in found.levels


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: labels, headers
def is_level2(cell: str) -> bool:
    found = label(cell)
    return found is not None and found.exact and 2 in found.levels


def split_labels(cells: list[str] | tuple[str, ...]) -> tuple[list[tuple[str, str]], int | None]:
    """Read the leading labels of a row whose cells may be shifted or missing.

    Returns ([(kind, cell)…], index of the first content cell or None) where kind is
    ``goal``, ``level1`` or ``level2``. Empty cells are skipped; each kind is taken at most once
    and in hierarchy order; a label-like cell directly followed by a value-shaped cell is the
    indicator itself (``服务对象满意度 ≥90%``), not a label.
    """
    from .values import looks_like_target

    labels: list[tuple[str, str]] = []
    seen: set[str] = set()
    filled = [i for i, c in enumerate(cells) if c.strip()]
    for pos, i in enumerate(filled):
        cell = cells[i]
        nxt = cells[filled[pos + 1]] if pos + 1 < len(filled) else None
        if not labels and indicator_column(cell) == "goal":
            continue  # the caption of a merged first column
        if not seen and goal_marker(cell):
            labels.append(("goal", cell))
            seen.add("goal")
            continue
        if nxt is not None and i + 1 < len(cells) and cells[i + 1].strip() and looks_like_target(nxt):
            return labels, i
        if (
            not seen & {"level1", "level2"}
            and is_level1(cell)
            and (not _mostly_level2(cell) or (nxt is not None and is_level2(nxt)))
        ):
            labels.append(("level1", cell))
            seen.add("level1")
        elif "level2" not in seen and is_level2(cell):
            labels.append(("level2", cell))
            seen.add("level2")
        else:
            return labels, i
    return labels, None


_TREE_NUMBER = re.compile(r"^[0-9]{1,4}\s*[-—.、．]\s*")  # 1-产出指标；11-数量指标；111-…
_TREE_SEPARATOR = re.compile(r"^[；;，,、:：/\s-]+")


def split_levels(cell: str) -> tuple[str | None, str | None, str]:
    """(level-1 label, level-2 label, the rest) of an indicator cell that carries its levels in
    front, glued (``产出指标数量指标北京市行政执法资格考试人数``) or numbered and separated
    (``1-产出指标；11-数量指标；111-道路长度``): a leading label is a word ending in 指标 that the
    vocabulary knows at that level, level 1 before level 2; the rest is the indicator. Without
    a level-1 label first, or with nothing after the labels, the cell is the indicator as it stands."""
    rest = cell.strip()
    found: dict[int, str] = {}
    for level in (1, 2):
        text = _TREE_NUMBER.sub("", rest, count=1)
        for end in (m.end() for m in re.finditer("指标", text[:18])):
            word = text[:end]
            if (is_level1(word) if level == 1 else is_level2(word)) and not (
                level == 1 and _mostly_level2(word) and is_level2(text[end : end + 8])
            ):
                found[level] = word
                rest = _TREE_SEPARATOR.sub("", text[end:], count=1)
                break
    rest = _TREE_NUMBER.sub("", rest, count=1) if found else rest
    if 1 not in found or not rest:
        return None, None, cell  # 数量指标完成率 is an indicator's name
    return found.get(1), found.get(2), rest


_GOAL_NUMBER = re.compile(r"^(?:(?:绩效)?目标\s*([0-9０-９]+)|([0-9０-９]+)\s*[.、．:：])")


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: labels, headers
def goal_number(cell: str) -> str | None:
    """The number of a goal cell: ``目标3``, ``绩效目标3：…``, ``3.提高…`` -> ``"3"``."""
    m = _GOAL_NUMBER.match(squash(cell))
    if not m:
        return None
    return (m.group(1) or m.group(2)).translate(_FULLWIDTH_DIGITS)


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: labels, headers
def goal_marker(cell: str) -> str | None:
    """``绩效目标3`` / ``目标3`` / ``目标3：提升…`` -> ``"3"``; anything else -> None."""
    m = _GOAL_MARKER.match(squash(cell))
    if not m:
        return None
    return m.group(1).translate(_FULLWIDTH_DIGITS)


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# ---------------------------------------------------------------------------------------------
# Column headers of the indicator table -> record field
# ---------------------------------------------------------------------------------------------
# A header cell is reduced to its words: spaces go, and a trailing qualifier in brackets is
# taken off and kept (``指标值(长期)`` -> ``指标值`` + ``长期``; ``年初目标值(A`` lost its bracket).
# Order matters: the first pattern that matches names the cell's kind.
INDICATOR_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # one table listing several projects: the project's cells merged down over its indicators
    ("seq", re.compile(r"^序号$")),
    ("project_name", re.compile(r"^(?:一级|二级)?项目名称$")),
    ("project_budget", re.compile(r"^(?:当年|年度)?(?:财政拨款)?预算(?:金额|数)$|^(?:项目)?金额$|^项目总(?:金)?额$")),
    ("project_fiscal", re.compile(r"^(?:其中[:：])?财政(?:资金|拨款)$")),
    ("project_other", re.compile(r"^(?:其中[:：])?其他资金$")),
    ("level1", re.compile(r"^一级(?:指标?)?(?:名称)?$")),  # 一级指: a narrow cell clips the 标
    ("level2", re.compile(r"^二级(?:指标?)?(?:名称)?$")),
    ("level3", re.compile(r"^(?:三级(?:指标)?(?:名称)?|(?:绩效)?指标名称|具体指标|指标项?)$")),
    ("description", re.compile(r"^(?:绩效)?指标(?:描述|说明|内容|解释)$")),
    ("basis", re.compile(r"依据")),  # 指标值确定依据, 指标值设定依据及数据来源
    ("extra", re.compile(r"^20\d\d年(?:度)?实际")),  # 2021年实际实现值: last year's, not this year's actual
    ("actual", re.compile(r"^(?:全年|年度|本年)?(?:实际|完成值|实际完成|完成情况值)")),  # 实际完成值, 完成值
    ("op", re.compile(r"^(?:(?:绩效)?指标(?:性质|方向|属性)|计算符号|(?:比较|运算)?符号)$")),
    (
        "target",
        re.compile(
            r"^(?:年度|预期|全年|本年度?|当年|计划|年初|中期|长期|实施周期|预期20\d\d年)*(?:绩效)?"
            r"(?:指标值|目标值|实现值)|^指标值"
        ),
    ),
    ("unit", re.compile(r"^(?:绩效)?(?:度量|计量)单位$|^单位$")),
    ("weight", re.compile(r"^(?:指标)?(?:分值|权重|权重分值|分值权重|分数)$")),
    ("score", re.compile(r"^(?:自评)?(?:得分|评分)$")),
    ("deviation_reason", re.compile(r"^(?:偏差|未完成)(?:原因|情况)|^原因分析")),
    ("extra", re.compile(r"^(?:备注|是否核心(?:指标)?|指标来源|数据来源)$")),
    # Captions of a merged first column (绩效指标, 年度指标完成情况) or the goal column.
    (
        "goal",
        re.compile(
            r"^(?:年度指标完成情况|(?:年度|当年|整体)?绩效目标|年度绩效指标|绩效指标|绩效目标指标|指标完成情况|绩效目标完成情况|"
            r"绩效项目指标表?|专项年度绩效指标|年度总体目标完成情况)$"
        ),
    ),
)
# A header cut short or written vertically (``绩``, ``专项/年度/绩效/指标``) is a caption too.
_CAPTION_FRAGMENT = re.compile(r"^[绩效指标目年度专项]{1,4}$")
_QUALIFIER = re.compile(r"[(（]([^()（）]*)[)）]?$")
LONG_TERM = re.compile(r"长期|中期|实施周期|中长期|滚动")
_STRAY = re.compile(r"[0-9０-９()（）%％,，.．…⋯]+")  # … the dots of a template's blank line


def _first_match(table: tuple[tuple[str, re.Pattern[str]], ...], cell: str) -> str | None:
    text = squash(cell)
    return next((name for name, pattern in table if pattern.search(text)), None)


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: labels, headers
def header_kind(cell: str) -> tuple[str, str] | None:
    """(kind, qualifier) of an indicator-table header cell: ``指标值(长期)`` -> ``("target", "长期")``,
    ``权重(%)`` -> ``("weight", "%")``, ``绩`` -> ``("goal", "")``; None for any other text."""
    text = key(cell)
    if not text:
        return None
    if _CAPTION_FRAGMENT.match(text.replace("?", "").replace("？", "") or "?"):
        return "goal", ""  # 绩 / 年度 / 绩?????效?????指????标 (a vertical caption)
    if len(text) > 30:
        return None
    base, qualifier = text, ""
    m = _QUALIFIER.search(text)
    if m and m.start() > 0:
        base, qualifier = text[: m.start()], m.group(1)
    kind = _first_match(INDICATOR_COLUMNS, base) or _first_match(INDICATOR_COLUMNS, text)
    if kind is None:
        points = _POINTS.search(text)
        if points and points.start() > 0 and _first_match(INDICATOR_COLUMNS, text[: points.start()]) == "goal":
            kind = "goal"  # 绩效指标(90分)
    return (kind, qualifier) if kind else None


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: labels, headers
def indicator_column(cell: str) -> str | None:
    """The indicator-table kind a header cell of a table row names (``指标值`` -> ``target``), or
    None. A cell of a grid may carry figures or brackets that a PDF's text layer put in the wrong
    cell (``300指标名称``, ``指标权重()%``): they are looked past (a goal such as 绩效目标7 is not)."""
    found = header_kind(cell)
    if found is None and _STRAY.search(cell):
        cleaned = _STRAY.sub("", key(cell))
        found = header_kind(cleaned) if cleaned else None
        if found is not None and found[0] == "goal":
            found = None
    return found[0] if found else None


def header_kinds(cells: list[str] | tuple[str, ...]) -> list[str | None]:
    """The kind of every cell of a header row, the name column found where the header heads it
    with a word that is also a caption (``指标``) or with ``指标内容`` (no 三级指标 column)."""
    kinds = [indicator_column(c) if c.strip() else None for c in cells]
    if "level3" not in kinds:
        bare = [i for i, (k, c) in enumerate(zip(kinds, cells)) if k == "goal" and squash(c) == "指标"]
        # 活动 | 绩效指标 | 指标性质 | 指标值: a caption followed by the value columns heads the
        # indicators (their levels written in front of each)
        named = [
            i
            for i, (k, c) in enumerate(zip(kinds, cells))
            if k == "goal" and squash(c) == "绩效指标" and {"op", "target"} & set(kinds[i + 1 :])
        ]
        if bare:
            kinds[bare[-1]] = "level3"
        elif "description" in kinds:
            kinds[kinds.index("description")] = "level3"
        elif named:
            kinds[named[-1]] = "level3"
    return kinds


@functools.lru_cache(maxsize=1 << 14)
def _is_header(cells: tuple[str, ...]) -> bool:
    cells = tuple(c for c in cells if c.strip())
    found = set(header_kinds(cells))
    if {"level1", "level2", "level3"} <= found and (
        found & {"target", "actual"} or any("指" in squash(c) for c in cells if indicator_column(c) == "level1")
    ):
        return True  # 一级指标 … (一级 / 二级 / 三级 alone also head a catalogue of services)
    values = found & {"target", "actual", "op", "weight", "score", "unit"}
    levels = found & {"level1", "level2"}
    return "level3" in found and bool(values & {"target", "actual"}) and len(values | levels) >= 2


def is_indicator_header(cells: list[str] | tuple[str, ...]) -> bool:
    """A header row names the indicator and its value: the three levels, or a name column with
    at least two other columns of the indicator table (``指标名称 | 指标性质 | 指标值 | 计量单位``)."""
    return _is_header(cells if isinstance(cells, tuple) else tuple(cells))


# ---------------------------------------------------------------------------------------------
# Project header block labels (项目支出绩效目标表)
# ---------------------------------------------------------------------------------------------
PROJECT_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("project_code", re.compile(r"^项目(?:编码|代码|编号)$")),
    ("project_name", re.compile(r"^(?:一级)?(?:项目|专项|专项资金|项目[(（]专项[)）]|专项[(（]项目[)）])名称$")),
    ("budget_block", re.compile(r"^(?:预算规模及资金用途|项目资金|资金情况|专项资金情况|资金金额)$")),
    ("budget_total_period", re.compile(r"^实施期(?:资金)?总额$")),
    (
        "budget_total",
        re.compile(
            r"^(?:预算数|年度预算数|(?:年度|当年)?资金总额|(?:年度)?预算资金总额|预算金额|项目总金额|当年预算|"
            r"项目预算金额|年度金额|当年年度预算|项目总预算)$"
        ),
    ),
    ("fiscal", re.compile(r"^(?:其中[:：])?(?:当年|本年)?(?:财政(?:资金|拨款)(?:小计)?|财政拨款资金)$")),
    ("other", re.compile(r"^(?:其中[:：])?(?:其他|其它)(?:资金|收入)$")),
    ("purpose", re.compile(r"^(?:资金用途|项目资金用途|项目概况|项目建设内容|项目内容)$")),
    ("spend_plan", re.compile(r"^资金支出计划|^项目支出明细$")),
    ("goal_text_period", re.compile(r"^实施期(?:总体?)?目标$")),
    ("goal_text", re.compile(r"^(?:年度|当年)?绩效目标$|^(?:年度|项目)?(?:总体)?目标$")),
    ("unit", re.compile(r"^单位[:：]")),
    (
        "agency",
        re.compile(r"^(?:项目)?(?:实施|执行)单位$|^(?:项目|预算|绩效编制|编制|填报)单位$|^单位信息$"),
    ),
    (
        "department",
        re.compile(
            r"^(?:(?:项目|业务|省级|主管|资金)?主管(?:预算)?部门(?:及代码)?|部门名称|单位名称|部门[（(]单位[)）]名称)$"
        ),
    ),
)
# what a label may carry that is not its name: an ordinal, a colon, the amount unit, a stamp note
_LABEL_NOISE = re.compile(
    r"^[(（][一二三四五六七八九十]+[)）]|^[0-9]+[、.]|[:：]$|[(（](?:万元|元|盖章|单位[:：]?万元)[)）]$"
)


def _label_text(cell: str) -> str:
    text = squash(cell)
    for _ in range(2):
        text = _LABEL_NOISE.sub("", text)
    return text


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: labels, headers
def project_label(cell: str) -> str | None:
    """The project field a label cell names (``预算数`` -> ``budget_total``), or None."""
    if len(cell) > 30:
        return None
    text = key(cell)
    return _first_match(PROJECT_LABELS, text) or _first_match(PROJECT_LABELS, _label_text(text))


UNIT_NOTE = re.compile(r"^(?:金额)?单位[:：]?(?:万元|元)$")
_AMOUNT_UNIT = re.compile(r"[(（](?:单位[:：]?)?(万元|元)[)）]|单位[:：]\s*(万元|元)|金额单位[:：]\s*(万元|元)")


def amount_unit(cell: str) -> str | None:
    """The unit a label or note gives amounts in: ``项目资金（元）`` -> ``元``, ``单位:万元`` -> ``万元``."""
    m = _AMOUNT_UNIT.search(squash(cell))
    return next((g for g in m.groups() if g), None) if m else None


# An agency's code written before its name (324-…, [077]…, 315_…, 322101…) and the words after it
# that say which part of the budget it is (本级, （汇总）, （部门）): kept in raw, split off to compare.
AGENCY_CODE = re.compile(r"^(?:[\[【(（]([0-9A-Z]{2,})[\]】)）]|(?=[0-9A-Z]*\d)([0-9A-Z]{3,}))\s*[-_－—:：、.]?\s*")
AGENCY_PART = re.compile(r"[（(](?:本级|汇总|部门|本部)[)）]|(?<=局|委|厅|办|院|心)(?:本级|部门)$")
# An agency named in a form's field: a body's name ends with an organisation word.
_AGENCY_END = re.compile(
    r"(?:局|委员会|委|厅|办公室|办|政府|中心|院|所|站|队|校|馆|会|社|部|处|室|科|股|组|团|署|司|行|公司|集团|台|园|"
    r"场|学|镇|乡|街道|社区|村|区|县|市|州|盟|旗|省|机关|部门)$"
)
# what a cell glues after a name: the next field's label (项目经办人:), an amount note (单位：万元)
_AGENCY_TAIL = re.compile(
    r"\s+\S{2,8}[:：].*$|\s*(?:金额)?单位[:：]\s*(?:万元|元)\s*$|\s*[(（](?:单位[:：]?)?万?元[)）]\s*$"
)


# Where running text names the agency, best first: a field's label and its value on one line
# (a form flattened to text), else the page's publisher line.
AGENCY_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (
        source,
        re.compile(rf"(?:{labels})(?:及代码|及编码|[(（]单位[)）])?(?:名称)?[\s:：|]*([^\s:：|,，;；]{{2,60}})"),
    )
    for source, labels in (
        ("text field", "预算部门|主管部门|主管预算部门|预算单位|单位名称|填报单位|编制单位|绩效编制单位"),
        ("text field", "实施单位"),
        ("publisher line", "来源|发布机构|发布单位|发文机关"),
    )
)


def agency_in_text(lines: list[str]) -> tuple[str | None, str | None]:
    """(agency, where it is written) from a document's running text: the first field of the best
    kind that names a body."""
    for source, pattern in AGENCY_FIELDS:
        for line in lines:
            for match in pattern.finditer(line):
                if (name := agency_name(match.group(1))) and len(name) >= 4:  # 交办 is no agency
                    return name, source
    return None, None


_GENERIC_BODY = re.compile(r"^(?:本|各|市级|区级|县级|省级|乡镇|所属)?(?:部门|单位|机关)$")


def agency_name(cell: str | None) -> str | None:
    """An agency as a field names it, without what the cell glues after it; None for a value that
    names no body (a column header such as 拟变动情况, 经费性质 or 总计 after 单位名称)."""
    if not cell:
        return None
    text = _AGENCY_TAIL.sub("", cell.strip()).strip(" :：")
    # a line that glues the next field on without a space: 青山区教育局项目执行单位化工区学校
    cut = next((i for i in range(2, len(text) - 3) for k in (6, 5, 4) if project_label(text[i : i + k])), None)
    text = text[:cut] if cut else text
    core = AGENCY_PART.sub("", AGENCY_CODE.sub("", text))
    if len(core) < 3 or not _AGENCY_END.search(core) or TOTAL_LABEL.match(core) or _GENERIC_BODY.match(core):
        return None
    if len(core) <= 8 and is_form_label(core):  # 主管部门, 实施单位: a label, not its value
        return None
    return text


# The self-evaluation's budget execution block (预算执行情况 / 项目资金).
BUDGET_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("budget_initial", re.compile(r"^年初预算")),
    ("budget_full_year", re.compile(r"^全年预算")),
    ("executed", re.compile(r"^全年执行|^执行数")),
    ("weight", re.compile(r"^分值$")),
    ("score", re.compile(r"^得分$")),
    ("execution_rate", re.compile(r"^执行率")),
)


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: labels, headers
def budget_column(cell: str) -> str | None:
    return _first_match(BUDGET_COLUMNS, key(cell))


# ---------------------------------------------------------------------------------------------
# Document titles, department tables
# ---------------------------------------------------------------------------------------------
DOC_TYPE_TITLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("department_selfeval", re.compile(r"(?:部门)?整体(?:支出)?绩效自评")),
    ("project_selfeval", re.compile(r"项目支出绩效自评|项目(?:绩效)?自评")),
    ("department_targets", re.compile(r"(?:部门)?整体(?:支出)?绩效目标")),
    ("project_targets", re.compile(r"项目支出绩效目标|项目支出绩效表|绩效目标(?:申报|审批|批复|审核)?表")),
)


def title_kind(squashed: str) -> str | None:
    """The document type a (squashed) title names, or None."""
    return next((kind for kind, pattern in DOC_TYPE_TITLES if pattern.search(squashed)), None)


def title_match(squashed: str) -> tuple[str, re.Match[str]] | None:
    """The first document type a (squashed) line names, with where it names it."""
    found = [(m.start(), kind, m) for kind, pattern in DOC_TYPE_TITLES if (m := pattern.search(squashed))]
    return min(found, key=lambda f: f[0])[1:] if found else None


# a column of self-evaluation scores beside a project's name (项目名称 | 自评分数)
SELF_SCORE = re.compile(r"^自评(?:分数|得分|结果|分值)$")
# a budget book's title: 北京市医疗保障局2026年部门预算, 2026年烟台市统计局部门预算, …2022年部门综合预算
_BOOK = r"(?:部门|单位)?(?:综合)?(?:预算|决算)"
BOOK_TITLE = re.compile(
    rf"^(?P<agency>[^\d]{{2,40}}?)(?P<year>20\d\d)年度?{_BOOK}|^(?P<year_first>20\d\d)年度?(?P<agency_after>[^\d]{{2,40}}?){_BOOK}"
)
# a line that titles a budget or performance document, where its year is stated
YEAR_LINE = re.compile(r"绩效|预算|决算|自评|目标")
YEAR_IN_TITLE = re.compile(r"[（(]\s*(20\d\d)\s*年度?\s*[)）]|(20\d\d)\s*年度")
TABLE_TITLE = re.compile(r"(?:绩效目标|绩效自评|自评)(?:申报|审批|批复|审核)?表\s*(?:[(（][^()（）]{1,12}[)）])?\s*$")
TOTAL_LABEL = re.compile(r"^(?:合计|总计|总额合计)$")
SCORE_TOTAL_LABEL = re.compile(r"^(?:总分|合计|总计|得分合计|合计得分|总得分)$")
TASK_TABLE_HEADER = re.compile(r"^(?:(?:主要)?(?:工作)?任务(?:名称|内容)?|预算资金(?:[（(]万元[)）])?)$")
GOAL_TABLE_HEADER = re.compile(r"^(?:年度)?(?:绩效|总体)目标(?:完成情况)?$")
# Labels that open a project table's header block.
PROJECT_START = frozenset({"project_name", "project_code", "unit", "agency", "department"})


def is_goal_table_header(cells: list[str] | tuple[str, ...]) -> bool:
    """A goals table header names the goal column and a number, task or result column."""
    return _is_goal_table_header(tuple(cells))


@functools.lru_cache(maxsize=1 << 14)
def _is_goal_table_header(cells: tuple[str, ...]) -> bool:
    squashed = [squash(c) for c in cells]
    return any(GOAL_TABLE_HEADER.match(c) for c in squashed) and any(
        re.search(r"序号|对应|实际完成", c) for c in squashed
    )


BUDGET_EXECUTION = re.compile(r"预算执行情况|年初预算数")


# Text that ends a table: notes, signatures and stamps, contacts, the page's own furniture.
FURNITURE = re.compile(
    r"^(?:备注|注[:：]|说明[:：]|填表人|填报人|经办人|联系电话|联系人|扫一扫|偏差大或|项目负责人|财务负责人|单位负责人|"
    r"主要负责人|发布时间|发布日期|来源[:：]|主管部门意见|部门意见|单位意见)|"
    # words that also begin indicators (审批时限, 存在问题整改率): furniture only as a label alone
    r"^(?:审核|初审|审批|盖章|签字|签章|上报时间|报送时间|附件|附表|打印|关闭|评价结论|存在问题|改进措施|财政部门)"
    r"(?:人|日期|[0-9一二三四五六七八九十]+|关闭)?(?:[:：\s(（]|$)|(?:审核|初审|审批)意见|[(（]盖章[)）]|"
    r"^[^0-9]{0,10}(?:自评结论|评价结论|结论|意见建议)$"
)
# A field's name in a form: short, no figures, ending in a word forms use for their labels.
_FORM_LABEL = re.compile(
    r"^[^0-9０-９]{2,10}(?:名称|单位|部门|电话|日期|时间|类别|类型|属性|期限?|依据|概况|科室|负责人|口径|分类|来源)$"
)


@functools.lru_cache(maxsize=1 << 16)
def ends_table(cell: str) -> bool:
    """Notes, signatures, stamps or the next title: what follows a table, not a row of it."""
    text = squash(cell)
    return bool(FURNITURE.search(text) or TABLE_TITLE.search(text))


@functools.lru_cache(maxsize=1 << 16)
def is_score_total(cell: str) -> bool:
    """``总分``, ``合计``, ``得分合计``, ``合计(100分)``: the total row of an indicator table."""
    return bool(SCORE_TOTAL_LABEL.match(re.sub(r"[(（].*$", "", key(cell))))


def is_form_label(cell: str) -> bool:
    """A label of a form's field (``项目负责人及电话``, ``项目属性``), known or shaped like one."""
    text = squash(cell)
    return bool(project_label(text) or budget_column(text) or _FORM_LABEL.match(text))


# A value in words: a direction word (the seed direction_words), often after an adverb.
VALUE_ADVERBS = ("稳步", "持续", "有效", "显著", "明显", "逐步", "不断", "进一步", "大幅", "基本", "全面")


@functools.cache
def direction_words() -> tuple[str, ...]:
    return tuple(sorted((r["word"] for r in read_seed("direction_words.csv")), key=len, reverse=True))


@functools.cache
def _words_value() -> re.Pattern[str]:
    return re.compile(rf"^(?:{'|'.join(VALUE_ADVERBS)})?(?:{'|'.join(direction_words())})$")


def is_value_in_words(cell: str) -> bool:
    """``稳步提升``, ``持续改善``, ``提高``: a target written in words."""
    return bool(_words_value().match(squash(cell)))


def is_table_label(cell: str) -> bool:
    """A cell that names a part of a table (a level or goal label, a project field, a table
    header such as 预算资金（万元）), as opposed to a title or a note standing alone."""
    squashed = squash(cell)
    return bool(
        split_labels([cell])[0]
        or project_label(cell)
        or TASK_TABLE_HEADER.match(squashed)
        or GOAL_TABLE_HEADER.match(squashed)
        or BUDGET_EXECUTION.search(squashed)
    )
