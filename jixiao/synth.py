"""A synthetic corpus with known answers: ``jixiao synth --docs N --seed S --out DIR``.

Agencies across regions and admin levels publish, year by year (2019–2026), project target
documents and project self-evaluations. Projects recur across years with drifting names, budgets
and targets; self-evaluations report actuals that relate to their targets; values use the
grammar's variety (≥, 不少于, 以上, 不超过…以内, deadlines, words). Each document is written in
one of the layouts jixiao reads (Word's one-cell-per-line text, TAB rows, ``|`` rows, HTML,
.docx, .xlsx), through ``jixiao.documents``, into ``DIR/documents/``.

A self-evaluation evaluates the targets its year's target document published (reworded, the same
values) and often states its grade (自评等级为“优”). Some documents carry one injected anomaly (a
lax bound, an actual far above its target, a padded cost, a cost above the budget, swapped values,
a target lowered after being met, a broken total, a target table without its 时效 and 成本
indicators, a self-evaluation that changes, adds or leaves out a published target or states a grade
its total does not earn, …) with the review rule that must flag it. ``DIR/truth/`` holds every indicator row as written
(``indicators.csv``), every document (``documents.csv``) and every anomaly (``anomalies.csv``,
``checked_in`` naming fct_target_flags, rpt_target_table_grades or the consistency findings,
``expected`` saying whether the
rule must flag the row or may, as a consequence of the injection).
The same seed gives the same corpus.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

from . import documents as d
from .config import read_seed

YEARS = tuple(range(2019, 2027))
TARGET_LAYOUTS = ("cells", "rows", "pipes", "html", "docx", "xlsx")
SELFEVAL_LAYOUTS = ("rows", "html", "docx", "xlsx")
EXTENSION = {"cells": "txt", "rows": "txt", "pipes": "txt", "html": "html", "docx": "docx", "xlsx": "xlsx"}

# regions of every admin level, as agencies name themselves (all in seeds/regions.csv)
PROVINCES = ("河北省", "四川省", "湖北省", "天津市", "山西省", "江苏省", "浙江省", "安徽省", "江西省", "河南省",
             "湖南省", "广东省", "云南省", "甘肃省")  # fmt: skip
PREFECTURES = ("承德市", "广元市", "牡丹江市", "大同市", "苏州市", "温州市", "阜阳市", "赣州市", "南阳市", "岳阳市",
               "韶关市", "天水市")  # fmt: skip
COUNTIES = ("宁安市", "青川县", "巴东县", "平遥县", "昆山市", "乐清市", "临泉县", "瑞金市", "邓州市", "汨罗市",
            "乐昌市", "大理市", "宾川县", "秦安县")  # fmt: skip
REGIONS = PROVINCES + PREFECTURES + COUNTIES
# where in a spec's range an agency's targets sit: a province sets larger targets than a county
SCALE = {**dict.fromkeys(PROVINCES, 0.85), **dict.fromkeys(PREFECTURES, 0.5), **dict.fromkeys(COUNTIES, 0.15)}
# an agency is a department of a region, or one of its units
UNITS = ("", "机关服务中心", "综合执法支队", "信息中心", "培训中心", "事务中心", "规划研究院", "监测站")
# places an agency's projects are named after when it runs more of them than its department's four
# (``--rows-per-doc``): 城关镇学生资助 and 新华乡学生资助 are two projects, not one drifting name
TOWNS = ("城关镇", "新华乡", "东风镇", "红星乡", "团结镇", "和平乡", "胜利镇", "光明乡", "前进镇", "向阳乡",
         "建设镇", "永安乡", "太平镇", "长乐乡", "兴隆镇", "福安乡")  # fmt: skip
INDICATORS_PER_PROJECT = 8  # 3 of the department's specs, its words one and the 4 common ones


@dataclass(frozen=True)
class Spec:
    """An indicator an agency of one kind sets: its labels, name, unit and plausible values."""

    level1: str
    level2: str
    name: str
    unit: str
    kind: str  # floor | percent | cost | deadline | words | satisfaction
    low: float = 0
    high: float = 0


_OUT, _EFFECT, _SAT = "产出指标", "效益指标", "满意度指标"
COMMON = (
    Spec(_OUT, "质量指标", "资金使用合规率", "%", "percent", 95, 100),
    Spec(_OUT, "时效指标", "项目完成时间", "", "deadline"),
    Spec(_OUT, "成本指标", "项目总成本", "万元", "cost"),
    Spec(_SAT, "服务对象满意度指标", "服务对象满意度", "%", "satisfaction", 85, 95),
)
DEPARTMENTS: dict[str, tuple[tuple[str, ...], tuple[Spec, ...]]] = {
    "教育局": (
        ("学生资助", "校舍维修改造", "教师培训", "学生营养改善计划"),
        (
            Spec(_OUT, "数量指标", "资助学生人数", "人", "floor", 300, 3000),
            Spec(_OUT, "数量指标", "维修校舍面积", "平方米", "floor", 2000, 20000),
            Spec(_OUT, "数量指标", "培训教师人次", "人次", "floor", 200, 2000),
            Spec(_OUT, "质量指标", "校舍验收合格率", "%", "percent", 95, 100),
            Spec(_EFFECT, "社会效益指标", "办学条件", "", "words"),
            Spec(_EFFECT, "可持续影响指标", "义务教育巩固率", "%", "percent", 95, 99),
        ),
    ),
    "卫生健康委员会": (
        ("基本公共卫生服务", "家庭医生签约服务", "医疗设备购置", "妇幼健康服务"),
        (
            Spec(_OUT, "数量指标", "建立居民健康档案人数", "人", "floor", 5000, 80000),
            Spec(_OUT, "数量指标", "购置医疗设备数量", "台", "floor", 5, 60),
            Spec(_OUT, "数量指标", "开展健康教育活动次数", "次", "floor", 12, 120),
            Spec(_OUT, "质量指标", "老年人健康管理率", "%", "percent", 60, 75),
            Spec(_EFFECT, "社会效益指标", "居民健康素养水平", "", "words"),
            Spec(_EFFECT, "社会效益指标", "孕产妇系统管理率", "%", "percent", 85, 95),
        ),
    ),
    "农业农村局": (
        ("高标准农田建设", "农机购置补贴", "耕地地力保护补贴", "农村人居环境整治"),
        (
            Spec(_OUT, "数量指标", "建设高标准农田面积", "亩", "floor", 5000, 50000),
            Spec(_OUT, "数量指标", "补贴农机具数量", "台", "floor", 100, 1500),
            Spec(_OUT, "数量指标", "改造农村户厕数量", "户", "floor", 200, 3000),
            Spec(_OUT, "质量指标", "工程验收合格率", "%", "percent", 95, 100),
            Spec(_EFFECT, "经济效益指标", "粮食综合生产能力", "", "words"),
            Spec(_EFFECT, "生态效益指标", "农村卫生厕所普及率", "%", "percent", 80, 95),
        ),
    ),
    "交通运输局": (
        ("农村公路养护", "公交运营补贴", "危桥改造", "客运站场建设"),
        (
            Spec(_OUT, "数量指标", "养护农村公路里程", "公里", "floor", 100, 1500),
            Spec(_OUT, "数量指标", "改造危桥数量", "座", "floor", 2, 30),
            Spec(_OUT, "数量指标", "补贴公交车辆数", "辆", "floor", 50, 600),
            Spec(_OUT, "质量指标", "公路优良路率", "%", "percent", 75, 90),
            Spec(_EFFECT, "社会效益指标", "群众出行条件", "", "words"),
            Spec(_EFFECT, "可持续影响指标", "公交分担率", "%", "percent", 30, 50),
        ),
    ),
    "民政局": (
        ("城乡低保", "特困人员救助供养", "养老服务设施建设", "儿童福利保障"),
        (
            Spec(_OUT, "数量指标", "保障低保对象人数", "人", "floor", 1000, 20000),
            Spec(_OUT, "数量指标", "建设养老服务站点", "个", "floor", 3, 40),
            Spec(_OUT, "数量指标", "开展入户核查次数", "次", "floor", 4, 24),
            Spec(_OUT, "质量指标", "救助资金发放准确率", "%", "percent", 98, 100),
            Spec(_EFFECT, "社会效益指标", "困难群众基本生活", "", "words"),
            Spec(_EFFECT, "社会效益指标", "养老机构护理型床位占比", "%", "percent", 50, 60),
        ),
    ),
    "生态环境局": (
        ("大气污染防治", "水污染防治", "环境监测能力建设", "土壤污染防治"),
        (
            Spec(_OUT, "数量指标", "新建监测站点数量", "个", "floor", 2, 20),
            Spec(_OUT, "数量指标", "开展执法检查次数", "次", "floor", 20, 300),
            Spec(_OUT, "数量指标", "治理散乱污企业数量", "家", "floor", 10, 200),
            Spec(_OUT, "质量指标", "监测数据有效率", "%", "percent", 90, 98),
            Spec(_EFFECT, "生态效益指标", "空气质量优良天数比例", "%", "percent", 75, 90),
            Spec(_EFFECT, "生态效益指标", "水环境质量", "", "words"),
        ),
    ),
}
DEPARTMENT_NAMES = tuple(DEPARTMENTS)
WORDS = ("有效提升", "明显改善", "持续改善", "稳步提高")
PROJECT_SUFFIXES = ("", "项目", "专项资金", "经费")

# injected anomalies: the rule that must flag each, and the table it is checked in
TARGET_RULES = (
    "lax_zero_bound",
    "lax_one_on_large_budget",
    "output_capped",
    "cost_above_budget",
    "unmeasurable_target",
    "satisfaction_as_word",
    "malformed_target",
)
SELFEVAL_RULES = (
    "lax_by_outcome",
    "padded_cost",
    "full_score_target_missed",
    "score_above_weight",
    "overshoot_without_reason",
    "total_differs_from_formula",
    "target_changed",
    "target_added",
    "target_dropped",
    "grade_differs_from_total",
)
SERIES_RULES = ("target_lowered", "values_swapped")
CONSISTENCY_RULES = ("budget_sum",)
GRADE_RULES = ("target_table_incomplete",)  # checked in rpt_target_table_grades
# the national grade bands of self-evaluation totals, best first (the warehouse's, seed grade_bands)
GRADES = tuple(
    sorted(
        ((float(r["min_score"]), r["grade"]) for r in read_seed("grade_bands.csv") if r["jurisdiction"] == "national"),
        reverse=True,
    )
)


@dataclass
class Indicator:
    spec: Spec
    base: float  # the value in the project's first year
    growth: float  # yearly growth of floors


@dataclass
class Project:
    name: str
    suffix: str
    budget: float  # 万元 in the first year
    start: int
    years: tuple[int, ...]
    indicators: list[Indicator]
    purpose: str


@dataclass
class Agency:
    code: str
    name: str
    department: str
    projects: list[Project] = field(default_factory=list)


@dataclass
class Row:
    """One indicator row of a generated table, as written."""

    level1: str
    level2: str
    name: str
    target: str
    actual: str = ""
    weight: str = ""
    score: str = ""
    reason: str = ""


def _fmt(number: float, decimals: int = 0) -> str:
    return f"{number:.{decimals}f}"


class Generator:
    def __init__(
        self,
        docs: int,
        seed: int,
        anomaly_share: float = 0.15,
        layouts: tuple[str, ...] | None = None,
        rows_per_doc: int | None = None,
    ) -> None:
        self.rng = random.Random(seed)
        # larger documents: an agency runs enough projects that its target document (one table of
        # 8 rows per active project) and its one self-evaluation a year average ``rows_per_doc``
        # rows; None: 2-4 projects, each self-evaluated every year
        self.projects = None
        if rows_per_doc is not None:
            if rows_per_doc < INDICATORS_PER_PROJECT:
                raise ValueError(f"rows per document must be at least {INDICATORS_PER_PROJECT}")
            most = len(TOWNS) * 4
            # about 0.7 of the projects are active in a year: rows = 8 (0.7 P + 1) / 2
            self.projects = max(2, min(most, round((2 * rows_per_doc / INDICATORS_PER_PROJECT - 1) / 0.7)))
        chosen = set(layouts or TARGET_LAYOUTS)
        if unknown := chosen - set(TARGET_LAYOUTS):
            raise ValueError(f"unknown layouts {sorted(unknown)}: choose from {', '.join(TARGET_LAYOUTS)}")
        self.target_layouts = tuple(x for x in TARGET_LAYOUTS if x in chosen)
        self.selfeval_layouts = tuple(x for x in SELFEVAL_LAYOUTS if x in chosen) or ("rows",)
        self.docs = docs
        self.anomaly_share = anomaly_share
        self.agencies: list[Agency] = []
        planned = 0
        while planned < docs or len(self.agencies) < 2:
            agency = self._agency(len(self.agencies))
            self.agencies.append(agency)
            planned += sum(len(self._plan(agency, year)) for year in YEARS)
        self.truth_rows: list[list[str]] = []
        self.truth_docs: list[list[str]] = []
        self.anomalies: list[list[str]] = []
        # rules that may flag a row the year after an injection changed it (a swap swaps back, a
        # raised target looks lowered): (agency, project, indicator, year) -> rules
        self.next_year: dict[tuple[str, str, str, int], tuple[str, ...]] = {}
        self.changed: set[tuple[str, str, str, int]] = set()  # rows an injection changed
        # the targets each project's table published, before any injection: (agency, project, year)
        # -> indicator name -> target as written
        self.published: dict[tuple[str, str, int], dict[str, str]] = {}
        self.printed: dict[tuple[str, str, int], dict[str, str]] = {}  # … and after it

    # -- the world ----------------------------------------------------------------------------
    def _agency(self, i: int) -> Agency:
        rng = self.rng
        # every department and region pair once per round, neighbours differing in both
        k, kind = divmod(i, len(DEPARTMENT_NAMES))
        department = DEPARTMENT_NAMES[kind]
        region = REGIONS[(7 * k + 13 * kind) % len(REGIONS)]
        round_ = i // (len(REGIONS) * len(DEPARTMENT_NAMES))
        unit = UNITS[round_ % len(UNITS)] + (f"{round_ // len(UNITS) + 1}分部" if round_ >= len(UNITS) else "")
        agency = Agency(f"{100000 + i:06d}", f"{region}{department}{unit}", department)
        names, specs = DEPARTMENTS[department]
        if self.projects is None:
            chosen_names = rng.sample(names, k=rng.randint(2, 4))
        else:
            chosen_names = [f"{town}{name}" for town in TOWNS for name in names][: self.projects]
        for name in chosen_names:
            start = rng.choice(YEARS[:4])
            years = tuple(y for y in YEARS if y >= start and (y == start or rng.random() < 0.85))
            chosen = rng.sample([s for s in specs if s.kind != "words"], k=3) + [s for s in specs if s.kind == "words"]
            indicators = [
                Indicator(s, _base(s, SCALE[region], rng), rng.choice((0.0, 0.03, 0.05)))
                for s in sorted(chosen + list(COMMON), key=_hierarchy)
            ]
            budget = round(rng.uniform(30, 1200), 2)
            purpose = f"用于{name}相关支出"
            agency.projects.append(
                Project(name, rng.choice(PROJECT_SUFFIXES), budget, start, years, indicators, purpose)
            )
        return agency

    def _budget(self, project: Project, year: int) -> float:
        return round(project.budget * (1 + 0.04 * (year - project.start)), 2)

    def _value(self, ind: Indicator, project: Project, year: int) -> float:
        spec = ind.spec
        if spec.kind == "cost":
            return self._budget(project, year)
        if spec.kind in ("percent", "satisfaction"):
            return min(spec.high, round(ind.base) + (year - project.start) // 3)
        return float(round(ind.base * (1 + ind.growth) ** (year - project.start)))

    def _written(self, spec: Spec, value: float, year: int) -> str:
        rng = self.rng
        if spec.kind == "deadline":
            return rng.choice((f"{year}年12月底前", f"{year}年12月31日前", f"{year}年11月底前"))
        if spec.kind == "words":
            return rng.choice(WORDS)
        if spec.kind == "cost":
            number = _fmt(value, 2)
            return rng.choice((f"≤{number}万元", f"不超过{number}万元", f"控制在{number}万元以内"))
        number = _fmt(value)
        if spec.kind in ("percent", "satisfaction"):
            if number == "100":
                return "=100%"
            return rng.choice((f"≥{number}%", f"不低于{number}%", f"{number}%以上"))
        return rng.choice((f"≥{number}{spec.unit}", f"不少于{number}{spec.unit}", f"{number}{spec.unit}以上"))

    # -- documents ----------------------------------------------------------------------------
    def run(self, out: Path) -> int:
        folder = out / "documents"
        folder.mkdir(parents=True, exist_ok=True)
        (out / "truth").mkdir(exist_ok=True)
        written = 0
        for year in YEARS:
            for agency in self.agencies:
                active = [p for p in agency.projects if year in p.years]
                for project in self._plan(agency, year):
                    if written >= self.docs:
                        break
                    if project is None:
                        name, parts, layout = self._targets(agency, active, year, written)
                    else:
                        name, parts, layout = self._selfeval(agency, project, year, written)
                    _write(folder / name, parts, layout)
                    written += 1
        self._write_truth(out / "truth")
        return written

    def _plan(self, agency: Agency, year: int) -> list[Project | None]:
        """An agency's documents of a year: its target document (None), then a self-evaluation
        of each active project (none yet for the last year); with ``rows_per_doc``, of one of them
        (a different one each year)."""
        active = [p for p in agency.projects if year in p.years]
        if not active:
            return []
        evaluated = active if self.projects is None else [active[year % len(active)]]
        return [None, *(evaluated if year < YEARS[-1] else [])]

    def _anomaly_here(self) -> bool:
        return self.rng.random() < self.anomaly_share

    def _targets(self, agency: Agency, projects: list[Project], year: int, n: int) -> tuple[str, list[d.Part], str]:
        rng = self.rng
        layout = rng.choice(self.target_layouts)
        name = f"{n:06d}_{agency.code}_{year}_targets.{EXTENSION[layout]}"
        parts: list[d.Part] = [agency.name, "项目支出绩效目标表", f"（{year}年）"]
        inject = (
            rng.choice(TARGET_RULES + SERIES_RULES + CONSISTENCY_RULES + GRADE_RULES) if self._anomaly_here() else None
        )
        for t, project in enumerate(projects, start=1):
            budget = self._budget(project, year)
            title = f"{year}年{project.name}{project.suffix}" if rng.random() < 0.5 else project.name + project.suffix
            rows = [self._target_row(ind, project, year) for ind in project.indicators]
            self.published[(agency.code, project.name, year)] = {r.name: r.target for r in rows}
            fiscal, other = budget, 0.0
            if inject and t == 1:
                rows, fiscal, other = self._inject_target(inject, name, t, agency, project, year, rows, budget)
            self.printed[(agency.code, project.name, year)] = {r.name: r.target for r in rows}
            parts.append(f"{t}.{title}绩效目标表")
            cells = [
                [f"{agency.code}{agency.name}", "单位：万元"],
                ["项目名称", title],
                [
                    "预算规模及资金用途",
                    "预算数",
                    _fmt(budget, 2),
                    "其中：财政资金",
                    _fmt(fiscal, 2),
                    "其他资金",
                    _fmt(other, 2) if other else "",
                ],
                ["", project.purpose],
                ["绩效目标", f"1.完成{project.name}年度任务。"],
                ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值"],
            ]
            cells += _grouped(rows, lambda r: [r.name, f"反映{r.name}情况", r.target])
            parts.append(d.table(cells))
            for r in rows:
                self.truth_rows.append([name, str(t), r.level1, r.level2, r.name, r.target, "", "", ""])
                self._after_raise(name, t, agency, project, year, r)
        self.truth_docs.append([name, "project_targets", str(year), agency.name, layout])
        return name, parts, layout

    def _target_row(self, ind: Indicator, project: Project, year: int) -> Row:
        value = self._value(ind, project, year)
        return Row(ind.spec.level1, ind.spec.level2, ind.spec.name, self._written(ind.spec, value, year))

    def _expect(self, name: str, t: int, row: Row, rule: str, also: tuple[str, ...] = ()) -> None:
        """Record an injected anomaly: ``rule`` must flag the row; rules in ``also`` may flag it
        too, as a consequence (a floor cut to ≥0 is also lowered from last year)."""
        self.anomalies.append([name, str(t), row.name, rule, "target_flag", "required"])
        self._allow(name, t, row, also)

    def _allow(self, name: str, t: int, row: Row, rules: tuple[str, ...]) -> None:
        """Record that ``rules`` may flag the row, as a consequence of an injection."""
        for rule in rules:
            self.anomalies.append([name, str(t), row.name, rule, "target_flag", "allowed"])

    @staticmethod
    def _earlier(project: Project, year: int) -> int | None:
        """The year before ``year`` in which the project last appeared."""
        return max((y for y in project.years if y < year), default=None)

    def _changed(self, agency: Agency, project: Project, year: int, row: Row, after: tuple[str, ...] = ()) -> None:
        """Note that an injection changed a row this year: the next year the project appears, its
        usual value may read as changed back (``after`` rules may flag it), and no series
        injection builds on the changed value."""
        later = min((y for y in project.years if y > year), default=None)
        self.changed.add((agency.code, project.name, row.name, year))
        if later is not None and after:
            self.next_year[(agency.code, project.name, row.name, later)] = after

    def _inject_target(self, rule, name, t, agency, project, year, rows, budget):
        """Change the first project table of a document so that ``rule`` must flag it."""
        fiscal, other = budget, 0.0
        quantity = next(i for i, r in enumerate(rows) if r.level2 == "数量指标")
        cost = next(i for i, r in enumerate(rows) if r.level2 == "成本指标")
        unit = project.indicators[quantity].spec.unit
        value = self._value(project.indicators[quantity], project, year)
        # a floor cut down is also lowered from the last year's, and may fall far below its peers
        lowered = ("target_lowered", "peer_low") if self._earlier(project, year) else ("peer_low",)
        if rule == "lax_one_on_large_budget" and budget < 500:  # lax_one_min_budget_wan
            rule = "output_capped"
        changes = {
            "lax_zero_bound": (quantity, f"≥0{unit}", lowered),
            "lax_one_on_large_budget": (quantity, f"≥1{unit}", lowered),
            "output_capped": (quantity, f"≤{_fmt(value)}{unit}", ()),
            "cost_above_budget": (cost, f"≤{_fmt(budget * 1.5, 2)}万元", ()),
            "unmeasurable_target": (quantity, "有效保障", ()),
            "satisfaction_as_word": (len(rows) - 1, "满意", ()),
            "malformed_target": (quantity, f"≥{_fmt(value)}%%", ()),
        }
        if rule in changes:
            i, target, also = changes[rule]
            rows[i].target = target
            self._expect(name, t, rows[i], rule, also)
            self._changed(agency, project, year, rows[i])
        elif rule == "budget_sum":
            other = round(budget * 0.1, 2)  # 预算数 ≠ 财政资金 + 其他资金
            self.anomalies.append([name, str(t), "", rule, "consistency", "required"])
        elif rule == "target_table_incomplete":  # no 时效 nor 成本 indicator: 25 of 100 points lost, 中
            for r in rows:
                if r.level2 in ("时效指标", "成本指标"):
                    self._changed(agency, project, year, r)
            rows = [r for r in rows if r.level2 not in ("时效指标", "成本指标")]
            self.anomalies.append([name, str(t), "", rule, "target_grade", "required"])
        elif rule in SERIES_RULES and self._earlier(project, year):
            self._inject_series(rule, name, t, agency, project, year, rows)
        return rows, fiscal, other

    def _inject_series(
        self, rule: str, name: str, t: int, agency: Agency, project: Project, year: int, rows: list[Row]
    ) -> None:
        """Lower a floor below its last target (the budget grew meanwhile), or swap two targets'
        last values (two floors of the same unit); never on a value an injection changed."""
        previous = self._earlier(project, year)
        inds = project.indicators

        def untouched(i: int) -> bool:
            return (agency.code, project.name, rows[i].name, previous) not in self.changed

        if rule == "target_lowered":
            i = next(i for i, ind in enumerate(inds) if ind.spec.kind == "floor")
            if not untouched(i):
                return
            lowered = max(1, round(self._value(inds[i], project, previous) * 0.6))
            rows[i].target = f"≥{lowered}{inds[i].spec.unit}"
            self._expect(name, t, rows[i], rule, ("peer_low",))
            self._changed(agency, project, year, rows[i])
            return
        pairs = [
            (i, j)
            for i, a in enumerate(inds)
            for j, b in enumerate(inds)
            if i < j
            and a.spec.kind in ("floor", "percent")
            and b.spec.kind == a.spec.kind
            and a.spec.unit == b.spec.unit
            and self._value(a, project, previous) != self._value(b, project, previous)
            and untouched(i)
            and untouched(j)
        ]
        if not pairs:
            return
        i, j = pairs[0]
        a, b = (self._value(inds[k], project, previous) for k in (i, j))
        unit = inds[i].spec.unit
        rows[i].target, rows[j].target = f"≥{_fmt(b)}{unit}", f"≥{_fmt(a)}{unit}"
        # a swap is one flag, on the member whose name sorts first, naming the other; either may
        # read as lowered
        first, other = sorted((rows[i], rows[j]), key=lambda r: r.name)
        self._expect(name, t, first, rule, ("target_lowered", "peer_low"))
        self._allow(name, t, other, ("target_lowered", "peer_low"))
        for row in (rows[i], rows[j]):
            self._changed(agency, project, year, row, after=("values_swapped", "target_lowered"))

    def _after_raise(self, name: str, t: int, agency: Agency, project: Project, year: int, row: Row) -> None:
        """The year after an injection changed a target, its usual value may read as swapped back
        or lowered."""
        for rule in self.next_year.get((agency.code, project.name, row.name, year), ()):
            self.anomalies.append([name, str(t), row.name, rule, "target_flag", "allowed"])

    def _selfeval(self, agency: Agency, project: Project, year: int, n: int) -> tuple[str, list[d.Part], str]:
        rng = self.rng
        layout = rng.choice(self.selfeval_layouts)
        name = f"{n:06d}_{agency.code}_{year}_selfeval.{EXTENSION[layout]}"
        budget = self._budget(project, year)
        inject = rng.choice(SELFEVAL_RULES) if self._anomaly_here() else None
        weights = _weights(len(project.indicators), rng)
        published = self.published[(agency.code, project.name, year)]
        rows: list[Row] = []
        for ind, weight in zip(project.indicators, weights, strict=True):
            row = self._target_row(ind, project, year)  # the published value, reworded
            if ind.spec.kind in ("deadline", "words"):
                row.target = published[row.name]
            row.actual = self._actual(ind, project, year)
            row.weight = row.score = str(weight)
            rows.append(row)
        if inject:
            rows = self._inject_selfeval(
                inject, name, project, year, rows, self.printed[(agency.code, project.name, year)]
            )
        self._carried_over(name, self.printed[(agency.code, project.name, year)], published, rows)
        full_year = round(budget * rng.choice((1.0, 1.0, 1.05)), 2)
        executed = round(full_year * rng.uniform(0.9, 1.0), 2)
        rate = f"{executed / full_year * 100:.1f}%"
        budget_score = "10" if executed / full_year >= 0.95 else "9"
        total = sum(float(r.score) for r in rows) + float(budget_score)
        if inject == "total_differs_from_formula":  # a total above what its rows add up to
            total += 8
            self.anomalies.append([name, "1", "", inject, "target_flag", "required"])
        elif inject in ("full_score_target_missed", "score_above_weight"):  # the total carries the excess
            self.anomalies.append([name, "1", "", "total_differs_from_formula", "target_flag", "allowed"])
        written_total = _fmt(total) if total.is_integer() else _fmt(total, 1)
        grade = next(g for floor, g in GRADES if float(written_total) >= floor)
        if inject == "grade_differs_from_total":  # a grade other than the total earns
            grade = rng.choice([g for _, g in GRADES if g != grade])
            self.anomalies.append([name, "1", "", inject, "target_flag", "required"])
        parts: list[d.Part] = [
            "项目支出绩效自评表",
            f"({year}年度)",
            d.table(
                [
                    ["项目名称", "", project.name + project.suffix, "", "", "", "", "", ""],
                    ["主管部门", "", agency.name, "", "实施单位", f"{agency.name}本级"],
                    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "得分", "执行率"],
                    [
                        "",
                        "年度资金总额",
                        _fmt(budget, 2),
                        _fmt(full_year, 2),
                        _fmt(executed, 2),
                        "10",
                        budget_score,
                        rate,
                    ],
                    ["年度总体目标", "预期目标", "", "", "实际完成情况"],
                    ["", f"完成{project.name}年度任务。", "", "", "已完成年度任务。"],
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
                    ],
                    *[
                        ["", *cells]
                        for cells in _grouped(rows, lambda r: [r.name, r.target, r.actual, r.weight, r.score, r.reason])
                    ],
                    ["", "总分", "", "", "", "", "100", written_total],
                ]
            ),
        ]
        if inject == "grade_differs_from_total" or rng.random() < 0.5:
            parts.append(f"自评结论：本项目自评得分{written_total}分，自评等级为“{grade}”。")
        for r in rows:
            self.truth_rows.append([name, "1", r.level1, r.level2, r.name, r.target, r.actual, r.weight, r.score])
            self._after_raise(name, 1, agency, project, year, r)
        self.truth_docs.append([name, "project_selfeval", str(year), agency.name, layout])
        return name, parts, layout

    def _actual(self, ind: Indicator, project: Project, year: int) -> str:
        rng = self.rng
        spec = ind.spec
        value = self._value(ind, project, year)
        if spec.kind == "deadline":
            return f"{year}年{rng.randint(9, 11)}月"
        if spec.kind == "words":
            return "达到预期目标"
        if spec.kind == "cost":
            return f"{_fmt(value * rng.uniform(0.85, 0.99), 2)}万元"
        if spec.kind in ("percent", "satisfaction"):
            ceiling = 99 if spec.kind == "satisfaction" else 100
            return f"{min(ceiling, round(value) + rng.randint(0, 3))}%"
        target, actual = float(_fmt(value)), float(_fmt(value * rng.uniform(1.0, 1.25)))
        if actual >= 1.3 * target:  # rounding made an overshoot that must be explained: met exactly
            actual = target
        return f"{_fmt(actual)}{spec.unit}"

    def _carried_over(self, name: str, printed: dict[str, str], published: dict[str, str], rows: list[Row]) -> None:
        """A target the target document printed other than planned (an injection there), or left
        out, may read as changed or added in the self-evaluation, which evaluates the planned one."""
        for r in rows:
            if r.name not in printed and r.name in published:
                self.anomalies.append([name, "1", r.name, "target_added", "target_flag", "allowed"])
            elif r.name in printed and printed[r.name] != published[r.name]:
                self.anomalies.append([name, "1", r.name, "target_changed", "target_flag", "allowed"])

    def _inject_selfeval(
        self, rule: str, name: str, project: Project, year: int, rows: list[Row], printed: dict[str, str]
    ) -> list[Row]:
        """Change a self-evaluation's rows so that ``rule`` must flag it (``printed``: the targets its
        target table printed); returns the rows."""
        quantity = next(i for i, r in enumerate(rows) if r.level2 == "数量指标")
        cost = next(i for i, r in enumerate(rows) if r.level2 == "成本指标")
        ind = project.indicators[quantity]
        value = self._value(ind, project, year)
        i = quantity
        also: tuple[str, ...] = ()
        if rule in ("total_differs_from_formula", "grade_differs_from_total"):
            return rows  # the total, or the grade, is written other than it should be where it is written
        heaviest = max(range(len(rows)), key=lambda k: int(rows[k].weight))
        if rule == "target_changed":  # a floor lowered by a fifth at the evaluation, met exactly
            floors = [k for k, x in enumerate(project.indicators) if x.spec.kind == "floor"]
            i = floors[0] if floors else quantity
            spec = project.indicators[i].spec
            lowered = max(1, round(self._value(project.indicators[i], project, year) * 0.8))
            rows[i].target, rows[i].actual = f"≥{lowered}{spec.unit}", f"{lowered}{spec.unit}"
        elif rule == "target_added":  # an indicator never published, its weight taken from the heaviest row
            moved = str(int(rows[heaviest].weight) - 2)
            rows[heaviest].weight = rows[heaviest].score = moved
            added = Row(_OUT, "数量指标", "开展专项督查次数", "≥4次", "4次", "2", "2")
            i = max(k for k, r in enumerate(rows) if r.level2 == "数量指标") + 1
            rows.insert(i, added)
        elif rule == "target_dropped":  # a printed indicator left out, its weight given to the heaviest
            dropped = next(
                k
                for k in range(len(rows))
                if k != heaviest and rows[k].level2 != "数量指标" and rows[k].name in printed
            )
            gained = str(int(rows[heaviest].weight) + int(rows[dropped].weight))
            rows[heaviest].weight = rows[heaviest].score = gained
            self.anomalies.append([name, "1", "", rule, "target_flag", "required"])
            return [r for k, r in enumerate(rows) if k != dropped]
        if rule == "lax_by_outcome":
            rows[i].actual = f"{_fmt(value * 3)}{ind.spec.unit}"
            also = ("overshoot_without_reason",)  # written without a reason and scored in full
        elif rule == "overshoot_without_reason":
            rows[i].actual = f"{_fmt(float(_fmt(value)) * 1.6)}{ind.spec.unit}"  # under lax_by_outcome's 2
            if self.rng.random() < 0.5:  # explained and marked down: not an overshoot flag
                rows[i].reason = "申报项目多于预期，年初目标测算偏保守，已调整下年目标"
                rows[i].score = str(int(rows[i].weight) - 1)
                # a met floor scores its weight by the formula: docking a point is a scoring flag
                self.anomalies.append(
                    [name, "1", rows[i].name, "score_differs_from_formula", "target_flag", "required"]
                )
                self.anomalies.append([name, "1", "", "total_differs_from_formula", "target_flag", "allowed"])
                return rows
        elif rule == "padded_cost":
            i = cost
            rows[i].actual = f"{_fmt(self._budget(project, year) * 0.3, 2)}万元"
        elif rule == "full_score_target_missed":
            rows[i].actual = f"{_fmt(max(0, value * 0.5))}{ind.spec.unit}"
            rows[i].reason = "受客观因素影响未完成"
            also = ("score_differs_from_formula",)  # the formula gives about half
        elif rule == "score_above_weight":
            rows[i].score = str(int(rows[i].weight) + 2)
            also = ("score_differs_from_formula",)
        self._expect(name, 1, rows[i], rule, also)
        return rows

    def _write_truth(self, folder: Path) -> None:
        tables = {
            "indicators.csv": (
                ["file", "table_no", "level1", "level2", "level3", "target", "actual", "weight", "score"],
                self.truth_rows,
            ),
            "documents.csv": (["file", "doc_type", "fiscal_year", "agency", "layout"], self.truth_docs),
            "anomalies.csv": (["file", "table_no", "level3", "rule_id", "checked_in", "expected"], self.anomalies),
        }
        for file, (header, rows) in tables.items():
            with open(folder / file, "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(header)
                writer.writerows(rows)


def _base(spec: Spec, scale: float, rng: random.Random) -> float:
    """A first-year target: where the agency's level sits in the spec's range, give or take 15%
    (percentages stay in their range)."""
    value = (spec.low + (spec.high - spec.low) * scale) * rng.uniform(0.85, 1.15)
    return min(max(value, spec.low), spec.high) if spec.kind in ("percent", "satisfaction") else value


LEVEL_ORDER = (_OUT, "数量指标", "质量指标", "时效指标", "成本指标", _EFFECT, _SAT)


def _hierarchy(spec: Spec) -> tuple[int, int]:
    """Tables list 产出 (数量, 质量, 时效, 成本), then 效益, then 满意度 indicators."""
    level2 = LEVEL_ORDER.index(spec.level2) if spec.level2 in LEVEL_ORDER else len(LEVEL_ORDER)
    return LEVEL_ORDER.index(spec.level1), level2


def _weights(n: int, rng: random.Random) -> list[int]:
    """n integer weights adding up to 90 (the budget block weighs 10)."""
    base = [90 // n] * n
    for k in range(90 - sum(base)):
        base[k % n] += 1
    rng.shuffle(base)
    return base


def _grouped(rows: list[Row], content) -> list[list[str]]:
    """Indicator rows with each level-1 and level-2 label written once, over the rows it heads."""
    out = []
    last1 = last2 = None
    for r in rows:
        out.append(
            [
                r.level1 if r.level1 != last1 else "",
                r.level2 if (r.level1, r.level2) != (last1, last2) else "",
                *content(r),
            ]
        )
        last1, last2 = r.level1, r.level2
    return out


def _write(path: Path, parts: list[d.Part], layout: str) -> None:
    if layout == "cells":
        path.write_text(d.write_cells(parts), encoding="utf-8")
    elif layout == "rows":
        path.write_text(d.write_rows(parts), encoding="utf-8")
    elif layout == "pipes":
        path.write_text(d.write_rows(parts, separator="|"), encoding="utf-8")
    elif layout == "html":
        path.write_bytes(d.write_html(parts, path.stem))
    elif layout == "docx":
        path.write_bytes(d.write_docx(parts, borders=True))
    else:
        path.write_bytes(d.write_xlsx(parts))


def synthesise(
    docs: int,
    seed: int,
    out: Path,
    anomaly_share: float = 0.15,
    layouts: tuple[str, ...] | None = None,
    rows_per_doc: int | None = None,
) -> int:
    """Write ``docs`` documents and their truth into ``out``; returns the number written.
    ``layouts`` limits the layouts written (all by default; self-evaluations fall back to TAB rows).
    ``rows_per_doc`` makes larger documents (agencies with more projects, one self-evaluation a
    year), about that many indicator rows each on average; by default about 12."""
    out.mkdir(parents=True, exist_ok=True)
    return Generator(docs, seed, anomaly_share, layouts, rows_per_doc).run(out)
