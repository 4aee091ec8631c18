"""Binary formats recognised by content: Word, Excel and PDF files read into the one grammar,
broken or unsupported files rejected with their reason, every row located in its file."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pdfmake
import pytest
from conftest import statuses
from golden_compare import golden_indicator_tuples, indicator_tuples
from openpyxl import Workbook

from ingest import convert, parse_bytes, parse_text, pipeline
from ingest.formats import sniff
from ingest.parse import LEGACY_WORD, read_bytes


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
    cases = {
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100: "legacy Office file",
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("notes.txt", "会议纪要")
    cases[archive.getvalue()] = "zip"
    for data, kind in cases.items():
        assert sniff(data) == kind
        _, doc = parse_bytes(data)
        assert doc.status == "rejected" and doc.status_reason.startswith(f"unsupported format: {kind}")


def test_a_zip_that_claims_to_be_a_word_document_is_rejected_as_unreadable():
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
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


# -- the samples as published files (tests/fixtures/formats, built by scripts/build_fixtures.py) --
FORMATS = Path(__file__).parent / "fixtures" / "formats"
D004 = "004_da50d391190e3ba7"


def _golden_004() -> list[tuple[str, ...]]:
    return [row for row in golden_indicator_tuples() if row[0] == f"{D004}.txt"]


def _tuples_004(doc) -> list[tuple[str, ...]]:
    return indicator_tuples({f"{D004}.txt": doc})


def scanned_pdf() -> bytes:
    """A one-page PDF with a drawing and no text, as a scanner's PDF has no text layer."""
    return pdfmake.pdf([pdfmake.Page(ops=["0 0 1 rg 100 100 400 600 re f\n"])])


def _cut(path: Path) -> bytes:
    """The file cut short, as an interrupted download leaves it."""
    data = path.read_bytes()
    return data[: len(data) * 2 // 5]


def _damaged(path: Path) -> bytes:
    """The file with its middle overwritten: its header still says what it is."""
    data = bytearray(path.read_bytes())
    data[len(data) // 4 : len(data) * 3 // 4] = b"\x00" * (len(data) * 3 // 4 - len(data) // 4)
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(lambda: _cut(FORMATS / f"{D004}.docx"), "unreadable file: a corrupt zip", id="truncated-docx"),
        pytest.param(lambda: _cut(FORMATS / f"{D004}.xlsx"), "unreadable file: a corrupt zip", id="truncated-xlsx"),
        pytest.param(lambda: _damaged(FORMATS / f"{D004}.xls"), "unreadable xls file", id="damaged-xls"),
        pytest.param(lambda: _cut(FORMATS / f"{D004}.pdf"), "unreadable pdf file", id="truncated-pdf"),
        pytest.param(scanned_pdf, "no text layer, and OCR read no text on its 1 scanned page(s)", id="blank-scan"),
        pytest.param(
            lambda: (FORMATS / "encrypted" / f"{D004}.pdf").read_bytes(),
            "encrypted PDF: it needs a password",
            id="encrypted-pdf",
        ),
        pytest.param(lambda: (FORMATS / f"{D004}.doc").read_bytes(), LEGACY_WORD, id="doc-in-the-pure-parser"),
    ],
)
def test_broken_or_unreadable_files_are_rejected_with_their_reason(data, reason):
    _, doc = parse_bytes(data())
    assert doc.status == "rejected"
    assert doc.status_reason.startswith(reason)


def test_the_scanned_pdf_is_a_valid_pdf_without_text():
    """The scanned-PDF case above is rejected for having no text, not for being broken."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(scanned_pdf())) as pdf:
        assert len(pdf.pages) == 1 and not pdf.pages[0].chars and pdf.pages[0].rects


def test_legacy_excel_reads_like_its_workbook():
    _, doc = parse_bytes((FORMATS / f"{D004}.xls").read_bytes())
    assert (doc.layout, doc.status) == ("xls", "parsed")
    assert _tuples_004(doc) == _golden_004()


def test_legacy_word_is_converted_by_libreoffice():
    assert convert.libreoffice() is not None, "make test installs LibreOffice (make libreoffice)"
    _, _, doc = pipeline.read_converted((FORMATS / f"{D004}.doc").read_bytes())
    assert (doc.layout, doc.status) == ("doc", "parsed")
    assert _tuples_004(doc) == _golden_004()


def test_legacy_word_without_libreoffice_is_rejected_with_the_way_out(monkeypatch):
    monkeypatch.setattr(convert, "libreoffice", lambda: None)
    _, _, doc = pipeline.read_converted((FORMATS / f"{D004}.doc").read_bytes())
    assert doc.status == "rejected" and "LibreOffice" in doc.status_reason and ".docx" in doc.status_reason


@pytest.mark.parametrize("name", ["dept_targets_word", "project_targets_pdf"])
def test_own_pdfs_read_like_their_text(name):
    """PDFs of documents written for the tests; project_targets_pdf has no ruling lines, so its
    tables are read from the page's text lines (wrapped cells joined by where they stand)."""
    _, _, doc = read_bytes((FORMATS / "own" / f"{name}.pdf").read_bytes())
    text = parse_text((Path(__file__).parent / "fixtures" / f"{name}.txt").read_text(encoding="utf-8"))
    assert doc.status == "parsed" and doc.layout == ("pdf:pdf_text" if name == "project_targets_pdf" else "pdf")

    def fields(d):
        indicators = [(i.level1_raw, i.level2_raw, i.level3_raw, i.target_raw) for i in d.indicators]
        projects = [(p.project_name, p.agency_raw, p.budget_total_raw, p.goal_text) for p in d.projects]
        return indicators, projects, [(g.goal_no, g.goal_text) for g in d.goals]

    assert fields(doc) == fields(text)
    assert doc.indicators  # not trivially equal


def test_a_table_row_cut_by_a_page_break_is_read_whole():
    """In the 002 PDF the row 绿色制造评估报告审核数量 is cut by a page break (checked here on the
    file itself); the reader joins the two pieces."""
    import pdfplumber

    data = (FORMATS / "002_bb8163d66f945702.pdf").read_bytes()
    _, doc = parse_bytes(data)
    (row,) = [i for i in doc.indicators if i.level3_raw == "绿色制造评估报告审核数量"]
    assert (row.target_raw, row.actual_raw) == ("≥30个", "68个")
    assert row.deviation_reason_raw == "根据实际申报审核评估报告，与年初目标有差距，后期工作将深入细化工作目标"
    page = int(dict(doc.locations)[row.line_start].split(",")[0].removeprefix("page "))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        before = pdf.pages[page - 1].find_tables()[-1].extract()[-1]
        after = pdf.pages[page].find_tables()[0].extract()[0]
    assert any((c or "").startswith("绿色制造评估报告") for c in before)
    assert any((c or "").replace("\n", "").startswith("审核数量") for c in after)


def _squashed(text: str | None) -> str:
    return "".join((text or "").split())


def _word_row(data: bytes, location: str) -> str:
    from docx import Document

    t, r = (int(part.split()[-1]) for part in location.split(","))
    return "".join(c.text for c in Document(io.BytesIO(data)).tables[t - 1].rows[r - 1].cells)


def _sheet_cells(data: bytes, location: str) -> str:
    from openpyxl import load_workbook

    sheet, cells = location.split("!")
    return "".join(str(c.value or "") for row in load_workbook(io.BytesIO(data))[sheet][cells] for c in row)


def _pdf_row(data: bytes, location: str) -> str:
    import pdfplumber

    # page P, table T, row R, box x0,top,x1,bottom[; goes on at ...]
    match = re.fullmatch(r"page (\d+), table (\d+), row (\d+), box ([\d,]+)", location.split(";")[0])
    assert match, location
    p, t, r = (int(g) for g in match.groups()[:3])
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        table = pdf.pages[p - 1].find_tables()[t - 1]
        assert match[4] == ",".join(f"{v:.0f}" for v in table.rows[r - 1].bbox)  # the box is that row's
        return "".join(c or "" for c in table.extract()[r - 1])


@pytest.mark.parametrize(("extension", "look_up"), [("docx", _word_row), ("xlsx", _sheet_cells), ("pdf", _pdf_row)])
def test_locations_name_the_row_in_the_file(extension, look_up):
    """Indicators of the 000 sample, looked up by their location with the format's own library,
    are in that row: Word table/row, sheet!cells, PDF page/table/row (one in five, for time)."""
    data = (FORMATS / f"000_4fbf0d365526adfd.{extension}").read_bytes()
    _, doc = parse_bytes(data)
    where = dict(doc.locations)
    assert len(doc.indicators) == 153
    for indicator in doc.indicators[::5]:
        found = _squashed(look_up(data, where[indicator.line_start]))
        # a PDF row cut by a page break holds the start of the name on its first page
        assert _squashed(indicator.level3_raw)[:4] in found
        if extension == "docx":  # (a sheet stores 100% as the number 1; a PDF row may be cut)
            assert _squashed(indicator.target_raw) in found


def test_a_mixed_folder_of_every_format_and_broken_files_ingests_in_one_run(tmp_path):
    """Every sample in every format plus broken files: one run reads what can be read, names
    each rejection with its file and reason in the summary, and a second run changes nothing."""
    import shutil

    import duckdb
    from typer.testing import CliRunner

    from jixiao.cli import app

    folder = tmp_path / "下载 downloads"
    shutil.copytree(FORMATS, folder / "published", ignore=shutil.ignore_patterns("encrypted", "own"))
    shutil.copytree(Path(__file__).parent.parent / "data" / "samples", folder / "text")
    broken = folder / "broken"
    broken.mkdir()
    (broken / "cut short.docx").write_bytes(_cut(FORMATS / f"{D004}.docx"))
    (broken / "cut short.pdf").write_bytes(_cut(FORMATS / f"{D004}.pdf"))
    (broken / "scan (扫描件).pdf").write_bytes(scanned_pdf())
    shutil.copy(FORMATS / "encrypted" / f"{D004}.pdf", broken / "locked.pdf")
    (broken / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    book = Workbook()
    book.active.append(["会议纪要", None])
    book.save(broken / "minutes.xlsx")
    db = tmp_path / "w.duckdb"

    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(db), read_only=True) as con:
        status = statuses(con)
        read = con.execute(
            "select d.layout, count(distinct d.document_id), count(*) from raw.indicators i "
            "join raw.documents d using (document_id) group by 1 order by 1"
        ).fetchall()
    expected_rejections = {
        "cut short.docx": "unreadable file: a corrupt zip",
        "cut short.pdf": "unreadable pdf file",
        "scan (扫描件).pdf": "no text layer, and OCR read no text on its 1 scanned page(s)",
        "locked.pdf": "encrypted PDF: it needs a password",
        "photo.png": "unreadable image file: not an image Pillow can open",
        "minutes.xlsx": "no performance table found",
    }
    for name, reason in expected_rejections.items():
        assert status[name].startswith(f"rejected: {reason}"), status[name]
        assert name in result.output
    # every sample read in every format: 451 rows per format, 54 for the .doc and .xls of 004
    assert read == [
        ("doc", 1, 54),
        ("docx", 5, 451),
        ("html_tables", 5, 451),
        ("pdf", 5, 451),
        ("pdf_text", 1, 111),
        ("tab_cells", 3, 237),
        ("tab_rows", 1, 103),
        ("xls", 1, 54),
        ("xlsx", 5, 451),
    ]
    assert sum(1 for value in status.values() if value.startswith("parsed")) == 27

    again = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert again.exit_code == 0 and f"unchanged {len(status)}" in again.output
