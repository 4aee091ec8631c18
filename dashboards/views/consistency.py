from pathlib import Path

import plotly.express as px
import streamlit as st

from dashboards import queries
from dashboards.i18n import labelled, t
from dashboards.ui import pick, plain, run_page
from jixiao import checks


def body(v: tuple) -> None:
    findings = queries.findings(v)
    if findings.empty:
        st.info(t("nothing"))
    else:
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
            labelled(shown[["file_name", "rule_id", "severity", "message", "line_start"]]),
            width="stretch",
            hide_index=True,
        )
    data_docs()


@st.cache_data(show_spinner=False, max_entries=4)
def _zipped(site: str, written_ns: int, max_bytes: int) -> tuple[bytes | None, int]:
    """The site zipped, once per `jixiao check` (its index is rewritten by each)."""
    return checks.data_docs_zip(Path(site), max_bytes)


def data_docs() -> None:
    """The Data Docs of the warehouse served (checks.gx_root decides where they are), as a zip to
    download. Not shown inline: the index's links are relative (they do not resolve in an
    iframe's srcdoc) and its styles and scripts come from CDNs (the dashboard makes no outside
    requests)."""
    st.subheader(t("data_docs"))
    db = queries.db_path()
    site = checks.data_docs_site(db)
    index = site / "index.html"
    if not index.is_file():
        st.info(t("data_docs_none").format(plain(site)))
        return
    st.caption(t("data_docs_path"))
    st.code(str(index), language=None)
    cap = checks.data_docs_max_bytes()
    archive, size = _zipped(str(site), index.stat().st_mtime_ns, cap)
    if archive is None:
        st.warning(t("data_docs_too_big").format(size / 2**20, cap / 2**20))
        return
    st.download_button(
        t("data_docs_download"),
        archive,
        file_name=f"{db.name}-data-docs.zip",
        mime="application/zip",
        on_click="ignore",
    )
    st.caption(t("data_docs_unzip"))


run_page("consistency", body)
