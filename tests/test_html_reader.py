"""The HTML reader's own tokenizer (`html_tables._read_plain`) against the standard library's
`html.parser` as the reference: the same rows, cells and line numbers on every HTML page we have
(the samples as LibreOffice writes them, a saved government page, synthetic pages) and on
generated tag soup; markup outside its plain forms is left to `html.parser`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.decode import decode
from ingest.layouts import html_tables


def _reference(text: str) -> list:
    """The rows `html.parser` alone reads."""
    plain = html_tables._read_plain
    html_tables._read_plain = lambda reader, text: False
    try:
        return html_tables.to_rows(text.split("\n"))
    finally:
        html_tables._read_plain = plain


def _plainly(text: str) -> bool:
    """Whether the own tokenizer reads the page (rather than handing it to html.parser)."""
    return html_tables._read_plain(html_tables._Reader(), text)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    from jixiao.synth import synthesise

    found = {p.name: decode(p.read_bytes()).text for p in sorted(FIXTURES.rglob("*.html"))}
    corpus = tmp_path_factory.mktemp("synthetic_html")
    synthesise(150, 3, corpus, layouts=("html",))
    for path in sorted(Path(corpus / "documents").iterdir()):
        found[path.name] = decode(path.read_bytes()).text
    return found


def test_every_page_we_have_reads_as_html_parser_reads_it(pages):
    assert len(pages) >= 150
    for name, text in pages.items():
        assert html_tables.to_rows(text.split("\n")) == _reference(text), name
    # the pages are read by the own tokenizer, not handed back (else this test would compare
    # html.parser with itself)
    assert sum(_plainly(text) for text in pages.values()) == len(pages)


def test_the_pages_of_word_and_libreoffice_markup_are_read_plainly():
    """Word's namespaced tags (<o:p>), comments, a doctype, styles and unquoted attributes are
    plain forms; a CDATA section is not (html.parser reads it)."""
    page = (
        '<!DOCTYPE html>\n<html><head><style type="text/css">td { color: red } </td></style>\n'
        "<!-- a comment <td>not a cell</td> -->\n</head><body><p>2024年项目支出绩效目标表&nbsp;<o:p></o:p></p>\n"
        '<table border=1><tr><td rowspan="2">产出指标</td><td colspan=2 class=x>数量 &amp; 质量</td></tr>\n'
        "<tr><td>100%</td><td>≥ 3 &lt; 5</td></tr></table><br/>a < b</body></html>"
    )
    assert _plainly(page)
    rows = html_tables.to_rows(page.split("\n"))
    assert rows == _reference(page)
    assert [r.cells for r in rows if r.kind == "cells"] == [
        ("产出指标", "数量 & 质量", ""),
        ("", "100%", "≥ 3 < 5"),
    ]
    assert [(r.line_start, r.line_end) for r in rows if r.kind == "cells"] == [(5, 5), (6, 6)]
    assert not _plainly("<p>x</p><![CDATA[ <td> ]]><p>y</p>")


_TEXT = st.sampled_from(
    [
        "产出指标",
        "数量",
        " ",
        "\n",
        "100%",
        "&amp;",
        "&nbsp;",
        "&#20013;",
        "&lt",
        "&bogus;",
        "a < b",
        "<",
        ">",
        "&",
        "≥90",
    ]
)
_NAME = st.sampled_from(
    ["table", "tr", "td", "th", "p", "div", "br", "span", "o:p", "script", "style", "TD", "Tr", "h1"]
)
_OTHER = st.sampled_from(
    ["<!-- c -->", "<!---->", "<!-->", "<!DOCTYPE html>", "<?xml v?>", "<!x>", "<![CDATA[x]]>", "</>", "< td>"]
)
_VALUE = st.sampled_from(['"2"', "'3'", "2", '""', "x/", "'a b'", '"&amp;"', "0", "200", '"<"'])


@st.composite
def _piece(draw) -> str:  # type: ignore[no-untyped-def]
    kind = draw(st.integers(0, 9))
    name = draw(_NAME)
    if kind <= 3:
        attrs = "".join(
            f" {draw(st.sampled_from(['rowspan', 'colspan', 'class', 'ROWSPAN', 'nowrap']))}"
            + (f"={draw(_VALUE)}" if draw(st.booleans()) else "")
            for _ in range(draw(st.integers(0, 2)))
        )
        return f"<{name}{attrs}{draw(st.sampled_from(['', ' ', '/', ' /', chr(10)]))}>"
    if kind <= 5:
        return f"</{name}{draw(st.sampled_from(['', ' ', '  ', ' x']))}>"
    if kind == 6:
        return draw(_OTHER)
    return draw(_TEXT)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_piece(), max_size=40))
def test_tag_soup_reads_as_html_parser_reads_it(pieces):
    text = "".join(pieces)
    assert html_tables.to_rows(text.split("\n")) == _reference(text)
