import plotly.express as px
import streamlit as st

from dashboards import queries, state
from dashboards.i18n import code, lang, t
from dashboards.ui import SEVERITY_COLOURS, run_page, table
from jixiao.checks import gx_root


def body(v: tuple) -> None:
    findings = queries.findings(v)
    if findings.empty:
        st.info(t("nothing"))
        return
    files = dict(zip(findings["document_key"], findings["file_name"]))
    document = state.choice("doc", st.selectbox, t("doc_filter"), [None, *sorted(files, key=files.get)],
                            key="findings_doc", format_func=lambda k: t("all") if k is None else files[k])  # fmt: skip
    if document is not None:
        findings = findings[findings["document_key"] == document]
    st.subheader(t("findings_by_rule"))
    rule = "rule_name_en" if lang() == "en" else "rule_name_zh"
    by_rule = findings.groupby([rule, "severity"], as_index=False).size().rename(columns={"size": "n"})
    by_rule["severity_text"] = by_rule["severity"].map(lambda s: code("severity", s))
    figure = px.bar(
        by_rule,
        x=rule,
        y="n",
        color="severity_text",
        color_discrete_map={code("severity", s): SEVERITY_COLOURS[s] for s in ("error", "warning")},
        title=t("findings_by_rule"),
        labels={rule: t("rule"), "n": t("findings_n"), "severity_text": t("severity")},
    )
    st.plotly_chart(figure, width="stretch")
    st.subheader(t("findings"))
    columns = ["file_name", "rule_name_zh", "rule_name_en", "severity", "message_zh", "message_en", "line_start"]
    table(findings[[*columns, "document_key"]],
          key="findings", hide=("document_key",))  # fmt: skip
    docs = gx_root() / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    st.markdown(f"{t('data_docs')}: `{docs}`")


run_page("consistency", body)
