from pathlib import Path

import streamlit as st

from dashboards import charts, queries, state
from dashboards.i18n import code, lang, t
from dashboards.ui import SEVERITY_COLOURS, plain, run_page, table
from jixiao import checks


def body(v: tuple) -> None:
    findings = queries.findings(v)
    if findings.empty:
        st.info(t("nothing"))
    else:
        show_findings(findings)
    data_docs()


def show_findings(findings) -> None:  # type: ignore[no-untyped-def]
    files = dict(zip(findings["document_key"], findings["file_name"]))
    document = state.choice("doc", st.selectbox, t("doc_filter"), [None, *sorted(files, key=files.get)],
                            key="findings_doc", format_func=lambda k: t("all") if k is None else files[k])  # fmt: skip
    if document is not None:
        findings = findings[findings["document_key"] == document]
    st.subheader(t("findings_by_rule"))
    rule = "rule_name_en" if lang() == "en" else "rule_name_zh"
    by_rule = findings.groupby([rule, "severity"], as_index=False).size().rename(columns={"size": "n"})
    by_rule["severity_text"] = by_rule["severity"].map(lambda s: code("severity", s))
    colours = {code("severity", s): SEVERITY_COLOURS[s] for s in ("error", "warning")}
    spec = charts.bars_by_rule(by_rule, rule, t("findings_by_rule"), t("rule"), t("findings_n"), t("severity"), colours)
    charts.show(by_rule, spec, t("chart_alt_findings").format(int(by_rule["n"].sum()), by_rule[rule].nunique()))
    st.subheader(t("findings"))
    columns = ["file_name", "rule_name_zh", "rule_name_en", "severity", "message_zh", "message_en", "line_start"]
    table(findings[[*columns, "document_key"]], key="findings", hide=("document_key",))


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
