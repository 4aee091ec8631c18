import pandas as pd
import streamlit as st

from dashboards import charts, queries, state
from dashboards.i18n import t
from dashboards.ui import peer_scope, run_page, table

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
    drawn = peers.assign(marked=peers["agency_key"] == marked)
    own = drawn[drawn["marked"]]
    name = own["agency_name"].iloc[0] if len(own) else None
    spec = charts.peers_box(drawn, f"{t('peer_distribution')} · {unit or NO_UNIT}", t("fiscal_year"),
                            f"{t('value')}（{unit or NO_UNIT}）", t("peers"), name)  # fmt: skip
    alt = t("chart_alt_box").format(len(drawn) - len(own), peers["fiscal_year"].nunique(), len(own))
    charts.show(drawn[["fiscal_year", "value_number", "marked", "project_or_goal", "target_raw"]], spec, alt)


run_page("indicators", body)
