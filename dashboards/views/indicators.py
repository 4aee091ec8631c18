import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards import queries, state
from dashboards.i18n import t
from dashboards.ui import peer_scope, run_page, table, year_axis

NO_UNIT = "—"


def body(v: tuple) -> None:
    search = state.text("q", t("search_indicator"), key="indicator_search", default="满意度")
    names = queries.indicator_names(v, search)
    if names.empty:
        st.info(t("nothing"))
        return
    counts = {f"{r.indicator_name}｜{r.unit or NO_UNIT}": r.targets for r in names.itertuples()}
    choice = state.choice("indicator", st.selectbox, t("pick_indicator"), list(counts), key="indicator_pick",
                          format_func=lambda o: f"{o}｜{counts[o]}")  # fmt: skip
    name, unit = choice.rsplit("｜", 1)
    unit = None if unit == NO_UNIT else unit
    # every target of the same class and unit: the chosen indicator's peers
    targets = queries.indicator_targets(v, name, unit)
    agencies = dict(zip(targets["agency_key"], targets["agency_name"]))
    cols = st.columns(2)
    with cols[0]:
        options = [None, *sorted(agencies, key=agencies.get)]
        marked = state.choice("agency", st.selectbox, t("mark_agency"), options, key="indicator_agency",
                              format_func=lambda k: t("none") if k is None else agencies[k])  # fmt: skip
    with cols[1]:
        scope = peer_scope("indicator_scope")
    peers = queries.peers_of(targets, marked, scope)
    st.subheader(t("peer_distribution"))
    distribution(peers, marked, unit)
    table(peers.sort_values(["fiscal_year", "value_number"]), key="targets",
          hide=("agency_key", "admin_level", "province_name"))  # fmt: skip
    costs = queries.cost_per_unit(v, name, unit)
    if not costs.empty:
        st.subheader(t("cost_per_unit"))
        table(costs, key="costs")


def distribution(peers: pd.DataFrame, marked: str | None, unit: str | None) -> None:
    """Peers' targets as a box per fiscal year (continuous years), the marked agency's on top."""
    others = peers[peers["agency_key"] != marked]
    figure = go.Figure()
    figure.add_trace(
        go.Box(
            x=others["fiscal_year"],
            y=others["value_number"],
            name=t("peers"),
            boxpoints="outliers",
            marker_color="#7f8c8d",
            hovertext=others["agency_name"] + " · " + others["target_raw"],
        )  # fmt: skip
    )
    own = peers[peers["agency_key"] == marked]
    if len(own):
        figure.add_trace(
            go.Scatter(
                x=own["fiscal_year"],
                y=own["value_number"],
                mode="markers",
                name=own["agency_name"].iloc[0],
                marker={"symbol": "diamond", "size": 12, "color": "#c0392b"},
                hovertext=own["project_or_goal"] + " · " + own["target_raw"],
            )  # fmt: skip
        )
    years = peers["fiscal_year"]
    year_axis(figure, years)
    figure.update_xaxes(title=t("fiscal_year"))
    figure.update_yaxes(title=f"{t('value')}（{unit or NO_UNIT}）")
    figure.update_layout(title=f"{t('peer_distribution')} · {unit or NO_UNIT}")
    st.plotly_chart(figure, width="stretch")
    st.caption(t("chart_alt_box").format(len(others), years.nunique(), len(own)))


run_page("indicators", body)
