"""Documents written for these tests, with other agencies, units, values and layout accidents.

Every expected value below was written by hand from the fixture text, not copied from output.
"""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from ingest import parse_bytes, parse_text


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8-sig").replace("\r\n", "\n")


def _rows(doc):
    return [
        (i.table_no, i.level1_raw, i.level2_raw, i.level3_raw, i.description_raw, i.target_raw, i.basis_raw)
        for i in doc.indicators
    ]


COUNTY_ROWS = [
    (1, "产出指标", "数量指标", "养护公路里程", "完成县乡道日常养护里程", "≥１２０公里", "年度养护计划"),
    (1, "产出指标", "数量指标", "危桥维修数量", "维修危桥座数", "3座", "桥梁检测报告"),
    (1, "产出指标", "质量指标", "路面优良率", "养护后路面技术状况", "优良", "行业规范"),
    (1, "产出指标", "时效指标", "养护完成时间", "养护工程完工时间", "2023年10月底前", "年度养护计划"),
    (1, "产出指标", "成本指标", "每公里养护成本", "单位里程养护成本", "≤8500元/公里", "历史同期水平"),
    (1, "效益指标", "社会效益指标", "群众出行时间", "平均出行时间缩短", "≥10%", "问卷调查"),
    (1, "效益指标", "可持续影响指标", "公路使用年限", "养护后公路使用年限", "≥8年", "行业规范"),
    (1, "满意度指标", "服务对象满意度指标", "沿线群众满意度", "沿线群众满意度", "≥90%", "问卷调查"),
    (2, "产出指标", "数量指标", "受助学生人数", "享受补助学生人数", "<=6962人", "学籍系统"),
    (2, "产出指标", "成本指标", "生均补助标准", "每生每年补助", "780元/生/年", "政策文件"),
    (2, "产出指标", "质量指标", "食品抽检不合格率", "抽检不合格比例", "≤2‰", "行业规范"),
    (2, "效益指标", "社会效益", "校园网络带宽", "食堂监控带宽", "≥80M", "实施方案"),
    (2, "效益指标", "生态效益", "新增绿化面积", "校园绿化", "≥12亩", "实施方案"),
    (2, "满意度指标", "服务对象满意度", "家长满意度", "家长满意度", "≥95%", "问卷调查"),
]


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.encode("utf-8"), id="utf8-lf"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("gb18030"), id="gb18030-crlf"),
        pytest.param(lambda t: "\ufeff".encode() + t.encode("utf-8"), id="utf8-bom"),
        pytest.param(lambda t: t.replace("\n", "\r").encode("utf-8"), id="cr-only"),
    ],
)
def test_county_project_tables_in_any_encoding(encode):
    """Cell-per-line tables: a blank line inside a row, a page header between tables, a second
    table with no title whose agency line starts with a space, full-width digits, a budget with
    其他资金, a spending plan and a sixth (basis) column."""
    encoding, doc = parse_bytes(encode(_read("county_targets.txt")))
    assert (doc.layout, doc.doc_type, doc.fiscal_year, doc.status) == ("tab_cells", "project_targets", "2023", "parsed")
    assert _rows(doc) == COUNTY_ROWS
    p1, p2 = doc.projects
    assert (p1.project_code, p1.project_name, p1.budget_total_raw, p1.fiscal_raw, p1.other_raw) == (
        "23100123P0001",
        "农村公路养护工程",
        "１２０.５０",
        "100.50",
        "20.00",
    )
    assert p1.agency_raw == "608002宁安县交通运输局公路养护股"
    assert p1.purpose == "县乡道日常养护及桥梁维修"
    assert p1.goal_text == "1.完成县乡道日常养护120公里；\n2.维修危桥3座，保障群众安全出行。"
    assert (p1.spend_plan_raw, p1.spend_plan_periods_raw) == ("20%|45%|70%|100%", "3月底|6月底|9月底|12月底")
    assert p1.title_raw == "1.农村公路养护工程绩效目标表"
    assert (p2.title_raw, p2.agency_raw, p2.project_name, p2.other_raw) == (
        None,
        "608002宁安县交通运输局",
        "学生营养餐补助",
        "",
    )
    # the row with a blank line inside spans lines 56–62 of the file
    assert (doc.indicators[1].line_start, doc.indicators[1].line_end) == (56, 62)


def test_project_selfevaluation_with_shifted_and_repeated_rows():
    """One row per line with a BOM and CRLF: HTML in cells, a row shifted one column left, a
    header and a row repeated after a page break, the 总分 row shifted right."""
    encoding, doc = parse_bytes((FIXTURES / "project_selfeval_bom_crlf.txt").read_bytes())
    assert encoding == "utf-8-sig"
    assert (doc.layout, doc.doc_type, doc.fiscal_year, doc.agency_raw) == (
        "tab_rows",
        "project_selfeval",
        "2023",
        "江口市园林局",
    )
    (project,) = doc.projects
    # the project's agency is its 主管部门 (the budget's department), its 实施单位 kept beside it
    assert (project.project_name, project.agency_raw, project.implementer_raw) == (
        "城区绿化养护",
        "江口市园林局",
        "江口市园林绿化中心",
    )
    got = [
        (
            i.level1_raw,
            i.level2_raw,
            i.level3_raw,
            i.target_raw,
            i.actual_raw,
            i.weight_raw,
            i.score_raw,
            i.deviation_reason_raw,
        )
        for i in doc.indicators
    ]
    assert got == [
        (
            "产出指标",
            "数量指标",
            "绿地养护面积",
            "≥120万平方米",
            "118万平方米",
            "10",
            "9",
            "部分绿地移交\n下年核实面积",
        ),
        ("产出指标", "数量指标", "补植乔木数量", "≥500株", "560株", "10", "10", ""),
        ("产出指标", "质量指标", "苗木成活率", "≥95%", "0.97", "10", "10", ""),
        ("产出指标", "时效指标", "养护完成时间", "2023年12月31日前", "2023年12月", "10", "10", ""),
        ("产出指标", "成本指标", "养护成本", "≤320.5万元", "288.45万元", "10", "10", ""),
        ("效益指标", "生态效益指标", "城区绿化覆盖率", "≥42%", "42.3%", "15", "15", ""),
        ("效益指标", "社会效益指标", "市民投诉次数", "≤10次", "4次", "10", "10", ""),
        ("满意度指标", "服务对象满意度指标", "市民满意度", "≥90%", "93%", "5", "5", ""),
    ]
    (budget,) = doc.budget_execution
    assert (budget.budget_initial_raw, budget.budget_full_year_raw, budget.executed_raw, budget.execution_rate_raw) == (
        "300",
        "320.5",
        "288.45",
        "90.0%",
    )
    assert (budget.total_weight_raw, budget.total_score_raw) == ("100", "97")
    (goal,) = doc.goals
    assert goal.actual_text == "完成城区118万平方米绿地养护，补植乔木560株。"
    assert any("repeated after a page break" in i.message and i.line == 21 for i in doc.issues)


def test_department_targets_from_pdf_text():
    """PDF text: the page header repeats mid-table, a goal marker shares a line with a level-1
    label, a 三级指标 wraps over two lines, a value wraps over two lines, and a budget-table row
    whose single number belongs to 项目支出 (only the 合计 column sums prove it)."""
    doc = parse_text(_read("dept_targets_pdf.txt"))
    assert (doc.layout, doc.doc_type, doc.fiscal_year, doc.agency_raw, doc.status) == (
        "pdf_text",
        "department_targets",
        "2024",
        "青川县农业农村局",
        "parsed",
    )
    tasks = [(t.task_no, t.task_text, t.total_raw, t.basic_raw, t.project_raw, t.other_raw) for t in doc.tasks]
    assert tasks == [
        ("total", "合计", "1000.00", "300.00", "600.00", "100.00"),
        ("1", "保障高标准农田建设，完成年度新建和改造提升任务。", "500.00", "200.00", "300.00", ""),
        ("2", "实施耕地地力保护补贴发放。", "200.00", "", "200.00", ""),
        ("3", "机关运转保障。", "300.00", "100.00", "100.00", "100.00"),
    ]
    assert [(g.goal_no, g.goal_text, g.task_no_raw) for g in doc.goals] == [
        ("1", "新建高标准农田2万亩，改造提升1万亩，提高粮食综合生产能力。", "1"),
        ("2", "按时足额发放耕地地力保护补贴，稳定种粮农民收益。", "2"),
    ]
    got = [(i.table_no, i.level1_raw, i.level2_raw, i.level3_raw, i.target_raw) for i in doc.indicators]
    assert got == [
        (1, "产出指标", "数量指标", "新建高标准农田面积", "≥２万亩"),
        (1, "产出指标", "数量指标", "改造提升高标准农田面积", "≥1万亩"),
        (1, "产出指标", "数量指标", "建成区灌溉设施配套率达到设计标准的项目数占年度计划项目总数比例", "≥90%"),
        (1, "产出指标", "质量指标", "工程验收合格率", "＝100%"),
        (1, "产出指标", "时效指标", "项目完工时间", "2024年11月底前"),
        (1, "产出指标", "成本指标", "亩均建设成本", "≤3000元/亩"),
        (1, "效益指标", "经济效益", "粮食综合生产能力", "新增粮食产能稳定在每亩100公斤以上"),
        (1, "效益指标", "生态效益", "化肥利用率", "≥43%"),
        (1, "满意度指标", "服务对象满意度", "项目区农户满意度", "≥90%"),
        (2, "产出指标", "数量指标", "补贴发放面积", "≥85万亩"),
        (2, "产出指标", "时效指标", "补贴发放时间", "2024年6月30日前"),
        (2, "产出指标", "成本指标", "补贴标准", "≤115元/亩"),
        (2, "效益指标", "社会效益", "种粮农民收益", "稳中有升"),
        (2, "满意度指标", "服务对象满意度", "种粮农民满意度", "≥95%"),
    ]
    assert doc.indicators[2].description_raw is None  # this layout has no description column


def test_project_targets_from_pdf_text_two_tables():
    """The national 项目支出绩效目标表 template as PDF text: labelled header lines (主管部门及代码,
    实施单位, 年度资金总额, 其中：财政拨款), a goal paragraph wrapped onto a second line, a wrapped
    三级指标, and a second project table starting inside the first one's indicator lines."""
    doc = parse_text(_read("project_targets_pdf.txt"))
    assert (doc.layout, doc.doc_type, doc.fiscal_year, doc.agency_raw) == (
        "pdf_text",
        "project_targets",
        "2024",
        "[208]临河市城市管理局",
    )
    # each project's agency is its 主管部门 (the budget's department), its 实施单位 kept beside it
    projects = [
        (p.table_no, p.agency_raw, p.project_name, p.budget_total_raw, p.fiscal_raw, p.other_raw, p.goal_text)
        for p in doc.projects
    ]
    assert [p.implementer_raw for p in doc.projects] == ["临河市路灯管理所", "临河市环境卫生服务中心"]
    assert projects == [
        (
            1,
            "[208]临河市城市管理局",
            "城市道路照明维护",
            "150.00",
            "150.00",
            "",
            "保障城区2.3万盏路灯正常运行，主次干道亮灯率达到98%以上，故障路灯48小时内修复。",
        ),
        (2, "[208]临河市城市管理局", "环卫车辆购置", "420.00", "380.00", "40.00", "购置新能源洗扫车6台。"),
    ]
    got = [(i.table_no, i.level1_raw, i.level2_raw, i.level3_raw, i.target_raw) for i in doc.indicators]
    assert got == [
        (1, "产出指标", "数量指标", "维护路灯数量", "≥23000盏"),
        (1, "产出指标", "质量指标", "主次干道亮灯率", "≥98%"),
        (1, "产出指标", "时效指标", "故障修复时间", "≤48小时"),
        (1, "产出指标", "成本指标", "单灯年维护成本", "≤65元/盏"),
        (1, "效益指标", "社会效益指标", "夜间道路交通事故中因照明不足导致的事故占比", "较上年下降"),
        (1, "满意度指标", "服务对象满意度指标", "市民满意度", "≥90%"),
        (2, "产出指标", "数量指标", "购置洗扫车数量", "＝6台"),
        (2, "产出指标", "时效指标", "车辆交付时间", "2024年9月底前"),
        (2, "效益指标", "生态效益指标", "道路扬尘下降", "有效降低"),
        (2, "满意度指标", "服务对象满意度指标", "环卫工人满意度", "≥85%"),
    ]


def test_department_targets_from_a_web_page_flattened_with_pipes():
    """A web page flattened to text: site navigation, cells separated by ``|``, merged cells as
    runs of empty cells (``|||``), goal markers in the first column, a 填表人 footer."""
    doc = parse_text(_read("dept_targets_pipe.txt"))
    assert (doc.layout, doc.doc_type, doc.fiscal_year, doc.agency_raw, doc.status) == (
        "pipe_rows",
        "department_targets",
        "2023",
        "白水县教育局",
        "parsed",
    )
    assert [(g.goal_no, g.goal_text, g.task_no_raw) for g in doc.goals] == [
        ("1", "改善农村学校办学条件，完成3所学校校舍维修。", "1"),
        ("2", "落实学生资助政策，做到应助尽助。", "2"),
    ]
    got = [(i.table_no, i.level1_raw, i.level2_raw, i.level3_raw, i.target_raw, i.line_start) for i in doc.indicators]
    assert got == [
        (1, "产出指标", "数量指标", "校舍维修学校数量", "＝3所", 9),
        (1, "产出指标", "数量指标", "维修校舍面积", "≥2400平方米", 10),
        (1, "产出指标", "质量指标", "工程验收合格率", "100%", 11),
        (1, "产出指标", "成本指标", "维修总成本", "≤186.5万元", 12),
        (1, "效益指标", "社会效益指标", "学生安全隐患", "明显减少", 13),
        (1, "满意度指标", "服务对象满意度指标", "师生满意度", "≥95%", 14),
        (2, "产出指标", "数量指标", "资助学生人数", "≥1520人次", 15),
        (2, "产出指标", "时效指标", "资金发放时间", "2023年11月30日前", 16),
        (2, "效益指标", "社会效益指标", "因贫失学辍学", "无", 17),
        (2, "满意度指标", "服务对象满意度指标", "受助学生满意度", "≥95%", 18),
    ]


def test_department_targets_from_word_text():
    """A department document as one-cell-per-line Word text: a two-row budget header, task rows
    that keep their empty cells (so positions, not sums, place the numbers), and an indicator
    table whose first column holds the goal (``目标1：水库维护``)."""
    doc = parse_text(_read("dept_targets_word.txt"))
    assert (doc.layout, doc.doc_type, doc.fiscal_year, doc.agency_raw, doc.status) == (
        "tab_cells",
        "department_targets",
        "2024",
        "巴东县水利局",
        "parsed",
    )
    tasks = [(t.task_no, t.task_text, t.total_raw, t.basic_raw, t.project_raw, t.other_raw) for t in doc.tasks]
    assert tasks == [
        ("total", "合计", "830.00", "310.00", "480.00", "40.00"),
        ("1", "水利工程运行维护", "520.00", "", "480.00", "40.00"),
        ("2", "机关正常运转", "310.00", "310.00", "", ""),
    ]
    assert [(g.goal_no, g.task_no_raw) for g in doc.goals] == [("1", "1"), ("2", "2")]
    got = [(i.table_no, i.level1_raw, i.level2_raw, i.level3_raw, i.target_raw) for i in doc.indicators]
    assert got == [
        (1, "产出指标", "数量指标", "维护小型水库数量", "＝12座"),
        (1, "产出指标", "质量指标", "安全鉴定完成率", "100%"),
        (1, "效益指标", "社会效益指标", "下游受益人口", "≥3.2万人"),
        (1, "满意度指标", "服务对象满意度指标", "库区群众满意度", "≥90%"),
        (2, "产出指标", "时效指标", "工资发放及时率", "100%"),
        (2, "满意度指标", "服务对象满意度指标", "干部职工满意度", "≥95%"),
    ]


def test_goal_cells_with_their_text_in_a_row_per_line_table():
    text = (
        "整体支出绩效自评表\n部门名称\t\t某县公路局\n"
        "年度指标完成情况\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "目标1：道路养护\t产出指标\t数量指标\t养护里程\t≥100公里\t102公里\t10\t10\t\n"
        "\t\t\t养护桥梁\t≥3座\t3座\t10\t10\t\n"
        "目标2：安全\t满意度指标\t服务对象满意度\t群众满意度\t≥90%\t95%\t10\t9\t\n"
        "\t总分\t\t\t\t\t\t30\t29\n"
    )
    doc = parse_text(text)
    got = [(i.table_no, i.level1_raw, i.level2_raw, i.level3_raw, i.actual_raw, i.score_raw) for i in doc.indicators]
    assert got == [
        (1, "产出指标", "数量指标", "养护里程", "102公里", "10"),
        (1, "产出指标", "数量指标", "养护桥梁", "3座", "10"),
        (2, "满意度指标", "服务对象满意度", "群众满意度", "95%", "9"),
    ]
    (totals,) = doc.budget_execution
    assert (totals.total_weight_raw, totals.total_score_raw) == ("30", "29")


def test_project_targets_from_an_html_page_in_gb2312():
    """A web page (GB2312/GB18030, written for this test): navigation text, merged cells as rowspan
    and colspan, the goal as two <p>, the value column spanning two grid columns, a footer."""
    encoding, doc = parse_bytes((FIXTURES / "project_targets_page.html").read_bytes())
    assert encoding == "gb18030"
    assert (doc.layout, doc.doc_type, doc.fiscal_year, doc.status) == (
        "html_tables",
        "project_targets",
        "2023",
        "parsed",
    )
    (project,) = doc.projects
    assert (project.agency_raw, project.project_name, project.budget_total_raw, project.fiscal_raw) == (
        "330781东阳县文化广电和旅游局",
        "乡镇综合文化站免费开放",
        "36.80",
        "36.80",
    )
    assert project.other_raw == ""  # 其他资金 has no value cell: blank
    assert project.purpose == "文化站免费开放运行补助"
    assert project.goal_text == "1.保障12个乡镇文化站全年免费开放；\n2.开展群众文化活动不少于48场。"
    got = [
        (i.level1_raw, i.level2_raw, i.level3_raw, i.description_raw, i.target_raw, i.line_start)
        for i in doc.indicators
    ]
    assert got == [
        ("产出指标", "数量指标", "免费开放文化站数量", "免费开放的乡镇文化站", "＝12个", 19),
        ("产出指标", "数量指标", "群众文化活动场次", "全年举办活动", "≥48场", 20),
        ("产出指标", "时效指标", "补助资金拨付时间", "资金拨付", "2023年6月底前", 21),
        ("产出指标", "成本指标", "每站补助标准", "每站年度补助", "≤3.07万元/站", 22),
        ("效益指标", "社会效益指标", "群众文化参与度", "参与活动人次", "≥1.2万人次", 23),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "问卷调查满意度", "≥90%", 24),
    ]
