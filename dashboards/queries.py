"""Every query of the dashboard: cached, parameter-bound, over the warehouse marts only.

Connections are read-only, cannot reach files or the network, and are short-lived: DuckDB
allows one writer or many readers, so a connection held open would block `jixiao ingest`. A
page run (``one_connection``) opens one, when its first uncached query needs it, and closes it
when the page is drawn.
Results are cached per file version (path and modification time): after `jixiao build` swaps
in a new warehouse, the next page view reads it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from jixiao import decisions
from jixiao.config import database_path
from jixiao.warehouse import QUERY_SECONDS, connect_read_only, run_limited

ROW_CAP = 5000


class WarehouseUnavailable(RuntimeError):
    """The warehouse is being written (a writer holds the file): try again in a moment."""


class WarehouseEmpty(RuntimeError):
    """There is no warehouse yet, or its marts are not built."""


def db_path() -> Path:
    return database_path(Path(os.environ["JIXIAO_DB"]) if os.environ.get("JIXIAO_DB") else None)


def version() -> tuple[str, int]:
    path = db_path()
    try:
        return str(path), path.stat().st_mtime_ns
    except FileNotFoundError as exc:
        raise WarehouseEmpty(f"no warehouse at {path}") from exc


def connect() -> duckdb.DuckDBPyConnection:
    try:
        return connect_read_only(db_path())
    except FileNotFoundError as exc:
        raise WarehouseEmpty(str(exc)) from exc
    except duckdb.Error as exc:  # a writer holds the file, or it is not a database yet
        raise WarehouseUnavailable(str(exc)) from exc


# the connection of the page run under way (``one_connection``): opened by its first query
_PAGE: ContextVar[list[duckdb.DuckDBPyConnection] | None] = ContextVar("jixiao_page_connection", default=None)


@contextmanager
def one_connection() -> Iterator[None]:
    """Within the block, every query shares one read-only connection, opened when first needed
    and closed at the end (a page run: a new connection cost ~12 ms, up to ten a page)."""
    held: list[duckdb.DuckDBPyConnection] = []
    token = _PAGE.set(held)
    try:
        yield
    finally:
        _PAGE.reset(token)
        for con in held:
            con.close()


def frame(sql: str, params: list | None = None) -> pd.DataFrame:
    held = _PAGE.get()
    if held is None:
        with connect() as con:
            return _frame(con, sql, params)
    if not held:
        held.append(connect())
    return _frame(held[0], sql, params)


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None) -> pd.DataFrame:
    try:
        return con.execute(sql, params or []).df()
    except duckdb.CatalogException as exc:  # marts not built yet
        raise WarehouseEmpty(str(exc)) from exc


def _checked() -> bool:
    """Whether `jixiao check` has written its findings into this warehouse."""
    return bool(len(frame("select 1 from information_schema.tables where table_name = 'fct_consistency_findings'")))


# -- overview ----------------------------------------------------------------------------------
@st.cache_data(show_spinner=False)
def overview(v: tuple) -> dict[str, float]:
    row = frame(
        """select
            (select count(*) from dim_documents) as documents,
            (select count(*) from dim_agencies where agency_key <> 'unknown') as agencies,
            (select count(distinct fiscal_year) from dim_documents) as years,
            (select count(*) from dim_projects) as projects,
            (select coalesce(sum(budget_total_wan), 0) from fct_project_budgets) as budget_total_wan,
            (select count(*) from fct_indicator_targets) as indicators,
            (select count(*) from fct_target_flags) as flags"""
    ).iloc[0]
    findings = frame("select count(*) as n from fct_consistency_findings").iloc[0]["n"] if _checked() else 0
    return {**{k: float(row[k]) for k in row.index}, "findings": float(findings)}


@st.cache_data(show_spinner=False)
def coverage(v: tuple) -> pd.DataFrame:
    """Documents read per agency, fiscal year and document type (rejected ones are not counted)."""
    return frame(
        """select a.agency_key, a.agency_name, coalesce(a.province_name, '—') as province_name,
            coalesce(a.admin_level, '—') as admin_level, d.fiscal_year, d.doc_type, count(*) as documents
        from dim_documents as d inner join dim_agencies as a using (agency_key)
        where d.status <> 'rejected' and d.fiscal_year is not null
        group by all order by 2, 5, 6"""
    )


# -- agency over years -------------------------------------------------------------------------
@st.cache_data(show_spinner=False)
def agencies(v: tuple) -> pd.DataFrame:
    return frame(
        """select agency_key, agency_name, province_name, admin_level from dim_agencies
        where agency_key <> 'unknown' order by agency_name"""
    )


@st.cache_data(show_spinner=False)
def families(v: tuple, agency_key: str) -> pd.DataFrame:
    return frame(
        "select project_family_key, any_value(family_name) as family_name from dim_projects "
        "where agency_key = ? group by 1 order by 2",
        [agency_key],
    )


@st.cache_data(show_spinner=False)
def project_budgets(v: tuple, agency_key: str, family_key: str | None) -> pd.DataFrame:
    return frame(
        """select p.fiscal_year, p.project_name, p.family_name, b.budget_total_wan
        from fct_project_budgets as b inner join dim_projects as p using (project_key)
        where p.agency_key = ? and (? is null or p.project_family_key = ?)
        order by 1, 2""",
        [agency_key, family_key, family_key],
    )


@st.cache_data(show_spinner=False)
def task_budgets(v: tuple, agency_key: str) -> pd.DataFrame:
    return frame(
        """select fiscal_year, task_no, task_text, total_wan from fct_department_budgets
        where agency_key = ? and not is_total order by fiscal_year, task_no""",
        [agency_key],
    )


@st.cache_data(show_spinner=False)
def series(v: tuple, agency_key: str, family_key: str | None) -> pd.DataFrame:
    return frame(
        """select y.indicator_name, y.fiscal_year, y.target_raw, y.value_number, y.unit,
            y.previous_target_raw, y.target_change_direction, y.actual_raw, t.target_ocr_confidence,
            y.series_key, p.family_name, y.indicator_target_key
        from rpt_indicator_year_over_year as y
        left join (select * from fct_indicator_targets where agency_key = ?) as t using (indicator_target_key)
        left join dim_projects as p on t.project_key = p.project_key
        where y.agency_key = ? and (? is null or p.project_family_key = ?)
            -- a series is one agency's (series_key holds it): counted among the agency's rows
            and y.series_key in (select series_key from rpt_indicator_year_over_year where agency_key = ?
                                 group by 1 having count(*) > 1)
        order by 1, 2""",
        [agency_key, agency_key, family_key, family_key, agency_key],
    )


@st.cache_data(show_spinner=False)
def results(v: tuple, agency_key: str) -> pd.DataFrame:
    return frame(
        """select fiscal_year, indicator_name, target_raw, actual_raw, value_number, actual_number, unit,
            achievement_ratio, is_met, weight, score, actual_ocr_confidence
        from fct_indicator_results where agency_key = ? order by fiscal_year, indicator_name""",
        [agency_key],
    )


@st.cache_data(show_spinner=False)
def execution(v: tuple, agency_key: str) -> pd.DataFrame:
    return frame(
        """select e.fiscal_year, coalesce(p.project_name, d.title_raw, d.file_name) as evaluated,
            e.budget_full_year_wan, e.executed_wan, e.execution_rate_pct, e.execution_rate_raw
        from fct_budget_execution as e
        inner join dim_documents as d using (document_key)
        left join dim_projects as p using (project_key)
        where e.agency_key = ? order by e.fiscal_year, evaluated""",
        [agency_key],
    )


# -- indicator explorer and peers -----------------------------------------------------------
# Peers of a target: other agencies' targets of the same class (level-2 class, or the same name
# where the class is not recognised), unit and fiscal year, within a scope: the same admin
# level, the same province, or every agency.
PEER_SCOPES = ("level", "province", "all")
_PEER_GROUP = (
    "case when coalesce({t}.level2_code, 'unknown') <> 'unknown' then {t}.indicator_key else {t}.indicator_name end"
)
_IN_SCOPE = """(? = 'all' or (? = 'level' and {a}.admin_level is not distinct from {b}.admin_level)
    or (? = 'province' and {a}.province_name is not distinct from {b}.province_name))"""


@st.cache_data(show_spinner=False)
def indicator_names(v: tuple, search: str) -> pd.DataFrame:
    pattern = f"%{search.strip()}%"
    return frame(
        """select indicator_name, unit, sum(numeric_targets)::bigint as targets
        from rpt_indicator_names
        where indicator_name ilike ? or level2_name_zh ilike ? or level2_name_en ilike ?
        group by all order by targets desc, indicator_name limit 200""",
        [pattern, pattern, pattern],
    )


TARGET_ROWS = 1000  # the peers' targets a page lists at first (the marked agency's all, besides)

# the chosen indicator's peers: every numeric target of its class (or name) and unit, of the
# agencies in the marked agency's scope (all when none is marked), the marked agency's own marked
_PEERS = f"""with chosen as (
        select any_value({_PEER_GROUP.format(t="t")}) as peer_group
        from fct_indicator_targets as t where t.indicator_name = ? and t.unit is not distinct from ?
    ),
    own as (select admin_level, province_name from dim_agencies where agency_key = ?),
    peers as (
        select t.*, a.agency_name, a.admin_level, a.province_name, t.agency_key is not distinct from ? as marked
        from fct_indicator_targets as t
        inner join dim_agencies as a using (agency_key)
        where {_PEER_GROUP.format(t="t")} = (select peer_group from chosen)
            and t.unit is not distinct from ? and t.value_number is not null
            and (? = 'all' or not exists (select 1 from own)
                or (? = 'level' and a.admin_level is not distinct from (select admin_level from own))
                or (? = 'province' and a.province_name is not distinct from (select province_name from own)))
    )"""


def _peers_params(name: str, unit: str | None, marked: str | None, scope: str) -> list:
    return [name, unit, marked, marked, unit, scope, scope, scope]


@st.cache_data(show_spinner=False)
def indicator_agencies(v: tuple, name: str, unit: str | None) -> pd.DataFrame:
    """The agencies with a numeric target of the chosen indicator's class and unit."""
    return frame(
        _PEERS + " select distinct agency_key, agency_name from peers order by agency_name",
        _peers_params(name, unit, None, "all"),
    )


@st.cache_data(show_spinner=False)
def indicator_peer_stats(v: tuple, name: str, unit: str | None, marked: str | None, scope: str) -> pd.DataFrame:
    """Per fiscal year, the peers' targets (the marked agency's left out) as a box: how many, the
    lowest, the quartiles, the highest."""
    return frame(
        _PEERS
        + """ select fiscal_year, count(*) as peer_n, min(value_number) as peer_min,
            quantile_cont(value_number, 0.25) as peer_q1, median(value_number) as peer_median,
            quantile_cont(value_number, 0.75) as peer_q3, max(value_number) as peer_max
        from peers where not marked group by 1 order by 1""",
        _peers_params(name, unit, marked, scope),
    )


@st.cache_data(show_spinner=False)
def indicator_targets(v: tuple, name: str, unit: str | None, marked: str | None, scope: str,
                      rows: int = TARGET_ROWS) -> pd.DataFrame:  # fmt: skip
    """The marked agency's targets of the chosen indicator's class and unit, and the first ``rows``
    of its peers' (by year and value), in that order."""
    return frame(
        _PEERS
        + """ select p.indicator_name, p.agency_name, coalesce(d.project_name, '目标' || p.goal_no)
                as project_or_goal, p.fiscal_year, p.target_raw, p.value_number, p.unit,
            i.level2_name_zh as indicator_class_zh, i.level2_name_en as indicator_class_en, p.agency_key, p.marked
        from (
            (select * from peers where marked)
            union all
            (select * from peers where not marked order by fiscal_year, value_number, indicator_target_key limit ?)
        ) as p
        inner join dim_indicators as i using (indicator_key)
        left join dim_projects as d using (project_key)
        order by p.fiscal_year, p.value_number, p.indicator_target_key""",
        [*_peers_params(name, unit, marked, scope), rows],
    )


@st.cache_data(show_spinner=False)
def peer_medians(v: tuple, agency_key: str, scope: str) -> pd.DataFrame:
    """For each numeric target of the agency: the median of its peers' targets and their number.
    The peers' targets are summed up once per group the agency's targets fall in (peer group,
    unit, year, and the agency's admin level and province), then handed to each target."""
    return frame(
        f"""with mine as (
            select t.indicator_target_key, {_PEER_GROUP.format(t="t")} as peer_group, t.unit, t.fiscal_year,
                a.admin_level, a.province_name
            from fct_indicator_targets as t inner join dim_agencies as a using (agency_key)
            where t.agency_key = ? and t.value_number is not null
        ),
        groups as (select distinct peer_group, unit, fiscal_year, admin_level, province_name from mine),
        theirs as (
            select g.peer_group, g.unit, g.fiscal_year, g.admin_level, g.province_name,
                median(t.value_number) as peer_median, count(t.value_number) as peer_n
            from fct_indicator_targets as t
            inner join dim_agencies as a using (agency_key)
            inner join groups as g
                on g.peer_group = {_PEER_GROUP.format(t="t")} and t.unit is not distinct from g.unit
                and t.fiscal_year = g.fiscal_year and {_IN_SCOPE.format(a="a", b="g")}
            where t.agency_key <> ? and t.agency_key <> 'unknown' and t.value_number is not null
            group by all
        )
        select m.indicator_target_key, o.peer_median, o.peer_n
        from mine as m inner join theirs as o
            on o.peer_group = m.peer_group and o.unit is not distinct from m.unit and o.fiscal_year = m.fiscal_year
            and o.admin_level is not distinct from m.admin_level
            and o.province_name is not distinct from m.province_name""",
        [agency_key, scope, scope, scope, agency_key],
    )


@st.cache_data(show_spinner=False)
def cost_per_unit(v: tuple, name: str, unit: str | None) -> pd.DataFrame:
    """Budget per unit of a count output (数量指标 counted in a unit) of a project with a budget in
    money; beside it, the median over every agency's projects of the same class, unit and year."""
    return frame(
        f"""with costs as (
            select a.agency_name, p.project_name, t.fiscal_year, t.target_raw, t.unit, t.indicator_name,
                b.budget_total_wan, b.budget_total_wan * 10000 / t.value_number as yuan_per_unit,
                {_PEER_GROUP.format(t="t")} as peer_group
            from fct_indicator_targets as t
            inner join dim_agencies as a using (agency_key)
            inner join dim_projects as p using (project_key)
            inner join fct_project_budgets as b using (project_key)
            where t.level2_code = 'quantity' and t.value_kind = 'count' and t.value_number > 0
                and t.unit is not null and b.budget_total_wan > 0
        )
        select agency_name, project_name, fiscal_year, target_raw, budget_total_wan, round(yuan_per_unit, 2)
                as yuan_per_unit,
            round(median(yuan_per_unit) over (partition by peer_group, unit, fiscal_year), 2) as peer_median_yuan,
            unit, indicator_name
        from costs
        where peer_group = (select any_value(peer_group) from costs where indicator_name = ?)
            and unit is not distinct from ?
        qualify indicator_name = ?
        order by fiscal_year, yuan_per_unit desc""",
        [name, unit, name],
    )


# -- review ----------------------------------------------------------------------------------
@st.cache_data(show_spinner=False)
def review_filters(v: tuple) -> dict[str, list]:
    rules = frame("select distinct rule_id, rule_name_zh, rule_name_en from fct_target_flags order by 1")
    years = frame("select distinct fiscal_year from rpt_review_queue where fiscal_year is not null order by 1")
    return {"rules": rules.to_dict("records"), "years": [int(y) for y in years["fiscal_year"]]}


QUEUE_ROWS = 500  # the queue's rows a page shows at first; "show more" adds as many again

_QUEUE = """with matching as (
        select coalesce(project_key, document_key) as subject, count(*) as n
        from fct_target_flags where (? is null or rule_id = ?) and severity >= ? group by 1
    )
    select {columns}
    from rpt_review_queue as q
    inner join dim_agencies as a using (agency_key)
    left join matching on matching.subject = q.review_subject_key
    where (? is null or q.agency_key = ?) and (? is null or q.fiscal_year = ?)
        and (matching.n is not null or (? is null and ? = 1))
        and (? is null or q.review_subject_key = ?)"""
_QUEUE_COLUMNS = """q.review_rank, q.title, a.agency_name, q.fiscal_year, q.budget_wan, q.n_flags,
    round(q.risk_score, 1) as risk_score, q.target_grade, q.rules_zh, q.rules_en, q.review_subject_key,
    q.document_key"""


def _queue_params(rule_id: str | None, min_severity: int, agency_key: str | None, year: int | None,
                  subject_key: str | None) -> list:  # fmt: skip
    return [rule_id, rule_id, min_severity, agency_key, agency_key, year, year, rule_id, min_severity,
            subject_key, subject_key]  # fmt: skip


@st.cache_data(show_spinner=False)
def review_queue(v: tuple, rule_id: str | None, min_severity: int, agency_key: str | None, year: int | None,
                 rows: int = QUEUE_ROWS, subject_key: str | None = None) -> pd.DataFrame:  # fmt: skip
    """The first ``rows`` items of the ranked queue; with a rule or a severity above 1, only items
    with such a flag; with ``subject_key``, that item alone if the filters keep it."""
    sql = _QUEUE.format(columns=_QUEUE_COLUMNS) + " order by q.review_rank limit ?"
    return frame(sql, [*_queue_params(rule_id, min_severity, agency_key, year, subject_key), rows])


@st.cache_data(show_spinner=False)
def review_queue_size(v: tuple, rule_id: str | None, min_severity: int, agency_key: str | None,
                      year: int | None) -> int:  # fmt: skip
    """How many items the filters keep (``review_queue`` shows the first of them)."""
    counted = frame(_QUEUE.format(columns="count(*) as n"), _queue_params(rule_id, min_severity, agency_key, year,
                                                                          None))  # fmt: skip
    return int(counted["n"].iloc[0])


@st.cache_data(show_spinner=False)
def flags_of(v: tuple, subject_key: str) -> pd.DataFrame:
    return frame(
        """select f.flag_key, f.severity, f.rule_id, f.rule_name_zh, f.rule_name_en, f.message_zh, f.message_en,
            f.evidence, f.line_start, f.line_end, t.source_location, f.related_document_key,
            r.file_name as related_file_name, f.related_line_start, f.related_line_end
        from fct_target_flags as f
        left join fct_indicator_targets as t using (indicator_target_key)
        left join dim_documents as r on r.document_key = f.related_document_key
        where coalesce(f.project_key, f.document_key) = ?
        order by f.severity desc, f.line_start""",
        [subject_key],
    )


@st.cache_data(show_spinner=False)
def lineage_of(v: tuple, subject_key: str) -> pd.DataFrame:
    """A self-evaluated table's indicators beside the targets its target table published."""
    return frame(
        """select status as lineage_status, change_direction,
            coalesce(evaluated_indicator_name, planned_indicator_name) as indicator_name,
            planned_target_raw, evaluated_target_raw, planned_line_start, evaluated_line_start
        from fct_target_lineage
        where coalesce(selfeval_project_key, selfeval_document_key) = ?
        order by status = 'kept', position""",
        [subject_key],
    )


@st.cache_data(show_spinner=False)
def flag_subjects(v: tuple) -> pd.DataFrame:
    """Every flag's key and the queue item it belongs to."""
    return frame("select flag_key, coalesce(project_key, document_key) as subject from fct_target_flags")


def without_dismissed(v: tuple, queue: pd.DataFrame, dismissed: set[str]) -> pd.DataFrame:
    """The queue without the items whose every flag was dismissed (items without flags stay)."""
    if not dismissed:
        return queue
    subjects = flag_subjects(v)
    open_subjects = set(subjects.loc[~subjects["flag_key"].isin(dismissed), "subject"])
    flagged = set(subjects["subject"])
    keep = queue["review_subject_key"].map(lambda s: s in open_subjects or s not in flagged)
    return queue[keep]


def decisions_in_force() -> dict:
    """Reviewers' decisions (their own store beside the warehouse: read fresh, never cached)."""
    return decisions.in_force(db_path())


def decide(key: str, decision: str, reviewer: str, note: str | None) -> decisions.Decision:
    return decisions.mark(db_path(), key, decision, reviewer, note, kind="flag")


@st.cache_data(show_spinner=False)
def document_text(v: tuple, document_key: str) -> str:
    rows = frame("select text from dim_document_texts where document_key = ?", [document_key])
    return rows.iloc[0]["text"] if len(rows) else ""


# -- consistency ------------------------------------------------------------------------------
@st.cache_data(show_spinner=False)
def findings(v: tuple) -> pd.DataFrame:
    if not _checked():
        return pd.DataFrame()
    return frame(
        """select d.file_name, c.rule_id, c.rule_name_zh, c.rule_name_en, c.severity, c.message_zh, c.message_en,
            c.line_start, c.document_key
        from fct_consistency_findings as c inner join dim_documents as d using (document_key)
        order by d.file_name, c.line_start"""
    )


# -- documents --------------------------------------------------------------------------------
_FINDINGS_PER_DOCUMENT = (
    ", findings as (select document_key, count(*) as findings from fct_consistency_findings group by 1)"
)


@st.cache_data(show_spinner=False)
def documents(v: tuple) -> pd.DataFrame:
    return frame(
        f"""with flags as (select document_key, count(*) as flags from fct_target_flags group by 1)
        {_FINDINGS_PER_DOCUMENT if _checked() else ", findings as (select null as document_key, 0 as findings)"}
        select d.document_key, d.file_name, d.doc_type, d.fiscal_year, a.agency_name, a.agency_key, d.title_raw,
            d.status, d.status_reason, d.layout, d.reading_method, d.ocr_cells_unsure, d.encoding,
            coalesce(flags.flags, 0) as flags,
            coalesce(findings.findings, 0) as findings
        from dim_documents as d inner join dim_agencies as a using (agency_key)
        left join flags using (document_key) left join findings using (document_key)
        order by d.file_name"""
    )


# -- SQL --------------------------------------------------------------------------------------
def run_sql(sql: str, limit: int = ROW_CAP, seconds: float = QUERY_SECONDS) -> pd.DataFrame:
    """A user's query: one reading statement, no file or network access, at most ``limit`` rows,
    stopped after ``seconds`` (raises QueryTimeout); ``attrs["truncated"]`` says why rows are
    missing, if they are."""
    with connect() as con:
        result = run_limited(con, sql, limit, seconds)
        frame = pd.DataFrame(result.rows, columns=result.columns)
        frame.attrs["truncated"] = result.truncated
        return frame


FULL_RESULT_BYTES = 50_000_000  # the whole result of a user's query, as a file, stops here


def full_result_csv(sql: str, seconds: float = QUERY_SECONDS) -> bytes:
    """A user's query without the row cap, as CSV (UTF-8 with BOM), within FULL_RESULT_BYTES of
    values and ``seconds``; a last line says where it stopped when it did."""
    with connect() as con:
        result = run_limited(con, sql, None, seconds, max_bytes=FULL_RESULT_BYTES)
    text = pd.DataFrame(result.rows, columns=result.columns).to_csv(index=False)
    if result.truncated:
        text += f"# {result.truncated}\n"
    return text.encode("utf-8-sig")


@st.cache_data(show_spinner=False)
def schema(v: tuple) -> pd.DataFrame:
    """The public tables (schema main) and their columns, with the descriptions dbt wrote."""
    return frame(
        """select c.table_name, t.comment as table_comment, c.column_name, c.data_type, c.comment as description
        from duckdb_columns() as c
        inner join duckdb_tables() as t on t.schema_name = c.schema_name and t.table_name = c.table_name
        where c.schema_name = 'main' and c.database_name = current_database()
        order by c.table_name, c.column_index"""
    )
