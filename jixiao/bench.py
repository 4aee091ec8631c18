"""``jixiao bench``: how fast the pipeline runs on synthetic corpora of given sizes.

For each size it generates a corpus (``jixiao synth``, cached in the work folder), then measures,
each step as the user runs it (a ``jixiao`` process):

* the I/O floor: reading every file once (the least any ingest must do);
* ``jixiao ingest`` with one parser process and with one per core (documents/s, MB/s, the
  speed-up), the peak memory of the ingest process (``ru_maxrss``; pool workers excluded), and
  re-ingesting the unchanged corpus;
* DuckDB's own ``read_csv`` of the same indicator rows exported as CSV, as a reference;
* ``jixiao build`` (dbt) and ``jixiao check`` (Great Expectations);
* the dashboard's queries, page by page (the query functions the pages call, uncached),
  p50/p95 over repeated runs;
* PDF pages/s (``pdf_page_rate``): jixiao's PDF reader and its table grammar against
  pdfplumber's own ``extract_tables`` on the same pages, in this process, runs interleaved.

Figures are printed and written as a Markdown table; ratios are against the references measured
in the same run. Timings on a shared machine vary: read them as orders of magnitude.
"""

from __future__ import annotations

import io
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from .config import PROJECT_ROOT
from .synth import synthesise

JIXIAO = str(Path(sys.executable).parent / "jixiao")
PROJECT_LOAD_FIGURES = PROJECT_ROOT / "test-artifacts" / "dashboard" / "load.json"


@dataclass
class Step:
    seconds: float
    peak_mb: float | None = None
    output: str = ""


@dataclass
class Result:
    docs: int
    files_mb: float
    indicators: int
    synth_s: float
    io_floor_s: float
    ingest_1: Step
    ingest_n: Step
    workers: int
    reingest_s: float
    read_csv_s: float
    csv_mb: float
    build_s: float
    build_ok: bool
    check_s: float
    pages: dict[str, tuple[float, float]] = field(default_factory=dict)  # page -> (p50 ms, p95 ms)
    stat_floor_s: float = float("nan")  # a stat of every file: the least a re-ingest must do


def _run(*args: str, env: dict[str, str] | None = None) -> Step:
    """Run a jixiao command; its wall time and the peak resident memory of its process."""
    environment = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **(env or {})}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(args, stdout=output, stderr=subprocess.STDOUT, env=environment)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode(errors="replace")
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args[:2])} failed ({process.returncode}): {text[-2000:]}")
    return Step(seconds, usage.ru_maxrss / 1024, text)  # kB on Linux


def _io_floor(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        path.read_bytes()
    return time.perf_counter() - start


def _stat_floor(folder: Path) -> float:
    """Seconds to list a folder's files and stat each: what telling them unchanged needs."""
    start = time.perf_counter()
    for root, _, names in os.walk(folder):
        for name in names:
            os.stat(os.path.join(root, name))
    return time.perf_counter() - start


def _read_csv_reference(db: Path, folder: Path) -> tuple[float, float, int]:
    """Seconds for DuckDB to load the raw indicator rows from a CSV file, its size in MB, and rows."""
    csv_path = folder / "indicators.csv"
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute(f"copy raw.indicators to '{csv_path}' (header, delimiter ',')")
        rows = con.execute("select count(*) from raw.indicators").fetchone()[0]
    start = time.perf_counter()
    with duckdb.connect() as con:
        con.execute(f"create table t as select * from read_csv('{csv_path}', header = true, all_varchar = true)")
    return time.perf_counter() - start, csv_path.stat().st_size / 1e6, rows


def page_queries(db: Path) -> dict[str, Callable[[], object]]:
    """Each dashboard page's queries, with parameters taken from the data, uncached."""
    os.environ["JIXIAO_DB"] = str(db)
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # "no runtime": the queries run bare here
    from dashboards import queries as q

    def raw(name: str) -> Callable:
        return getattr(q, name).__wrapped__

    v = q.version()
    agency = raw("agencies")(v).iloc[0]["agency_key"]
    names = raw("indicator_names")(v, "")
    name, unit = names.iloc[0]["indicator_name"], names.iloc[0].get("unit")
    queue = raw("review_queue")(v, None, 1, None, None)
    subject = queue.iloc[0]["review_subject_key"] if len(queue) else ""
    document = raw("documents")(v).iloc[0]["document_key"]
    return {
        "overview": lambda: (raw("overview")(v), raw("coverage")(v)),
        "agency": lambda: (
            raw("agencies")(v),
            raw("families")(v, agency),
            raw("project_budgets")(v, agency, None),
            raw("task_budgets")(v, agency),
            raw("series")(v, agency, None),
            raw("peer_medians")(v, agency, "level"),
            raw("results")(v, agency),
            raw("execution")(v, agency),
        ),
        "indicators": lambda: (
            raw("indicator_names")(v, name[:2]),
            raw("indicator_agencies")(v, name, unit),
            raw("indicator_peer_stats")(v, name, unit, None, "all"),
            raw("indicator_targets")(v, name, unit, None, "all"),
            raw("cost_per_unit")(v, name, unit),
        ),
        "review": lambda: (
            raw("review_filters")(v),
            raw("review_queue")(v, None, 1, None, None),
            raw("review_queue_size")(v, None, 1, None, None),
            raw("flags_of")(v, subject),
        ),
        "consistency": lambda: raw("findings")(v),
        "documents": lambda: (raw("documents")(v), raw("document_text")(v, document)),
        "sql": lambda: (
            raw("schema")(v),
            q.run_sql("select level2_code, count(*) from fct_indicator_targets group by 1"),
        ),
    }


def _latencies(db: Path, repeat: int) -> dict[str, tuple[float, float]]:
    out = {}
    for page, load in page_queries(db).items():
        load()  # warm: the first run reads the file's pages
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            load()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        out[page] = (statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))])
    return out


@dataclass
class PdfRate:
    files: int
    pages: int
    rows: int
    pdfplumber_s: float  # pdfplumber: open, extract_tables on every page
    reader_s: float  # jixiao's PDF reader: cells, page breaks, text blocks (pdf.pdf_rows)
    grammar_s: float  # the table grammar on the reader's rows (grammar.build)

    def rate(self, seconds: float) -> str:
        return f"{self.pages / seconds:,.1f} pages/s"


def pdf_page_rate(files: list[Path], repeat: int = 3) -> PdfRate:
    """Pages per second of pdfplumber's ``extract_tables`` and of jixiao's reading of the same
    files (its reader, then its grammar), each the median of ``repeat`` interleaved runs."""
    import pdfplumber

    from ingest import grammar, pdf

    books = [p.read_bytes() for p in files]
    pages = rows = 0
    plumber, reader, reading = [], [], []
    for run in range(repeat):
        start = time.perf_counter()
        for data in books:
            with pdfplumber.open(io.BytesIO(data)) as document:
                pages += len(document.pages) if run == 0 else 0
                for page in document.pages:
                    page.extract_tables()
                    page.close()
        plumber.append(time.perf_counter() - start)
        start = time.perf_counter()
        read = [pdf.pdf_rows(data) for data in books]
        reader.append(time.perf_counter() - start)
        start = time.perf_counter()
        docs = [grammar.build(found, lines, "pdf") for lines, found in read]
        reading.append(time.perf_counter() - start)
        if run == 0:
            rows = sum(len(d.indicators) for d in docs)
    median = statistics.median
    return PdfRate(len(books), pages, rows, median(plumber), median(reader), median(reading))


def pdf_report(rate: PdfRate, where: str) -> str:
    ours = rate.reader_s + rate.grammar_s
    return "\n".join(
        [
            f"PDF page rate on {rate.files} files, {rate.pages:,} pages ({where}), {rate.rows:,} indicator rows:",
            "",
            "| reading | time | pages/s | ÷ pdfplumber |",
            "|---|---|---|---|",
            f"| pdfplumber extract_tables (baseline) | {rate.pdfplumber_s:,.2f} s "
            f"| {rate.rate(rate.pdfplumber_s)} | ×1.00 |",
            f"| jixiao PDF reader (pdf_rows) | {rate.reader_s:,.2f} s | {rate.rate(rate.reader_s)} "
            f"| ×{rate.reader_s / rate.pdfplumber_s:.2f} |",
            f"| jixiao table grammar (grammar.build) | {rate.grammar_s:,.2f} s | {rate.rate(rate.grammar_s)} "
            f"| ×{rate.grammar_s / rate.pdfplumber_s:.2f} |",
            f"| jixiao, reader + grammar | {ours:,.2f} s | {rate.rate(ours)} | ×{ours / rate.pdfplumber_s:.2f} |",
            "",
        ]
    )


def measure(
    docs: int, work: Path, seed: int, workers: int, repeat: int = 20, layouts: tuple[str, ...] | None = None
) -> Result:
    corpus = work / f"corpus_{docs}_{seed}_{'-'.join(layouts) if layouts else 'all'}"
    start = time.perf_counter()
    if not (corpus / "truth" / "documents.csv").exists():
        synthesise(docs, seed, corpus, layouts=layouts)
    synth_s = time.perf_counter() - start
    files = sorted((corpus / "documents").iterdir())
    files_mb = sum(p.stat().st_size for p in files) / 1e6
    io_floor = _io_floor(files)
    with tempfile.TemporaryDirectory(dir=work) as scratch:
        folder = Path(scratch)
        one = _run(JIXIAO, "ingest", str(corpus / "documents"), "--db", str(folder / "one.duckdb"), "--workers", "1")
        db = folder / "w.duckdb"
        many = _run(JIXIAO, "ingest", str(corpus / "documents"), "--db", str(db), "--workers", str(workers))
        again = _run(JIXIAO, "ingest", str(corpus / "documents"), "--db", str(db), "--workers", str(workers))
        stat_floor = _stat_floor(corpus / "documents")
        read_csv_s, csv_mb, indicators = _read_csv_reference(db, folder)
        build = _run(JIXIAO, "build", "--db", str(db))
        with duckdb.connect(str(db), read_only=True) as con:
            built = bool(
                con.execute(
                    "select count(*) from information_schema.tables where table_name = 'fct_target_flags'"
                ).fetchone()[0]
            )
        if built:
            check = _run(JIXIAO, "check", "--db", str(db), env={"JIXIAO_GX_ROOT": str(folder)})
            pages = _latencies(db, repeat)
        else:  # a failed build is reported, not hidden: nothing downstream of it can run
            (work / f"build_failed_{docs}.log").write_text(build.output, encoding="utf-8")
            check, pages = Step(float("nan")), {}
    return Result(
        docs, files_mb, indicators, synth_s, io_floor, one, many, workers, again.seconds, read_csv_s, csv_mb,
        build.seconds, built, check.seconds, pages, stat_floor,
    )  # fmt: skip


def report(results: list[Result]) -> str:
    """The results as Markdown: one column per corpus size."""

    def row(label: str, values: list[str]) -> str:
        return f"| {label} | " + " | ".join(values) + " |"

    def each(f: Callable[[Result], str]) -> list[str]:
        return [f(r) for r in results]

    lines = [
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}; "
        f"run {time.strftime('%Y-%m-%d %H:%M')}.",
        "",
        row("corpus", each(lambda r: f"{r.docs:,} documents")),
        "|---|" + "---|" * len(results),
        row("files (MB) / indicator rows", each(lambda r: f"{r.files_mb:,.1f} / {r.indicators:,}")),
        row("generate (jixiao synth)", each(lambda r: f"{r.synth_s:,.1f} s" if r.synth_s > 0.5 else "cached")),
        row("I/O floor: read every file", each(lambda r: f"{r.io_floor_s:,.2f} s")),
        row(
            "ingest, 1 process",
            each(
                lambda r: (
                    f"{r.ingest_1.seconds:,.1f} s · {r.docs / r.ingest_1.seconds:,.0f} docs/s · "
                    f"{r.files_mb / r.ingest_1.seconds:,.2f} MB/s"
                )
            ),
        ),  # fmt: skip
        row(
            "ingest, 1 process per core",
            each(
                lambda r: (
                    f"{r.ingest_n.seconds:,.1f} s ({r.workers} workers) · "
                    f"{r.docs / r.ingest_n.seconds:,.0f} docs/s · ×{r.ingest_1.seconds / r.ingest_n.seconds:.2f}"
                )
            ),
        ),  # fmt: skip
        row("ingest ÷ I/O floor (1 process)", each(lambda r: f"×{r.ingest_1.seconds / max(r.io_floor_s, 1e-9):,.0f}")),
        row(
            "peak memory of the ingest process",
            each(lambda r: f"{r.ingest_1.peak_mb:,.0f} MB / {r.ingest_n.peak_mb:,.0f} MB"),
        ),
        row(
            "re-ingest, unchanged corpus",
            each(
                lambda r: (
                    f"{r.reingest_s:,.1f} s ({r.reingest_s / r.ingest_n.seconds:.0%} of the first; "
                    f"stat of every file {r.stat_floor_s:,.2f} s, ×{r.reingest_s / max(r.stat_floor_s, 1e-9):,.0f}, "
                    "a whole process with its imports)"
                )
            ),
        ),
        row(
            "DuckDB read_csv of the indicator rows",
            each(
                lambda r: (
                    f"{r.read_csv_s:,.2f} s ({r.csv_mb:,.1f} MB) · ingest ×{r.ingest_n.seconds / r.read_csv_s:,.0f}"
                )
            ),
        ),
        row("jixiao build (dbt)", each(lambda r: f"{r.build_s:,.1f} s" + ("" if r.build_ok else " (failed)"))),
        row("jixiao check (GX)", each(lambda r: f"{r.check_s:,.1f} s" if r.build_ok else "-")),
    ]
    load = PROJECT_LOAD_FIGURES
    pages = sorted({p for r in results for p in r.pages})
    for page in pages:
        lines.append(
            row(
                f"dashboard {page}: p50 / p95",
                each(lambda r, page=page: "{:,.0f} / {:,.0f} ms".format(*r.pages[page]) if page in r.pages else "-"),
            )
        )
    if load.exists():  # written by the browser test of 20 sessions during a build
        figures = json.loads(load.read_text(encoding="utf-8"))
        day = time.strftime("%Y-%m-%d", time.localtime(load.stat().st_mtime))
        lines += [
            "",
            f"Dashboard under load (the browser test, samples, {day}): "
            f"{figures['sessions']} sessions, {figures['page_views']} page views while `jixiao build` ran, "
            f"page p50 {figures['p50_s']} s, p95 {figures['p95_s']} s, no error page "
            "(see performance.md for what this figure says).",
        ]
    return "\n".join(lines) + "\n"
