"""Property-based round trips: tables written in each layout parse back to the same rows."""

from __future__ import annotations

from docgen import GenRow, indicator_table, target_value, write_pdf_text, write_tab_cells, write_tab_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import parse_bytes, parse_text
from ingest.values import display_width

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(
    tables=st.lists(indicator_table(), min_size=1, max_size=3),
    blank_inside_rows=st.booleans(),
    data=st.data(),
)
def test_tab_cells_round_trip(tables, blank_inside_rows, data):
    titles = data.draw(st.lists(st.booleans(), min_size=len(tables), max_size=len(tables)))
    doc = parse_text(write_tab_cells(tables, blank_inside_rows, titles))
    assert doc.status == "parsed"
    assert len(doc.projects) == len(tables)
    expected = [
        (n, r.level1, r.level2, r.level3, r.description, r.target, r.basis)
        for n, rows in enumerate(tables, start=1)
        for r in rows
    ]
    got = [
        (i.table_no, i.level1_raw, i.level2_raw, i.level3_raw, i.description_raw, i.target_raw, i.basis_raw)
        for i in doc.indicators
    ]
    assert got == expected


@SETTINGS
@given(rows=indicator_table(), separator=st.sampled_from(["\t", "|"]), data=st.data())
def test_row_per_line_round_trip_with_shifted_rows(rows: list[GenRow], separator, data):
    actuals = data.draw(st.lists(target_value(), min_size=len(rows), max_size=len(rows)))
    shifts = data.draw(st.lists(st.sampled_from([0, 0, 1]), min_size=len(rows), max_size=len(rows)))
    doc = parse_text(write_tab_rows(rows, actuals, shifts, separator))
    assert doc.doc_type == "department_selfeval"
    got = [
        (i.level1_raw, i.level2_raw, i.level3_raw, i.target_raw, i.actual_raw, i.deviation_reason_raw)
        for i in doc.indicators
    ]
    assert got == [(r.level1, r.level2, r.level3, r.target, a, r.description) for r, a in zip(rows, actuals)]


@SETTINGS
@given(rows=indicator_table(), level3_width=st.integers(28, 44), value_width=st.integers(12, 20))
def test_pdf_text_round_trip_with_wrapped_cells(rows: list[GenRow], level3_width, value_width):
    """Column widths in display units (a CJK character is two): the value column narrower."""
    doc = parse_text(write_pdf_text(rows, level3_width, value_width))
    got = [(i.level1_raw, i.level2_raw, i.level3_raw, i.target_raw) for i in doc.indicators]
    assert got == [(r.level1, r.level2, r.level3, r.target) for r in rows]


@settings(max_examples=40, deadline=None)
@given(
    rows=indicator_table(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_encoding_and_line_endings_do_not_change_the_result(rows, encoding, newline):
    text = write_tab_cells([rows], False, [True])
    _, reference = parse_bytes(text.encode("utf-8"))
    _, doc = parse_bytes(text.replace("\n", newline).encode(encoding))
    assert doc.indicators == reference.indicators and doc.projects == reference.projects


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_end_parsed_partial_or_rejected(data):
    _, doc = parse_bytes(data)
    assert doc.status in {"parsed", "partial", "rejected"}
    if doc.status == "rejected":
        assert doc.status_reason


def test_display_width_counts_cjk_twice():
    assert display_width("ab中文＝") == 2 + 4 + 2


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(["<table>", "</table>", "<tr>", "</tr>", "<td rowspan='3'>", "<td colspan=x>", "</td>",
                         "<th>", "一级指标", "二级指标", "三级指标", "指标值", "产出指标", "≥5个", "<p>", "</p>",
                         "<br>", "&nbsp;", "<script>", "</script>", "text", "\n"]),
        max_size=80,
    )
)  # fmt: skip
def test_any_html_ends_parsed_partial_or_rejected(parts):
    doc = parse_text("<table><td>x</td>" + "".join(parts))
    assert doc.status in {"parsed", "partial", "rejected"}
