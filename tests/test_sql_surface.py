"""The SQL surface (`jixiao sql`, the dashboard's SQL page) runs exactly one statement that reads,
in a connection with bounded memory and threads, and returns a bounded result, saying so when it
is cut; every refusal and error is one line, and no document text reaches the terminal as markup
or escape sequences."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from conftest import JIXIAO, run

from jixiao import warehouse


@pytest.fixture(scope="module")
def served(built, tmp_path_factory):
    folder = tmp_path_factory.mktemp("sql")
    db = folder / "w.duckdb"
    shutil.copy(built.db, db)
    return db


def sql(db, statement: str, *options: str, env: dict[str, str] | None = None):
    return run(JIXIAO, "sql", statement, "--db", str(db), *options, env=env)


def test_a_copy_into_the_warehouse_wal_is_refused_and_writes_nothing(served):
    wal = served.with_name(served.name + ".wal")
    result = sql(served, f"copy (select repeat('x', 1000) from range(1000)) to '{wal}' (format csv)")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "query failed: COPY is refused: the warehouse is read with one SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE or "
        "EXPLAIN"
    ]
    assert not wal.exists()


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("export database '/tmp/jixiao_x'", "EXPORT is refused"),
        ("attach ':memory:' as x", "ATTACH is refused"),
        ("set threads = 64", "SET is refused"),
        ("call pragma_version()", "CALL is refused"),
        ("create view v as select 1", "CREATE is refused"),
        ("checkpoint", "CALL is refused"),
        ("select 1; copy (select 1) to 'x.csv'", "one statement at a time (2 found: SELECT, COPY)"),
        ("pragma database_list", "database_list is refused: it shows the server's files"),
        ("select * from duckdb_settings()", "duckdb_settings is refused"),
        ("select current_setting('temp_directory')", "current_setting is refused"),
        ("  ;  ", "no statement"),
    ],
)
def test_statements_that_are_not_one_read_are_refused_with_a_reason(served, statement, reason):
    with pytest.raises(warehouse.RefusedQuery, match=reason.replace("(", r"\(").replace(")", r"\)")):
        warehouse.query(served, statement)


@pytest.mark.parametrize(
    "statement",
    [
        "select count(*) from dim_agencies",
        "with a as (select 1 as x) select x from a",
        "from dim_agencies select agency_name",
        "describe dim_agencies",
        "show tables",
        "summarize dim_agencies",
        "explain select 1",
        "pivot (select 'a' as k, 1 as v) on k in ('a') using sum(v)",
    ],
)
def test_reading_statements_run(served, statement):
    assert warehouse.query(served, statement).columns


def test_a_cut_result_says_so(served):
    cut = sql(served, "select * from range(10)", "--limit", "5", "--format", "csv")
    assert cut.returncode == 0 and len(cut.stdout.splitlines()) == 6
    assert cut.stderr.strip() == "truncated at 5 rows"
    whole = sql(served, "select * from range(5)", "--limit", "5", "--format", "csv")
    assert whole.returncode == 0 and whole.stderr.strip() == ""
    big = sql(
        served, "select repeat('x', 100) as v from range(100)", "--format", "csv",
        env={"JIXIAO_QUERY_MAX_BYTES": "1000"},
    )  # fmt: skip
    assert big.returncode == 0 and len(big.stdout.splitlines()) - 1 == 10
    assert big.stderr.strip() == "truncated at 10 rows: the result passed 1,000 bytes"


def test_a_query_past_its_memory_is_one_line_and_the_next_runs(served):
    hungry = "select string_agg(repeat('x', 1000), '') from range(300000)"
    result = sql(served, hungry, env={"JIXIAO_QUERY_MEMORY": "64MB"})
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("query failed: Out of Memory Error") and "Traceback" not in result.stderr
    assert sql(served, "select 1 as n", "--format", "csv").stdout.splitlines() == ["n", "1"]


def test_document_text_is_no_markup_and_no_escape_sequence_in_the_terminal(served):
    shown = sql(served, "select '[/x] [bold]b[/bold]' as a, chr(27) || '[31mred' || chr(7) as b")
    assert shown.returncode == 0, shown.stderr
    assert "[/x] [bold]b[/bold]" in shown.stdout
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout and "[31mred" in shown.stdout


def test_the_connection_is_bounded(served):
    with warehouse.connect_read_only(served) as con:
        threads = con.execute("select current_setting('threads')").fetchone()[0]
        memory = con.execute("select current_setting('memory_limit')").fetchone()[0]
        with pytest.raises(duckdb.Error):
            con.execute("set memory_limit = '100GB'")
    assert threads == warehouse.QUERY_THREADS
    with duckdb.connect(config={"memory_limit": warehouse.QUERY_MEMORY}) as plain:
        assert memory == plain.execute("select current_setting('memory_limit')").fetchone()[0]
