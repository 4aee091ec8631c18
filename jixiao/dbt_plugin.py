"""dbt-duckdb plugin: registers the value and label interpretation as DuckDB functions for the models.

``profiles.yml`` loads it (``plugins: [{module: jixiao.dbt_plugin}]``). The marts that use the
functions are materialised as tables, so readers of the warehouse never need them.

The value functions are vectorised (DuckDB's Arrow interface): DuckDB hands over a batch of
values at once instead of calling Python per row, which costs more than the interpretation itself
(about 34 against 15 microseconds a value, measured on synthetic targets).
"""

from __future__ import annotations

import duckdb
import pyarrow as pa
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


VALUE_ARROW = pa.struct(
    [
        ("operator", pa.string()),
        ("value_number", pa.float64()),
        ("unit", pa.string()),
        ("value_kind", pa.string()),
        ("deadline_date", pa.date32()),
        ("direction", pa.string()),
    ]
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


def _fields(value: values.Value) -> dict[str, object]:
    return {
        "operator": value.operator,
        "value_number": value.value_number,
        "unit": value.unit,
        "value_kind": value.value_kind,
        "deadline_date": value.deadline_date,
        "direction": value.direction,
    }


def jixiao_value_arrow(raw: pa.Array, fiscal_year: pa.Array) -> pa.Array:
    """jixiao_value over a batch of values (DuckDB's Arrow interface)."""
    interpreted = [
        _fields(values.interpret(r, _year(y))) for r, y in zip(raw.to_pylist(), fiscal_year.to_pylist(), strict=True)
    ]
    return pa.array(interpreted, type=VALUE_ARROW)


def jixiao_actual_arrow(actual: pa.Array, target: pa.Array, fiscal_year: pa.Array) -> pa.Array:
    """jixiao_actual over a batch of values (DuckDB's Arrow interface)."""
    interpreted = [
        _fields(values.interpret_actual(a, t, _year(y)))
        for a, t, y in zip(actual.to_pylist(), target.to_pylist(), fiscal_year.to_pylist(), strict=True)
    ]
    return pa.array(interpreted, type=VALUE_ARROW)


def register(conn: duckdb.DuckDBPyConnection) -> None:
    """Register the functions on a connection (also usable outside dbt, e.g. in tests)."""
    special = {"null_handling": "special", "side_effects": False}
    arrow = {**special, "type": "arrow"}
    conn.create_function("jixiao_value", jixiao_value_arrow, [VARCHAR, INTEGER], VALUE_TYPE, **arrow)
    conn.create_function("jixiao_actual", jixiao_actual_arrow, [VARCHAR, VARCHAR, INTEGER], VALUE_TYPE, **arrow)
    conn.create_function("jixiao_label", jixiao_label, [VARCHAR], LABEL_TYPE, **special)
    conn.create_function("jixiao_agency", agencies.identify, [VARCHAR, VARCHAR, VARCHAR], AGENCY_TYPE, **special)


class Plugin(BasePlugin):
    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        register(conn)
