"""Hypothesis strategies that write indicator tables in each supported layout.

The writers know nothing of the parser: they lay out rows the way Word or a PDF extraction does
(one cell per line, one row per line, space-separated PDF text with wrapped cells), so a
round trip through the parser must give the rows back exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from ingest.values import display_width

LEVELS = {
    "产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
    "效益指标": ["经济效益指标", "社会效益", "生态效益指标", "可持续影响指标", "可持续效益指标"],
    "满意度指标": ["服务对象满意度指标", "服务对象满意度"],
}
# Ordinary words of indicator names; none of them is a label or a value on its own (人次 is also a
# unit: a name is never that word alone, see level3_text).
WORDS = [
    "乡村",
    "道路",
    "养护",
    "学校",
    "校舍",
    "培训",
    "人次",
    "宣传",
    "活动",
    "设备",
    "采购",
    "企业",
    "补助",
    "发放",
    "覆盖",
    "医疗",
    "机构",
    "图书",
    "借阅",
    "河道",
    "清淤",
    "垃圾",
    "清运",
    "路灯",
    "安装",
    "监测",
    "站点",
    "新建",
    "改造",
    "受益",
    "群众",
    "农户",
    "合作社",
    "园区",
    "标准",
    "制度",
    "完善",
    "情况",
]
UNITS = ["个", "次", "人", "公里", "亩", "家", "万元", "元/人", "平方米", "‰", "%", "人次", "套", "M"]
OPERATORS = ["≥", "≤", "＝", "=", ">", "<", "<=", ""]
QUALITATIVE = ["有效提升", "持续完善", "显著改善", "稳中有升", "优良", "满意", "无投诉"]


@st.composite
def level3_text(draw, min_words: int = 1, max_words: int = 6) -> str:
    """An indicator name of ordinary words; never a unit alone (``人次`` is a word and a unit: no
    real indicator is named by a unit alone, and the reader takes such a cell for a unit)."""
    words = st.lists(st.sampled_from(WORDS), min_size=min_words, max_size=max_words).map("".join)
    return draw(words.filter(lambda name: name not in UNITS))


@st.composite
def target_value(draw) -> str:
    kind = draw(st.sampled_from(["number", "number", "deadline", "qualitative"]))
    if kind == "number":
        number = draw(st.one_of(st.integers(0, 99999).map(str), st.decimals(0, 9999, places=2).map(str)))
        return f"{draw(st.sampled_from(OPERATORS))}{number}{draw(st.sampled_from(UNITS))}"
    if kind == "deadline":
        return f"{draw(st.integers(2019, 2026))}年{draw(st.integers(1, 12))}月底前"
    return draw(st.sampled_from(QUALITATIVE))


@dataclass(frozen=True)
class GenRow:
    level1: str
    level2: str
    level3: str
    description: str
    target: str
    basis: str


@st.composite
def indicator_table(draw, max_rows: int = 12) -> list[GenRow]:
    """Rows grouped under level-1 then level-2 labels, every level-1 present."""
    rows: list[GenRow] = []
    for level1, level2s in LEVELS.items():
        for level2 in draw(st.lists(st.sampled_from(level2s), min_size=1, max_size=2, unique=True)):
            for _ in range(draw(st.integers(1, max(1, max_rows // 6)))):
                rows.append(
                    GenRow(
                        level1,
                        level2,
                        draw(level3_text()),
                        draw(level3_text()),
                        draw(target_value()),
                        draw(st.sampled_from(["年初工作计划", "行业规范", "", "问卷调查"])),
                    )
                )
    return rows


def write_tab_cells(tables: list[list[GenRow]], blank_inside_rows: bool, titles: list[bool]) -> str:
    """Word text, one cell per line: labels written once per group (merged cells stay empty)."""
    out: list[str] = []
    for n, (rows, title) in enumerate(zip(tables, titles), start=1):
        if title:
            out.append(f"{n}.测试项目{n}绩效目标表")
        out += [
            "\t100101测试县测试局",
            "\t单位：万元",
            "",
            "\t项目名称",
            f"\t测试项目{n}",
            "",
            "\t预算规模及资金用途",
            "\t预算数",
            "\t10.00",
            "\t其中：财政资金",
            "\t10.00",
            "\t其他资金",
            "\t",
            "",
            "\t绩效目标",
            f"\t完成测试项目{n}。",
            "",
            " ",
        ]
        out += ["\t一级指标", "\t二级指标", "\t三级指标", "\t绩效指标描述", "\t指标值", "\t指标值确定依据", ""]
        last1 = last2 = None
        for row in rows:
            cells = [
                row.level1 if row.level1 != last1 else "",
                row.level2 if (row.level1, row.level2) != (last1, last2) else "",
                row.level3,
                row.description,
                row.target,
                row.basis,
            ]
            last1, last2 = row.level1, row.level2
            for i, cell in enumerate(cells):
                out.append("\t" + cell)
                if blank_inside_rows and i == 3:
                    out.append("")
            out.append("")
    return "\n".join(out) + "\n"


def write_tab_rows(rows: list[GenRow], actuals: list[str], shifts: list[int], separator: str = "\t") -> str:
    """Self-evaluation text, one row per line; some rows shifted one column right."""
    out = [
        "整体支出绩效自评表",
        "(2023年度)",
        separator.join(["部门名称", "", "测试县测试局"]),
        separator.join(
            [
                "年度指标完成情况",
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
                "偏差原因分析及改进措施",
            ]
        ),
    ]
    last1 = last2 = None
    for i, (row, actual, shift) in enumerate(zip(rows, actuals, shifts)):
        goal = "绩效目标1" if i == 0 else ""
        cells = [
            goal,
            row.level1 if row.level1 != last1 else "",
            row.level2 if (row.level1, row.level2) != (last1, last2) else "",
            row.level3,
            row.target,
            actual,
            "1",
            "1",
            row.description,
        ]
        last1, last2 = row.level1, row.level2
        if shift and not goal:
            cells = [""] + cells
        out.append(separator.join(cells))
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    """Break text into lines no wider than ``width`` display columns (CJK counts two)."""
    lines, line = [], ""
    for ch in text:
        if display_width(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line]


def write_pdf_text(rows: list[GenRow], level3_width: int, value_width: int) -> str:
    """PDF text: cells separated by spaces, long cells wrapped into column-wide lines, a blank
    line between rows, level labels once per group."""
    out = [
        "整体支出绩效目标表",
        "",
        "（2023年度）",
        "",
        "部门",
        "名称",
        "",
        "测试县测试局",
        "",
        "一级指标 二级指标 三级指标 年度指标值",
        "",
        "目标1",
        "",
    ]
    last1 = last2 = None
    for row in rows:
        labels = []
        if row.level1 != last1:
            labels.append(row.level1)
        if (row.level1, row.level2) != (last1, last2):
            labels.append(row.level2)
        last1, last2 = row.level1, row.level2
        level3, value = _wrap(row.level3, level3_width), _wrap(row.target, value_width)
        if len(level3) == 1 and len(value) == 1:
            out.append(" ".join([*labels, level3[0], value[0]]))
        else:
            if labels:
                out += [" ".join(labels), ""]
            out += level3 + value
        out.append("")
    return "\n".join(out) + "\n"
