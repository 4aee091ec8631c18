"""A broken piece of a file loses that piece, never the file.

Each test feeds a reader a document with one part broken (a PDF page drawn sideways, boxes of no
width, overlapping boxes, words with no text or no size; a Word table with an invalid grid; a
workbook sheet whose XML is cut off; a table or row that makes the reader raise) and asserts
that everything else is read exactly, and that the broken part is a parse issue naming where it
is and why: the document ends ``partial``.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import pytest
from pdfmake import Page, pdf

from ingest import grammar
from ingest import pdf as pdf_reader
from ingest.parse import read_bytes

FORMATS = Path(__file__).parent / "fixtures" / "formats"
WIDTHS = [90.0, 110.0, 180.0, 115.0]


def _form(page: Page, top: float, project: str, rows: list[list[str]]) -> Page:
    page.text(150, top + 30, "2024年度项目支出绩效目标表", 14)
    return page.table(50, top, WIDTHS, [["项目名称", project], ["一级指标", "二级指标", "三级指标", "指标值"], *rows])


FORMS = {
    "农民培训项目": [
        ["产出指标", "数量指标", "培训人次", "≥100人次"],
        ["效益指标", "社会效益指标", "群众知晓率", "≥90%"],
    ],
    "乡村道路养护项目": [
        ["产出指标", "数量指标", "养护里程", "≥35公里"],
        ["满意度指标", "服务对象满意度指标", "村民满意度", "≥95%"],
    ],
    "校舍维修项目": [["产出指标", "质量指标", "验收合格率", "100%"]],
    "宣传项目": [["产出指标", "时效指标", "完成时间", "2024年12月"]],
}


def _book() -> bytes:
    """Four project forms on four pages (the second a landscape page turned by /Rotate, as
    printers write them; the third with empty and sizeless words, boxes of no width or height
    and two boxes overlapping above the table, and a box of no width inside it), then a fifth
    page whose /Rotate turns it sideways against its drawing."""
    (a, b, c, d) = FORMS
    p3 = Page().text(100, 800, "").text(100, 790, "   ").text(100, 780, "零号字", 0).text(300, 780, "极小", 0.01)
    p3.box(60, 600, 0, 40).box(60, 600, 0, 0).box(50, 500, 300, 100).box(100, 550, 300, 100)
    _form(p3, 460, c, FORMS[c]).box(140, 380, 0, 60)
    sideways = _form(Page(rotate=90), 760, "森林防火项目", [["产出指标", "数量指标", "巡护次数", "≥12次"]])
    return pdf(
        [
            _form(Page(), 760, a, FORMS[a]),
            _form(Page(), 520, b, FORMS[b]).turned(),
            p3,
            _form(Page(), 760, d, FORMS[d]),
            sideways,
        ]
    )


def _read(doc, projects) -> dict[str, list[list[str]]]:  # type: ignore[no-untyped-def]
    names = {p.table_no: p.project_name for p in doc.projects}
    out: dict[str, list[list[str]]] = {}
    for i in doc.indicators:
        out.setdefault(names.get(i.table_no), []).append([i.level1_raw, i.level2_raw, i.level3_raw, i.target_raw])
    assert set(out) <= set(projects), out
    return out


def test_a_pdf_with_odd_geometry_is_read_but_for_its_sideways_page():
    _, _, doc = read_bytes(_book())
    assert _read(doc, FORMS) == FORMS
    assert doc.status == "partial"
    errors = [i.message for i in doc.issues if i.severity == "error"]
    assert errors == ["page 5 not read: its text runs sideways (the page is turned 90° against its drawing)"]
    assert [t.end_location.split(",")[0] for t in doc.tables] == ["page 1", "page 2", "page 3", "page 4"]


def test_a_pdf_table_that_breaks_the_reader_loses_that_table_only(monkeypatch):
    read_table = pdf_reader._table_rows

    def breaks_on_page_two(table, chars, page_no, table_no):  # type: ignore[no-untyped-def]
        if page_no == 2:
            raise IndexError("list index out of range")
        return read_table(table, chars, page_no, table_no)

    monkeypatch.setattr(pdf_reader, "_table_rows", breaks_on_page_two)
    _, _, doc = read_bytes(_book())
    kept = {k: v for k, v in FORMS.items() if k != "乡村道路养护项目"}
    assert _read(doc, FORMS) == kept
    assert doc.status == "partial"
    assert "page 2, table 1 could not be read: IndexError: list index out of range" in [i.message for i in doc.issues]


def test_a_row_that_breaks_the_grammar_loses_that_row_only(monkeypatch):
    read_row = grammar._Reader.indicator_row

    def breaks_on_one(self, row, cells):  # type: ignore[no-untyped-def]
        if "群众知晓率" in cells:
            raise KeyError("level2")
        return read_row(self, row, cells)

    monkeypatch.setattr(grammar._Reader, "indicator_row", breaks_on_one)
    _, _, doc = read_bytes(_book())
    read = _read(doc, FORMS)
    assert read["农民培训项目"] == FORMS["农民培训项目"][:1]
    assert {k: v for k, v in read.items() if k != "农民培训项目"} == {
        k: v for k, v in FORMS.items() if k != "农民培训项目"
    }
    assert doc.status == "partial"
    assert any(i.message == "row could not be read: KeyError: 'level2'" for i in doc.issues)


def _rows(doc) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(i.level1_raw, i.level2_raw, i.level3_raw, i.target_raw, i.actual_raw, i.score_raw) for i in doc.indicators]


def test_a_word_table_with_an_invalid_grid_loses_that_table_only():
    from docx import Document
    from docx.oxml.ns import qn

    data = (FORMATS / "000_4fbf0d365526adfd.docx").read_bytes()
    _, _, whole = read_bytes(data)
    document = Document(io.BytesIO(data))
    first = next(e for e in document.element.body.iterchildren() if e.tag == qn("w:tbl"))
    broken = copy.deepcopy(first)
    cell = next(broken.iter(qn("w:tc"))).get_or_add_tcPr()
    cell.append(cell.makeelement(qn("w:gridSpan"), {qn("w:val"): "abc"}))  # a span that is no number
    first.addprevious(broken)
    out = io.BytesIO()
    document.save(out)
    _, _, doc = read_bytes(out.getvalue())
    assert whole.status == "parsed" and len(whole.indicators) > 100
    assert doc.status == "partial" and _rows(doc) == _rows(whole)
    assert doc.status_reason.startswith("table 1 could not be read: ValueError")


@pytest.mark.parametrize("position", [0, 5])
def test_a_workbook_sheet_cut_off_loses_that_sheet_only(position):
    from openpyxl import load_workbook

    data = (FORMATS / "000_4fbf0d365526adfd.xlsx").read_bytes()
    _, _, whole = read_bytes(data)
    book = load_workbook(io.BytesIO(data))
    book.create_sheet("附表", position)["A1"] = "说明"
    out = io.BytesIO()
    book.save(out)
    saved = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    cut = io.BytesIO()
    with zipfile.ZipFile(cut, "w") as z:
        for name in saved.namelist():
            body = saved.read(name)
            if name == f"xl/worksheets/sheet{position + 1}.xml":  # the new sheet's part
                body = body[: len(body) // 2]
            z.writestr(name, body)
    _, _, doc = read_bytes(cut.getvalue())
    assert whole.status == "parsed" and len(whole.indicators) > 100
    assert doc.status == "partial" and _rows(doc) == _rows(whole)
    assert doc.status_reason.startswith("sheet 附表 could not be read: ParseError")
