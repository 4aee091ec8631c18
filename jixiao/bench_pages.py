"""Cold page loads of the dashboard against Streamlit's own floor:
``python -m jixiao.bench_pages --db WAREHOUSE.duckdb [--rounds 4]``.

A cold load is a new browser context (no cached scripts, a new Streamlit session), from asking for
a page's address until its text and every chart on it are drawn and no element is a placeholder
(the code of each element is loaded; a table below the fold draws when scrolled to). It serves, side by
side from the same Streamlit, ``jixiao dashboard`` on the warehouse and four probe pages: a bare
page (a title and a caption: Streamlit's floor on this machine, the reference) and the bare page
with one 20-row table (``st.dataframe``), with one chart (``st.vega_lite_chart``), with both: what
the first use of each element costs the browser. Rounds are interleaved, page by page, server by
server, in Debian's Chromium (headless); the first round warms the servers and is not counted.
Figures are printed as a Markdown table: medians (range) and the ratio to the bare page.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from .bench import JIXIAO

PAGES = ("overview", "agency", "indicators", "review", "consistency", "sql", "documents")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's (make browser)
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")  # fmt: skip
CAPTION = "页面查询耗时 0 ms"  # what a dashboard page says last, when its queries are done
# drawn: the page's last caption is there, the app is idle, no element is a placeholder, every
# chart has its SVG
DRAWN = """() => ['页面查询耗时', 'Page queries took'].some(t => document.body.innerText.includes(t))
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"]')
    && [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].every(c => c.querySelector('svg'))"""
PROBE = """import pandas as pd
import streamlit as st

st.title("{name}")
frame = pd.DataFrame({{"n": range(20), "name": [f"x{{i}}" for i in range(20)], "value": [i * 1.5 for i in range(20)]}})
if "table" in "{name}":
    st.dataframe(frame)
if "chart" in "{name}":
    st.vega_lite_chart(frame, {{"mark": "bar", "encoding": {{"x": {{"field": "name", "type": "nominal"}},
                                                          "y": {{"field": "value", "type": "quantitative"}}}}}})
st.caption("{caption}")
"""
PROBES = ("bare", "bare + table", "bare + chart", "bare + table + chart")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(
    command: list[str], port: int, log: Path, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Iterator[str]:
    """A Streamlit server (``command`` run in ``cwd``, listening on ``port``, its output in
    ``log``) until the block ends: its address once its health check answers; a server that
    stops or does not answer within 90 s is an error with the end of its log."""
    env = env if env is not None else {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{' '.join(command)} did not start: {log.read_text()[-2000:]}") from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure(db: Path, rounds: int = 4, pages: tuple[str, ...] = PAGES, browser=None) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    """Seconds of each cold load, by page (``dashboard /page``) and probe, ``rounds`` each; in
    ``browser`` (a Playwright Chromium) if given, else in a Debian Chromium of its own."""
    work = Path(tempfile.mkdtemp(prefix="jixiao-pages-"))
    with contextlib.ExitStack() as stack:
        port = free_port()
        command = [JIXIAO, "dashboard", "--db", str(db), "--port", str(port)]
        dashboard = stack.enter_context(serving(command, port, work / "dashboard.log"))
        urls = {page: f"{dashboard}/{page}" for page in pages}
        for i, name in enumerate(PROBES):
            script = work / f"probe_{i}.py"
            script.write_text(PROBE.format(name=name, caption=CAPTION), encoding="utf-8")
            port = free_port()
            command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.address", "127.0.0.1",
                       "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats",
                       "false", "--server.fileWatcherType", "none"]  # fmt: skip
            urls[name] = stack.enter_context(serving(command, port, work / f"probe_{i}.log"))
        times: dict[str, list[float]] = {name: [] for name in urls}
        if browser is None:
            from playwright.sync_api import sync_playwright

            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(FLAGS))
        for round_no in range(rounds + 1):
            for name, url in urls.items():
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                tab = context.new_page()
                started = time.perf_counter()
                tab.goto(url)
                try:
                    tab.wait_for_function(DRAWN, timeout=90000, polling=50)
                except Exception as error:
                    raise RuntimeError(f"{url} was not drawn within 90 s: {error}") from None
                if round_no:  # round 0 warms the servers' caches
                    times[name].append(time.perf_counter() - started)
                context.close()
    shutil.rmtree(work, ignore_errors=True)
    return times


def report(times: dict[str, list[float]]) -> str:
    """Medians (range) and the ratio to the bare page, as Markdown."""
    floor = statistics.median(times["bare"])
    lines = ["| page | cold load, median (range) | × bare page |", "|---|---|---|"]
    for name, seconds in times.items():
        label = name if name in PROBES else f"dashboard /{name}"
        median = statistics.median(seconds)
        lines.append(f"| {label} | {median:.2f} s ({min(seconds):.2f}–{max(seconds):.2f}) | ×{median / floor:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m jixiao.bench_pages", description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="the warehouse the dashboard serves")
    parser.add_argument("--rounds", type=int, default=4, help="counted rounds (one more warms the servers)")
    args = parser.parse_args()
    print(report(measure(args.db, args.rounds)))
