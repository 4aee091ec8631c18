import html
import json
from urllib.parse import urlencode

import streamlit as st

from dashboards import queries, snippets, state
from dashboards.i18n import code, lang, t
from dashboards.ui import SEVERITY_BACKGROUNDS, downloads, localised, pick, plain, run_page, table


def body(v: tuple) -> None:
    filters = queries.review_filters(v)
    agencies = queries.agencies(v)
    names = dict(zip(agencies["agency_key"], agencies["agency_name"]))
    cols = st.columns(4)
    rules = {r["rule_id"]: pick(r["rule_name_zh"], r["rule_name_en"]) for r in filters["rules"]}
    with cols[0]:
        rule_id = state.choice("rule", st.selectbox, t("rule"), [None, *rules], key="review_rule",
                               format_func=lambda r: t("all") if r is None else rules[r])  # fmt: skip
    with cols[1]:
        severity = state.choice("severity", st.selectbox, t("severity"), [1, 2, 3], key="review_severity",
                                format_func=lambda s: f"≥ {code('severity', s)}")  # fmt: skip
    with cols[2]:
        agency_key = state.choice("agency", st.selectbox, t("pick_agency"), [None, *names], key="review_agency",
                                  format_func=lambda a: t("all") if a is None else names[a])  # fmt: skip
    with cols[3]:
        year = state.choice("year", st.selectbox, t("year"), [None, *filters["years"]], key="review_year",
                            format_func=lambda y: t("all") if y is None else str(y))  # fmt: skip
    hide_dismissed = state.flag("hide", t("hide_dismissed"), key="hide_dismissed")
    grid = keep_selection_unless_changed((v, rule_id, severity, agency_key, year), hide_dismissed)
    decided = queries.decisions_in_force()
    dismissed = {key for key, d in decided.items() if d.decision == "dismissed"}
    shown = st.session_state.get(f"{grid}_rows", queries.QUEUE_ROWS)  # "show more" adds rows, until filters change
    queue = queries.review_queue(v, rule_id, severity, agency_key, year, shown)
    total = queries.review_queue_size(v, rule_id, severity, agency_key, year)
    if hide_dismissed:  # an item whose every flag was dismissed leaves the queue
        queue = queries.without_dismissed(v, queue, dismissed)
    st.subheader(t("queue"))
    if queue.empty:
        st.info(t("nothing"))
        return
    st.caption(t("pick_row"))
    event = table(queue, key=grid, hide=("review_subject_key", "document_key"), select=True)
    if total > shown:
        st.caption(t("queue_first").format(f"{shown:,}", f"{total:,}"))
        if st.button(t("show_more").format(f"{min(queries.QUEUE_ROWS, total - shown):,}"), key=f"{grid}_more"):
            st.session_state[f"{grid}_rows"] = shown + queries.QUEUE_ROWS
            st.rerun()
    rows = event.selection.rows if event and event.selection else []
    if rows:  # the item is kept by its key, never by its row
        state.set_param("item", queue.iloc[rows[0]]["review_subject_key"])
    item_key = state.param("item")
    picked = queue[queue["review_subject_key"] == item_key]
    if picked.empty and item_key:  # a link's item further down the queue than the rows shown
        picked = queries.review_queue(v, rule_id, severity, agency_key, year, 1, item_key)
        if hide_dismissed:
            picked = queries.without_dismissed(v, picked, dismissed)
    if picked.empty:
        return
    item = picked.iloc[0]
    state.keep("item", item["review_subject_key"])
    st.subheader(f"{t('flags_of')}：{plain(item['title'])}")
    flags = queries.flags_of(v, item["review_subject_key"])
    if hide_dismissed:
        flags = flags[~flags["flag_key"].isin(dismissed)]
    text = queries.document_text(v, item["document_key"]).split("\n")
    if len(flags):
        st.caption(t("source_text"))
    for flag in flags.itertuples():
        colour = SEVERITY_BACKGROUNDS.get(int(flag.severity), "#e6e6e6")
        badge = code("severity", int(flag.severity))
        rule, message = pick(flag.rule_name_zh, flag.rule_name_en), pick(flag.message_zh, flag.message_en)
        st.html(
            f'<span class="jixiao-flag" style="background:{colour};padding:1px 8px;border-radius:4px">{badge}</span> '
            f"<b>{html.escape(rule)}</b> — {html.escape(message)} （{flag.line_start}–{flag.line_end}）"
        )
        if isinstance(flag.source_location, str) and flag.source_location:
            st.caption(plain(t("location").format(flag.source_location)))
        if flag.flag_key in decided:
            made = decided[flag.flag_key]
            said = t("decided").format(code("decision", made.decision), made.reviewer, made.decided_at[:10])
            st.caption(plain(said + (f"：{made.note}" if made.note else "")))
        show_evidence(flag.evidence)
        show_snippet(text, int(flag.line_start), int(flag.line_end))
        if isinstance(flag.related_document_key, str):
            show_related(v, flag)
    if len(flags):
        columns = ["severity", "rule_name_zh", "rule_name_en", "message_zh", "message_en", "line_start", "line_end",
                   "source_location", "related_file_name", "related_line_start", "evidence"]  # fmt: skip
        downloads(localised(flags[columns]), "flags")
        decision_form(flags)
    show_lineage(queries.lineage_of(v, item["review_subject_key"]))


def keep_selection_unless_changed(filters: tuple, hide_dismissed: bool) -> str:
    """The key of the queue's grid. A selection belongs to the filters it was made under (and to
    the warehouse version): when they change, the selected item is cleared, so that it never
    jumps to whatever row takes its place, and the grid is a new one (a grid keeps showing the
    row it had selected). Hiding dismissed flags keeps the item (by its key) but renews the grid,
    whose row may now hold another item. A link's item (``?item=``) stands on the first run."""
    before = st.session_state.get("review_filters")
    generation = st.session_state.get("queue_generation", 0)
    if before is not None and before != (filters, hide_dismissed):
        generation += 1
        if before[0] != filters:
            state.set_param("item", None)
    st.session_state["review_filters"] = (filters, hide_dismissed)
    st.session_state["queue_generation"] = generation
    return f"queue_{generation}"


def show_evidence(evidence: str) -> None:
    """A flag's figures as a small table of name and value."""
    try:
        figures = json.loads(evidence) if evidence else {}
    except ValueError:
        figures = {"evidence": evidence}
    if not isinstance(figures, dict) or not figures:
        return
    rows = [
        {t("figure"): name, t("figure_value"): _figure(value)} for name, value in figures.items() if value is not None
    ]
    st.dataframe(rows, hide_index=True)


def _figure(value: object) -> str:
    """A figure of the evidence in words: a list of records as "name: value, …; …"."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "；".join(_figure(v) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{k}: {_figure(v)}" for k, v in value.items() if v is not None)
    return json.dumps(value, ensure_ascii=False)


def show_snippet(text: list[str], start: int, end: int) -> None:
    """The flag's own lines with a few lines around them, as a grid of cells, the flag's marked."""
    grid = snippets.grid(text, start, end)
    if grid:
        st.html(grid)


def show_related(v: tuple, flag) -> None:  # type: ignore[no-untyped-def]
    """The document the flag compares with (last year's, or the year's target table): its lines as
    a grid, and a link that opens it at that line on the documents page."""
    line = int(flag.related_line_start) if flag.related_line_start == flag.related_line_start else 0
    said = t("related").format(flag.related_file_name, line or "—")
    query = {"doc": flag.related_document_key, **({"line": line} if line else {}),
             **({"lang": "en"} if lang() == "en" else {})}  # fmt: skip
    st.markdown(f"{plain(said)} · [{t('open_related')}](documents?{urlencode(query)})")
    if line:
        other = queries.document_text(v, flag.related_document_key).split("\n")
        end = int(flag.related_line_end) if flag.related_line_end == flag.related_line_end else line
        show_snippet(other, line, end)


def decision_form(flags) -> None:  # type: ignore[no-untyped-def]
    """Confirm, dismiss or note one of the item's flags; kept in the decisions store, so a rebuild
    keeps it."""
    messages = dict(zip(flags["flag_key"], (pick(z, e) for z, e in zip(flags["message_zh"], flags["message_en"]))))
    with st.form("decision", clear_on_submit=False):
        st.subheader(t("decide"))
        key = st.selectbox(t("decide_on"), list(messages), format_func=lambda k: messages[k][:80])
        decision = st.radio(t("decision"), ["confirmed", "dismissed", "noted"], key="decision_choice",
                            format_func=lambda d: code("decision", d), horizontal=True)  # fmt: skip
        reviewer = st.text_input(t("reviewer"), key="reviewer")
        note = st.text_area(t("note"))
        if st.form_submit_button(t("save")):
            if not reviewer.strip():
                st.warning(t("need_reviewer"))
                return
            made = queries.decide(key, decision, reviewer, note)
            st.success(
                plain(t("saved").format(f"{code('decision', made.decision)} · {made.reviewer} · {made.decided_at}"))
            )


def show_lineage(lineage) -> None:  # type: ignore[no-untyped-def]
    """For a self-evaluation: each indicator beside the target its year's target table published."""
    if lineage.empty:
        return
    st.subheader(t("lineage"))
    table(lineage, key="lineage")


run_page("review", body)
