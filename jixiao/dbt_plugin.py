"""dbt-duckdb plugin: registers the value and label interpretation as DuckDB functions for the models.

``profiles.yml`` loads it (``plugins: [{module: jixiao.dbt_plugin}]``). The marts that use the
functions are materialised as tables, so readers of the warehouse never need them.
"""

from __future__ import annotations

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb.sqltypes import BOOLEAN, DATE, DOUBLE, INTEGER, VARCHAR

from ingest import vocab

from . import agencies, values

VALUE_TYPE = duckdb.struct_type(
    {
        "operator": VARCHAR,
        "value_number": DOUBLE,
        "unit": VARCHAR,
        "value_kind": VARCHAR,
        "deadline_date": DATE,
        "direction": VARCHAR,
    }
)


AGENCY_TYPE = duckdb.struct_type(
    dict.fromkeys(
        ("agency_code", "agency_name", "division_name", "identity", "region_code", "region_method", "region_reason"),
        VARCHAR,
    )
)

LABEL_TYPE = duckdb.struct_type({"core": VARCHAR, "is_exact": BOOLEAN, "points": VARCHAR})


def jixiao_label(raw: str | None) -> dict[str, object] | None:
    """A level label's seed core as the readers match it (ingest.vocab.label): one vocabulary."""
    found = vocab.label(raw) if raw else None
    return {"core": found.core, "is_exact": found.exact, "points": found.points} if found else None


def _year(fiscal_year: int | None) -> int | None:
    return int(fiscal_year) if fiscal_year is not None else None


def jixiao_value(raw: str | None, fiscal_year: int | None) -> dict[str, object]:
    return values.interpret(raw, _year(fiscal_year)).as_dict()


def jixiao_actual(actual: str | None, target: str | None, fiscal_year: int | None) -> dict[str, object]:
    return values.interpret_actual(actual, target, _year(fiscal_year)).as_dict()


def jixiao_is_met(target: str | None, actual: str | None, fiscal_year: int | None) -> bool | None:
    year = _year(fiscal_year)
    return values.is_met(values.interpret(target, year), values.interpret_actual(actual, target, year))


def register(conn: duckdb.DuckDBPyConnection) -> None:
    """Register the functions on a connection (also usable outside dbt, e.g. in tests)."""
    special = {"null_handling": "special", "side_effects": False}
    conn.create_function("jixiao_value", jixiao_value, [VARCHAR, INTEGER], VALUE_TYPE, **special)
    conn.create_function("jixiao_actual", jixiao_actual, [VARCHAR, VARCHAR, INTEGER], VALUE_TYPE, **special)
    conn.create_function("jixiao_is_met", jixiao_is_met, [VARCHAR, VARCHAR, INTEGER], BOOLEAN, **special)
    conn.create_function("jixiao_label", jixiao_label, [VARCHAR], LABEL_TYPE, **special)
    conn.create_function("jixiao_agency", agencies.identify, [VARCHAR, VARCHAR, VARCHAR], AGENCY_TYPE, **special)


class Plugin(BasePlugin):
    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        register(conn)
