import json

import streamlit as st

from dashboards import queries
from dashboards.i18n import labelled, t
from dashboards.ui import pick, plain, run_page

SNIPPET_CONTEXT = 3  # lines shown above and below a flag's own lines


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
    hide_dismissed = st.checkbox(t("hide_dismissed"), key="hide_dismissed")
    keep_selection_unless_changed((v, rule_id, severity, agency_key, year), hide_dismissed)
    decided = queries.decisions_in_force()
    dismissed = {key for key, d in decided.items() if d.decision == "dismissed"}
    queue = queries.review_queue(v, rule_id, severity, agency_key, year)
    if hide_dismissed:  # an item whose every flag was dismissed leaves the queue
        queue = queries.without_dismissed(v, queue, dismissed)
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
    if rows:  # the item is kept by its key, never by its row
        st.query_params["item"] = queue.iloc[rows[0]]["review_subject_key"]
    picked = queue[queue["review_subject_key"] == st.query_params.get("item")]
    if picked.empty:
        return
    item = picked.iloc[0]
    st.subheader(f"{t('flags_of')}：{plain(item['title'])}")
    flags = queries.flags_of(v, item["review_subject_key"])
    if hide_dismissed:
        flags = flags[~flags["flag_key"].isin(dismissed)]
    text = queries.document_text(v, item["document_key"]).split("\n")
    if len(flags):
        st.caption(t("source_text"))
    for flag in flags.itertuples():
        st.markdown(
            f"**{'★' * int(flag.severity)} {plain(pick(flag.rule_name_zh, flag.rule_name_en))}** — "
            f"{plain(pick(flag.message_zh, flag.message_en))} （{flag.line_start}–{flag.line_end}）"
        )
        if flag.flag_key in decided:
            made = decided[flag.flag_key]
            said = t("decided").format(t(made.decision), made.reviewer, made.decided_at[:10])
            st.caption(plain(said + (f"：{made.note}" if made.note else "")))
        show_evidence(flag.evidence)
        show_snippet(text, int(flag.line_start), int(flag.line_end))
    if len(flags):
        decision_form(flags)
    show_lineage(queries.lineage_of(v, item["review_subject_key"]))


def keep_selection_unless_changed(filters: tuple, hide_dismissed: bool) -> None:
    """A selection belongs to the filters it was made under (and to the warehouse version): when
    they change, the selected item is cleared, so that it never jumps to whatever row takes its
    place. Hiding dismissed flags keeps the item (by its key) but clears the grid's selection,
    whose row may now hold another item. A link's item (``?item=``) stands on the first run."""
    before = st.session_state.get("review_filters")
    if before is not None and before != (filters, hide_dismissed):
        st.session_state.pop("queue", None)
        if before[0] != filters:
            st.query_params.pop("item", None)
    st.session_state["review_filters"] = (filters, hide_dismissed)


def show_evidence(evidence: str) -> None:
    """A flag's figures as a small table of name and value."""
    try:
        figures = json.loads(evidence) if evidence else {}
    except ValueError:
        figures = {"evidence": evidence}
    if not isinstance(figures, dict) or not figures:
        return
    rows = [
        {
            t("figure"): name,
            t("figure_value"): value if isinstance(value, str) else json.dumps(value, ensure_ascii=False),
        }
        for name, value in figures.items()
        if value is not None
    ]
    st.dataframe(rows, hide_index=True)


def show_snippet(text: list[str], start: int, end: int) -> None:
    """The flag's own lines with SNIPPET_CONTEXT lines around them, the flag's lines marked."""
    if not text or start < 1:
        return
    first = max(start - SNIPPET_CONTEXT, 1)
    last = min(max(end, start) + SNIPPET_CONTEXT, len(text))
    marked = [
        f"{'▶' if start <= no <= end else ' '} {no:5d}  {text[no - 1].replace(chr(9), '⇥ ')}"
        for no in range(first, last + 1)
    ]
    st.code("\n".join(marked), language=None)


def decision_form(flags) -> None:  # type: ignore[no-untyped-def]
    """Confirm, dismiss or note one of the item's flags; kept in the decisions store, so a rebuild
    keeps it."""
    messages = dict(zip(flags["flag_key"], (pick(z, e) for z, e in zip(flags["message_zh"], flags["message_en"]))))
    with st.form("decision", clear_on_submit=False):
        st.subheader(t("decide"))
        key = st.selectbox(t("decide_on"), list(messages), format_func=lambda k: messages[k][:80])
        decision = st.radio(t("decision"), ["confirmed", "dismissed", "noted"], format_func=t, horizontal=True)
        reviewer = st.text_input(t("reviewer"), key="reviewer")
        note = st.text_area(t("note"))
        if st.form_submit_button(t("save")):
            if not reviewer.strip():
                st.warning(t("need_reviewer"))
                return
            made = queries.decide(key, decision, reviewer, note)
            st.success(plain(t("saved").format(f"{t(made.decision)} · {made.reviewer} · {made.decided_at}")))


def show_lineage(lineage) -> None:  # type: ignore[no-untyped-def]
    """For a self-evaluation: each indicator beside the target its year's target table published."""
    if lineage.empty:
        return
    st.subheader(t("lineage"))
    shown = (
        lineage.assign(
            status=lineage["status"].map(t),
            change_direction=lineage["change_direction"].map(lambda d: t(d) if isinstance(d, str) else None),
        )
        .astype("string")
        .fillna("")
    )
    st.dataframe(labelled(shown), width="stretch", hide_index=True)


run_page("review", body)
