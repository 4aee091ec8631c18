import streamlit as st

from dashboards import queries
from dashboards.i18n import labelled, t
from dashboards.ui import plain, run_page


def body(v: tuple) -> None:
    documents = queries.documents(v)
    st.subheader(t("doc_list"))
    event = st.dataframe(
        labelled(documents.drop(columns=["document_key"])),
        width="stretch",
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="documents",
    )
    rows = event.selection.rows if event and event.selection else []
    chosen = documents.iloc[rows[0]] if rows else documents.iloc[0]
    st.subheader(f"{t('doc_text')}：{plain(chosen['file_name'])}")
    text = queries.document_text(v, chosen["document_key"])
    numbered = [f"{no:5d}  {line.replace(chr(9), '⇥ ')}" for no, line in enumerate(text.split("\n"), start=1)]
    st.code("\n".join(numbered) if text else t("nothing"), language=None)


run_page("documents", body)
