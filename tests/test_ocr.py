"""Scanned documents: image-only PDFs and pictures of tables read by OCR into the same tables,
every OCR'd cell with its confidence, unreadable scans rejected with their reason.

The scans are made here from text-layer PDFs whose answers are known (``jixiao.scans``): a sample
rendered at 150 dpi, turned by a small angle and speckled, as a scanner gives a printed form back.
"""

from __future__ import annotations

import io

import duckdb
import numpy as np
import pytest
from conftest import ROOT, statuses
from golden_compare import FORMATS, golden_indicator_tuples, indicator_tuples
from typer.testing import CliRunner

from ingest import limits, ocr, parse_bytes
from ingest.formats import sniff
from jixiao.cli import app
from jixiao.scans import image_pdf, page_images, scanned, spoiled

D004 = "004_da50d391190e3ba7"
OWN = FORMATS / "own"


def _exact(doc, name: str = D004) -> tuple[int, int]:
    """(golden rows read exactly, golden rows) of a sample."""
    gold = [row for row in golden_indicator_tuples() if row[0] == f"{name}.txt"]
    got = indicator_tuples({f"{name}.txt": doc})
    return sum(1 for row in gold if row in got), len(gold)


@pytest.fixture(scope="module")
def scan_of_004() -> bytes:
    """Sample 004 (five pages, 54 indicator rows) printed and scanned: 150 dpi, turned 0.6°."""
    return scanned((FORMATS / f"{D004}.pdf").read_bytes(), dpi=150, angle=0.6, noise=0.0005)


@pytest.fixture(scope="module")
def ingested_scan(scan_of_004, tmp_path_factory):
    """The scan, a blank scan and a picture of a table ingested by ``jixiao ingest``."""
    folder = tmp_path_factory.mktemp("scans")
    (folder / "扫描件.pdf").write_bytes(scan_of_004)
    (folder / "blank scan.pdf").write_bytes(image_pdf([spoiled(_white(), noise=0.0005)], 150))
    db = folder / "w.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return db, result.output


def _white():  # type: ignore[no-untyped-def]
    from PIL import Image

    return Image.new("L", (1240, 1754), 255)


def test_a_scanned_sample_is_read_by_jixiao_ingest_with_its_golden_rows(ingested_scan):
    db, _ = ingested_scan
    with duckdb.connect(str(db), read_only=True) as con:
        (doc_id, status, method, layout) = con.execute(
            "select document_id, status, reading_method, layout from raw.documents where file_name = '扫描件.pdf'"
        ).fetchone()
        rows = con.execute(
            "select table_no, level1_raw, level2_raw, level3_raw, description_raw, target_raw, basis_raw, "
            "actual_raw, weight_raw, score_raw, deviation_reason_raw from raw.indicators where document_id = ?",
            [doc_id],
        ).fetchall()
    assert (status, method, layout) == ("parsed", "ocr", "pdf")
    gold = [row[1:] for row in golden_indicator_tuples() if row[0] == f"{D004}.txt"]
    got = [tuple("" if v is None else str(v).strip() for v in row) for row in rows]
    exact = sum(1 for row in gold if row in got)
    assert len(gold) == 54
    assert exact >= 0.9 * len(gold), f"{exact} of {len(gold)} golden rows exact"


def test_every_ocr_value_carries_its_confidence_and_place(ingested_scan):
    db, _ = ingested_scan
    with duckdb.connect(str(db), read_only=True) as con:
        doc_id = con.execute("select document_id from raw.documents where file_name = '扫描件.pdf'").fetchone()[0]
        unplaced = con.execute(
            """
            select i.level3_raw, i.target_raw from raw.indicators i
            where i.document_id = ? and not exists (
                select 1 from raw.ocr_cells c
                where c.document_id = i.document_id and c.line_start between i.line_start and i.line_end
                    and replace(c.text, ' ', '') = replace(i.target_raw, ' ', '')
                    and c.confidence between 0 and 1
            )
            """,
            [doc_id],
        ).fetchall()
        cells = con.execute(
            "select count(*), min(confidence), max(confidence), count(*) filter (where location like 'page %, table %')"
            " from raw.ocr_cells where document_id = ?",
            [doc_id],
        ).fetchone()
        unsure = con.execute(
            "select count(*) from raw.ocr_cells where document_id = ? and confidence < ?", [doc_id, ocr.MIN_CONFIDENCE]
        ).fetchone()[0]
        warned = con.execute(
            "select count(*) from raw.parse_issues where document_id = ? and message like 'OCR read 「%' "
            "and severity = 'warning' and location like 'page %'",
            [doc_id],
        ).fetchone()[0]
    assert unplaced == []  # every target value stands in an OCR'd cell with a confidence
    count, low, high, in_tables = cells
    assert count > 250 and 0 < low <= high <= 1 and in_tables > 0.9 * count
    assert warned == unsure  # each cell read below the threshold is a parse issue, with its page


def test_a_scan_with_nothing_readable_is_rejected_with_its_reason(ingested_scan):
    db, output = ingested_scan
    with duckdb.connect(str(db), read_only=True) as con:
        status = statuses(con)
    assert status["blank scan.pdf"] == "rejected: no text layer, and OCR read no text on its 1 scanned page(s)"
    assert "blank scan.pdf" in output


def test_a_picture_of_a_table_is_read_like_its_pdf():
    """A page of a document written for the tests, as a PNG (a table pasted into a web page as
    an image): the same rows as its text-layer PDF."""
    source = (OWN / "dept_targets_word.pdf").read_bytes()
    (image,) = page_images(source, 150, [1])
    png = io.BytesIO()
    image.save(png, "PNG", dpi=(150, 150))
    assert sniff(png.getvalue()) == "image"
    _, from_text = parse_bytes(scanned(source, 150, pages=[1]))
    _, from_image = parse_bytes(png.getvalue())
    assert from_image.layout == "image" and from_image.reading_method == "ocr"
    assert len(from_image.indicators) >= 5
    assert [r.target_raw for r in from_image.indicators] == [r.target_raw for r in from_text.indicators]


def test_a_table_without_ruling_lines_falls_back_to_text_lines():
    """A PDF drawn without ruling lines (project_targets_pdf), scanned: its text lines by position
    go to the text layouts, as for the text-layer file."""
    source = (OWN / "project_targets_pdf.pdf").read_bytes()
    _, from_text = parse_bytes(source)
    _, from_scan = parse_bytes(scanned(source, 200))
    assert from_scan.layout == from_text.layout
    assert from_scan.reading_method == "ocr"
    names = {r.level3_raw for r in from_text.indicators}
    read = {r.level3_raw for r in from_scan.indicators}
    assert names and len(read & names) >= 0.9 * len(names)


def test_a_pdf_reads_its_text_pages_as_text_and_only_its_scanned_pages_by_ocr():
    import pypdfium2

    source = (FORMATS / f"{D004}.pdf").read_bytes()
    text_pages = pypdfium2.PdfDocument(source)
    scan = pypdfium2.PdfDocument(scanned(source, 150, pages=[4, 5]))
    mixed = pypdfium2.PdfDocument.new()
    mixed.import_pages(text_pages, [0, 1, 2])
    mixed.import_pages(scan, [0, 1])
    out = io.BytesIO()
    mixed.save(out)
    _, doc = parse_bytes(out.getvalue())
    assert doc.reading_method == "text+ocr"
    assert _exact(doc)[0] >= 0.9 * 54
    scanned_lines = {c.line_start for c in doc.ocr_cells}
    located = dict(doc.locations)
    assert scanned_lines and all(located[line].startswith(("page 4", "page 5")) for line in scanned_lines)


def test_the_ocr_page_cap_and_time_limit_lose_pages_not_the_file(monkeypatch, scan_of_004):
    monkeypatch.setattr(limits, "MAX_OCR_PAGES", 2)
    _, doc = parse_bytes(scan_of_004)
    errors = [i.message for i in doc.issues if i.severity == "error"]
    assert doc.status == "partial" and len(doc.indicators) > 0
    assert [m for m in errors if "over the 2-page OCR limit (JIXIAO_MAX_OCR_PAGES)" in m] == [
        f"page {n} not read: over the 2-page OCR limit (JIXIAO_MAX_OCR_PAGES)" for n in (3, 4, 5)
    ]
    monkeypatch.setattr(limits, "MAX_OCR_PAGES", 60)
    monkeypatch.setattr(limits, "MAX_OCR_PAGE_SECONDS", 0.05)
    _, doc = parse_bytes(scanned((FORMATS / f"{D004}.pdf").read_bytes(), 150, pages=[1]))
    assert doc.status == "rejected"
    assert "page 1 not read: OCR took more than 0.05 s (JIXIAO_MAX_OCR_PAGE_SECONDS)" in doc.status_reason


@pytest.mark.parametrize("angle", [-2.0, 0.7, 1.5])
def test_a_slanted_scan_is_turned_level_by_its_ruling_lines(angle):
    (page,) = page_images((FORMATS / f"{D004}.pdf").read_bytes(), 150, [1])
    grey = np.array(spoiled(page, angle))
    _, turned = ocr.straightened(grey)
    assert turned == pytest.approx(-angle, abs=0.25)


def test_ruling_lines_become_the_cell_grid_and_strokes_do_not():
    """A grid drawn in an image, with a row one text line high, and a character-sized stroke
    inside a cell: the grid's edges are found, the stroke is not one."""
    import cv2

    grey = np.full((400, 600), 255, np.uint8)
    for y in (50, 150, 178, 300):  # the row from 150 to 178 is 13 pt high at 150 dpi
        cv2.line(grey, (50, y), (550, y), 0, 1)
    for x in (50, 250, 550):
        cv2.line(grey, (x, 50), (x, 300), 0, 1)
    cv2.line(grey, (400, 150), (400, 178), 0, 1)  # a cell's side in the short row only
    cv2.line(grey, (120, 80), (120, 100), 0, 2)  # a stroke of a character, clear of the borders
    edges, _ = ocr.rulings(grey, 150 / 72)
    vertical = sorted(round(e["x0"] * 150 / 72) for e in edges if e["orientation"] == "v")
    assert vertical == [50, 250, 400, 550]
    page = ocr.OcrPage([], edges, 600 * 72 / 150, 400 * 72 / 150)
    (table,) = page.find_tables()
    assert [len([c for c in row.cells if c]) for row in table.rows] == [2, 3, 2]


def test_a_closing_bracket_takes_the_form_of_the_one_it_closes():
    assert ocr.match_brackets("反映开展法律服务次数（目标3)") == "反映开展法律服务次数（目标3）"
    assert ocr.match_brackets('按“三保"政策') == "按“三保”政策"
    assert ocr.match_brackets("满意度(%)") == "满意度(%)"  # as written: both half-width
    assert ocr.match_brackets("2)服务") == "2)服务"  # an enumeration closes nothing


def test_the_reader_and_the_warehouse_share_one_confidence_threshold(monkeypatch):
    """The parse issue (ingest) and the number withheld (warehouse) start at the same confidence."""
    import importlib

    import yaml
    from conftest import ROOT

    monkeypatch.delenv("JIXIAO_OCR_MIN_CONFIDENCE", raising=False)
    default = importlib.reload(ocr).MIN_CONFIDENCE
    project = yaml.safe_load((ROOT / "dbt_project.yml").read_text(encoding="utf-8"))
    assert project["vars"]["ocr_min_confidence"] == default


def test_the_warehouse_takes_no_number_from_an_unsure_value_and_the_review_shows_it(ingested_scan, monkeypatch):
    import streamlit as st
    from conftest import JIXIAO, run
    from streamlit.testing.v1 import AppTest

    db, _ = ingested_scan
    build = run(JIXIAO, "build", "--db", str(db))
    assert build.returncode == 0, build.stdout + build.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        method, cells, unsure_cells = con.execute(
            "select reading_method, ocr_cells, ocr_cells_unsure from dim_documents where file_name = '扫描件.pdf'"
        ).fetchone()
        targets = con.execute(
            "select t.indicator_target_key, t.target_ocr_confidence, t.value_number, t.deadline_date, t.value_kind "
            "from fct_indicator_targets t join dim_documents d using (document_key) where d.file_name = '扫描件.pdf'"
        ).fetchall()
        flagged = {
            key
            for (key,) in con.execute(
                "select indicator_target_key from fct_target_flags where rule_id = 'ocr_unsure'"
            ).fetchall()
        }
    assert (method, cells > 250) == ("ocr", True) and unsure_cells >= 0
    assert len(targets) >= 49 and all(confidence is not None for _, confidence, *_ in targets)
    unsure = [t for t in targets if t[1] < ocr.MIN_CONFIDENCE]
    sure = [t for t in targets if t[1] >= ocr.MIN_CONFIDENCE]
    assert unsure, "the speckled scan has values OCR read unsure (the branch below is not vacuous)"
    assert all(number is None and deadline is None for _, _, number, deadline, _ in unsure)
    assert flagged == {key for key, *_ in unsure}
    numeric = [t for t in sure if t[4] in ("percent", "count", "money", "rate")]
    assert numeric and all(number is not None for _, _, number, _, _ in numeric)

    monkeypatch.setenv("JIXIAO_DB", str(db))
    st.cache_data.clear()
    page = AppTest.from_file(str(ROOT / "dashboards" / "views" / "documents.py"), default_timeout=60)
    page.run()
    assert not page.exception, [e.value for e in page.exception]
    shown = page.dataframe[0].value
    assert "OCR 识别（扫描件）" in shown.to_string()  # how it was read, in words
    st.cache_data.clear()


def test_the_ocr_benchmark_knows_its_documents_and_counts_rows_and_characters():
    from jixiao import ocr_bench

    cases = ocr_bench.cases()
    assert len(cases) == 10 and sum(len(c.golden) for c in cases) == 451 + 169  # samples + real books
    assert all(c.pages is None for c in cases[:5]) and all(c.pages for c in cases[5:])
    golden = [("产出指标", "数量指标", "新认定企业", "＝40家", "", "", "")]
    assert ocr_bench._char_accuracy(golden, golden) == 1.0
    misread = [("产出指标", "数量指标", "新认定企业", "=40家", "", "", "")]
    assert ocr_bench._char_accuracy(golden, misread) == pytest.approx(1 - 1 / 17)
    assert ocr_bench._folded(golden[0]) == ocr_bench._folded(misread[0])
    readings = [
        ocr_bench.Reading("a.pdf", "text layer", 2, 10, 10, 10, 1.0, 0.2, "parsed"),
        ocr_bench.Reading("a.pdf", "150 dpi", 2, 10, 7, 9, 0.98, 10.0, "parsed"),
    ]
    text = ocr_bench.report(readings)
    assert "| a.pdf | 150 dpi | 2 | 7/10 | 70.0% | 90.0% | 98.0% | 5.00 | parsed |" in text
    assert "| 150 dpi | 1 | 7/10 | 70.0% | 90.0% | 98.0% | 0.20 | ×0.020 |" in text


def test_a_scanned_page_with_a_stamped_page_number_is_read_by_ocr():
    """A scanned page whose PDF carries a few words of text (a page number stamped on it): the
    image is the page, read by OCR, as the same page without the stamp."""
    import pdfmake

    (image,) = page_images((OWN / "dept_targets_word.pdf").read_bytes(), 150, [1])
    stamped = pdfmake.pdf([pdfmake.Page().scan(image).text(280, 20, "第 1 页")])
    bare = pdfmake.pdf([pdfmake.Page().scan(image)])
    _, read = parse_bytes(stamped)
    _, without = parse_bytes(bare)
    assert read.reading_method == without.reading_method == "ocr"
    assert len(read.indicators) >= 5
    assert [r.target_raw for r in read.indicators] == [r.target_raw for r in without.indicators]


@pytest.mark.parametrize("turn", [90, -90], ids=["anticlockwise", "clockwise"])
def test_a_table_scanned_sideways_is_turned_upright(turn):
    """A landscape page scanned on a portrait sheet, either way round: read as the page itself."""
    import pypdfium2

    source = (FORMATS / f"{D004}.pdf").read_bytes()
    part = pypdfium2.PdfDocument.new()
    part.import_pages(pypdfium2.PdfDocument(source), [0])
    text_layer = io.BytesIO()
    part.save(text_layer)
    _, from_text = parse_bytes(text_layer.getvalue())
    (page,) = page_images(source, 150, [1])
    _, from_scan = parse_bytes(image_pdf([page.rotate(turn, expand=True)], 150))
    expected = [(r.level3_raw, r.target_raw) for r in from_text.indicators]
    read = [(r.level3_raw, r.target_raw) for r in from_scan.indicators]
    assert len(expected) >= 8
    assert sum(1 for row in expected if row in read) >= 0.9 * len(expected)
