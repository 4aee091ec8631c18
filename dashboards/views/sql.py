import duckdb
import pandas as pd
import streamlit as st

from dashboards import queries, state
from dashboards.i18n import t
from dashboards.ui import run_page, table
from jixiao.warehouse import QueryTimeout, error_line

MINE = "mine"  # the option under which the user's own SQL is kept
EXAMPLES = {
    "审核队列 Review queue": "select review_rank, title, budget_wan, n_flags, round(risk_score, 1) as risk, rules_zh\n"
    "from rpt_review_queue order by review_rank limit 20",
    "目标下调 Lowered targets": "select indicator_name, previous_fiscal_year, previous_target_raw,\n"
    "    fiscal_year, target_raw\n"
    "from rpt_indicator_year_over_year where target_change_direction = 'lowered'",
    "项目预算 Project budgets": "select p.project_name, p.fiscal_year, b.budget_total_wan\n"
    "from fct_project_budgets b join dim_projects p using (project_key) order by 3 desc",
}


def body(v: tuple) -> None:
    st.caption(t("sql_help").format(queries.ROW_CAP, queries.QUERY_SECONDS))
    editor, schema = st.columns([3, 2])
    with schema:
        schema_browser(v)
    with editor:
        sql = query_editor()
        run = st.button(t("run"), type="primary")
    if run:
        with st.spinner(t("running")):
            try:
                result = queries.run_sql(sql)
            except (duckdb.Error, QueryTimeout) as exc:
                st.session_state["sql_result"] = (sql, exc)
            else:
                st.session_state["sql_result"] = (sql, result)
    ran = st.session_state.get("sql_result")
    if ran is None or ran[0] != sql:  # a result belongs to the query that gave it
        return
    result = ran[1]
    if isinstance(result, Exception):
        st.error(t("sql_error"))
        st.code(error_line(result), language=None)  # as text: an error quotes the query, never markup
        return
    if result.attrs.get("truncated"):
        st.warning(t("truncated_rows").format(len(result), result.attrs["truncated"]))
    st.caption(f"{len(result):,} {t('rows')}")
    table(result, key="sql", raw=True)
    if result.attrs.get("truncated"):
        megabytes = queries.FULL_RESULT_BYTES // 1_000_000
        st.download_button(t("download_full").format(megabytes), data=lambda: queries.full_result_csv(sql),
                           file_name="jixiao_full.csv", mime="text/csv", on_click="ignore", key="sql_full")  # fmt: skip


def query_editor() -> str:
    """The SQL box: an example fills it; what the user typed is kept under the option it was typed
    for ("my query", or an edited example), for the session, so choosing another example never
    throws typed SQL away. The query is in the address (``?q=``): a link opens it as "my query"."""
    drafts = st.session_state.setdefault("sql_drafts", {})
    if "sql_text" not in st.session_state:  # a new session, or back from another page
        linked = st.query_params.get("q")
        choice = st.session_state.get("sql_last_choice", next(iter(EXAMPLES)))
        if linked and linked != drafts.get(choice, EXAMPLES.get(choice)):
            drafts[MINE], choice = linked, MINE
        st.session_state["sql_choice"] = choice
        st.session_state["sql_text"] = drafts.get(choice, EXAMPLES.get(choice, ""))

    def switch() -> None:  # the box now shows the chosen option's own text
        chosen = st.session_state["sql_choice"]
        st.session_state["sql_text"] = drafts.get(chosen, EXAMPLES.get(chosen, ""))

    choice = st.selectbox(t("examples"), [MINE, *EXAMPLES], key="sql_choice", on_change=switch,
                          format_func=lambda o: t("my_query") if o == MINE else o)  # fmt: skip
    sql = st.text_area("SQL", height=180, key="sql_text")
    drafts[choice] = sql
    st.session_state["sql_last_choice"] = choice
    state.keep("q", sql, sql or None)
    return sql


def schema_browser(v: tuple) -> None:
    """The public tables, their columns and types, and what the dbt docs say of each."""
    columns = queries.schema(v)
    with st.expander(t("schema"), expanded=False):
        st.caption(t("schema_help"))
        tables = columns.drop_duplicates("table_name")
        notes = dict(zip(tables["table_name"], tables["table_comment"]))
        name = st.selectbox(t("schema"), list(notes), key="schema_table", label_visibility="collapsed")
        if isinstance(notes.get(name), str):
            st.caption(notes[name])
        shown = columns[columns["table_name"] == name][["column_name", "data_type", "description"]]
        st.dataframe(pd.DataFrame(shown).fillna(""), hide_index=True, width="stretch", key="schema_columns")


run_page("sql", body)
