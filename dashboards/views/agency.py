import pandas as pd
import plotly.express as px
import streamlit as st

from dashboards import queries
from dashboards.i18n import labelled, t
from dashboards.ui import run_page


def year_axis(figure, years) -> None:  # type: ignore[no-untyped-def]
    """Years in order on a continuous axis, one tick a year: a year without documents is a gap."""
    first, last = int(min(years)), int(max(years))
    figure.update_xaxes(type="linear", dtick=1, tickformat="d", range=[first - 0.5, last + 0.5])


def bars_by_year(frame, value: str, part: str, title: str) -> None:  # type: ignore[no-untyped-def]
    """Stacked bars of an amount in 万元 by fiscal year, one colour per project family or task
    (amounts of one year add up: they are parts of that year's budget)."""
    st.subheader(title)
    if frame.empty:
        st.info(t("nothing"))
        return
    figure = px.bar(frame, x="fiscal_year", y=value, color=part,
                    labels={"fiscal_year": t("fiscal_year"), value: t("wan"), part: ""})  # fmt: skip
    year_axis(figure, frame["fiscal_year"])
    st.plotly_chart(figure, width="stretch")


def series_lines(series: pd.DataFrame) -> None:
    """One line per indicator series (never two projects' same-named indicators joined), in small
    multiples per unit so that no unit flattens another; a year without a target breaks the line."""
    numeric = series.dropna(subset=["value_number"]).copy()
    if numeric.empty:
        return
    numeric["unit"] = numeric["unit"].fillna("—")
    repeated = numeric.groupby("indicator_name")["series_key"].transform("nunique") > 1
    numeric["series"] = numeric["indicator_name"].where(
        ~repeated, numeric["indicator_name"] + "（" + numeric["family_name"].fillna("—") + "）"
    )
    years = range(int(numeric["fiscal_year"].min()), int(numeric["fiscal_year"].max()) + 1)
    keys = numeric[["series_key", "series", "unit"]].drop_duplicates("series_key")
    grid = keys.merge(pd.DataFrame({"fiscal_year": list(years)}), how="cross")
    laid = grid.merge(
        numeric[["series_key", "fiscal_year", "value_number", "target_raw"]],
        on=["series_key", "fiscal_year"],
        how="left",
    ).sort_values(["series_key", "fiscal_year"])
    figure = px.line(
        laid,
        x="fiscal_year",
        y="value_number",
        color="series",
        line_group="series_key",
        facet_col="unit",
        facet_col_wrap=2,
        markers=True,
        hover_data=["target_raw"],
        labels={"fiscal_year": t("fiscal_year"), "value_number": t("value"), "series": "", "unit": t("unit")},
    )
    figure.update_yaxes(matches=None, showticklabels=True)
    year_axis(figure, laid["fiscal_year"])
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
        bars_by_year(queries.project_budgets(v, agency_key, family_key), "budget_total_wan", "family_name",
                     t("budget_by_year"))  # fmt: skip
    with right:
        bars_by_year(queries.task_budgets(v, agency_key), "total_wan", "task_text", t("tasks_by_year"))

    st.subheader(t("series"))
    series = queries.series(v, agency_key, family_key)
    if series.empty:
        st.info(t("nothing"))
    else:
        series_lines(series)
        st.dataframe(labelled(series.drop(columns=["series_key"])), width="stretch", hide_index=True)

    results = queries.results(v, agency_key)
    if not results.empty:
        st.subheader(t("target_vs_actual"))
        st.dataframe(labelled(results), width="stretch", hide_index=True)
    execution = queries.execution(v, agency_key)
    if not execution.empty:
        st.subheader(t("execution"))
        # one bar per self-evaluation: rates of different documents are never added up
        figure = px.bar(
            execution,
            x="fiscal_year",
            y="execution_rate_pct",
            color="evaluated",
            barmode="group",
            text="execution_rate_raw",
            labels={"fiscal_year": t("fiscal_year"), "execution_rate_pct": "%", "evaluated": ""},
        )
        year_axis(figure, execution["fiscal_year"])
        st.plotly_chart(figure, width="stretch")


run_page("agency", body)
