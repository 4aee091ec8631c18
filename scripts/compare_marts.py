"""Whether two built warehouses hold the same marts: every table of the ``main`` schema (marts,
reports and the findings of `jixiao check`, the rows readers see), row for row as multisets
(``EXCEPT ALL`` both ways), in columns of the same names. ``python scripts/compare_marts.py
BEFORE.duckdb AFTER.duckdb`` prints one line per table and exits 1 when any differs. A build change
that must not change results is checked so."""

from __future__ import annotations

import sys

import duckdb

VARYING = {"checked_at"}  # when `jixiao check` ran (fct_consistency_findings)


def compare(before: str, after: str) -> list[str]:
    con = duckdb.connect()
    con.execute(f"attach '{before}' as a (read_only)")
    con.execute(f"attach '{after}' as b (read_only)")
    tables = {
        db: {
            name: cols
            for name, cols in con.execute(
                "select table_name, list(column_name order by column_index) from duckdb_columns() "
                "where database_name = ? and schema_name = 'main' group by 1",
                [db],
            ).fetchall()
        }
        for db in ("a", "b")
    }
    problems = []
    for name in sorted(set(tables["a"]) | set(tables["b"])):
        if name not in tables["a"] or name not in tables["b"]:
            problems.append(f"{name}: only in {'after' if name not in tables['a'] else 'before'}")
            continue
        cols_a, cols_b = tables["a"][name], tables["b"][name]
        if sorted(cols_a) != sorted(cols_b):
            problems.append(f"{name}: columns differ {sorted(set(cols_a) ^ set(cols_b))}")
            continue
        cols = ", ".join(f'"{c}"' for c in cols_a if c not in VARYING)
        n = con.execute(f"select count(*) from a.main.{name}").fetchone()[0]
        extra = con.execute(
            f"select count(*) from (select {cols} from b.main.{name} except all select {cols} from a.main.{name})"
        ).fetchone()[0]
        missing = con.execute(
            f"select count(*) from (select {cols} from a.main.{name} except all select {cols} from b.main.{name})"
        ).fetchone()[0]
        print(f"{name:32} {n:>10} rows  missing {missing}  extra {extra}")
        if missing or extra:
            problems.append(f"{name}: {missing} rows missing, {extra} extra")
    return problems


if __name__ == "__main__":
    found = compare(sys.argv[1], sys.argv[2])
    for line in found:
        print("DIFFERS:", line)
    sys.exit(1 if found else 0)
