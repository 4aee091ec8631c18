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
    agencies = queries.indicator_agencies(v, name, unit)
    marks = dict(zip(agencies["agency_key"], agencies["agency_name"]))
    cols = st.columns(2)
    with cols[0]:
        marked = state.choice("agency", st.selectbox, t("mark_agency"), [None, *marks], key="indicator_agency",
                              format_func=lambda k: t("none") if k is None else marks[k])  # fmt: skip
    with cols[1]:
        scope = peer_scope("indicator_scope")
    stats = queries.indicator_peer_stats(v, name, unit, marked, scope)
    targets = queries.indicator_targets(v, name, unit, marked, scope, queries.TARGET_ROWS)
    st.subheader(t("peer_distribution"))
    distribution(stats, targets[targets["marked"]], marks.get(marked), unit)
    peers = targets.merge(stats[["fiscal_year", "peer_median"]], on="fiscal_year", how="left")
    table(peers, key="targets", hide=("agency_key", "marked"))
    listed, total = int((~targets["marked"]).sum()), int(stats["peer_n"].sum())
    if total > listed:
        st.caption(t("targets_first").format(f"{listed:,}", f"{total:,}"))
    costs = queries.cost_per_unit(v, name, unit)
    if not costs.empty:
        st.subheader(t("cost_per_unit"))
        table(costs, key="costs")


def distribution(stats: pd.DataFrame, own: pd.DataFrame, agency: str | None, unit: str | None) -> None:
    """Peers' targets as a box per fiscal year (continuous years), the marked agency's on top."""
    points = own[["fiscal_year", "value_number", "project_or_goal", "target_raw"]].assign(marked=True)
    drawn = pd.concat([stats.assign(marked=False), points], ignore_index=True)
    spec = charts.peers_box(drawn, f"{t('peer_distribution')} · {unit or NO_UNIT}", t("fiscal_year"),
                            f"{t('value')}（{unit or NO_UNIT}）", t("peers"), agency)  # fmt: skip
    alt = t("chart_alt_box").format(f"{int(stats['peer_n'].sum()):,}", len(stats), len(own))
    charts.show(drawn, spec, alt)


run_page("indicators", body)
