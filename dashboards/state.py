"""A page's state in its address: every choice a page offers (the agency, the year, its filters,
the selected item, the language) is written to ``st.query_params``, so that a link opens the page
as it was, and a reload keeps it.

A choice that means the same on several pages (the agency, the year, the language, the money
unit) is also kept for the session: opening another page from the sidebar starts it from there.
The address of a page holds its own choices only (``publish`` writes them at the end of a run).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

_SESSION = "_jixiao_state"  # name -> value, for the session (outlives a page's widgets)
_PAGE = "_jixiao_page_params"  # name -> text, this run's address


def _session() -> dict[str, Any]:
    return st.session_state.setdefault(_SESSION, {})


def start(name: str, key: str, options: Sequence | None = None, parse: Callable[[str], Any] = str) -> None:
    """Before the widget ``key`` is made: give it the value of the address (``?name=``), else the
    value chosen on an earlier page of the session. A value that is not among ``options`` (a
    stale link) is ignored; the widget then starts from its default."""
    if key in st.session_state:  # the widget is alive: the user's latest choice stands
        return
    raw = st.query_params.get(name)
    value = None
    if raw is not None:
        try:
            value = parse(raw)
        except ValueError:
            value = None
    if value is None or (options is not None and value not in options):
        value = _session().get(name)
    if value is not None and (options is None or value in options):
        st.session_state[key] = value


_AS_IS = object()


def keep(name: str, value: Any, shown: Any = _AS_IS) -> None:
    """After the widget: remember its value for the session and write it to the page's address
    (``shown`` is its text there, ``str(value)`` unless given; None leaves it out)."""
    _session()[name] = value
    text = (None if value is None else str(value)) if shown is _AS_IS else shown
    st.session_state.setdefault(_PAGE, {})[name] = text


def choice(name: str, widget: Callable[..., Any], label: str, options: Sequence, *, key: str, **kwargs: Any) -> Any:
    """``widget(label, options, key=key, ...)`` bound to ``?name=``: started from the address or
    the session, its value kept in both (None, "all", is left out of the address). Options must
    be plain values (str, int, None)."""
    parse = _parser(options)
    start(name, key, options, parse)
    value = widget(label, options, key=key, **kwargs)
    keep(name, value)
    return value


def text(name: str, label: str, *, key: str, default: str = "", **kwargs: Any) -> str:
    """A text input bound to ``?name=``."""
    start(name, key)
    if key not in st.session_state:
        st.session_state[key] = default
    value = st.text_input(label, key=key, **kwargs)
    keep(name, value, value or None)
    return value


def number(name: str, label: str, *, key: str, low: int, high: int) -> int:
    """A whole-number input bound to ``?name=``, kept within [low, high]."""
    start(name, key, parse=int)
    if key in st.session_state and not low <= st.session_state[key] <= high:
        del st.session_state[key]
    value = int(st.number_input(label, min_value=low, max_value=high, step=1, key=key))
    keep(name, value, None if value == low else str(value))
    return value


def flag(name: str, label: str, *, key: str, **kwargs: Any) -> bool:
    """A checkbox bound to ``?name=1``."""
    start(name, key, parse=lambda raw: raw == "1")
    value = st.checkbox(label, key=key, **kwargs)
    keep(name, value, "1" if value else None)
    return value


def param(name: str) -> str | None:
    """A value of the address that no widget holds (the selected item): from the address, else
    from the session."""
    value = st.query_params.get(name)
    return value if value is not None else _session().get(name)


def set_param(name: str, value: str | None) -> None:
    """Set (or, with None, clear) a value that no widget holds."""
    if value is None:
        _session().pop(name, None)
        st.session_state.setdefault(_PAGE, {})[name] = None
        st.query_params.pop(name, None)
    else:
        keep(name, value)
        st.query_params[name] = value


def publish() -> None:
    """Write this run's choices to the address, and nothing else: a link from another page does
    not leave its choices behind."""
    params = {name: value for name, value in st.session_state.pop(_PAGE, {}).items() if value is not None}
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


def _parser(options: Sequence) -> Callable[[str], Any]:
    """Text of the address back into an option: options are matched by their text."""
    by_text = {str(o): o for o in options if o is not None}

    def parse(raw: str) -> Any:
        if raw not in by_text:
            raise ValueError(raw)
        return by_text[raw]

    return parse
