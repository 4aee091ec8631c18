"""Each dashboard page with Streamlit's AppTest: widgets drive the queries, no exception, and the
empty and unavailable warehouse give a message instead of a traceback."""

from __future__ import annotations

import re
import subprocess
import sys

import duckdb
import pytest
import streamlit as st
from conftest import ROOT
from dashboard_support import addresses, bare_codes
from streamlit.testing.v1 import AppTest

VIEWS = ROOT / "dashboards" / "views"
PAGES = ["overview", "agency", "indicators", "review", "consistency", "sql", "documents"]


@pytest.fixture
def warehouse(built, monkeypatch):
    monkeypatch.setenv("JIXIAO_DB", str(built.db))
    monkeypatch.setenv("JIXIAO_GX_ROOT", str(built.gx_root))
    st.cache_data.clear()
    yield built
    st.cache_data.clear()


def run(name: str, params: dict[str, str] | None = None, lang: str | None = None) -> AppTest:
    app = AppTest.from_file(str(VIEWS / f"{name}.py"), default_timeout=60)
    for key, value in (params or {}).items():
        app.query_params[key] = value
    if lang:
        app.session_state["lang"] = lang
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def agency_key(warehouse, name: str) -> str:  # type: ignore[no-untyped-def]
    """The key behind an agency's name (the pages' options are keys, shown by their names)."""
    import duckdb

    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        return con.execute("select agency_key from dim_agencies where agency_name = ?", [name]).fetchone()[0]


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_without_error(warehouse, name):
    app = run(name)
    assert not app.error
    assert any("页面查询耗时" in c.value for c in app.caption)


def test_overview_shows_the_samples(warehouse):
    metrics = {m.label: m.value for m in run("overview").metric}
    assert metrics["文档"] == "5" and metrics["项目"] == "28" and metrics["指标"] == "451"
    assert metrics["项目预算合计（万元）"] == "15,431.79"  # 14475.59 + 693.50 + 262.70 (COUNTS.md)
    assert metrics["一致性问题"] == "10"


def test_agency_page_follows_the_agency_picked(warehouse):
    app = run("agency")
    app.selectbox[0].select(agency_key(warehouse, "天津市工商业联合会")).run()
    assert not app.exception
    (spec, frame), *_ = _charts(app)  # the budget chart of the chosen agency, its amounts
    assert spec["encoding"]["y"]["field"] == "budget_total_wan" and frame["budget_total_wan"].sum() > 0


def test_indicator_search_lists_matching_indicators(warehouse):
    app = run("indicators")
    app.text_input[0].set_value("补贴汽车").run()
    assert not app.exception
    assert "补贴汽车数量" in app.selectbox[0].options[0]


def test_indicator_peers_are_summed_up_in_sql_and_listed_a_page_at_a_time(warehouse, monkeypatch):
    """The peers of 培训人员出勤率 (%): every numeric % target of its class (output.quality), the
    marked agency's left out of the boxes; their figures per year as pandas computes them from the
    rows; the list holds the marked agency's targets and the first TARGET_ROWS of the others'."""
    import duckdb

    from dashboards import queries

    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        rows = con.execute(
            "select agency_key, fiscal_year, value_number from fct_indicator_targets "
            "where indicator_key = 'output.quality' and unit = '%' and value_number is not null"
        ).df()
    marked = rows["agency_key"].value_counts().index[0]
    v = queries.version()
    stats = queries.indicator_peer_stats.__wrapped__(v, "培训人员出勤率", "%", marked, "all")
    others = rows[rows["agency_key"] != marked].groupby("fiscal_year")["value_number"]
    assert stats["fiscal_year"].tolist() == sorted(others.groups)
    assert stats["peer_n"].tolist() == others.size().tolist()
    for figure, expected in (("peer_median", others.median()), ("peer_q1", others.quantile(0.25)),
                             ("peer_max", others.max()), ("peer_min", others.min())):  # fmt: skip
        assert stats[figure].round(6).tolist() == expected.round(6).tolist(), figure
    monkeypatch.setattr(queries, "TARGET_ROWS", 5)
    app = run("indicators", {"q": "培训人员出勤率", "indicator": "培训人员出勤率｜%", "agency": marked, "peers": "all"})
    ((spec, drawn),) = _charts(app)  # the boxes drawn from those figures, the agency's own targets on top
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rule", "bar", "tick", "point"]
    boxes, own_points = drawn[~drawn["marked"]], drawn[drawn["marked"]]
    assert boxes["peer_median"].round(6).tolist() == others.median().round(6).tolist()
    assert sorted(own_points["value_number"]) == sorted(rows.loc[rows["agency_key"] == marked, "value_number"])
    (listed,) = [d.value for d in app.dataframe if "同类中位数" in d.value.columns]
    own = int((rows["agency_key"] == marked).sum())
    assert len(listed) == own + 5 and listed["年度"].is_monotonic_increasing
    assert any(
        c.value.startswith(f"列出同类目标值中按年度与数值排序的前 5 个，共 {len(rows) - own} 个") for c in app.caption
    )


def test_agency_peer_medians_are_those_of_other_agencies_targets_of_the_same_class_unit_and_year(warehouse):
    """Each of an agency's numeric targets beside the median and number of the other agencies'
    (the unknown agency left out) of its class (its name when the class is unknown), unit and year:
    the query against pandas over the rows."""
    import duckdb

    from dashboards import queries

    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        rows = con.execute(
            "select indicator_target_key, agency_key, fiscal_year, unit, value_number, case when "
            "coalesce(level2_code, 'unknown') <> 'unknown' then indicator_key else indicator_name end as peer_group "
            "from fct_indicator_targets where value_number is not null"
        ).df()
    agency = rows[rows["agency_key"] != "unknown"]["agency_key"].value_counts().index[0]
    got = queries.peer_medians.__wrapped__(queries.version(), agency, "all").set_index("indicator_target_key")
    others = rows[(rows["agency_key"] != agency) & (rows["agency_key"] != "unknown")]
    expected = {}
    for target in rows[rows["agency_key"] == agency].itertuples():
        peers = others[(others["peer_group"] == target.peer_group) & (others["fiscal_year"] == target.fiscal_year)
                       & (others["unit"].fillna("\0") == ("\0" if target.unit is None else target.unit))]  # fmt: skip
        if len(peers):
            expected[target.indicator_target_key] = (round(peers["value_number"].median(), 6), len(peers))
    assert len(expected) > 5
    assert {k: (round(r.peer_median, 6), r.peer_n) for k, r in got.iterrows()} == expected


def test_review_filters(warehouse):
    app = run("review")
    app.selectbox[0].select("padded_cost").run()
    queue = app.dataframe[0].value
    assert list(queue["对象"]) == ["天津市工业和信息化局 2022年 整体支出绩效自评表"]
    app.selectbox[0].select(None).run()
    app.selectbox[1].select(3).run()
    assert set(app.dataframe[0].value["对象"]) >= {"无线电技术设施建设-中央", "2024年履职能力提升项目"}


def test_sql_page_runs_queries_and_refuses_writes_and_files(warehouse):
    app = run("sql")
    app.button[0].click().run()
    assert app.dataframe and not app.error
    for statement in ("drop table dim_agencies", "select * from read_text('/etc/passwd')", "select nonsense from"):
        app.text_area[0].set_value(statement).run()
        app.button[0].click().run()
        assert app.error and "查询失败" in app.error[0].value, statement
        assert not app.exception


def test_english_switch(warehouse):
    app = AppTest.from_file(str(VIEWS / "overview.py"), default_timeout=60)
    app.session_state["lang"] = "en"
    app.run()
    assert {m.label for m in app.metric} >= {"Documents", "Projects", "Indicators"}


def test_missing_warehouse_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("JIXIAO_DB", str(tmp_path / "none.duckdb"))
    st.cache_data.clear()
    for name in PAGES:
        app = run(name)
        assert any("jixiao ingest" in i.value for i in app.info), name


def test_a_database_being_written_gives_a_message_not_a_traceback(built, monkeypatch, tmp_path):
    db = tmp_path / "busy.duckdb"
    db.write_bytes(built.db.read_bytes())
    monkeypatch.setenv("JIXIAO_DB", str(db))
    st.cache_data.clear()
    hold = f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('held', flush=True); time.sleep(60)"
    with subprocess.Popen([sys.executable, "-c", hold], stdout=subprocess.PIPE, text=True) as writer:
        try:
            assert writer.stdout.readline().strip() == "held"  # another process writes the file
            app = run("overview")
            assert any("正在更新" in i.value for i in app.info)
        finally:
            writer.kill()


def test_sql_page_refuses_a_copy_into_the_wal_and_shows_errors_as_text(warehouse):
    wal = warehouse.db.with_name(warehouse.db.name + ".wal")
    app = run("sql")
    app.text_area[0].set_value(f"copy (select 1) to '{wal}' (format csv)").run()
    app.button[0].click().run()
    assert app.error and "查询失败" in app.error[0].value and not app.exception
    assert "COPY is refused" in app.code[0].value and not wal.exists()
    # an error that quotes markdown (an image that would be fetched) is shown as text
    app.text_area[0].set_value("select ![b](http://127.0.0.1:9/x.png) from").run()
    app.button[0].click().run()
    assert app.code and "![b](http://127.0.0.1:9/x.png)" not in app.error[0].value
    app.text_area[0].set_value("select * from range(6000)").run()
    app.button[0].click().run()
    assert app.warning and "truncated at 5000 rows" in app.warning[0].value


def test_document_text_in_markdown_elements_is_escaped():
    from dashboards.ui import plain

    assert plain("![b](http://x/y.png)") == r"\!\[b\]\(http\://x/y\.png\)"
    assert plain("**粗** <img src=x> `c` _i_ #h") == r"\*\*粗\*\* \<img src=x\> \`c\` \_i\_ \#h"
    assert plain("2024年≥95%") == "2024年≥95%"  # nothing else changes


def test_a_self_evaluation_shows_its_published_targets_beside_the_evaluated(review_built, monkeypatch):
    """The review documents' 供水管网改造项目 (second in their queue, by hand: three flags of severity
    3, 1 and 3 on 800 万元): its indicators beside lineage_targets.txt's, changed and dropped first."""
    monkeypatch.setenv("JIXIAO_DB", str(review_built.db))
    st.cache_data.clear()
    app = AppTest.from_file(str(VIEWS / "review.py"), default_timeout=60)
    queue = app.run().dataframe[0].value
    row = list(queue["对象"]).index("供水管网改造项目")
    app.session_state["queue_0"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any(s.value == "年初目标与自评对照" for s in app.subheader)
    (lineage,) = [d.value for d in app.dataframe if "年初目标值" in d.value.columns]
    assert list(lineage.columns[:5]) == ["对照结果", "方向", "指标", "年初目标值", "自评目标值"]
    first = lineage.iloc[:3][["对照结果", "方向", "指标", "年初目标值", "自评目标值"]].values.tolist()
    assert sorted(first) == sorted([
        ["改变", "放宽", "改造供水管网长度", "≥12公里", "≥10公里"],
        ["未自评", "", "新装智能水表数量", "≥3000只", ""],
        ["新增", "", "开展管网巡检次数", "", "≥12次"],
    ])  # fmt: skip
    assert set(lineage.iloc[3:]["对照结果"]) == {"一致"} and len(lineage) == 8
    st.cache_data.clear()


def _review_with(selection: list[int] | None = None, item: str | None = None) -> AppTest:
    app = AppTest.from_file(str(VIEWS / "review.py"), default_timeout=60)
    if selection is not None:
        app.session_state["queue_0"] = {"selection": {"rows": selection, "columns": [], "cells": []}}
    if item is not None:
        app.query_params["item"] = item
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _flag_heading(app: AppTest) -> list[str]:
    return [s.value for s in app.subheader if s.value.startswith("审核提示")]


def test_review_selection_is_kept_by_key_and_cleared_by_a_filter_change(warehouse):
    import duckdb

    app = _review_with(selection=[0])
    first = app.dataframe[0].value.iloc[0]["对象"]
    assert _flag_heading(app) == [f"审核提示：{first}"]
    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        (key,) = con.execute("select review_subject_key from rpt_review_queue where review_rank = 1").fetchone()
    assert app.query_params["item"] == key  # the item is in the address, by its key
    app.selectbox[1].select(3).run()  # another severity: the queue changes, the selection goes
    assert not app.exception and _flag_heading(app) == [] and "item" not in app.query_params
    # a link to an item opens it, wherever it stands in the queue
    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        (key, title) = con.execute(
            "select review_subject_key, title from rpt_review_queue where n_flags > 0 order by review_rank desc limit 1"
        ).fetchone()
    assert _flag_heading(_review_with(item=key)) == [f"审核提示：{title}"]


def test_review_queue_shows_its_first_rows_then_more_and_opens_a_linked_item_beyond_them(warehouse, monkeypatch):
    """The queue is read a page at a time (bounded at any size): the first QUEUE_ROWS items by rank,
    how many there are, a button for more; an item linked by key opens though it is not shown."""
    import duckdb

    from dashboards import queries

    monkeypatch.setattr(queries, "QUEUE_ROWS", 3)
    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        total = con.execute("select count(*) from rpt_review_queue").fetchone()[0]
        ranked = [r for (r,) in con.execute("select title from rpt_review_queue order by review_rank").fetchall()]
        (key, title) = con.execute(
            "select review_subject_key, title from rpt_review_queue where n_flags > 0 order by review_rank desc limit 1"
        ).fetchone()
    assert total > 6
    app = _review_with()
    assert list(app.dataframe[0].value["对象"]) == ranked[:3]
    assert any(c.value.startswith(f"按排名显示前 3 项，共 {total} 项") for c in app.caption)
    app.button(key="queue_0_more").click().run()
    assert list(app.dataframe[0].value["对象"]) == ranked[:6]
    app.selectbox[1].select(3).run()  # a filter change starts from the first rows again
    assert len(app.dataframe[0].value) <= 3
    linked = _review_with(item=key)
    assert title not in list(linked.dataframe[0].value["对象"]) and _flag_heading(linked) == [f"审核提示：{title}"]


def test_each_flag_shows_its_figures_as_a_table_and_its_own_lines(warehouse):
    import duckdb

    app = _review_with(selection=[0])
    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        (subject,) = con.execute("select review_subject_key from rpt_review_queue where review_rank = 1").fetchone()
        flags = con.execute(
            "select line_start, line_end from fct_target_flags where coalesce(project_key, document_key) = ? "
            "order by severity desc, line_start",
            [subject],
        ).fetchall()
    grids = [h.proto.body for h in app.html if "jixiao-snippet" in h.proto.body]
    assert len(grids) == len(flags) > 1
    for (start, end), grid in zip(flags, grids, strict=True):
        numbers = [int(n) for n in re.findall(r"text-align:right\">(?:▶ )?(\d+)</td>", grid)]
        marked = [int(n) for n in re.findall(r"text-align:right\">▶ (\d+)</td>", grid)]
        assert marked == list(range(start, end + 1))
        assert numbers[0] == max(1, start - 3) and numbers[-1] <= end + 3
        assert "<td colspan" in grid  # the rows as cells, never the line as one string
    figures = [d.value for d in app.dataframe[1:] if list(d.value.columns) == ["项目", "数值"]]
    assert len(figures) == len(flags)  # every flag's evidence, as name and value


def test_stopping_the_dashboard_stops_its_server(built):
    """SIGTERM to `jixiao dashboard` (a service manager's stop) ends the Streamlit server it runs:
    nothing keeps serving the port."""
    import os
    import signal
    import socket
    import time
    import urllib.request

    from conftest import JIXIAO

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [JIXIAO, "dashboard", "--db", str(built.db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, "the dashboard did not start"
                time.sleep(0.5)
        children = [
            int(entry) for entry in os.listdir("/proc")
            if entry.isdigit() and _parent_of(int(entry)) == proc.pid
        ]  # fmt: skip
        assert children, "the server runs as a child process"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        for child in children:
            deadline = time.monotonic() + 15
            while os.path.exists(f"/proc/{child}") and _parent_of(child) is not None:
                assert time.monotonic() < deadline, f"server {child} still runs"
                time.sleep(0.2)
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def _parent_of(pid: int) -> int | None:
    """The parent of a running process (None once it has exited, a zombie included)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] == "Z" else int(fields[1])


def test_agency_charts_keep_years_in_order_series_apart_and_rates_unsummed(warehouse):
    """天津市工业和信息化局 (000, 001, 002 of the samples): targets 2024–2025 and a 2022 self-evaluation."""

    import duckdb

    app = run("agency")
    app.selectbox[0].select(agency_key(warehouse, "天津市工业和信息化局")).run()
    assert not app.exception
    charts = _charts(app)
    assert len(charts) == 4  # budgets, tasks, target lines, execution rates
    for spec, frame in charts:  # every year axis lists each year from the first to the last, in order
        for x in _year_axes(spec):
            domain = x["scale"]["domain"]
            assert x["type"] == "ordinal" and domain == list(range(domain[0], domain[-1] + 1))
            assert set(frame["fiscal_year"].dropna()) <= set(domain)
    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        (n_series,) = con.execute(
            "select count(distinct y.series_key) from rpt_indicator_year_over_year y "
            "join dim_agencies a using (agency_key) where a.agency_name = '天津市工业和信息化局' "
            "and y.value_number is not null and y.series_key in "
            "(select series_key from rpt_indicator_year_over_year group by 1 having count(*) > 1)"
        ).fetchone()
    lines = [(spec, frame) for spec, frame in charts if spec.get("spec", {}).get("mark", {}).get("type") == "line"]
    ((spec, frame),) = lines
    assert spec["spec"]["encoding"]["detail"]["field"] == "series_key"  # a line per series, never per name
    assert frame["series_key"].nunique() == n_series > 1
    assert spec["facet"]["field"] == "unit" and spec["resolve"]["scale"]["y"] == "independent"
    ((spec, frame),) = [(spec, frame) for spec, frame in charts if "xOffset" in spec.get("encoding", {})]
    assert spec["encoding"]["y"]["stack"] is None  # execution: side by side, never stacked
    assert frame["execution_rate_pct"].max() <= 100  # one rate per self-evaluation, none added to another


def _charts(app: AppTest) -> list:
    """(spec, data) of each Vega-Lite chart a page sent: the spec as the browser gets it, the data
    decoded from its Arrow stream."""
    import json

    import pyarrow as pa

    return [
        (json.loads(chart.proto.spec), pa.ipc.open_stream(chart.proto.data.data).read_all().to_pandas())
        for chart in app.get("vega_lite_chart")
    ]


def _year_axes(spec: dict) -> list[dict]:
    """Every x encoding of fiscal years in a spec, its facets and layers included."""
    found = []
    for part in (spec, spec.get("spec", {}), *spec.get("layer", []), *spec.get("spec", {}).get("layer", [])):
        x = part.get("encoding", {}).get("x", {})
        if x.get("field") == "fiscal_year":
            found.append(x)
    return found


# ---------------------------------------------------------------------------------------------
# state in the address, translations, formatting, exports
# ---------------------------------------------------------------------------------------------
def _one(warehouse, sql: str, params: list | None = None):  # type: ignore[no-untyped-def]
    import duckdb

    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        return con.execute(sql, params or []).fetchone()


def _addresses(warehouse) -> dict[str, dict[str, str]]:
    found = addresses(warehouse.db)
    found["overview"] |= {"lang": "en", "money": "yi"}
    return found


def test_every_page_opens_as_its_address_says_and_writes_it_back(warehouse):
    """Round trip: a page opened from an address holding all its choices shows those choices and
    writes the same address back (nothing lost, nothing added)."""
    for name, params in _addresses(warehouse).items():
        app = run(name, params)
        assert not app.error, name
        assert dict(app.query_params) == params, name
        widgets = {w.key: w.value for w in [*app.selectbox, *app.radio, *app.text_input, *app.checkbox]}
        if name == "agency":
            assert widgets["agency_pick"] == params["agency"] and widgets["family_pick"] == params["family"]
        if name == "review":
            assert widgets["review_rule"] == params["rule"] and widgets["review_severity"] == int(params["severity"])
            assert widgets["review_year"] == int(params["year"]) and widgets["hide_dismissed"] is True
            assert any(s.value.startswith("审核提示：") for s in app.subheader)  # the linked item is open
        if name == "overview":
            assert widgets["coverage_rows"] == "level" and app.header[0].value == "Overview"
        if name == "documents":
            assert app.number_input[0].value == 2 and widgets["documents_search"] == params["q"]
    # an address that names what no longer exists opens the page at its defaults
    app = run("agency", {"agency": "no-such-agency", "peers": "nowhere"})
    first = _one(warehouse, "select agency_key from dim_agencies where agency_key <> 'unknown' order by agency_name")
    assert dict(app.query_params) == {"agency": first[0], "peers": "level"}


def test_choices_that_mean_the_same_follow_the_user_across_pages(warehouse):
    """The whole app: the root address opens the overview; the agency picked on the agency page is
    the one the review page starts from (one session), and its address says so."""
    agency = agency_key(warehouse, "天津市工商业联合会")
    app = AppTest.from_file(str(ROOT / "dashboards" / "app.py"), default_timeout=60).run()
    assert not app.exception and app.header[0].value == "概览"
    app.switch_page("views/agency.py").run()
    app.selectbox[0].select(agency).run()
    assert app.query_params["agency"] == agency
    app.switch_page("views/review.py").run()
    assert not app.exception and app.header[0].value == "目标审核"
    assert {w.key: w.value for w in app.selectbox}["review_agency"] == agency
    assert app.query_params["agency"] == agency


def _codes_declared() -> dict[tuple[str, str], set]:
    """The accepted values the models' YAML declares, by (model, column)."""
    import yaml

    declared: dict[tuple[str, str], set] = {}
    for path in (ROOT / "models").rglob("_*.yml"):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            for column in model.get("columns", []):
                for test in column.get("data_tests", []) or []:
                    if isinstance(test, dict) and "accepted_values" in test:
                        values = test["accepted_values"].get("arguments", test["accepted_values"])["values"]
                        declared.setdefault((model["name"], column["name"]), set()).update(values)
    return declared


# the code lists of dashboards/i18n.CODES and the columns of the marts whose values they name
SHOWN_CODES = {
    "doc_type": ("dim_documents", "doc_type"), "status": ("dim_documents", "status"),
    "admin_level": ("dim_agencies", "admin_level"), "severity": ("fct_target_flags", "severity"),
    "target_change_direction": ("rpt_indicator_year_over_year", "target_change_direction"),
    "lineage_status": ("fct_target_lineage", "status"), "value_kind": ("fct_indicator_targets", "value_kind"),
    "direction": ("fct_indicator_targets", "direction"),
}  # fmt: skip


def test_every_code_a_page_shows_has_words_in_both_languages():
    """Each code list of dashboards/i18n.CODES covers every value the marts declare for its column
    (the models' accepted_values), every layout ingest can name and every reviewer decision; every
    label and column name has both languages."""
    from dashboards.i18n import CODES, COLUMNS, LABELS
    from ingest import formats
    from ingest.layouts import LAYOUTS
    from jixiao.decisions import DECISIONS

    declared = _codes_declared()
    for field, column in SHOWN_CODES.items():
        assert column in declared, f"{column} declares no accepted values"
        missing = {v for v in declared[column] if v not in CODES[field] and str(v) not in CODES[field]}
        assert not missing, f"CODES[{field!r}] lacks {missing}"
    assert {int(s) for s in declared[("fct_target_flags", "severity")]} <= set(CODES["severity"])
    assert {m.NAME for m in LAYOUTS} | {formats.DOC} <= set(CODES["layout"])
    assert set(DECISIONS) <= set(CODES["decision"])
    for words in CODES.values():
        for zh, en in words.values():
            assert zh.strip() and en.strip()
    for key, (zh, en) in LABELS.items():
        assert zh.strip() and en.strip(), key
    for column, (zh, en, kind) in COLUMNS.items():
        assert zh and en and kind in {"text", "money", "ratio", "pct", "int", "number", "year"}, column


def _shown_texts(app: AppTest) -> tuple[list[str], list[str]]:
    """(cells, prose) a page shows: every text cell of its tables and every text of its charts;
    its headers, captions, markdown and HTML."""

    cells: list[str] = []
    for grid in app.dataframe:
        frame = grid.value
        cells += [str(c) for c in frame.columns]
        for column in frame.columns:
            cells += [v for v in frame[column].tolist() if isinstance(v, str)]
    for spec, frame in _charts(app):  # the fields it draws (a line's detail key is not shown), its titles
        shown = set(_fields(spec)) & set(frame.columns)
        cells += [v for column in shown for v in frame[column].tolist() if isinstance(v, str)]
        cells += [str(text) for text in _titles(spec)]
    prose = [e.value for kind in ("header", "subheader", "caption", "markdown", "info", "warning") for e in
             getattr(app, kind)] + [h.proto.body for h in app.html]  # fmt: skip
    return cells, prose


def _titles(spec: object) -> list:
    """Every title of a Vega-Lite spec (chart, axes, legends, tooltips) and every constant it draws."""
    if isinstance(spec, dict):
        return [v for k, v in spec.items() if k in {"title", "datum"} and isinstance(v, str)] + [
            text for v in spec.values() for text in _titles(v)
        ]
    return [text for v in spec for text in _titles(v)] if isinstance(spec, list) else []


def _fields(spec: object) -> list[str]:
    """The data fields a Vega-Lite spec draws: positions, colours, texts, tooltips, facets."""
    if isinstance(spec, dict):
        own = [spec["field"]] if isinstance(spec.get("field"), str) else []
        return own + [f for k, v in spec.items() if k != "detail" for f in _fields(v)]
    return [f for v in spec for f in _fields(v)] if isinstance(spec, list) else []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_page_shows_a_code_untranslated(warehouse, language):
    """Every page, opened with every choice set (the review item open), in each language: no table
    cell, column or chart text is a bare code (a rule id, a document type, a status, a class key,
    a direction...) and no text names a rule id or class key."""
    bare, words = bare_codes(warehouse.db, language)
    for name, params in _addresses(warehouse).items():
        app = run(name, {k: v for k, v in params.items() if k != "lang"}, lang=language)
        cells, prose = _shown_texts(app)
        assert cells, name
        shown_bare = {c for c in cells if c in bare}
        assert not shown_bare, f"{name} ({language}) shows codes: {shown_bare}"
        named = {m for text in prose for m in words.findall(text)}
        assert not named, f"{name} ({language}) names codes: {named}"
        if language == "zh" and name != "sql":  # every column under its Chinese name
            columns = {str(c) for grid in app.dataframe for c in grid.value.columns}
            assert not {c for c in columns if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", c)}, name


# -- the Data Docs of the warehouse served (consistency page) ----------------------------------
@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """file name -> bytes of every download a page offers (AppTest keeps them in memory)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    offered: dict[str, bytes] = {}
    load = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):  # type: ignore[no-untyped-def]
        offered[filename] = path_or_data
        return load(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return offered


def _site_files(db) -> dict[str, bytes]:
    site = db.with_name(db.name + ".gx") / "gx" / "uncommitted" / "data_docs" / "local_site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_consistency_page_offers_the_data_docs_of_the_warehouse_it_serves(two_warehouses, downloads, monkeypatch):
    import io
    import zipfile

    monkeypatch.delenv("JIXIAO_GX_ROOT", raising=False)
    for served, other in (two_warehouses, two_warehouses[::-1]):
        monkeypatch.setenv("JIXIAO_DB", str(served.db))
        st.cache_data.clear()
        downloads.clear()
        app = run("consistency")
        assert [b.label for b in app.get("download_button") if "zip" in b.label] == ["下载数据文档（zip）"]
        assert any(str(served.db) + ".gx" in c.value for c in app.code)  # the path, this warehouse's
        (name, data), *_ = downloads.items()
        assert name == f"{served.db.name}-data-docs.zip"
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            zipped = {n: archive.read(n) for n in archive.namelist()}
        assert "index.html" in zipped and b"document_consistency" in zipped["index.html"]
        assert zipped == _site_files(served.db)  # the whole site, as written for this warehouse
        validations = {n for n in zipped if n.startswith("validations/")}
        assert validations and not validations & set(_site_files(other.db))  # none of the other's runs


def test_consistency_page_caps_the_download_and_says_when_there_are_no_data_docs(
    two_warehouses, built, monkeypatch, tmp_path
):
    from dashboards.ui import plain

    monkeypatch.delenv("JIXIAO_GX_ROOT", raising=False)
    monkeypatch.setenv("JIXIAO_DB", str(two_warehouses[0].db))
    monkeypatch.setenv("JIXIAO_DATA_DOCS_MAX_MB", "0.5")
    st.cache_data.clear()
    app = run("consistency")
    assert not [b for b in app.get("download_button") if "zip" in b.label]
    assert app.warning and "超过下载上限 0.5 MB" in app.warning[0].value
    unchecked = tmp_path / "unchecked.duckdb"  # its own folder: no Data Docs beside it
    unchecked.write_bytes(built.db.read_bytes())
    monkeypatch.setenv("JIXIAO_DB", str(unchecked))
    st.cache_data.clear()
    app = run("consistency")
    assert not [b for b in app.get("download_button") if "zip" in b.label]
    site = plain(unchecked.with_name("unchecked.duckdb.gx") / "gx" / "uncommitted" / "data_docs" / "local_site")
    assert any("`jixiao check`" in i.value and site in i.value for i in app.info)  # where check writes them


def test_a_year_over_year_flag_links_to_last_years_document_at_its_line(warehouse):
    """补贴汽车数量 ≥5000辆 (001, 2025) was ≥7000辆 in 000 (2024), its row on lines 494–498 (one cell a
    line, by hand): the flag names 000 and shows those lines; its link opens the documents page at
    line 494, marked."""
    from urllib.parse import parse_qs

    subject, related = _one(
        warehouse,
        "select coalesce(f.project_key, f.document_key), f.related_document_key from fct_target_flags f "
        "join fct_indicator_targets t using (indicator_target_key) "
        "where f.rule_id = 'target_lowered' and t.indicator_name = '补贴汽车数量'",
    )
    (related_file,) = _one(warehouse, "select file_name from dim_documents where document_key = ?", [related])
    assert related_file.startswith("000_")
    app = _review_with(item=subject)
    (link,) = [m.value for m in app.markdown if "documents?" in m.value and "第 494 行" in m.value]
    assert link.startswith("对照文档：000\\_4fbf0d365526adfd\\.txt")
    query = parse_qs(re.search(r"\(documents\?([^)]*)\)", link).group(1))
    assert query == {"doc": [related], "line": ["494"]}
    grids = [h.proto.body for h in app.html if "jixiao-snippet" in h.proto.body]
    assert any("▶ 494</td>" in g and "▶ 498</td>" in g and "≥7000辆" in g for g in grids)  # last year's lines
    documents = run("documents", {"doc": related, "line": "494"})
    (text,) = [c.value for c in documents.code]
    marked = [line for line in text.split("\n") if line.startswith("▶")]
    assert len(marked) == 1 and marked[0].split()[1] == "494"
    assert "  498  ⇥ ≥7000辆" in text and documents.number_input[0].value == 3  # lines 401–600


def test_sql_page_keeps_typed_sql_and_offers_the_whole_result(warehouse):
    """Typed SQL stays with the option it was typed under while examples are looked at; a result
    cut by the row cap says so and offers the whole result, which holds every row."""
    from dashboards import queries

    app = run("sql")
    first, second = app.selectbox[0].options[1:3]
    app.text_area[0].set_value("select 42 as answer").run()
    app.selectbox[0].select_index(2).run()
    assert app.text_area[0].value.startswith("select indicator_name") and second.startswith("目标下调")
    app.selectbox[0].select_index(1).run()
    assert app.text_area[0].value == "select 42 as answer" and first.startswith("审核队列")
    app.text_area[0].set_value("select * from range(6000) as t(n)").run()
    app.button[0].click().run()
    assert app.warning and "5,000" in app.warning[0].value
    assert any(b.label.startswith("下载完整结果") for b in app.get("download_button"))
    assert dict(app.query_params)["q"] == "select * from range(6000) as t(n)"
    whole = queries.full_result_csv("select * from range(6000) as t(n)").decode("utf-8-sig").splitlines()
    assert whole[0] == "n" and len(whole) == 6001 and whole[-1] == "5999"


def test_tables_show_blanks_separators_fixed_decimals_and_percent():
    import pandas as pd

    from dashboards.ui import localised, styled

    frame = pd.DataFrame({"budget_wan": [12345.678, None], "achievement_ratio": [0.857, None],
                          "target_raw": [None, "≥5个"], "severity": [3, 1], "n_flags": [1200, 3]})  # fmt: skip
    shown = localised(frame)
    assert list(shown.columns) == ["预算（万元）", "完成比", "目标值", "严重程度", "提示数"]
    html = styled(frame, shown).to_html()
    assert "12,345.68" in html and "85.7%" in html and "1,200" in html and "高" in html and "低" in html
    assert "None" not in html and "nan" not in html.lower()
    assert "#f8d0cc" in html  # severity 3 in red


def test_amounts_follow_the_money_unit(warehouse):
    """?money=yi shows 万元 amounts in 亿元: the label says so and the value is a ten-thousandth."""
    (agency, budget) = _one(
        warehouse,
        "select agency_key, budget_full_year_wan from fct_budget_execution where budget_full_year_wan is not null "
        "order by 1 limit 1",
    )
    app = run("agency", {"agency": agency, "money": "yi"})
    (execution,) = [g.value for g in app.dataframe if "全年预算（亿元）" in g.value.columns]
    assert execution["全年预算（亿元）"].iloc[0] == pytest.approx(float(budget) / 10000)


def test_a_page_run_makes_its_queries_on_one_connection(warehouse, monkeypatch):
    """The app runs each page inside ``one_connection``: the overview's uncached queries (several)
    share one read-only connection, closed when the page is drawn; outside a page run each query
    opens its own."""
    from dashboards import queries

    opened: list = []
    real = queries.connect

    def counted():  # type: ignore[no-untyped-def]
        opened.append(real())
        return opened[-1]

    monkeypatch.setattr(queries, "connect", counted)
    queries.frame("select 1")
    queries.frame("select 2")
    assert len(opened) == 2
    opened.clear()
    with queries.one_connection():
        assert queries.frame("select 41 + 1").iloc[0, 0] == 42
        queries.frame("select count(*) from dim_agencies")
    assert len(opened) == 1
    with pytest.raises(duckdb.ConnectionException):
        opened[0].execute("select 1")  # closed at the end of the run
    opened.clear()
    app = AppTest.from_file(str(ROOT / "dashboards" / "app.py"), default_timeout=60)
    app.switch_page("views/overview.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.metric and len(opened) == 1
