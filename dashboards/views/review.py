import json

import streamlit as st

from dashboards import queries
from dashboards.i18n import labelled, t
from dashboards.ui import pick, plain, run_page


def body(v: tuple) -> None:
    filters = queries.review_filters(v)
    agencies = queries.agencies(v)
    cols = st.columns(4)
    rules = {r["rule_id"]: pick(r["rule_name_zh"], r["rule_name_en"]) for r in filters["rules"]}
    rule_id = cols[0].selectbox(t("rule"), [None, *rules], format_func=lambda r: t("all") if r is None else rules[r])
    severity = cols[1].selectbox(t("severity"), [1, 2, 3], format_func=lambda s: f"≥ {s}")
    agency_name = cols[2].selectbox(
        t("pick_agency"), [None, *agencies["agency_name"]], format_func=lambda a: t("all") if a is None else a
    )
    year = cols[3].selectbox(
        t("year"), [None, *filters["years"]], format_func=lambda y: t("all") if y is None else str(y)
    )
    agency_key = (
        None if agency_name is None else agencies.loc[agencies["agency_name"] == agency_name, "agency_key"].iloc[0]
    )
    queue = queries.review_queue(v, rule_id, severity, agency_key, year)
    st.subheader(t("queue"))
    if queue.empty:
        st.info(t("nothing"))
        return
    shown = queue.drop(
        columns=["review_subject_key", "document_key", "rules_en" if pick("zh", "en") == "zh" else "rules_zh"]
    )
    st.caption(t("pick_row"))
    event = st.dataframe(
        labelled(shown), width="stretch", hide_index=True, on_select="rerun", selection_mode="single-row", key="queue"
    )
    rows = event.selection.rows if event and event.selection else []
    if not rows:
        return
    item = queue.iloc[rows[0]]
    st.subheader(f"{t('flags_of')}：{plain(item['title'])}")
    flags = queries.flags_of(v, item["review_subject_key"])
    lines: set[int] = set()
    for flag in flags.itertuples():
        st.markdown(
            f"**{'★' * int(flag.severity)} {plain(pick(flag.rule_name_zh, flag.rule_name_en))}** — "
            f"{plain(pick(flag.message_zh, flag.message_en))} （{flag.line_start}–{flag.line_end}）"
        )
        st.json(json.loads(flag.evidence), expanded=False)
        lines.update(range(int(flag.line_start), int(flag.line_end) + 1))
    show_source(queries.document_text(v, item["document_key"]), lines)


def show_source(text: str, lines: set[int]) -> None:
    st.subheader(t("source_text"))
    if not text:
        st.info(t("nothing"))
        return
    numbered = text.split("\n")
    first = max(min(lines, default=1) - 5, 1)
    last = min(max(lines, default=1) + 5, len(numbered))
    marked = [
        f"{'▶' if no in lines else ' '} {no:5d}  {numbered[no - 1].replace(chr(9), '⇥ ')}"
        for no in range(first, last + 1)
    ]
    st.code("\n".join(marked), language=None)


run_page("review", body)
