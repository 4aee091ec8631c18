"""jixiao dashboard: `jixiao dashboard` starts it; pages live in dashboards/views (UI only)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboards.i18n import language_switch, t

HERE = Path(__file__).parent

st.set_page_config(page_title="jixiao 绩效", layout="wide")
language_switch()
pages = [
    st.Page(HERE / "views" / "overview.py", title=t("overview"), url_path="overview", default=True),
    st.Page(HERE / "views" / "agency.py", title=t("agency"), url_path="agency"),
    st.Page(HERE / "views" / "indicators.py", title=t("indicators"), url_path="indicators"),
    st.Page(HERE / "views" / "review.py", title=t("review"), url_path="review"),
    st.Page(HERE / "views" / "consistency.py", title=t("consistency"), url_path="consistency"),
    st.Page(HERE / "views" / "sql.py", title=t("sql"), url_path="sql"),
    st.Page(HERE / "views" / "documents.py", title=t("documents"), url_path="documents"),
]
st.navigation(pages).run()
