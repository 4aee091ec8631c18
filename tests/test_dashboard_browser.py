"""The dashboard in a real browser: `jixiao dashboard` on the samples and on a synthetic warehouse
of 1,200 documents, driven by Playwright in Debian's Chromium (installed by `make browser`, which
`make test` runs). Screenshots and the time each page took are written to test-artifacts/dashboard/
(reported, not asserted)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import duckdb
import pytest
from conftest import JIXIAO, ROOT, make_warehouse
from dashboard_support import addresses, bare_codes

from jixiao import bench_pages
from jixiao.bench_pages import CHROMIUM, FLAGS, free_port

ARTIFACTS = ROOT / "test-artifacts" / "dashboard"
SYNTHETIC_DOCS = 1200
PAGES = ["overview", "agency", "indicators", "review", "consistency", "sql", "documents"]


@contextlib.contextmanager
def serving(warehouse, log: Path):  # type: ignore[no-untyped-def]
    """`jixiao dashboard` on a warehouse, on a free port, until the block ends."""
    port = free_port()
    command = [JIXIAO, "dashboard", "--db", str(warehouse.db), "--port", str(port)]
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "HOME": str(log.parent),
           "JIXIAO_GX_ROOT": str(warehouse.gx_root)}  # fmt: skip
    with bench_pages.serving(command, port, log, env, cwd=ROOT) as url:
        yield url


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    """The dashboard on the samples."""
    with serving(built, tmp_path_factory.mktemp("dashboard") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A synthetic warehouse of SYNTHETIC_DOCS documents (jixiao synth, text layouts: quick to
    write and read): 55 agencies in 12 provinces over 8 years."""
    from jixiao.synth import synthesise

    corpus = tmp_path_factory.mktemp("synthetic_corpus")
    synthesise(SYNTHETIC_DOCS, 11, corpus, layouts=("cells", "rows", "pipes", "html"))
    return make_warehouse(tmp_path_factory.mktemp("synthetic_db"), corpus / "documents")


@pytest.fixture(scope="module")
def synthetic_server(synthetic, tmp_path_factory):
    with serving(synthetic, tmp_path_factory.mktemp("dashboard_synthetic") / "streamlit.log") as url:
        yield url


@pytest.fixture(params=["samples", "synthetic"])
def served(request):  # type: ignore[no-untyped-def]
    """(name, url, warehouse) of each served warehouse: the samples, and the synthetic one."""
    if request.param == "samples":
        return "samples", request.getfixturevalue("server"), request.getfixturevalue("built")
    return "synthetic", request.getfixturevalue("synthetic_server"), request.getfixturevalue("synthetic")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian chromium is missing: run `make browser`"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(FLAGS))
        yield instance
        instance.close()


# a page has rendered when it says how long its queries took, the app is idle and no element is
# still a placeholder (the browser loads some elements' code on first use)
RENDERED = """() => ['页面查询耗时', 'Page queries took'].some(t => document.body.innerText.includes(t))
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"]')"""

CHARTS_DRAWN = """() => document.querySelectorAll('[data-testid="stVegaLiteChart"]').length > 0
    && [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].every(c => c.querySelector('svg'))"""


def open_page(browser, url: str, name: str, query: dict | None = None):  # type: ignore[no-untyped-def]
    """A new page at the page's address; (page, seconds until its figures are shown)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    started = time.perf_counter()
    page.goto(f"{url}/{name}" + (f"?{urlencode(query)}" if query else ""))
    page.wait_for_function(RENDERED, timeout=60000)
    return page, time.perf_counter() - started


TITLES = {"overview": "概览", "agency": "部门年度对比", "indicators": "指标对比", "review": "目标审核",
          "consistency": "数据一致性", "sql": "SQL 查询", "documents": "文档"}  # fmt: skip


def navigate(page, title: str) -> None:
    """Click the page's link in the sidebar and wait until it has rendered. A click that lands
    while the app is still finishing its first run is dropped by Streamlit: try again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(3):
        page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=30000)  # app idle
        # force: the sidebar's hover transition never looks "stable" to Playwright
        page.locator('[data-testid="stSidebarNav"] a', has_text=title).click(force=True)
        try:
            page.wait_for_function(
                """title => [...document.querySelectorAll('h1, h2')].some(h => h.textContent.trim() === title)
                    && document.body.innerText.includes('页面查询耗时')""",
                arg=title,
                timeout=10000,
            )
            return
        except PlaywrightTimeout:
            continue
    pytest.fail(f"the sidebar link {title} did not open its page")


def test_the_dashboard_refuses_to_be_framed_by_other_sites(server):
    """Every response, the page and Streamlit's own endpoints, says it may be framed only by
    itself (a page of another site cannot overlay it to steer a reviewer's clicks)."""
    for path in ("/", "/review", "/_stcore/health"):
        with urllib.request.urlopen(f"{server}{path}", timeout=10) as response:
            assert response.headers["X-Frame-Options"] == "SAMEORIGIN", path
            assert response.headers["Content-Security-Policy"] == "frame-ancestors 'self'", path


def test_every_page_renders_with_its_figures(served, browser):
    """Each page opened fresh (cold: the app loads) and reached from the sidebar (warm), on the
    samples and on the synthetic warehouse; the seconds go to test-artifacts (reported only)."""
    warehouse_name, url, _ = served
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    timings: dict[str, dict[str, float]] = {}
    for name in PAGES:
        page, seconds = open_page(browser, url, name)
        if name in {"overview", "agency", "consistency"}:
            page.wait_for_function(CHARTS_DRAWN, timeout=30000)
        timings[name] = {"cold_s": round(seconds, 3), "queries_ms": _queries_ms(page)}
        body = page.inner_text("body")
        assert "Traceback" not in body
        if warehouse_name == "samples" and name == "overview":
            assert "28" in body and "15,431.79" in body and "451" in body
        if warehouse_name == "samples" and name == "documents":
            assert "000_4fbf0d365526adfd.txt" in body
        page.screenshot(path=str(ARTIFACTS / f"{warehouse_name}_{name}.png"), full_page=True)
        page.close()
    page, _ = open_page(browser, url, "overview")
    navigate(page, TITLES["documents"])  # unmeasured: Streamlit drops the very first click of a session
    for name in [*PAGES[1:], PAGES[0]]:
        page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=30000)
        started = time.perf_counter()
        navigate(page, TITLES[name])
        timings[name]["warm_s"] = round(time.perf_counter() - started, 3)
    page.close()
    (ARTIFACTS / f"timings_{warehouse_name}.json").write_text(json.dumps(timings, indent=1))
    print(f"\npage render seconds (browser, {warehouse_name}):", timings)


def _queries_ms(page) -> int:  # type: ignore[no-untyped-def]
    """The time the page's queries took, as the page says at its bottom."""
    return int(re.search(r"(?:页面查询耗时|Page queries took) (\d+)", page.inner_text("body")).group(1))


def test_review_row_shows_flags_and_source_lines(server, browser):
    page, _ = open_page(browser, server, "review")
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    box = grid.bounding_box()
    # the first data row's selection cell, left of the grid, below the 35-pixel header
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)
    page.get_by_text("原文（高亮为相关行）").wait_for(timeout=30000)
    grid = page.locator("table.jixiao-snippet").first
    grid.wait_for(timeout=30000)
    assert "▶" in grid.inner_text() and grid.locator("td").count() > 10  # flagged lines marked, in cells
    page.screenshot(path=str(ARTIFACTS / "review_selected.png"), full_page=True)
    page.close()


def test_sql_page_runs_a_query_and_refuses_writes(server, browser):
    page, _ = open_page(browser, server, "sql")
    page.get_by_role("button", name="运行").click()
    page.get_by_text("下载 CSV").wait_for(timeout=30000)
    page.screenshot(path=str(ARTIFACTS / "sql_result.png"), full_page=True)
    page.locator("textarea").first.fill("create table hack (a int)")
    page.keyboard.press("Control+Enter")
    page.get_by_role("button", name="运行").click()
    page.get_by_text("查询失败").wait_for(timeout=30000)
    page.close()


# What Vega renders for assistive technology: each axis described with its scale, each bar and
# line a mark with its own label ("年度: 2022; %: 98.3; ...").
CHARTS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg')].map(svg => ({
    x_axes: [...svg.querySelectorAll('[aria-roledescription="axis"]')].map(a => a.getAttribute('aria-label'))
        .filter(label => label.startsWith('X-axis')),
    lines: svg.querySelectorAll('[aria-roledescription="line mark"]').length,
    bars: [...svg.querySelectorAll('[aria-roledescription="bar"]')].map(b => b.getAttribute('aria-label')),
}))"""


def _consecutive_years(axis_label: str) -> bool:
    """An x axis described as "... discrete scale with 4 values: 2022, 2023, 2024, 2025" (Vega may
    elide the middle of a long list): increasing years, as many as from the first to the last."""

    count, listed = re.search(r"discrete scale with (\d+) values?: (.*)$", axis_label).groups()
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", listed)]
    return years == sorted(set(years)) and int(count) == years[-1] - years[0] + 1


def _query(warehouse, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_agency_charts_tell_the_truth(served, browser):
    """On the agency with the most indicator series among those with a self-evaluated budget: every
    year axis continuous (years in order, gaps kept), one line per series, execution rates side by
    side (the highest bar is the highest single rate, never a sum)."""
    warehouse_name, url, warehouse = served
    ((agency, n_series, top_rate),) = _query(
        warehouse,
        """with repeated as (select series_key from rpt_indicator_year_over_year group by 1 having count(*) > 1)
        select y.agency_key, count(distinct y.series_key), (select max(execution_rate_pct) from fct_budget_execution e
            where e.agency_key = y.agency_key)
        from rpt_indicator_year_over_year y
        where y.value_number is not null and y.series_key in (select series_key from repeated)
            and y.agency_key in (select agency_key from fct_budget_execution where execution_rate_pct is not null)
        group by 1 order by 2 desc, 1 limit 1""",
    )
    page, _ = open_page(browser, url, "agency", {"agency": agency})
    page.wait_for_function(CHARTS_DRAWN, timeout=30000)
    charts = page.evaluate(CHARTS)
    axes = [label for chart in charts for label in chart["x_axes"]]
    assert axes and all(_consecutive_years(label) for label in axes), axes
    (lines,) = [chart for chart in charts if chart["lines"]]
    assert lines["lines"] == n_series > 1, warehouse_name  # one line per series
    rates = [float(re.search(r"(?:^|; )%: ([\d.]+)", label).group(1)) for chart in charts for label in chart["bars"]
             if re.search(r"(?:^|; )%: ", label)]  # fmt: skip
    assert rates and max(rates) == pytest.approx(float(top_rate))  # the highest bar a single rate
    page.screenshot(path=str(ARTIFACTS / f"{warehouse_name}_agency_charts.png"), full_page=True)
    page.close()


def _heading(page) -> str | None:  # type: ignore[no-untyped-def]
    found = [h for h in page.locator("h3").all_inner_texts() if h.startswith("审核提示：")]
    return found[0][len("审核提示：") :] if found else None


def _pick_first_row(page) -> None:  # type: ignore[no-untyped-def]
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)  # the first row's selection cell
    page.wait_for_function("() => [...document.querySelectorAll('h3')].some(h => h.innerText.startsWith('审核提示：'))",
                           timeout=30000)  # fmt: skip
    page.wait_for_function(RENDERED, timeout=30000)


def test_review_selection_stays_with_its_item(served, browser):
    """The first row picked opens the top-ranked item (in the address by its key); a filter change
    clears it rather than showing whatever row takes its place; hiding dismissed flags keeps it."""
    warehouse_name, url, warehouse = served
    ((key, title),) = _query(warehouse, "select review_subject_key, title from rpt_review_queue where review_rank = 1")
    ((grave_title,),) = _query(
        warehouse,
        """select title from rpt_review_queue where review_subject_key in
            (select coalesce(project_key, document_key) from fct_target_flags where severity >= 3)
        order by review_rank limit 1""",
    )
    page, _ = open_page(browser, url, "review")
    _pick_first_row(page)
    assert _heading(page) == title and parse_qs(urlparse(page.url).query)["item"] == [key]
    page.locator('[data-testid="stSelectbox"]').nth(1).click()
    page.get_by_role("option", name="≥ 高").click()
    page.wait_for_function("() => !document.body.innerText.includes('审核提示：')", timeout=30000)
    page.wait_for_function(RENDERED, timeout=30000)
    assert _heading(page) is None and "item" not in parse_qs(urlparse(page.url).query)
    _pick_first_row(page)
    assert _heading(page) == grave_title
    page.get_by_text("隐藏已驳回的提示").click()
    page.wait_for_function("() => new URL(location).searchParams.get('hide') === '1'", timeout=30000)
    page.wait_for_function(RENDERED, timeout=30000)
    assert _heading(page) == grave_title  # kept by its key
    page.screenshot(path=str(ARTIFACTS / f"{warehouse_name}_review_selected.png"), full_page=True)
    page.close()


def test_every_page_round_trips_its_address(served, browser):
    """Each page opened from an address that sets all its choices writes the same address back;
    the root address opens /overview."""
    _, url, warehouse = served
    page, _ = open_page(browser, url, "")
    assert urlparse(page.url).path == "/overview"
    page.close()
    for name, params in addresses(warehouse.db).items():
        page, _ = open_page(browser, url, name, params)
        said = {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}
        assert said == params, name
        page.close()


def test_every_table_downloads_and_no_code_is_shown_untranslated(served, browser):
    """On every page (all choices set, the review item open), in both languages: each table's CSV
    download holds its rows with no bare code (a rule id, a document type, a class key…), one Excel
    download per page opens with the same rows as its CSV, the text around names no code, and the
    page stays as it was (a download does not rerun it). The SQL page shows what the query returns."""
    import openpyxl

    warehouse_name, url, warehouse = served
    counts: dict[str, int] = {}
    for language in ("zh", "en"):
        bare, named = bare_codes(warehouse.db, language)
        csv_label, xlsx_label = ("下载 CSV", "下载 Excel") if language == "zh" else ("CSV", "Excel")
        for name, params in addresses(warehouse.db).items():
            query = {**params, **({"lang": "en"} if language == "en" else {})}
            page, _ = open_page(browser, url, name, query)
            if name == "sql":
                page.get_by_role("button", name="运行" if language == "zh" else "Run").click()
                page.wait_for_function(RENDERED, timeout=30000)
                page.locator('[data-testid="stDownloadButton"]').first.wait_for(timeout=30000)
            page.wait_for_function("lang => document.documentElement.lang === lang",
                                   arg="en" if language == "en" else "zh-CN", timeout=10000)  # fmt: skip
            buttons = page.locator('[data-testid="stDownloadButton"] button')
            labels = buttons.all_inner_texts()
            csvs = [i for i, label in enumerate(labels) if label.strip() == csv_label]
            assert csvs, f"{name}: no table to download"
            first_rows = None
            for i in csvs:
                with page.expect_download(timeout=30000) as download:
                    buttons.nth(i).click()
                rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
                assert rows and rows[0], f"{name}: an empty download"
                first_rows = first_rows or rows
                if name != "sql":
                    shown = {cell for row in rows for cell in row if cell in bare}
                    assert not shown, f"{name} ({language}) exports codes: {shown}"
            with page.expect_download(timeout=30000) as download:
                buttons.nth(labels.index(next(label for label in labels if label.strip() == xlsx_label))).click()
            assert download.value.suggested_filename.endswith(".xlsx")
            sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True).active
            assert len(list(sheet.iter_rows())) == len(first_rows), f"{name}: the Excel rows differ from its CSV"
            page.wait_for_function(RENDERED, timeout=30000)  # still the page it was
            if name == "sql":
                assert page.locator('[data-testid="stDataFrame"]').count()  # the result is still there
            else:
                said = named.findall(page.inner_text("body"))
                assert not said, f"{name} ({language}) names codes: {set(said)}"
            counts[f"{name}_{language}"] = len(csvs)
            page.close()
    print(f"\ntables downloaded per page ({warehouse_name}):", counts)


def test_twenty_sessions_while_a_build_runs(server, browser, built):
    """Load: 20 browser sessions open pages at once, three rounds, while `jixiao build` rebuilds
    the served warehouse. No page shows an error; the page times (p50/p95, from asking for a page
    to its figures, or to the "updating" notice during the swap) go to test-artifacts/dashboard/load.json."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sessions = [browser.new_context(viewport={"width": 1200, "height": 900}).new_page() for _ in range(20)]
    build = subprocess.Popen(
        [JIXIAO, "build", "--db", str(built.db)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    ready = """() => document.body.innerText.includes('页面查询耗时')
        || document.body.innerText.includes('数据仓库正在更新')"""
    times, updating = [], 0
    try:
        for round_ in range(3):
            started = {}
            for i, page in enumerate(sessions):
                started[i] = time.perf_counter()
                page.goto(f"{server}/{PAGES[(i + round_) % len(PAGES)]}", wait_until="commit")
            waiting, deadline = set(started), time.monotonic() + 180
            while waiting and time.monotonic() < deadline:  # poll every session: each page's own time
                for i in sorted(waiting):
                    if sessions[i].evaluate(ready):
                        times.append(time.perf_counter() - started[i])
                        waiting.discard(i)
                time.sleep(0.05)
            assert not waiting, f"{len(waiting)} sessions did not render within 3 minutes"
            for page in sessions:
                body = page.inner_text("body")
                assert "Traceback" not in body and not page.locator('[data-testid="stException"]').count()
                updating += "数据仓库正在更新" in body
    finally:
        assert build.wait(timeout=600) == 0
        for page in sessions:
            page.context.close()
    times.sort()
    figures = {
        "sessions": 20,
        "page_views": len(times),
        "p50_s": round(times[len(times) // 2], 2),
        "p95_s": round(times[int(0.95 * (len(times) - 1))], 2),
        "max_s": round(times[-1], 2),
        "updating_notices": updating,
    }
    (ARTIFACTS / "load.json").write_text(json.dumps(figures, indent=1))
    print("\nload, 20 sessions during a build:", figures)
    assert len(times) == 60


def test_cold_load_benchmark_reports_every_page_beside_streamlits_floor(built, browser):
    """`python -m jixiao.bench_pages`: every page and probe measured, each with its ratio to the bare
    Streamlit page of the same run (figures reported, not asserted)."""
    times = bench_pages.measure(built.db, rounds=1, browser=browser)  # one Playwright per process
    report = bench_pages.report(times)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "cold_loads.md").write_text(report + "\n", encoding="utf-8")
    print("\ncold loads (one round):\n" + report)
    assert set(times) == set(PAGES) | set(bench_pages.PROBES)
    assert all(len(seconds) == 1 and seconds[0] > 0 for seconds in times.values())
    rows = {line.split("|")[1].strip(): line for line in report.splitlines()[2:]}
    assert set(rows) == {f"dashboard /{p}" for p in PAGES} | set(bench_pages.PROBES)
    assert rows["bare"].endswith("| ×1.00 |")
    assert all(re.search(r"\| \d+\.\d\d s \(\d+\.\d\d–\d+\.\d\d\) \| ×\d+\.\d\d \|$", line) for line in rows.values())
