"""jixiao dashboard: `jixiao dashboard` starts it; pages live in dashboards/views (UI only).

Every page has its own address (``/overview``, ``/review``, …) that holds its state; the root
address opens the overview, keeping the address's choices."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboards.i18n import t
from dashboards.queries import one_connection

HERE = Path(__file__).parent

st.set_page_config(page_title="jixiao 绩效", layout="wide")
pages = [
    st.Page(HERE / "views" / "overview.py", title=t("overview"), url_path="overview"),
    st.Page(HERE / "views" / "agency.py", title=t("agency"), url_path="agency"),
    st.Page(HERE / "views" / "indicators.py", title=t("indicators"), url_path="indicators"),
    st.Page(HERE / "views" / "review.py", title=t("review"), url_path="review"),
    st.Page(HERE / "views" / "consistency.py", title=t("consistency"), url_path="consistency"),
    st.Page(HERE / "views" / "sql.py", title=t("sql"), url_path="sql"),
    st.Page(HERE / "views" / "documents.py", title=t("documents"), url_path="documents"),
]


def start() -> None:
    """The root address: the overview at its own address (a default page has none)."""
    st.switch_page(pages[0], query_params=st.query_params.to_dict())


with one_connection():  # every query of the page run on one read-only connection
    st.navigation(
        [st.Page(start, title=t("overview"), url_path="start", default=True, visibility="hidden"), *pages]
    ).run()
