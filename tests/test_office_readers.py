"""The lxml reader of Word documents gives exactly what the python-docx reading gave
(tests/office_reference.py): the same lines and rows for every .docx of the fixtures, for a few
hundred synthetic ones and for hand-made ones that exercise merges, grid skips, nested tables,
hyperlinks, tabs and breaks."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from office_reference import reference_docx_rows

from ingest.formats import docx_rows
from jixiao.synth import synthesise

FIXTURES = Path(__file__).parent / "fixtures"
NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _same(data: bytes) -> None:
    assert docx_rows(data) == reference_docx_rows(data)


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.docx")), ids=lambda p: p.name)
def test_every_fixture_reads_as_python_docx_read_it(path):
    _same(path.read_bytes())


def test_synthetic_word_documents_read_as_python_docx_read_them(tmp_path):
    synthesise(200, 11, tmp_path, anomaly_share=0.5, layouts=("docx",))
    files = sorted((tmp_path / "documents").glob("*.docx"))
    assert len(files) == 200
    for path in files:
        _same(path.read_bytes())


def _docx(body: str) -> bytes:
    """A minimal package around a body (what Word needs: content types, relationships, part)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {NS}><w:body>{body}</w:body></w:document>')
    return out.getvalue()


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def _r(inner: str) -> str:
    return f"<w:r>{inner}</w:r>"


def _t(text: str) -> str:
    return _r(f'<w:t xml:space="preserve">{text}</w:t>')


def _tc(text: str, pr: str = "", extra: str = "") -> str:
    return f"<w:tc>{'<w:tcPr>' + pr + '</w:tcPr>' if pr else ''}{_p(_t(text))}{extra}</w:tc>"


def _tbl(*trs: str, cols: int = 3) -> str:
    return "<w:tbl><w:tblGrid>" + "<w:gridCol/>" * cols + "</w:tblGrid>" + "".join(trs) + "</w:tbl>"


def _tr(*tcs: str, pr: str = "") -> str:
    return f"<w:tr>{'<w:trPr>' + pr + '</w:trPr>' if pr else ''}{''.join(tcs)}</w:tr>"


SPAN2 = '<w:gridSpan w:val="2"/>'
RESTART = '<w:vMerge w:val="restart"/>'
CONTINUE = "<w:vMerge/>"

HAND_MADE = {
    "tabs, breaks and hyphens": _p(
        _t("一级"),
        _r("<w:tab/>"),
        _t("指标"),
        _r('<w:br/><w:t>下行</w:t><w:br w:type="page"/><w:cr/><w:noBreakHyphen/><w:ptab/>'),
        _r('<w:br w:type="textWrapping"/><w:t>尾</w:t>'),
    ),
    "a hyperlink, a revision and a field": _p(
        _t("见"),
        '<w:hyperlink w:anchor="x">' + _t("链接") + _t("文字") + "</w:hyperlink>",
        "<w:ins>" + _t("插入") + "</w:ins>",
        '<w:fldSimple w:instr="PAGE">' + _t("3") + "</w:fldSimple>",
        _r("<w:delText>删</w:delText><w:sym/>"),
        _t(" 完"),
    ),
    "empty paragraphs count": _p() + _p(_t("  ")) + _p(_t("第三段")),
    "merged cells both ways": _tbl(
        _tr(_tc("项目", RESTART), _tc("指标", SPAN2)),
        _tr(_tc("", CONTINUE), _tc("数量"), _tc("质量")),
        _tr(_tc("", CONTINUE), _tc("合并", SPAN2 + RESTART)),
        _tr(_tc("末行"), _tc("", SPAN2 + CONTINUE)),
    ),
    "grid before and after": _tbl(
        _tr(_tc("甲"), _tc("乙"), _tc("丙")),
        _tr(_tc("乙2"), _tc("丙2"), pr='<w:gridBefore w:val="1"/>'),
        _tr(_tc("甲3"), pr='<w:gridAfter w:val="2"/>'),
        _tr(_tc("丙4", CONTINUE), pr='<w:gridBefore w:val="2"/>'),
    ),
    "a nested table": _tbl(
        _tr(_tc("外", extra=_tbl(_tr(_tc("内1"), _tc("内2")), cols=2)), _tc("旁"), _tc("边")),
    ),
    "a cell of several paragraphs": _tbl(
        _tr("<w:tc>" + _p(_t(" 第一 ")) + _p() + _p(_t("第二")) + "</w:tc>", _tc("x"), _tc("")),
    ),
    "a broken table loses itself only": _p(_t("前"))
    + _tbl(_tr(_tc("坏", '<w:gridSpan w:val="abc"/>')))
    + _tbl(_tr(_tc("", CONTINUE)))
    + _tbl(_tr(_tc("a"), _tc("b")), _tr(_tc("c"), _tc("", CONTINUE), pr='<w:gridBefore w:val="1"/>'))
    + _tbl(_tr(_tc("好"), _tc("表"), _tc("格")))
    + _p(_t("后")),
}


@pytest.mark.parametrize("body", HAND_MADE.values(), ids=HAND_MADE.keys())
def test_hand_made_documents_read_as_python_docx_read_them(body):
    lines, rows = reference_docx_rows(_docx(body))
    assert rows  # each document holds something that is read
    _same(_docx(body))


def test_what_the_hand_made_documents_hold():
    """The expected values written from the XML above, not from either reader."""
    lines, _ = docx_rows(_docx(HAND_MADE["tabs, breaks and hyphens"]))
    assert lines == ["一级\t指标\n下行\n-\t\n尾"]
    lines, _ = docx_rows(_docx(HAND_MADE["a hyperlink, a revision and a field"]))
    assert lines == ["见链接文字 完"]
    lines, rows = docx_rows(_docx(HAND_MADE["merged cells both ways"]))
    assert lines == ["项目\t指标\t", "\t数量\t质量", "\t合并\t", "末行\t\t"]
    _, rows = docx_rows(_docx(HAND_MADE["a broken table loses itself only"]))
    assert [(r.kind, r.location) for r in rows] == [
        ("text", "paragraph 1"),
        ("error", "table 1"),
        ("error", "table 2"),
        ("error", "table 3"),
        (rows[4].kind, "table 4, row 1"),
        ("text", "paragraph 2"),
    ]
    assert rows[1].cells[0].startswith("table 1 could not be read: ValueError")
    assert rows[2].cells[0] == "table 2 could not be read: ValueError: no tr above topmost tr in w:tbl"
    assert rows[4].cells == ("好", "表", "格")
