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

# Characters that Word/PDF extraction sprinkles inside short labels: ordinary and full-width
# spaces, zero-width spaces, and the colon of "指标1:"-style prefixes.
_SPACES = re.compile(r"[\s\u3000\u200b\ufeff]+")


def squash(text: str) -> str:
    """Remove every kind of whitespace: ``合  计`` -> ``合计``, ``财政    资金`` -> ``财政资金``."""
    return _SPACES.sub("", text)


# ---------------------------------------------------------------------------------------------
# Indicator hierarchy labels
# ---------------------------------------------------------------------------------------------
_SUFFIX = r"(?:指标|值|类指标)?"
_LEVEL1 = re.compile(rf"^(?:一级指标[:：]?)?(?:产出|效益|满意度|成本|效果|影响){_SUFFIX}$")
# Labels that are written at either level: 成本指标 is a level-2 label under 产出 unless a
# level-2 label follows it (成本指标 / 经济成本指标); 满意度指标 is level 1 unless a level-1
# label precedes it in the same row.
_MOSTLY_LEVEL2 = re.compile(rf"^成本{_SUFFIX}$")
_LEVEL2_CORE = (
    r"数量|质量|时效|成本|进度|"
    r"经济效益|社会效益|生态效益|环境效益|可持续影响|可持续效益|可持续发展|"
    r"服务对象满意度|满意度|社会公众满意度|社会公众或服务对象满意度|群众满意度|"
    r"经济成本|社会成本|生态环境成本|环境成本"
)
_LEVEL2 = re.compile(rf"^(?:二级指标[:：]?)?(?:产出|效益)?(?:{_LEVEL2_CORE}){_SUFFIX}$")
_GOAL_MARKER = re.compile(r"^(?:绩效)?目标\s*([0-9０-９]+)(?:[:：.、].*)?$")


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: labels, headers
def is_level1(cell: str) -> bool:
    return bool(_LEVEL1.match(squash(cell)))


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: labels, headers
def is_level2(cell: str) -> bool:
    return bool(_LEVEL2.match(squash(cell)))


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
            and (not _MOSTLY_LEVEL2.match(squash(cell)) or (nxt is not None and is_level2(nxt)))
        ):
            labels.append(("level1", cell))
            seen.add("level1")
        elif "level2" not in seen and is_level2(cell):
            labels.append(("level2", cell))
            seen.add("level2")
        else:
            return labels, i
    return labels, None


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
# Order matters: the first pattern that matches a header cell names its field.
INDICATOR_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("level1", re.compile(r"^一级指标$")),
    ("level2", re.compile(r"^二级指标$")),
    ("level3", re.compile(r"^(?:三级指标|指标名称|具体指标)$")),
    ("description", re.compile(r"^(?:绩效)?指标(?:描述|说明|内容|解释)$")),
    ("basis", re.compile(r"依据")),  # 指标值确定依据, 指标值设定依据及数据来源
    ("actual", re.compile(r"^(?:全年|年度)?实际")),  # 实际完成值, 全年实际完成指标值
    ("target", re.compile(r"^(?:年度|预期|全年)?(?:绩效)?(?:指标值|目标值)")),
    ("weight", re.compile(r"^(?:分值|权重|权重分值)$")),
    ("score", re.compile(r"^(?:得分|自评得分)$")),
    ("deviation_reason", re.compile(r"^偏差原因")),
    # Captions of a merged first column (绩效指标, 年度指标完成情况) or the goal column.
    ("goal", re.compile(r"^(?:年度指标完成情况|绩效目标|年度绩效指标|绩效指标|指标完成情况)$")),
)


def _first_match(table: tuple[tuple[str, re.Pattern[str]], ...], cell: str) -> str | None:
    text = squash(cell)
    return next((name for name, pattern in table if pattern.search(text)), None)


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: labels, headers
def indicator_column(cell: str) -> str | None:
    """The indicator-table field a header cell names (``指标值`` -> ``target``), or None."""
    return _first_match(INDICATOR_COLUMNS, cell)


def is_indicator_header(cells: list[str]) -> bool:
    """A header row names at least the three indicator levels (possibly among other columns)."""
    fields = {indicator_column(c) for c in cells if c.strip()}
    return {"level1", "level2", "level3"} <= fields


# ---------------------------------------------------------------------------------------------
# Project header block labels (项目支出绩效目标表)
# ---------------------------------------------------------------------------------------------
PROJECT_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("project_code", re.compile(r"^项目(?:编码|代码|编号)$")),
    ("project_name", re.compile(r"^项目名称$")),
    ("budget_block", re.compile(r"^(?:预算规模及资金用途|项目资金(?:（万元）|\(万元\))?|资金情况)$")),
    (
        "budget_total",
        re.compile(r"^(?:预算数|年度预算数|(?:年度)?资金总额|预算金额|项目总金额)(?:（万元）|\(万元\))?$"),
    ),
    ("fiscal", re.compile(r"^(?:其中[:：])?(?:财政(?:资金|拨款)|财政拨款资金)$")),
    ("other", re.compile(r"^(?:其中[:：])?其他资金$")),
    ("purpose", re.compile(r"^(?:资金用途|项目资金用途)$")),
    ("spend_plan", re.compile(r"^资金支出计划")),
    ("goal_text", re.compile(r"^(?:年度)?绩效目标$")),
    ("unit", re.compile(r"^单位[:：]")),
    ("agency", re.compile(r"^(?:实施单位|项目单位|预算单位)$")),
    ("department", re.compile(r"^(?:主管部门(?:及代码)?|部门名称|单位名称|部门[（(]单位[)）]名称)$")),
)


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: labels, headers
def project_label(cell: str) -> str | None:
    """The project field a label cell names (``预算数`` -> ``budget_total``), or None."""
    return _first_match(PROJECT_LABELS, cell)


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
    return _first_match(BUDGET_COLUMNS, cell)


# ---------------------------------------------------------------------------------------------
# Document titles, department tables
# ---------------------------------------------------------------------------------------------
DOC_TYPE_TITLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("department_selfeval", re.compile(r"(?:部门)?整体支出绩效自评")),
    ("project_selfeval", re.compile(r"项目支出绩效自评|项目绩效自评")),
    ("department_targets", re.compile(r"(?:部门)?整体支出绩效目标")),
    ("project_targets", re.compile(r"项目支出绩效目标|绩效目标表")),
)

YEAR_IN_TITLE = re.compile(r"[（(]\s*(20\d\d)\s*年度?\s*[)）]|(20\d\d)\s*年度")
TABLE_TITLE = re.compile(r"绩效目标表\s*$|绩效自评表\s*$")
TOTAL_LABEL = re.compile(r"^(?:合计|总计|总额合计)$")
SCORE_TOTAL_LABEL = re.compile(r"^(?:总分|合计|总计)$")
TASK_TABLE_HEADER = re.compile(r"^(?:(?:主要)?(?:工作)?任务(?:名称|内容)?|预算资金(?:[（(]万元[)）])?)$")
GOAL_TABLE_HEADER = re.compile(r"^(?:年度)?(?:绩效|总体)目标(?:完成情况)?$")
# Labels that open a project table's header block.
PROJECT_START = frozenset({"project_name", "project_code", "unit", "agency", "department"})


def is_goal_table_header(cells: list[str] | tuple[str, ...]) -> bool:
    """A goals table header names the goal column and a number, task or result column."""
    squashed = [squash(c) for c in cells]
    return any(GOAL_TABLE_HEADER.match(c) for c in squashed) and any(
        re.search(r"序号|对应|实际完成", c) for c in squashed
    )


BUDGET_EXECUTION = re.compile(r"预算执行情况|年初预算数")


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
