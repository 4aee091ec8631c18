import duckdb
import streamlit as st

from dashboards import queries
from dashboards.i18n import t
from dashboards.ui import run_page
from jixiao.warehouse import QueryTimeout, error_line

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
    example = st.selectbox(t("examples"), list(EXAMPLES))
    sql = st.text_area("SQL", value=EXAMPLES[example], height=160, key=f"sql_{example}")
    if st.button(t("run"), type="primary"):
        try:
            result = queries.run_sql(sql)
        except (duckdb.Error, QueryTimeout) as exc:
            st.error(t("sql_error"))
            st.code(error_line(exc), language=None)  # as text: an error quotes the query, never markup
            return
        st.dataframe(result, width="stretch", hide_index=True)
        st.caption(f"{len(result)} {t('rows')}")
        if result.attrs.get("truncated"):
            st.warning(result.attrs["truncated"])
        st.download_button(t("download"), result.to_csv(index=False).encode("utf-8-sig"), "jixiao.csv", "text/csv")


run_page("sql", body)
