"""What every page shares: the language, the warehouse version, and a clear message instead of
a traceback when the warehouse is empty or being rebuilt."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import streamlit as st

from dashboards import queries
from dashboards.i18n import lang, t


def run_page(title_key: str, body: Callable[[tuple], None]) -> None:
    """Render a page: its title, then ``body(version)``; the time its queries took at the bottom
    (the browser test reports it)."""
    st.header(t(title_key))
    started = time.perf_counter()
    try:
        version = queries.version()
        if queries.overview(version)["documents"] == 0:
            st.info(t("empty"))
            return
        body(version)
    except queries.WarehouseEmpty:
        st.info(t("empty"))
        return
    except queries.WarehouseUnavailable:
        st.info(t("updating"))
        return
    st.caption(t("render_ms").format(round((time.perf_counter() - started) * 1000)))


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def plain(text: object) -> str:
    """A document's text (or an error's) for an element that renders markdown: every markdown
    character escaped, so that ``![b](http://…)`` in a cell is shown, never fetched."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def pick(zh: str, en: str) -> str:
    """The column or text in the current language."""
    return en if lang() == "en" else zh
