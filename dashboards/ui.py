"""What every page shares: the language, the warehouse version, a clear message instead of a
traceback when the warehouse is empty or being rebuilt, and tables shown, formatted and exported
one way."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboards import queries, state
from dashboards.i18n import CODE_OF_COLUMN, CODES, COLUMNS, code, column_label, lang, language_switch, money_factor, t

# severity colours, fixed per severity: red, amber, grey; in charts, and light behind text
SEVERITY_COLOURS = {3: "#c0392b", "error": "#c0392b", 2: "#e67e22", "warning": "#e67e22", 1: "#7f8c8d"}
SEVERITY_BACKGROUNDS = {3: "#f8d0cc", "error": "#f8d0cc", 2: "#fde5b4", "warning": "#fde5b4", 1: "#e6e6e6"}
FORMATS = {"money": "{:,.2f}", "number": "{:,.2f}", "ratio": "{:.1f}%", "pct": "{:.1f}%", "int": "{:,.0f}",
           "year": "{:.0f}"}  # fmt: skip
STYLED_CELLS = 200_000  # above this a table is shown unstyled (pandas' Styler limit is 262,144)


def peer_scope(key: str) -> str:
    """Who a target's peers are (queries.PEER_SCOPES), bound to ``?peers=``."""
    words = {"level": t("peer_level"), "province": t("peer_province"), "all": t("peer_all")}
    return state.choice("peers", st.radio, t("peer_by"), list(queries.PEER_SCOPES), key=key, horizontal=True,
                        format_func=words.get)  # fmt: skip


def run_page(title_key: str, body: Callable[[tuple], None]) -> None:
    """Render a page: its tab title and language, its header, then ``body(version)``; the time its
    queries took at the bottom (the browser test reports it); its choices written to the address."""
    language_switch()
    st.set_page_config(page_title=f"{t(title_key)} · jixiao", layout="wide")
    # the page's language for the browser (screen readers, hyphenation, fonts)
    st.html(f"<script>document.documentElement.lang = '{'en' if lang() == 'en' else 'zh-CN'}'</script>",
            unsafe_allow_javascript=True, width="content")  # fmt: skip
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
    finally:
        state.publish()
    st.caption(t("render_ms").format(round((time.perf_counter() - started) * 1000)))


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def plain(text: object) -> str:
    """A document's text (or an error's) for an element that renders markdown: every markdown
    character escaped, so that ``![b](http://…)`` in a cell is shown, never fetched."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def pick(zh: str, en: str) -> str:
    """The column or text in the current language."""
    return en if lang() == "en" else zh


def _in_language(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """(frame column, warehouse column) of the columns shown: of each ``_zh``/``_en`` pair the
    current language's, known by the name without its suffix."""
    ours, other = ("_en", "_zh") if lang() == "en" else ("_zh", "_en")
    return [
        (c, c[:-3] if c.endswith(ours) else c)
        for c in frame.columns
        if not (c.endswith(other) and c[:-3] + ours in frame.columns)
    ]


def localised(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as a reader sees it: of each ``_zh``/``_en`` pair the current language's, codes in
    words, 万元 amounts in the chosen unit, ratios in %, column names in the current language.
    Columns it does not know are kept as they are."""
    divisor, _ = money_factor()
    out = {}
    for source, column in _in_language(frame):
        values = frame[source]
        field = CODE_OF_COLUMN.get(column, column)
        kind = COLUMNS[column][2] if column in COLUMNS else None
        if field in CODES:
            values = values.map(lambda v, f=field: code(f, v))
        elif kind == "money":
            values = pd.to_numeric(values, errors="coerce") / divisor
        elif kind == "ratio":
            values = pd.to_numeric(values, errors="coerce") * 100
        elif not pd.api.types.is_numeric_dtype(values):
            values = values.astype("object").where(values.notna(), "")  # a blank, never "None"
        label = column_label(column) if column in COLUMNS else column
        out[label if label not in out else f"{label} ({column})"] = values  # two columns, one name
    return pd.DataFrame(out, index=frame.index)


def styled(frame: pd.DataFrame, shown: pd.DataFrame):  # type: ignore[no-untyped-def]
    """``shown`` (the localised ``frame``) with fixed decimals and thousands separators, blank
    cells for missing values, and severities coloured."""
    if shown.size > STYLED_CELLS:
        return shown
    formats = {}
    for (_, column), label in zip(_in_language(frame), shown.columns, strict=True):
        kind = COLUMNS[column][2] if column in COLUMNS else None
        if kind in FORMATS and pd.api.types.is_numeric_dtype(shown[label]):
            formats[label] = FORMATS[kind]
    styler = shown.style.format(formats, na_rep="").format(
        lambda v: "" if v is None or (isinstance(v, float) and v != v) else v,
        subset=[c for c in shown.columns if c not in formats],
    )
    if "severity" in frame.columns:
        label = shown.columns[[column for _, column in _in_language(frame)].index("severity")]
        colours = frame["severity"].map(lambda s: f"background-color: {SEVERITY_BACKGROUNDS.get(s, '')}")
        styler = styler.apply(lambda _: colours.to_numpy(), subset=[label])
    return styler


# columns of documents read by OCR: a table shows them when one of its rows was
OCR_COLUMNS = ("target_ocr_confidence", "actual_ocr_confidence", "ocr_cells_unsure")


def table(
    frame: pd.DataFrame,
    key: str,
    *,
    hide: tuple[str, ...] = (),
    select: bool = False,
    raw: bool = False,
):  # type: ignore[no-untyped-def]
    """A table as every page shows it: localised and formatted, with a CSV and an Excel download
    of what it shows (the page stays as it is). ``hide`` lists key columns kept out of sight;
    ``select`` makes one row selectable (the event is returned); ``raw`` shows columns and values as
    the warehouse holds them (a user's SQL: its codes are what a next query filters on)."""
    visible = frame.drop(columns=[c for c in hide if c in frame.columns])
    if not raw:  # what only scanned documents have, shown where a row has it
        unset = [c for c in OCR_COLUMNS if c in visible.columns and not visible[c].fillna(0).astype(bool).any()]
        visible = visible.drop(columns=unset)
    shown = visible if raw else localised(visible)
    options = {"on_select": "rerun", "selection_mode": "single-row"} if select else {}
    event = st.dataframe(shown if raw else styled(visible, shown), width="stretch", hide_index=True, key=key, **options)
    downloads(shown, key)
    return event


def downloads(shown: pd.DataFrame, key: str) -> None:
    """CSV (UTF-8 with BOM, for Excel on Windows) and .xlsx of a table; generated on click."""
    left, right, _ = st.columns([1, 1, 6])
    name = re.sub(r"_\d+$", "", key)  # a grid renewed by its page (queue_3) downloads as itself
    left.download_button(t("export_csv"), data=lambda: csv(shown), file_name=f"jixiao_{name}.csv", mime="text/csv",
                         on_click="ignore", key=f"{key}_csv")  # fmt: skip
    right.download_button(t("export_xlsx"), data=lambda: excel(shown), file_name=f"jixiao_{name}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          on_click="ignore", key=f"{key}_xlsx")  # fmt: skip


def csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8-sig")


def excel(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, engine="openpyxl")
    return buffer.getvalue()
