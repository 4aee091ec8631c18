"""The dbt warehouse built from the five samples: marts, values, agencies, series, SQL access."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import JIXIAO, ROOT, run

DBT = str(Path(sys.executable).parent / "dbt")

MART_KEYS = {
    "dim_agencies": ["agency_key", "agency_code", "agency_name", "division_name", "region_name", "admin_level"],
    "dim_documents": ["document_key", "file_name", "sha256", "doc_type", "fiscal_year", "agency_key", "status"],
    "dim_projects": ["project_key", "agency_key", "fiscal_year", "project_code", "project_name", "project_family_key"],
    "dim_indicators": ["indicator_key", "level1_code", "level2_code", "level1_name_zh", "level2_name_zh"],
    "fct_project_budgets": ["project_key", "agency_key", "fiscal_year", "budget_total_wan", "fiscal_wan", "other_wan"],
    "fct_department_budgets": ["agency_key", "fiscal_year", "task_no", "task_text", "total_wan", "basic_wan",
                               "project_wan", "other_wan"],
    "fct_indicator_targets": ["indicator_target_key", "document_key", "agency_key", "fiscal_year", "project_key",
                              "goal_no", "indicator_key", "indicator_name", "target_raw", "operator", "value_number",
                              "unit", "value_kind", "deadline_date", "direction", "series_key", "line_start",
                              "line_end"],
    "fct_indicator_results": ["actual_raw", "actual_number", "actual_unit", "weight", "score", "achievement_ratio",
                              "is_met", "deviation_reason"],
    "fct_budget_execution": ["agency_key", "fiscal_year", "budget_initial_wan", "budget_full_year_wan",
                             "executed_wan", "execution_rate_pct", "weight", "score"],
    "rpt_indicator_year_over_year": ["series_key", "fiscal_year", "target_raw", "previous_target_raw",
                                     "target_change", "actual_raw"],
}  # fmt: skip


@pytest.fixture(scope="module")
def con(built):
    with duckdb.connect(str(built.db), read_only=True) as connection:
        yield connection


def rows(con, sql: str, *params) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def test_build_passes_without_warnings(built):
    build = built.build
    assert build.returncode == 0, build.stdout + build.stderr
    assert "build passed" in build.stdout
    assert "warn" not in (build.stdout + build.stderr).lower()
    # every unit test the models' YAML defines runs and passes
    import yaml
    from conftest import ROOT

    defined = sum(
        len(yaml.safe_load(path.read_text(encoding="utf-8")).get("unit_tests") or [])
        for path in (ROOT / "models").rglob("*.yml")
    )
    assert defined == 6 and f"unit_tests {defined} pass" in build.stdout


def test_every_mart_has_its_key_columns(con):
    for mart, columns in MART_KEYS.items():
        have = {
            r[0] for r in rows(con, "select column_name from information_schema.columns where table_name = ?", mart)
        }
        assert set(columns) <= have, (mart, set(columns) - have)


def test_every_seed_target_and_actual_has_a_kind(con):
    assert rows(con, "select count(*), count(value_kind) from fct_indicator_targets") == [(451, 451)]
    assert rows(con, "select count(*), count(actual_kind) from fct_indicator_results") == [(103, 103)]
    assert rows(con, "select count(*) from fct_indicator_targets where value_kind = 'blank'") == [(0,)]
    malformed = rows(con, "select target_raw from fct_indicator_targets where value_kind = 'malformed'")
    assert malformed == [("1增资企业数量",)]


def test_money_is_in_wan_and_ratios_are_percent(con):
    got = rows(
        con,
        "select target_raw, actual_raw, actual_number, actual_unit, is_met from fct_indicator_results "
        "where indicator_name in "
        "('智能制造项目拉动企业投资额', '智能制造项目评审认定购买服务费用', '保密设备投入使用率') "
        "order by indicator_name",
    )
    assert got == [
        ("≥95%", "0.95", 95.0, "%", True),
        ("≥30亿元", "30.36亿元", 303600.0, "万元", True),
        ("≤500万元", "307.118万", 307.118, "万元", True),
    ]


def test_agencies_resolve_to_one_with_division_and_region(con):
    agencies = rows(
        con,
        "select agency_code, agency_name, division_name, region_name, prefecture_name, province_name, admin_level "
        "from dim_agencies where agency_key <> 'unknown' order by agency_name",
    )
    assert agencies == [
        ("322101", "天津市工业和信息化局", "财金处", "天津市", None, "天津市", "provincial"),
        ("560101", "天津市工商业联合会", None, "天津市", None, "天津市", "provincial"),
        ("350001", "承德市鹰手营子矿区工业和信息化局", None, "鹰手营子矿区", "承德市", "河北省", "county"),
    ]
    # documents 000 (322101…财金处), 001 and 002 (天津市工业和信息化局) share one agency
    shared = rows(con, "select count(distinct agency_key) from dim_documents where file_name similar to '00[012].*'")
    assert shared == [(1,)]


def test_project_families_drop_years_and_central_suffixes(con):
    families = dict(rows(con, "select project_name, family_name from dim_projects"))
    assert families["2024年制造业高质量协同发展项目"] == "制造业高质量协同发展项目"
    assert families["增强天津工研科技发展有限公司资本实力（2024）"] == "增强天津工研科技发展有限公司资本实力"
    assert families["无线电专项监管-中央"] == "无线电专项监管"
    assert families["节能减排补助资金——中央"] == families["节能减排补助资金"] == "节能减排补助资金"


@pytest.mark.parametrize(
    ("names", "years"),
    [
        (["补贴汽车数量"], [(2024, "≥7000辆"), (2025, "≥5000辆")]),
        (["填谷响应补贴标准", "填谷补贴标准"], [(2022, "≤3.0元/千瓦时"), (2024, "≤2元/千瓦时"), (2025, "≤2元/千瓦时")]),
        (["削峰响应补贴标准", "削峰补贴标准"], [(2022, "≤20元/千瓦"), (2024, "≤30元/千瓦"), (2025, "≤30元/千瓦")]),
        (["电力需求响应能力占最大负荷比例"], [(2024, "≥5%"), (2025, "≥5%")]),
        (["系统负荷控制能力占最大负荷比例"], [(2024, "≥10%"), (2025, "≥60%")]),
        (["负荷监测能力占最大负荷比例"], [(2024, "≥60%"), (2025, "≥10%")]),
    ],
)
def test_seed_series_link_years(con, names, years):
    series = rows(
        con, "select distinct series_key from fct_indicator_targets where indicator_name in (select unnest(?))", names
    )
    assert len(series) == 1
    got = rows(con, "select fiscal_year, target_raw from rpt_indicator_year_over_year where series_key = ? "
                    "order by fiscal_year", series[0][0])  # fmt: skip
    assert got == years


def test_year_over_year_marks_the_change(con):
    got = rows(
        con,
        "select previous_target_raw, target_raw, target_change, target_change_direction "
        "from rpt_indicator_year_over_year where indicator_name = '补贴汽车数量' and fiscal_year = 2025",
    )
    assert got == [("≥7000辆", "≥5000辆", -2000.0, "lowered")]


def test_budgets(con):
    # COUNTS.md: 000 14475.59, 003 693.50, 004 262.70 万元
    assert rows(con, "select count(*), sum(budget_total_wan)::varchar from fct_project_budgets") == [(28, "15431.7900")]
    total = rows(con, "select total_wan, basic_wan, project_wan, other_wan from fct_department_budgets where is_total")
    assert [tuple(float(v) for v in r) for r in total] == [(33711.92, 10362.10, 18668.42, 4681.40)]
    (rate,) = rows(con, "select round(execution_rate_pct, 3), execution_rate_raw from fct_budget_execution")
    assert rate == (98.258, "98.3%")


def test_sql_command_formats_and_refusals(built):
    db = built.db
    ok = run(JIXIAO, "sql", "select count(*) as n from fct_indicator_targets", "--db", str(db), "--format", "json")
    assert ok.returncode == 0 and json.loads(ok.stdout) == [{"n": 451}]
    csv_out = run(
        JIXIAO, "sql", "select agency_name from dim_agencies order by 1 limit 1", "--db", str(db), "--format", "csv"
    )
    assert csv_out.stdout.splitlines() == ["agency_name", "天津市工业和信息化局"]
    for statement in ("create table x (a int)", "select * from read_text('/etc/passwd')", "select * from nowhere"):
        refused = run(JIXIAO, "sql", statement, "--db", str(db))
        assert refused.returncode == 1 and "query failed" in refused.stderr


def test_dbt_docs_generate_offline(built, tmp_path):
    db = built.db
    copy = tmp_path / "copy.duckdb"  # this module holds a read-only connection to the original
    copy.write_bytes(db.read_bytes())
    env_db = {"JIXIAO_DB": str(copy)}
    result = subprocess.run(
        [DBT, "docs", "generate", "--project-dir", str(ROOT), "--profiles-dir", str(ROOT),
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **env_db},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "target" / "catalog.json").exists() and (tmp_path / "target" / "index.html").exists()


def test_readers_keep_the_served_warehouse_while_a_build_runs(built, tmp_path):
    db = tmp_path / "w.duckdb"
    db.write_bytes(built.db.read_bytes())
    build = subprocess.Popen([JIXIAO, "build", "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    reads = 0
    while build.poll() is None:
        with duckdb.connect(str(db), read_only=True) as reader:  # never blocked by the build
            assert reader.execute("select count(*) from fct_indicator_targets").fetchone() == (451,)
        reads += 1
    output = build.stdout.read().decode()
    build.stdout.close()
    assert build.returncode == 0, output
    assert reads > 0
    assert not (tmp_path / ".building" / "w.duckdb").exists()  # the side file became the served one


def test_a_failed_build_leaves_the_served_warehouse_untouched(built, tmp_path):
    db = tmp_path / "w.duckdb"
    db.write_bytes(built.db.read_bytes())
    with duckdb.connect(str(db)) as con:  # break an invariant: a document id twice
        con.execute("insert into raw.documents select * from raw.documents limit 1")
    before = db.read_bytes()
    result = run(JIXIAO, "build", "--db", str(db))
    assert result.returncode == 1 and "build failed" in result.stdout
    assert "unique_documents_document_id" in result.stderr or "unique" in result.stderr
    assert db.read_bytes() == before
    assert not (tmp_path / ".building" / "w.duckdb").exists()


def test_export_keeps_every_file_inside_its_folder_and_no_path_becomes_sql(built, tmp_path):
    hostile = tmp_path / "hostile.duckdb"
    hostile.write_bytes(built.db.read_bytes())
    with duckdb.connect(str(hostile)) as con:
        con.execute('create table raw."../../victim" (a int)')
        con.execute('insert into raw."../../victim" values (1)')
    (tmp_path / "victim").mkdir()
    (tmp_path / "victim" / "keep.txt").write_text("kept", encoding="utf-8")
    out = tmp_path / "out" / "it's'; copy (select 1) to 'escaped.csv'; --"
    result = run(JIXIAO, "export", str(out), "--db", str(hostile))
    assert result.returncode == 1
    assert " ".join(result.stderr.split()) == "not written (a table name that is no plain identifier): '../../victim'"
    assert (tmp_path / "victim" / "keep.txt").read_text(encoding="utf-8") == "kept"  # nothing outside touched
    assert (out / "marts" / "dim_agencies" / "data.parquet").exists()  # the quoted path is a path
    assert not list(tmp_path.rglob("escaped.csv")) and not list(ROOT.glob("escaped.csv"))


def test_export_writes_every_table_as_parquet_partitioned_by_year(built, tmp_path):
    """`jixiao export` writes raw tables and marts that DuckDB (or any Parquet reader) reads back
    whole, each year in its own folder."""
    out = tmp_path / "parquet"
    result = run(JIXIAO, "export", str(out), "--db", str(built.db))
    assert result.returncode == 0, result.stderr
    with duckdb.connect(str(built.db), read_only=True) as con:
        expected = {
            "raw/indicators": con.execute("select count(*) from raw.indicators").fetchone()[0],
            "raw/documents": con.execute("select count(*) from raw.documents").fetchone()[0],
            "marts/fct_indicator_targets": con.execute("select count(*) from main.fct_indicator_targets").fetchone()[0],
            "marts/dim_agencies": con.execute("select count(*) from main.dim_agencies").fetchone()[0],
        }
    reread = duckdb.connect()
    for table, rows in expected.items():
        files = f"{out / table}/**/*.parquet"
        assert (
            reread.execute(f"select count(*) from read_parquet('{files}', hive_partitioning = true)").fetchone()[0]
            == rows
        )
    years = {p.name for p in (out / "raw" / "indicators").iterdir()}
    assert years == {"fiscal_year=2022", "fiscal_year=2024", "fiscal_year=2025"}
    targets = reread.execute(
        f"select fiscal_year, count(*) from read_parquet('{out}/marts/fct_indicator_targets/*/*.parquet', "
        "hive_partitioning = true) group by 1 order by 1"
    ).fetchall()
    assert targets == [(2022, 103), (2024, 237), (2025, 111)]


ESCAPES = [
    "select * from read_text('/etc/passwd')",
    "select * from read_csv('/etc/passwd')",
    "select * from read_blob('/etc/passwd')",
    "select * from glob('/etc/*')",
    "select * from read_parquet('https://example.com/x.parquet')",
    "select getenv('HOME')",
    "attach '/tmp/jixiao_escape.duckdb' as x",
    "copy (select 1) to '/tmp/jixiao_escape.csv'",
    "export database '/tmp/jixiao_escape'",
    "install httpfs",
    "load httpfs",
    "set enable_external_access = true",
    "reset enable_external_access",
    "set memory_limit = '100GB'",
    "set threads = 64",
    "create table x (a int)",
    "insert into raw.documents (document_id) values ('x')",
    "delete from main.dim_agencies",
    "drop table main.dim_agencies",
    "create macro m(a) as a",
]


@pytest.fixture(scope="module")
def served_copy(built, tmp_path_factory) -> Path:
    """A copy of the warehouse that no other connection of this process has open (DuckDB
    refuses a second connection to a file with another configuration)."""
    copy = tmp_path_factory.mktemp("served") / "w.duckdb"
    copy.write_bytes(built.db.read_bytes())
    return copy


@pytest.mark.parametrize("statement", ESCAPES)
def test_sql_cannot_write_or_reach_outside_the_warehouse(served_copy, statement):
    from jixiao.warehouse import query

    with pytest.raises(duckdb.Error) as refused:
        query(served_copy, statement)
    assert not isinstance(refused.value, duckdb.ConnectionException)  # refused by the sandbox, not unopened
    assert not any(Path("/tmp").glob("jixiao_escape*"))
    assert query(served_copy, "select count(*) from dim_agencies")[1][0][0] >= 1


def test_a_runaway_query_is_stopped_at_its_time_limit(built):
    runaway = "select count(*) from range(1000000) a, range(1000000) b"
    stopped = run(JIXIAO, "sql", runaway, "--db", str(built.db), "--timeout", "1")
    assert stopped.returncode == 1 and "ran longer than its 1 s limit" in stopped.stderr
    # the next query runs normally
    ok = run(JIXIAO, "sql", "select count(*) as n from dim_agencies", "--db", str(built.db), "--format", "csv")
    assert ok.returncode == 0 and ok.stdout.splitlines()[0] == "n"


def test_the_dashboard_sql_page_stops_a_runaway_query_and_stays_usable(served_copy, monkeypatch):
    monkeypatch.setenv("JIXIAO_DB", str(served_copy))
    from dashboards import queries
    from jixiao.warehouse import QueryTimeout

    with pytest.raises(QueryTimeout):
        queries.run_sql("select count(*) from range(1000000) a, range(1000000) b", seconds=0.5)
    assert queries.run_sql("select count(*) as n from dim_agencies")["n"].iloc[0] >= 1
    assert len(queries.run_sql("select * from range(100000)", limit=10)) == 10
