import plotly.express as px
import streamlit as st

from dashboards import queries
from dashboards.i18n import labelled, t
from dashboards.ui import run_page


def bars_by_year(frame, value: str, part: str, title: str) -> None:  # type: ignore[no-untyped-def]
    """Stacked bars of an amount in 万元 by fiscal year, one colour per project or task."""
    st.subheader(title)
    if frame.empty:
        st.info(t("nothing"))
        return
    figure = px.bar(frame, x="fiscal_year", y=value, color=part,
                    labels={"fiscal_year": t("fiscal_year"), value: t("wan"), part: ""})  # fmt: skip
    figure.update_xaxes(type="category")
    st.plotly_chart(figure, width="stretch")


def body(v: tuple) -> None:
    agencies = queries.agencies(v)
    if agencies.empty:
        st.info(t("nothing"))
        return
    name = st.selectbox(t("pick_agency"), agencies["agency_name"].tolist())
    agency_key = agencies.loc[agencies["agency_name"] == name, "agency_key"].iloc[0]
    families = queries.families(v, agency_key)
    family_name = st.selectbox(t("pick_family"), [t("all"), *families["family_name"].tolist()])
    family_key = None
    if family_name != t("all"):
        family_key = families.loc[families["family_name"] == family_name, "project_family_key"].iloc[0]

    left, right = st.columns(2)
    with left:
        bars_by_year(queries.project_budgets(v, agency_key, family_key), "budget_total_wan", "project_name",
                     t("budget_by_year"))  # fmt: skip
    with right:
        bars_by_year(queries.task_budgets(v, agency_key), "total_wan", "task_text", t("tasks_by_year"))

    st.subheader(t("series"))
    series = queries.series(v, agency_key, family_key)
    if series.empty:
        st.info(t("nothing"))
    else:
        numeric = series.dropna(subset=["value_number"])
        if not numeric.empty:
            figure = px.line(
                numeric,
                x="fiscal_year",
                y="value_number",
                color="indicator_name",
                markers=True,
                hover_data=["target_raw", "previous_target_raw", "target_change_direction", "unit"],
                labels={"fiscal_year": t("fiscal_year"), "value_number": t("value"), "indicator_name": ""},
            )
            figure.update_xaxes(type="category")
            st.plotly_chart(figure, width="stretch")
        st.dataframe(labelled(series), width="stretch", hide_index=True)

    results = queries.results(v, agency_key)
    if not results.empty:
        st.subheader(t("target_vs_actual"))
        st.dataframe(labelled(results), width="stretch", hide_index=True)
    execution = queries.execution(v, agency_key)
    if not execution.empty:
        st.subheader(t("execution"))
        figure = px.bar(
            execution,
            x="fiscal_year",
            y="execution_rate_pct",
            text="execution_rate_raw",
            labels={"fiscal_year": t("fiscal_year"), "execution_rate_pct": "%"},
        )
        figure.update_xaxes(type="category")
        st.plotly_chart(figure, width="stretch")


run_page("agency", body)
