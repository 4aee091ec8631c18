import plotly.express as px
import streamlit as st

from dashboards import queries
from dashboards.i18n import labelled, t
from dashboards.ui import run_page


def body(v: tuple) -> None:
    search = st.text_input(t("search_indicator"), value="满意度")
    names = queries.indicator_names(v, search)
    if names.empty:
        st.info(t("nothing"))
        return
    options = [f"{r.indicator_name}｜{r.unit or '—'}｜{r.targets}" for r in names.itertuples()]
    choice = st.selectbox(t("pick_indicator"), range(len(options)), format_func=lambda i: options[i])
    name = names.iloc[choice]["indicator_name"]
    unit = names.iloc[choice]["unit"] if isinstance(names.iloc[choice]["unit"], str) else None
    # every target of the same canonical class and unit, the chosen indicator highlighted
    targets = queries.indicator_targets(v, name, unit)
    st.subheader(t("distribution"))
    targets["highlight"] = targets["indicator_name"].where(targets["indicator_name"] == name, t("all"))
    figure = px.strip(
        targets,
        x="value_number",
        y="agency_name",
        color="highlight",
        hover_data=["indicator_name", "project_or_goal", "fiscal_year", "target_raw"],
        labels={"value_number": f"{t('value')}（{unit or ''}）", "agency_name": "", "highlight": ""},
    )
    st.plotly_chart(figure, width="stretch")
    st.dataframe(labelled(targets.drop(columns=["highlight"])), width="stretch", hide_index=True)
    costs = queries.cost_per_unit(v, name)
    if not costs.empty:
        st.subheader(t("cost_per_unit"))
        st.dataframe(labelled(costs), width="stretch", hide_index=True)


run_page("indicators", body)
