import plotly.express as px
import streamlit as st

from dashboards import queries
from dashboards.i18n import labelled, t
from dashboards.ui import pick, run_page
from jixiao.checks import data_docs_site


def body(v: tuple) -> None:
    findings = queries.findings(v)
    if findings.empty:
        st.info(t("nothing"))
        return
    st.subheader(t("findings_by_rule"))
    by_rule = queries.findings_by_rule(v)
    figure = px.bar(
        by_rule,
        x="rule_id",
        y="n",
        color="severity",
        labels={"rule_id": t("rule"), "n": t("findings_n"), "severity": t("severity")},
    )
    st.plotly_chart(figure, width="stretch")
    st.subheader(t("findings"))
    shown = findings.assign(message=findings["message_zh"] if pick("zh", "en") == "zh" else findings["message_en"])
    st.dataframe(
        labelled(shown[["file_name", "rule_id", "severity", "message", "line_start"]]), width="stretch", hide_index=True
    )
    docs = data_docs_site(queries.db_path()) / "index.html"
    st.markdown(f"{t('data_docs')}: `{docs}`")


run_page("consistency", body)
