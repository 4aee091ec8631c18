import pandas as pd
import streamlit as st

from dashboards import charts, queries, state
from dashboards.i18n import code, t
from dashboards.ui import run_page, table

AGENCY_ROWS = 30  # above this many agencies the coverage is summed by province, with a drill-down
ROW_PX = 22  # height of a heatmap row


def body(v: tuple) -> None:
    numbers = queries.overview(v)
    cols = st.columns(4)
    cols[0].metric(t("documents_n"), f"{int(numbers['documents']):,}")
    cols[1].metric(t("agencies_n"), f"{int(numbers['agencies']):,}")
    cols[2].metric(t("years_n"), int(numbers["years"]))
    cols[3].metric(t("projects_n"), f"{int(numbers['projects']):,}")
    cols = st.columns(4)
    cols[0].metric(t("budget_total"), f"{numbers['budget_total_wan']:,.2f}")
    cols[1].metric(t("indicators_n"), f"{int(numbers['indicators']):,}")
    cols[2].metric(t("findings_n"), f"{int(numbers['findings']):,}")
    cols[3].metric(t("flags_n"), f"{int(numbers['flags']):,}")

    coverage = queries.coverage(v)
    if coverage.empty:
        st.info(t("nothing"))
        return
    many = coverage["agency_key"].nunique() > AGENCY_ROWS
    options = ["province", "level", "agency"] if many else ["agency", "province", "level"]
    labels = {"agency": t("by_agency"), "province": t("by_province"), "level": t("by_level")}
    rows_by = state.choice("rows", st.radio, t("rows_by"), options, key="coverage_rows", horizontal=True,
                           format_func=labels.get)  # fmt: skip
    if rows_by == "agency" and many:  # agencies of one province at a time
        provinces = sorted(coverage["province_name"].unique())
        province = state.choice("province", st.selectbox, t("drill_region"), provinces, key="coverage_province")
        coverage = coverage[coverage["province_name"] == province]
    row = {"agency": "agency_name", "province": "province_name", "level": "admin_level"}[rows_by]
    if rows_by == "level":
        coverage = coverage.assign(admin_level=coverage["admin_level"].map(lambda c: code("admin_level", c) or "—"))
    heatmap(coverage, row, t("coverage").format(labels[rows_by]))


def heatmap(coverage: pd.DataFrame, row: str, title: str) -> None:
    """Documents per row (agency, province or admin level) and fiscal year, one panel per document
    type; every year from the first to the last is a column, a cell without documents is blank."""
    summed = coverage.groupby([row, "fiscal_year", "doc_type"], as_index=False)["documents"].sum()
    types = tuple((c, code("doc_type", c)) for c in DOC_TYPES if c in set(summed["doc_type"]))
    years = summed["fiscal_year"].max() - summed["fiscal_year"].min() + 1
    drawn = summed.assign(type_name=summed["doc_type"].map(dict(types)))
    charts.show(drawn, charts.heatmap(drawn, row, types, title, t("documents_n"), ROW_PX),
                t("coverage_alt").format(summed[row].nunique(), years))  # fmt: skip
    table(summed.sort_values([row, "fiscal_year", "doc_type"]), key="coverage")


DOC_TYPES = ("project_targets", "department_targets", "project_selfeval", "department_selfeval")


run_page("overview", body)
