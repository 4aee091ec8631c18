"""Every file bounded on its own: small hostile files that once exhausted the machine (a cell at
XFD1048576, a Word cell spanning 50,000,000 columns, HTML cells spanning 100 x 100, a PDF
stream inflating to many MB) lose the piece past the limit and nothing else; a parser that runs
too long, runs out of memory or dies costs its file, never the batch. Every hostile file is
made here, small, and read within the test's own time."""

from __future__ import annotations

import io
import os
import re
import signal
import time
import zipfile

import duckdb
import pytest
from conftest import FIXTURES, JIXIAO, SAMPLES
from pdfmake import Page, pdf

from ingest import limits, load, parse_bytes, pipeline, workers

FORMATS = FIXTURES / "formats"
D004 = "004_da50d391190e3ba7"


def _indicators(doc) -> set[tuple[str, str]]:
    return {(i.level3_raw, i.target_raw) for i in doc.indicators}


@pytest.mark.parametrize("far", ["XFD1048576", "ZZ20000"])
def test_a_stray_cell_far_out_loses_its_sheet_only(far):
    """A 5 kB workbook with one cell at XFD1048576 once took all memory; now the sheet holding
    it is an error naming the limit, and the sheet with the table is read as before."""
    from openpyxl import load_workbook

    original = (FORMATS / f"{D004}.xlsx").read_bytes()
    book = load_workbook(io.BytesIO(original))
    book.create_sheet("附表")[far] = "x"
    out = io.BytesIO()
    book.save(out)
    assert len(out.getvalue()) < 3 * len(original)  # a small file
    _, whole = parse_bytes(original)
    _, doc = parse_bytes(out.getvalue())
    assert doc.status == "partial"
    assert doc.status_reason.startswith("sheet 附表 could not be read: TooLarge: sheet 附表 spans")
    assert "JIXIAO_MAX_GRID_CELLS" in doc.status_reason
    assert _indicators(doc) == _indicators(whole) and whole.indicators


def test_a_merged_range_in_a_streamed_workbook_is_empty_but_its_first_cell():
    """Read-only (streamed) workbooks do not parse merges: a generator that writes a value into
    every cell of a merged range still reads as one cell."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值"])
    for row in (["产出指标", "数量指标", "培训人次", "≥100人次"], ["产出指标", "数量指标", "课程门数", "≥5门"]):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    merged = io.BytesIO()  # A2:A3 merged, A3 still holding its value
    with zipfile.ZipFile(out) as old, zipfile.ZipFile(merged, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>'
                )
            new.writestr(item, data)
    from ingest.formats import xlsx_rows

    _, rows = xlsx_rows(merged.getvalue())
    cells = [row.cells for row in rows if row.kind != "text"]
    assert cells[1][:2] == ("产出指标", "数量指标") and cells[2][:2] == ("", "数量指标")


def test_a_word_cell_spanning_fifty_million_columns_loses_its_table_only():
    """A 36 kB .docx whose cell says gridSpan=50000000 once took 2.7 GB and stored 50 MB of
    text: now that table is an error row naming the limit."""
    original = (FORMATS / f"{D004}.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        xml = z.read("word/document.xml").decode()
    tables = xml.count("<w:tbl>")
    assert tables >= 1
    hostile = xml.replace("<w:tc>", '<w:tc><w:tcPr><w:gridSpan w:val="50000000"/></w:tcPr>', 1)
    assert hostile != xml
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, hostile if item.filename == "word/document.xml" else old.read(item.filename))
    text, doc = parse_bytes(out.getvalue())
    assert "table 1 could not be read: TooLarge: table 1 spans" in " ".join(i.message for i in doc.issues)
    assert "JIXIAO_MAX_GRID_CELLS" in " ".join(i.message for i in doc.issues)
    assert len(text or "") < 10 * len(original)


def test_html_cells_spanning_a_hundred_by_a_hundred_lose_their_table_only():
    """51 kB of cells with rowspan=100 colspan=100 once took 2.3 GB: the table is an error row,
    and the performance table beside it is read."""
    html = (FORMATS / f"{D004}.html").read_bytes()  # GBK, as many sites serve it
    hostile_rows = "".join("<tr>" + '<td rowspan="100" colspan="100">x</td>' * 10 + "</tr>" for _ in range(100))
    assert len(hostile_rows) < 51_000
    doc = parse_bytes(html.replace(b"</body>", f"<table>{hostile_rows}</table></body>".encode()))[1]
    messages = " ".join(i.message for i in doc.issues)
    assert re.search(r"table \d+ could not be read: TooLarge: table \d+ spans 100 rows", messages)
    whole = parse_bytes(html)[1]
    assert _indicators(doc) == _indicators(whole) and whole.indicators


def test_a_pdf_page_whose_drawing_inflates_past_the_limit_is_not_read(monkeypatch):
    """A small PDF whose second page's stream inflates to 4 MB, with the limit at 1 MB: that
    page is named with its size and the limit, the first page is read."""
    monkeypatch.setattr(limits, "MAX_PDF_PAGE_BYTES", 1024 * 1024)
    table = [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "培训人次", "≥100人次"]]
    first = Page().text(60, 800, "2024年度项目支出绩效目标表").table(60, 780, [100, 100, 160, 100], table)
    heavy = Page().text(60, 800, "附件")
    heavy.ops.append(" " * (4 * 1024 * 1024) + "\n")
    data = pdf([first, heavy], compress=True)
    assert len(data) < 50_000
    _, doc = parse_bytes(data)
    assert doc.status == "partial"
    assert doc.status_reason == (
        "page 2 not read: its drawing inflates to more than 1,048,576 bytes (JIXIAO_MAX_PDF_PAGE_MB)"
    )
    assert ("培训人次", "≥100人次") in _indicators(doc)


def test_a_document_text_past_the_limit_is_cut_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 500)
    con = load.connect(tmp_path / "w.duckdb")
    pipeline.ingest(con, [SAMPLES / f"{D004}.txt"])
    text, issues, read = con.execute(
        "select (select text from raw.document_texts), (select list(message) from raw.parse_issues), "
        "(select count(*) from raw.indicators)"
    ).fetchone()
    assert len(text) == 500
    assert any("kept up to 500 characters (JIXIAO_MAX_TEXT_MB)" in m for m in issues)
    assert read == len(parse_bytes((SAMPLES / f"{D004}.txt").read_bytes())[1].indicators) > 0


# -- parser processes: each file bounded in time and memory -----------------------------------
# (module-level functions: the spawned processes import them by name)


def echo(item):
    return ("read", item)


def sleep_long(item):
    if item == "slow":
        time.sleep(600)
    return ("read", item)


def stubborn(item):
    """Blocks the time limit's signal, as native code that never returns to Python would."""
    if item == "stuck":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(600)
    return ("read", item)


def die(item):
    if item == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    return ("read", item)


def hog(item):
    if item == "big":
        return ("read", bytearray(1024**3))  # past the 512 MB address space below
    return ("read", item)


def failed(reason):
    return ("failed", reason)


@pytest.mark.parametrize(
    ("task", "bad", "reason"),
    [
        (sleep_long, "slow", r"parsing took longer than 1 s \(JIXIAO_MAX_PARSE_SECONDS\)"),
        (stubborn, "stuck", r"parsing took longer than 1 s \(JIXIAO_MAX_PARSE_SECONDS\): its parser was stopped"),
        (die, "crash", r"the parser process died reading it \(killed by SIGKILL: out of memory\?\)"),
        (hog, "big", r"parsing needed more than 512 MB of memory \(JIXIAO_MAX_PARSE_MB\)"),
    ],
)
def test_a_file_past_its_parser_limits_costs_that_file_only(monkeypatch, task, bad, reason):
    monkeypatch.setattr(limits, "MAX_PARSE_SECONDS", 1)
    monkeypatch.setattr(limits, "MAX_PARSE_BYTES", 512 * 1024**2)
    monkeypatch.setattr(workers, "_GRACE_SECONDS", 2)
    items = ["a", bad, "b", "c", bad, "d"]
    with workers.Pool(task, 2, failed) as pool:
        results = pool.map(items)
        again = pool.map(["e", "f"])  # the pool goes on with fresh processes
    assert [r for r in results if r[0] == "read"] == [("read", x) for x in "abcd"]
    assert [i for i, r in enumerate(results) if r[0] == "failed"] == [1, 4]
    assert all(re.fullmatch(reason, r[1]) for r in results if r[0] == "failed"), results
    assert again == [("read", "e"), ("read", "f")]


def test_an_ingest_goes_on_past_a_file_over_the_time_limit(tmp_path):
    """Through the command: with a time limit no file can meet, each file is rejected with the
    reason, recorded, and the command succeeds (the limit reaches the parser processes)."""
    import subprocess

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "book.pdf").write_bytes((FORMATS / f"{D004}.pdf").read_bytes())
    (folder / "page.txt").write_bytes((SAMPLES / f"{D004}.txt").read_bytes())
    env = {**os.environ, "JIXIAO_MAX_PARSE_SECONDS": "0.001"}
    done = subprocess.run(
        [JIXIAO, "ingest", str(folder), "--db", str(tmp_path / "w.duckdb")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        rows = dict(
            con.execute("select file_name, status || ': ' || coalesce(status_reason, '') from raw.documents").fetchall()
        )
    late = "rejected: parsing took longer than 0.001 s (JIXIAO_MAX_PARSE_SECONDS)"
    assert rows == {"book.pdf": late, "page.txt": late}
    assert "rejected 2" in done.stdout


def test_a_conversion_past_its_time_limit_leaves_no_process_and_no_folder(tmp_path, monkeypatch):
    """LibreOffice stopped at its time limit takes the helpers it started along, and its
    working folder goes (time-outs once left /tmp/jixiao-convert-* behind)."""
    import subprocess
    import tempfile

    from ingest import convert

    program = convert.libreoffice()
    assert program is not None, "make test installs LibreOffice (make libreoffice)"
    monkeypatch.setattr(convert, "TIMEOUT_SECONDS", 0.5)  # LibreOffice takes longer to start
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(convert.ConversionError, match=r"did not finish within 0.5 s"):
        convert.doc_to_docx((FORMATS / f"{D004}.doc").read_bytes(), program)
    assert list(tmp_path.iterdir()) == []
    left = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True).stdout.split()
    assert left == []


def test_a_legacy_word_document_is_converted_inside_a_bounded_parser(tmp_path):
    """LibreOffice, started by a parser process, does not inherit its address-space limit (it
    maps far more than it uses): a .doc ingested through the pool reads as in this process."""
    from ingest import convert

    assert convert.libreoffice() is not None, "make test installs LibreOffice (make libreoffice)"
    data = (FORMATS / f"{D004}.doc").read_bytes()
    _, _, direct = pipeline.read_converted(data)
    assert direct.status != "rejected" and direct.indicators
    con = load.connect(tmp_path / "w.duckdb")
    summary = pipeline.ingest(con, [FORMATS / f"{D004}.doc"])
    assert [(o.status, o.indicators) for o in summary.outcomes] == [(direct.status, len(direct.indicators))]


def test_parsers_do_not_run_the_callers_main_script_again(tmp_path, monkeypatch):
    """A spawned process re-runs its parent's __main__ (a Streamlit page run by AppTest stays
    __main__ after it): a caller's script that would fail, or do harm, when run again must not
    run in the parsers."""
    import sys
    import types

    script = tmp_path / "caller.py"
    marker = tmp_path / "ran again"
    script.write_text(f"open({str(marker)!r}, 'w').close()\nraise SystemExit(3)\n", encoding="utf-8")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    with workers.Pool(echo, 1, failed) as pool:
        assert pool.map(["a", "b"]) == [("read", "a"), ("read", "b")]
    assert not marker.exists()
    assert sys.modules["__main__"] is main


def test_the_pool_streams_results_in_order_taking_a_bounded_number_of_items_ahead():
    """``imap`` hands out items only as processes are free and takes at most ``ahead`` of them
    before their results are yielded: memory stays bounded whatever the number of files."""
    taken: list[int] = []

    def items():  # type: ignore[no-untyped-def]
        for i in range(40):
            taken.append(i)
            yield i

    with workers.Pool(echo, 2, failed) as pool:
        stream = pool.imap(items(), ahead=5)
        first = next(stream)
        assert first == ("read", 0) and len(taken) <= 5
        rest = list(stream)
    assert [first, *rest] == [("read", i) for i in range(40)]
