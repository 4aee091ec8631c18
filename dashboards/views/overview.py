import plotly.express as px
import streamlit as st

from dashboards import queries
from dashboards.i18n import t
from dashboards.ui import run_page


def body(v: tuple) -> None:
    numbers = queries.overview(v)
    cols = st.columns(4)
    cols[0].metric(t("documents_n"), int(numbers["documents"]))
    cols[1].metric(t("agencies_n"), int(numbers["agencies"]))
    cols[2].metric(t("years_n"), int(numbers["years"]))
    cols[3].metric(t("projects_n"), int(numbers["projects"]))
    cols = st.columns(4)
    cols[0].metric(t("budget_total"), f"{numbers['budget_total_wan']:,.2f}")
    cols[1].metric(t("indicators_n"), int(numbers["indicators"]))
    cols[2].metric(t("findings_n"), int(numbers["findings"]))
    cols[3].metric(t("flags_n"), int(numbers["flags"]))
    st.subheader(t("coverage"))
    coverage = queries.coverage(v)
    coverage["doc_type"] = coverage["doc_type"].map(t)
    coverage["fiscal_year"] = coverage["fiscal_year"].astype(str)
    figure = px.density_heatmap(
        coverage,
        x="fiscal_year",
        y="agency_name",
        z="documents",
        facet_col="doc_type",
        text_auto=True,
        labels={
            "fiscal_year": t("fiscal_year"),
            "agency_name": t("agencies_n"),
            "documents": t("documents_n"),
            "doc_type": t("doc_type"),
        },
    )
    figure.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
    st.plotly_chart(figure, width="stretch")


run_page("overview", body)
