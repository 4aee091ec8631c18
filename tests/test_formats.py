"""Binary formats recognised by content: spreadsheets read, others rejected by name."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

from ingest import parse_bytes
from ingest.formats import sniff
from ingest.parse import read_bytes


def workbook_bytes() -> bytes:
    """A project target table as an agency's spreadsheet: a title, merged level-1 cells, the
    budget stored as numbers formatted 0.00, a percentage stored as 0.95 formatted 0%."""
    book = Workbook()
    sheet = book.active
    sheet.title = "目标表"
    rows = [
        ["平川县农业农村局项目支出绩效目标表（2022年）"],
        ["410101平川县农业农村局", None, None, "单位：万元"],
        ["项目名称", "农机购置补贴", None, None, None],
        ["预算数", 320.5, "其中：财政资金", 300, "其他资金", 20.5],
        ["绩效目标", "补贴农机具600台套。"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "补贴农机具数量", "≥600台"],
        [None, "质量指标", "补贴资金兑付率", 0.95],
        [None, "时效指标", "补贴兑付时间", "2022年10月底前"],
        ["效益指标", "经济效益指标", "带动农机作业收入", "≥300万元"],
        ["满意度指标", "服务对象满意度指标", "农户满意度", "≥90%"],
    ]
    for row in rows:
        sheet.append(row)
    sheet["B4"].number_format = "0.00"
    sheet["F4"].number_format = "0.00"
    sheet["D8"].number_format = "0%"
    sheet.merge_cells("A7:A9")
    sheet.merge_cells("B3:E3")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_spreadsheet_reads_like_any_layout():
    encoding, text, doc = read_bytes(workbook_bytes())
    assert (doc.layout, doc.doc_type, doc.fiscal_year, doc.status) == ("xlsx", "project_targets", "2022", "parsed")
    (project,) = doc.projects
    assert (project.project_name, project.budget_total_raw, project.fiscal_raw, project.other_raw) == (
        "农机购置补贴",
        "320.50",
        "300",
        "20.50",
    )
    assert project.agency_raw == "410101平川县农业农村局" and project.goal_text == "补贴农机具600台套。"
    got = [(i.level1_raw, i.level2_raw, i.level3_raw, i.target_raw, i.line_start) for i in doc.indicators]
    assert got == [
        ("产出指标", "数量指标", "补贴农机具数量", "≥600台", 8),
        ("产出指标", "质量指标", "补贴资金兑付率", "95%", 9),
        ("产出指标", "时效指标", "补贴兑付时间", "2022年10月底前", 10),
        ("效益指标", "经济效益指标", "带动农机作业收入", "≥300万元", 11),
        ("满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", 12),
    ]
    # the text a reader sees: line 8 is the first indicator row (line 1 names the sheet)
    assert text.split("\n")[7].startswith("产出指标\t数量指标\t补贴农机具数量")


def test_other_binary_formats_are_named_in_the_rejection():
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    cases = {
        b"%PDF-1.7 ...": "pdf",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100: "legacy Office (.doc/.xls)",
        b"\x89PNG\r\n\x1a\n": "image",
        b"PK\x03\x04 broken": "corrupt zip",
    }
    for data, kind in cases.items():
        assert sniff(data) == kind
        _, doc = parse_bytes(data)
        assert doc.status == "rejected" and doc.status_reason.startswith(f"unsupported format: {kind}")
    # a zip that claims to be a Word document but is not one
    assert sniff(docx.getvalue()) == "docx"
    _, doc = parse_bytes(docx.getvalue())
    assert doc.status == "rejected" and doc.status_reason.startswith("unreadable docx file")


def test_a_workbook_without_a_table_is_rejected():
    book = Workbook()
    book.active.append(["会议纪要", None])
    buffer = io.BytesIO()
    book.save(buffer)
    _, doc = parse_bytes(buffer.getvalue())
    assert doc.status == "rejected" and "no performance table" in doc.status_reason


def word_bytes() -> bytes:
    """A department's project table as a Word document: a title paragraph, a table whose level-1
    cells are merged down and whose goal cell is merged across, two paragraphs in the goal."""
    from docx import Document

    document = Document()
    document.add_paragraph("1.村级公益设施维护绩效目标表")
    table = document.add_table(rows=9, cols=5)
    cells = [
        ["520102清江县民政局", "", "", "", "单位：万元"],
        ["项目名称", "村级公益设施维护", "", "", ""],
        ["预算数", "66.00", "其中：财政资金", "66.00", "其他资金"],
        ["绩效目标", "维护村级公益设施40处。", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值"],
        ["产出指标", "数量指标", "维护设施数量", "维护的公益设施", "≥40处"],
        ["", "成本指标", "维护成本", "维护总成本", "≤66万元"],
        ["效益指标", "社会效益指标", "群众受益面", "受益群众覆盖", "有效扩大"],
        ["满意度指标", "服务对象满意度指标", "村民满意度", "村民满意度", "≥92%"],
    ]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 1).merge(table.cell(1, 4))
    goal = table.cell(3, 1).merge(table.cell(3, 4))
    goal.text = "1.维护村级公益设施40处；"
    goal.add_paragraph("2.设施完好率不低于95%。")
    table.cell(5, 0).merge(table.cell(6, 0))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_document_reads_like_any_layout():
    _, text, doc = read_bytes(word_bytes())
    assert (doc.layout, doc.doc_type, doc.status) == ("docx", "project_targets", "parsed")
    (project,) = doc.projects
    assert (project.title_raw, project.agency_raw, project.project_name, project.budget_total_raw) == (
        "1.村级公益设施维护绩效目标表",
        "520102清江县民政局",
        "村级公益设施维护",
        "66.00",
    )
    assert project.goal_text == "1.维护村级公益设施40处；\n2.设施完好率不低于95%。"
    got = [(i.level1_raw, i.level2_raw, i.level3_raw, i.target_raw, i.line_start) for i in doc.indicators]
    assert got == [
        ("产出指标", "数量指标", "维护设施数量", "≥40处", 7),
        ("产出指标", "成本指标", "维护成本", "≤66万元", 8),
        ("效益指标", "社会效益指标", "群众受益面", "有效扩大", 9),
        ("满意度指标", "服务对象满意度指标", "村民满意度", "≥92%", 10),
    ]
    assert text.split("\n")[0] == "1.村级公益设施维护绩效目标表"
