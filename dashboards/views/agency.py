import pandas as pd
import streamlit as st

from dashboards import charts, queries, state
from dashboards.i18n import money_factor, t
from dashboards.ui import peer_scope, run_page, table


def bars_by_year(frame, value: str, part: str, title: str) -> None:  # type: ignore[no-untyped-def]
    """Stacked bars of an amount in 万元 by fiscal year, one colour per project family or task
    (amounts of one year add up: they are parts of that year's budget)."""
    divisor, unit = money_factor()
    title = title.replace("万元", unit)
    if frame.empty:
        st.subheader(title)
        st.info(t("nothing"))
        return
    frame = frame.assign(**{value: frame[value] / divisor})
    totals = frame.groupby("fiscal_year")[value].sum()
    alt = t("chart_alt_bars").format(len(totals), frame[part].nunique(), f"{totals.max():,.2f} {unit}")
    charts.show(frame, charts.stacked_bars(frame, value, part, title, t("fiscal_year"), unit), alt)


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
    alt = t("chart_alt_lines").format(keys["series_key"].nunique(), keys["unit"].nunique(), years[0], years[-1])
    charts.show(laid, charts.lines_per_unit(laid, t("series"), t("fiscal_year"), t("value"), t("unit")), alt)


def body(v: tuple) -> None:
    agencies = queries.agencies(v)
    if agencies.empty:
        st.info(t("nothing"))
        return
    names = dict(zip(agencies["agency_key"], agencies["agency_name"]))
    agency_key = state.choice("agency", st.selectbox, t("pick_agency"), list(names), key="agency_pick",
                              format_func=names.get)  # fmt: skip
    families = queries.families(v, agency_key)
    family_names = dict(zip(families["project_family_key"], families["family_name"]))
    family_key = state.choice("family", st.selectbox, t("pick_family"), [None, *family_names], key="family_pick",
                              format_func=lambda k: t("all") if k is None else family_names[k])  # fmt: skip
    scope = peer_scope("peer_scope")

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
        peers = queries.peer_medians(v, agency_key, scope)
        table(series.merge(peers, on="indicator_target_key", how="left"), key="series",
              hide=("series_key", "indicator_target_key"))  # fmt: skip

    results = queries.results(v, agency_key)
    if not results.empty:
        st.subheader(t("target_vs_actual"))
        table(results, key="results")
    execution = queries.execution(v, agency_key)
    if not execution.empty:
        st.subheader(t("execution"))
        rates = execution["execution_rate_pct"].dropna()
        if len(rates):
            alt = t("chart_alt_rates").format(len(rates), f"{rates.min():.1f}", f"{rates.max():.1f}")
            charts.show(execution, charts.rates_side_by_side(execution, t("execution"), t("fiscal_year")), alt)
        table(execution, key="execution")


run_page("agency", body)
