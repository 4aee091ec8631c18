"""Every chart of the dashboard as a Vega-Lite spec, drawn by ``st.vega_lite_chart``.

Vega-Lite rather than Plotly: a page with a Plotly chart makes the browser fetch and parse
Plotly's 4.7 MB bundle before the chart appears; with Vega-Lite a chart page's cold load is
1.0-1.4 s shorter on this machine (docs/performance.md). The specs are plain dicts: no chart
object to build or validate on every rerun, and a test reads exactly what the browser gets.

Shared conventions: the year axis lists every year from the first to the last in order (a year
without data is an empty slot, never skipped, never out of order); every chart has a title that
states its unit and a text alternative (``alt``, the chart's accessible name, also shown as the
caption below it)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.i18n import column_label

GREY = "#7f8c8d"
MARK = "#c0392b"  # the marked agency on a peer chart


def show(frame: pd.DataFrame, spec: dict, alt: str) -> None:
    """The chart, named by its text alternative for screen readers, the same text as its caption."""
    st.vega_lite_chart(frame, spec, alt=alt)
    st.caption(alt)


def year_axis(years, title: str) -> dict:  # type: ignore[no-untyped-def]
    """The x encoding of fiscal years: every year from the first to the last, in order."""
    first, last = int(min(years)), int(max(years))
    return {
        "field": "fiscal_year",
        "type": "ordinal",
        "title": title,
        "scale": {"domain": list(range(first, last + 1))},
        "axis": {"labelAngle": 0},
    }


LEGEND = {"orient": "right", "labelLimit": 160}  # long names cut at 160 px, whole in the tooltip


def bar_width(years) -> dict:  # type: ignore[no-untyped-def]
    """Bars 56 px wide on an axis of up to three years (a bar would otherwise span the chart)."""
    return {"width": 56} if int(max(years)) - int(min(years)) < 3 else {}


def stacked_bars(frame: pd.DataFrame, value: str, part: str, title: str, year: str, unit: str) -> dict:
    """An amount by fiscal year, stacked by its parts (one colour per project family or task):
    parts of one year's budget add up."""
    part_title = column_label(part)
    return {
        "title": title,
        "height": 260,
        "mark": {"type": "bar", **bar_width(frame["fiscal_year"])},
        "encoding": {
            "x": year_axis(frame["fiscal_year"], year),
            "y": {"field": value, "type": "quantitative", "title": unit, "stack": "zero"},
            "color": {"field": part, "type": "nominal", "title": part_title, "legend": LEGEND},
            "tooltip": [
                {"field": "fiscal_year", "type": "ordinal", "title": year},
                {"field": part, "type": "nominal", "title": part_title},
                {"field": value, "type": "quantitative", "title": unit, "format": ",.2f"},
            ],
        },
    }


def lines_per_unit(laid: pd.DataFrame, title: str, year: str, value: str, unit: str) -> dict:
    """One line per indicator series (``series_key``: two projects' same-named indicators stay two
    lines), one panel per unit with its own y axis (no unit flattens another); a year without a
    target (a null row of ``laid``) breaks the line."""
    return {
        "title": title,
        "facet": {"field": "unit", "type": "nominal", "title": unit},
        "columns": 2,
        "resolve": {"scale": {"y": "independent"}, "axis": {"x": "independent"}},  # years under every panel
        "spec": {
            "width": 320,
            "height": 220,
            "mark": {"type": "line", "point": True, "invalid": "break-paths-show-domains"},
            "encoding": {
                "x": year_axis(laid["fiscal_year"], year),
                "y": {"field": "value_number", "type": "quantitative", "title": value},
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": column_label("indicator_name"),
                    "legend": LEGEND,
                },
                "detail": {"field": "series_key", "type": "nominal"},
                "tooltip": [
                    {"field": "series", "type": "nominal", "title": column_label("indicator_name")},
                    {"field": "fiscal_year", "type": "ordinal", "title": year},
                    {"field": "target_raw", "type": "nominal", "title": column_label("target_raw")},
                ],
            },
        },
    }


def rates_side_by_side(execution: pd.DataFrame, title: str, year: str) -> dict:
    """One bar per self-evaluation, side by side within a year (``xOffset``): rates of different
    documents are never added up; each bar labelled with the rate as written."""
    evaluated, rate_raw = column_label("evaluated"), column_label("execution_rate_raw")
    encoding = {
        "x": year_axis(execution["fiscal_year"], year),
        "xOffset": {"field": "evaluated", "type": "nominal", "title": evaluated},
        "y": {"field": "execution_rate_pct", "type": "quantitative", "title": "%", "stack": None},
    }
    return {
        "title": title,
        "height": 260,
        "encoding": encoding,
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "color": {"field": "evaluated", "type": "nominal", "title": evaluated, "legend": LEGEND},
                    "tooltip": [
                        {"field": "fiscal_year", "type": "ordinal", "title": year},
                        {"field": "evaluated", "type": "nominal", "title": evaluated},
                        {"field": "execution_rate_raw", "type": "nominal", "title": rate_raw},
                        {"field": "execution_rate_pct", "type": "quantitative", "title": "%", "format": ".1f"},
                    ],
                },
            },
            {"mark": {"type": "text", "dy": -6}, "encoding": {"text": {"field": "execution_rate_raw"}}},
        ],
    }


def heatmap(summed: pd.DataFrame, row: str, types: tuple, title: str, documents: str, row_px: int) -> dict:
    """Documents per row and fiscal year, one panel per document type (in the order of ``types``,
    pairs of code and name; ``summed`` has a ``type_name`` column); a cell without documents is
    blank, each cell labelled with its count."""
    years = summed["fiscal_year"]
    return {
        "title": title,
        "facet": {
            "column": {"field": "type_name", "type": "nominal", "title": None, "sort": [name for _, name in types]}
        },
        "spec": {
            "width": {"step": 42},
            "height": {"step": row_px},
            "encoding": {
                "x": {
                    **year_axis(years, ""),
                    "title": None,
                    "axis": {"labelAngle": 0, "orient": "top", "labelOverlap": False},
                },
                "y": {"field": row, "type": "nominal", "title": None, "sort": "ascending", "axis": {"labelLimit": 260}},
            },
            "layer": [
                {
                    "mark": {"type": "rect", "tooltip": True, "stroke": "white", "strokeWidth": 1},
                    "encoding": {
                        "color": {
                            "field": "documents",
                            "type": "quantitative",
                            "title": documents,
                            "scale": {"scheme": "blues", "zero": True},
                            "legend": {"format": ",d", "tickMinStep": 1},
                        }
                    },
                },
                {
                    "mark": {"type": "text", "fontSize": 10},
                    "encoding": {
                        "text": {"field": "documents", "type": "quantitative", "format": ","},
                        "color": {
                            "condition": {
                                "test": f"datum.documents > {float(summed['documents'].max()) / 2}",
                                "value": "white",
                            },
                            "value": "black",
                        },
                    },
                },
            ],
        },
    }


def peers_box(frame: pd.DataFrame, title: str, year: str, value: str, peers: str, marked: str | None) -> dict:
    """Peers' targets as a box per fiscal year, drawn from their figures (rows with ``marked``
    false: ``peer_min``, ``peer_q1``, ``peer_median``, ``peer_q3``, ``peer_max``, ``peer_n``; the
    whiskers reach the lowest and the highest), the marked agency's targets (``marked`` true;
    ``marked`` names the agency) as diamonds on top."""
    colours = {"domain": [peers, *([marked] if marked else [])], "range": [GREY, MARK]}
    colour = {"color": {"datum": peers, "type": "nominal", "title": None, "scale": colours}}
    figures = ["peer_n", "peer_min", "peer_q1", "peer_median", "peer_q3", "peer_max"]
    tooltip = [
        {"field": "fiscal_year", "type": "ordinal", "title": year},
        *({"field": f, "type": "quantitative", "title": column_label(f), "format": ",.2~f"} for f in figures),
    ]

    def peers_layer(mark: dict, low: str, high: str | None = None) -> dict:
        """A layer of the box from ``low`` to ``high`` (a mark at ``low`` without one)."""
        span = {"y2": {"field": high}, **colour} if high else {}
        y = {"field": low, "type": "quantitative", "title": value, "scale": {"zero": False}}
        return {
            "transform": [{"filter": "!datum.marked"}],
            "mark": mark,
            "encoding": {"y": y, **span, "tooltip": tooltip},
        }

    return {
        "title": title,
        "encoding": {"x": year_axis(frame["fiscal_year"], year)},
        "layer": [
            peers_layer({"type": "rule"}, "peer_min", "peer_max"),  # the whiskers: lowest to highest
            peers_layer({"type": "bar", "size": 28}, "peer_q1", "peer_q3"),
            peers_layer({"type": "tick", "size": 28, "color": "white", "thickness": 2}, "peer_median"),
            {
                "transform": [{"filter": "datum.marked"}],
                "mark": {"type": "point", "shape": "diamond", "size": 140, "filled": True, "opacity": 1},
                "encoding": {
                    "y": {"field": "value_number", "type": "quantitative", "title": value, "scale": {"zero": False}},
                    "color": {"datum": marked or peers, "type": "nominal", "title": None, "scale": colours},
                    "tooltip": [
                        {"field": "fiscal_year", "type": "ordinal", "title": year},
                        {"field": "project_or_goal", "type": "nominal", "title": column_label("project_or_goal")},
                        {"field": "target_raw", "type": "nominal", "title": value},
                    ],
                },
            },
        ],
    }


def bars_by_rule(
    by_rule: pd.DataFrame, rule: str, title: str, rule_title: str, count: str, severity: str, colours: dict[str, str]
) -> dict:
    """Findings per rule, coloured by severity with fixed colours (``colours``: name → colour)."""
    return {
        "title": title,
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {"field": rule, "type": "nominal", "title": rule_title, "axis": {"labelAngle": -30}},
            "y": {"field": "n", "type": "quantitative", "title": count},
            "color": {
                "field": "severity_text",
                "type": "nominal",
                "title": severity,
                "scale": {"domain": list(colours), "range": list(colours.values())},
            },
        },
    }
