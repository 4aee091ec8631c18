from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboards import queries, state
from dashboards.i18n import lang, t
from dashboards.ui import plain, run_page, table

PAGE_LINES = 200  # lines of a document's text shown at a time


def body(v: tuple) -> None:
    documents = queries.documents(v)
    search = state.text("q", t("search_documents"), key="documents_search")
    if search.strip():
        needle = search.strip().lower()
        haystack = documents[["file_name", "agency_name", "title_raw"]].fillna("").agg(" ".join, axis=1).str.lower()
        documents = documents[haystack.str.contains(needle, regex=False)]
    st.subheader(t("doc_list"))
    if documents.empty:
        st.info(t("nothing"))
        return
    event = table(documents, key="documents", hide=("document_key", "agency_key"), select=True)
    rows = event.selection.rows if event and event.selection else []
    if rows:
        state.set_param("doc", documents.iloc[rows[0]]["document_key"])
        state.set_param("line", None)
    chosen = documents[documents["document_key"] == state.param("doc")]
    doc = chosen.iloc[0] if len(chosen) else documents.iloc[0]
    state.keep("doc", doc["document_key"])
    st.subheader(f"{t('doc_text')}：{plain(doc['file_name'])}")
    links(doc)
    text = queries.document_text(v, doc["document_key"])
    if not text:
        st.info(t("nothing"))
        return
    lines = text.split("\n")
    pages = (len(lines) - 1) // PAGE_LINES + 1
    line = _number(state.param("line"))
    if line is not None and 1 <= line <= len(lines):  # a link to a line opens its page
        st.session_state["text_page"] = (line - 1) // PAGE_LINES + 1
        state.keep("line", str(line))
    page = state.number("page", t("text_page").format(PAGE_LINES), key="text_page", low=1, high=pages)
    first = (int(page) - 1) * PAGE_LINES + 1
    last = min(first + PAGE_LINES - 1, len(lines))
    st.caption(t("lines_of").format(first, last, len(lines)))
    numbered = [
        f"{'▶' if no == line else ' '} {no:5d}  {lines[no - 1].replace(chr(9), '⇥ ')}" for no in range(first, last + 1)
    ]
    st.code("\n".join(numbered), language=None)


def links(doc) -> None:  # type: ignore[no-untyped-def]
    """Links to the document's review flags (the queue of its agency and year) and findings."""
    language = {"lang": "en"} if lang() == "en" else {}
    said = []
    if doc["flags"]:
        year = {"year": int(doc["fiscal_year"])} if pd.notna(doc["fiscal_year"]) else {}
        query = {"agency": doc["agency_key"], **year}
        said.append(f"[{t('open_flags')} ({int(doc['flags'])})](review?{urlencode({**query, **language})})")
    if doc["findings"]:
        query = {"doc": doc["document_key"], **language}
        said.append(f"[{t('open_findings')} ({int(doc['findings'])})](consistency?{urlencode(query)})")
    if said:
        st.markdown(" · ".join(said))


def _number(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


run_page("documents", body)
