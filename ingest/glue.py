"""Text whose cells were glued together with no separator at all.

Some pages come out of a converter as one run of characters: ``一级指标二级指标三级指标指标值
产出指标数量指标农村义务教育学校改造覆盖率100%质量指标…``. Nothing marks the cells, but the
vocabulary does: header words, level labels and form labels are known words, and values have a
shape (a comparator, a number, a unit). ``split`` cuts such a run at every place where a known
word or a value begins or ends; the table reader then joins what belongs together (its joining
costs nothing across these cuts) and places the pieces like any others.

Matching is done on a folded copy of the text (traditional characters mapped to simplified
ones, pinyin readings that a mirror site inserted, ``指標(biāo)``, taken out), and the pieces
are cut from the text as written.
"""

from __future__ import annotations

import functools
import re

from . import vocab
from .seeds import read_seed

# words that only an indicator table's header runs together
HEADER_WORDS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标名称",
    "指标内容",
    "指标值",
    "完成值",
    "目标值",
    "权重",
    "得分",
)
# header and form words that head cells (a complement of the seeds' level labels)
_WORDS = [
    *HEADER_WORDS,
    "年度指标值",
    "年初目标值",
    "实际完成值",
    "全年实际值",
    "分值",
    "指标性质",
    "指标方向",
    "指标解释",
    "度量单位",
    "计量单位",
    "偏差原因分析及改进措施",
    "未完成原因分析",
    "备注",
    "绩效指标",
    "年度绩效目标",
    "绩效目标完成情况",
    "项目名称",
    "专项名称",
    "主管部门",
    "实施单位",
    "项目实施单位",
    "单位名称",
    "资金情况",
    "年度资金总额",
    "其中:财政拨款",
    "财政拨款",
    "其他资金",
    "预算数",
    "执行数",
    "执行率",
    "全年预算数",
    "年初预算数",
    "全年执行数",
    "年度总体目标",
    "总体目标",
    "年度目标",
    "预期目标",
    "实际完成情况",
    "省级主管部门",
    "总分",
    "得分合计",
    "合计",
    "项目类别",
    "项目属性",
    "项目类型",
    "填报日期",
    "绩效目标",
]
_VALUE = re.compile(
    r"(?:[≥≤≧≦<>＝=]|大于等于|小于等于|不少于|不低于|不超过)?\s*[0-9]+(?:\.[0-9]+)?"
    r"(?:%|‰|(?:万元|亿元|元|万人|人次|个|次|人|户|项|台|所|名|天|月|年(?!度)|倍|家|条|件|套|座|辆|吨|亩|米|公里|场|期|批)"
    r"(?:/[人天月年次个])?)?"
)
_NOTE = re.compile(r"[(（][^()（）]{1,6}[)）]")  # (A), (%), (20分) after a header word


@functools.cache
def _qualitative() -> re.Pattern[str]:
    """A value in words at the end of a text: an adverb and a direction word (the seed)."""
    return re.compile(rf"(?:{'|'.join(vocab.VALUE_ADVERBS)})(?:{'|'.join(vocab.direction_words())})$")


@functools.cache
def _vocabulary() -> re.Pattern[str]:
    """Every word to cut at, longest first, as one pattern."""
    words = set(_WORDS)
    cores = [r["label_core"] for r in read_seed("indicator_level1_labels.csv")]
    cores += [r["label_core"] for r in read_seed("indicator_level2_labels.csv")]
    for core in cores:
        words.add(f"{core}指标")
        for prefix in ("产出", "效益"):
            words.add(f"{prefix}{core}指标")
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def glued(line: str) -> bool:
    """A line that runs three header words together with no separator (a glued header)."""
    folded, _ = vocab.fold(line)
    return any(sum(1 for w in HEADER_WORDS if w in part) >= 3 for part in re.split(r"[\s|]+", folded))


def split(line: str) -> list[str]:
    """The pieces of a glued line, cut where known words and values begin and end."""
    text = line.strip()
    folded, where = vocab.fold(text)
    cuts = {0, len(folded)}
    i = 0
    words = _vocabulary()
    while i < len(folded):
        found = words.match(folded, i)
        word = found.group(0) if found else None
        if word is not None:
            end = i + len(word)
            note = _NOTE.match(folded, end)
            end = note.end() if note else end
            cuts.update((i, end))
            i = end
            continue
        if folded[i] in "≥≤≧≦<>＝=" or (folded[i].isdigit() and (i == 0 or not folded[i - 1].isdigit())):
            m = _VALUE.match(folded, i)
            if m and m.end() > i:
                cuts.update((i, m.end()))
                i = m.end()
                continue
        i += 1
    # values in words end a run of text: 义务教育优质均衡发展情况稳步提高, 能力稳步提升稳步提升
    bounds = sorted(cuts)
    for a, b in zip(bounds, bounds[1:]):
        end = b
        for _ in range(2):
            tail = _qualitative().search(folded, a, end)
            if not tail or tail.start() == a:
                break
            cuts.add(tail.start())
            end = tail.start()
    bounds = sorted(cuts)
    pieces = []
    for a, b in zip(bounds, bounds[1:]):
        start = where[a] if a < len(where) else len(text)
        end = where[b] if b < len(where) else len(text)
        piece = text[start:end].strip()
        if piece:
            pieces.append(piece)
    return pieces
