"""The ``jixiao`` command line."""

from __future__ import annotations

import csv
import errno
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from ingest import distributed, load, pipeline

from . import lock, warehouse
from .config import DB_ENV, PROJECT_ROOT, database_path

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="jixiao: budget performance documents into one warehouse."
)
console = Console()
err = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help=f"DuckDB file (default: ${DB_ENV} or warehouse/jixiao.duckdb)."),
]
PROGRESS_MIN_FILES = 20


WaitOption = Annotated[
    bool, typer.Option("--wait", help="Wait while another jixiao command writes the warehouse (default: refuse).")
]


@contextmanager
def _writing(db_path: Path, command: str, wait: bool) -> Iterator[None]:
    """The warehouse's one writer (jixiao.lock): exit 3 with the holder's name when it is taken."""
    try:
        with lock.writer(db_path, command, wait):
            yield
    except lock.WarehouseBusy as exc:
        err.print(Text(str(exc), style="red"), soft_wrap=True)
        raise typer.Exit(3) from exc


# what the system or DuckDB says of a fault (lower case), and what it means to whoever runs jixiao
_FAULTS = (
    (
        ("conflicting lock", "could not set lock", "database is locked"),
        "another process holds it (a dashboard, `jixiao sql`, a DuckDB session): stop it and retry",
    ),
    (("no space left", "file too large", "disk quota"), "no room to write it (the disk is full?)"),
    (
        ("read-only file system", "permission denied", "operation not permitted"),
        "cannot write there (a read-only folder, or no permission)",
    ),
    (("file exists", "not a directory"), "a file stands where a folder is needed"),
    (
        ("not a valid duckdb database", "sqlite", "extension", "file is not a database"),
        "not a jixiao warehouse (a corrupt file, or another program's)",
    ),
)
_QUOTED_PATH = re.compile(r"\"(/[^\"]+)\"")


_named_db: list[Path] = []  # the warehouse the command runs on, for its fault line


def _db(db: Path | None) -> Path:
    path = database_path(db)
    _named_db[:] = [path]
    return path


def fault_line(exc: BaseException, db_path: Path) -> str:
    """One line for a fault of the machine or the warehouse file: the file and the cause."""
    text = str(exc)
    quoted = [p for p in _QUOTED_PATH.findall(text) if "/extensions/" not in p]  # not DuckDB's own files
    cause = _QUOTED_PATH.sub(" ", text)  # a path says nothing of the cause (a folder named extension/)
    for name in (getattr(exc, "filename", None), getattr(exc, "filename2", None)):
        if name:
            cause = cause.replace(str(name), " ")
    said = (cause + " " + (os.strerror(exc.errno) if isinstance(exc, OSError) and exc.errno else "")).lower()
    written = isinstance(exc, OSError) and exc.errno in {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EROFS}
    target = getattr(exc, "filename2", None) if written else None  # a copy fails on the file it writes
    named = target or getattr(exc, "filename", None) or (quoted[0] if quoted else db_path)
    for needles, meaning in _FAULTS:
        if any(needle in said for needle in needles):
            return f"{named}: {meaning}"
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return f"{named}: {first}"


def run() -> None:
    """The ``jixiao`` command: a fault of the machine or of the warehouse file (a full disk, a
    folder it cannot write, a corrupt or foreign --db, a file another process holds) is one
    line naming the file and the cause, and exit status 2, never a traceback."""
    try:
        app(standalone_mode=True)
    except (OSError, duckdb.Error, sqlite3.Error) as exc:
        db_path = _named_db[0] if _named_db else database_path(None)
        err.print(Text(_CONTROL.sub("", fault_line(exc, db_path)), style="red"), soft_wrap=True)
        sys.exit(2)


@app.callback()
def main() -> None:
    """Read performance target tables and self-evaluations into one DuckDB warehouse."""


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (searched recursively).")],
    db: DbOption = None,
    workers: Annotated[int, typer.Option("--workers", help="Parser processes (default: one per core).")] = 0,
    wait: WaitOption = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="Remove documents stored from these folders whose files are gone.")
    ] = False,
    checksum: Annotated[
        bool,
        typer.Option(
            "--checksum",
            help="Hash every file (default: a stored file whose size and modification time are unchanged "
            "is skipped unread).",
        ),
    ] = False,
    executor: Annotated[
        str,
        typer.Option(
            "--executor",
            help="Where the readers run: local (parser processes here) or dask://HOST:PORT (a Dask scheduler).",
        ),
    ] = "local",
    parts: Annotated[
        Path | None,
        typer.Option(
            "--parts",
            help="With a Dask executor: a folder the workers and this machine share, for the raw Parquet "
            "batches (default: <db>.parts beside the warehouse).",
        ),
    ] = None,
) -> None:
    """Parse documents into the raw tables, report what was parsed, partial or rejected."""
    db_path = _db(db)
    if executor != "local" and not executor.startswith(("dask://", "tcp://")):
        err.print(f"[red]--executor {executor}: give local or dask://HOST:PORT[/red]")
        raise typer.Exit(2)
    with _writing(db_path, "ingest", wait):
        _ingest(paths, db_path, workers, prune, checksum, executor, parts)


def _ingest(
    paths: list[Path],
    db_path: Path,
    workers: int,
    prune: bool,
    checksum: bool = False,
    executor: str = "local",
    parts: Path | None = None,
) -> None:
    with load.connect(db_path) as con:
        show_bar = console.is_terminal
        with Progress(
            TextColumn("ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            disable=not show_bar,
        ) as bar:
            task = bar.add_task("ingest", total=None)

            def tick(done: int, total: int) -> None:
                if total >= PROGRESS_MIN_FILES:
                    bar.update(task, completed=done, total=total)

            if executor == "local":
                summary = pipeline.ingest(
                    con,
                    paths,
                    progress=tick,
                    workers=workers or pipeline.default_workers(),
                    prune=prune,
                    checksum=checksum,
                )
            else:
                folder = parts or db_path.with_name(db_path.name + ".parts")
                summary = distributed.ingest(con, paths, executor, folder, tick, prune=prune, checksum=checksum)
        totals = con.execute(
            "select (select count(*) from raw.documents), (select count(*) from raw.projects), "
            "(select count(*) from raw.goals), (select count(*) from raw.indicators)"
        ).fetchone()
    _print_summary(summary, db_path, totals)
    if not summary.outcomes:
        err.print("[yellow]no files found[/yellow]")
        raise typer.Exit(1)


def _say(*parts: str | tuple[str, str], to: Console = console) -> None:
    """One line with text from documents or files in it: no markup read, no control characters."""
    plain = [(_CONTROL.sub("", p), "") if isinstance(p, str) else (_CONTROL.sub("", p[0]), p[1]) for p in parts]
    to.print(Text.assemble(*plain), highlight=False, soft_wrap=True)


def _print_summary(summary: pipeline.Summary, db_path: Path, totals: tuple) -> None:
    console.print(f"jixiao ingest → {db_path}", highlight=False)
    console.print(
        f"documents {len(summary.outcomes)}: parsed {summary.count('parsed')}, partial {summary.count('partial')}, "
        f"rejected {summary.count('rejected')}, unchanged {summary.count('unchanged')}"
        + (f", removed {summary.count('removed')}" if summary.count("removed") else ""),
        highlight=False,
    )
    console.print(
        f"read: projects {summary.total('projects')}, goals {summary.total('goals')}, "
        f"indicators {summary.total('indicators')}",
        highlight=False,
    )
    for outcome in summary.outcomes:
        if outcome.status in {"rejected", "partial"}:
            colour = "red" if outcome.status == "rejected" else "yellow"
            _say((outcome.status, colour), f" {outcome.path}: {outcome.reason}")
    if summary.gone and not summary.count("removed"):
        _say(
            (f"{len(summary.gone)} stored documents from these folders have no file any more", "yellow"),
            f" (first: {summary.gone[0]}): `jixiao ingest --prune` removes them",
        )
    console.print(
        f"warehouse holds: documents {totals[0]}, projects {totals[1]}, goals {totals[2]}, indicators {totals[3]}",
        highlight=False,
    )


@app.command()
def build(db: DbOption = None, wait: WaitOption = False) -> None:
    """Build the warehouse: dbt seeds, models and tests over the raw tables."""
    db_path = _db(db)
    if not db_path.exists():
        err.print(f"[red]no database at {db_path}[/red]: run `jixiao ingest` first")
        raise typer.Exit(2)
    with _writing(db_path, "build", wait):
        report = warehouse.build(db_path)
    by_type: dict[str, Counter] = {}
    for (resource, status), n in report.counts.items():
        by_type.setdefault(str(resource), Counter())[status] += n
    parts = [
        f"{kind}s " + ", ".join(f"{n} {status}" for status, n in sorted(c.items()))
        for kind, c in sorted(by_type.items())
    ]
    console.print(f"jixiao build → {db_path}", highlight=False)
    console.print("; ".join(parts) or "nothing ran", highlight=False)
    for failure in report.failures:
        err.print(f"[red]{failure}[/red]", highlight=False)
    if not report.success:
        if report.error:
            err.print(f"[red]{report.error}[/red]", highlight=False)
        console.print("[red]build failed[/red]")
        raise typer.Exit(1)
    console.print("build passed: marts are ready (see README, Warehouse)", highlight=False)


@app.command()
def check(db: DbOption = None, wait: WaitOption = False) -> None:
    """Check each document's internal consistency (Great Expectations) and store the findings."""
    from . import checks

    db_path = _db(db)
    if not db_path.exists():
        err.print(f"[red]no database at {db_path}[/red]: run `jixiao ingest` and `jixiao build` first")
        raise typer.Exit(2)
    try:
        with _writing(db_path, "check", wait):
            findings, docs = checks.check(db_path)
    except duckdb.CatalogException as exc:
        err.print(f"[red]the warehouse is not built:[/red] {exc}; run `jixiao build` first", highlight=False)
        raise typer.Exit(2) from exc
    console.print(f"jixiao check → {db_path}", highlight=False, markup=False, soft_wrap=True)
    counts = findings.groupby(["severity", "rule_id"]).size() if len(findings) else {}
    console.print(f"findings {len(findings)} (stored in fct_consistency_findings)", highlight=False)
    for (severity, rule_id), n in dict(counts).items():
        console.print(f"  {severity:7} {rule_id}: {n}", highlight=False)
    # the warehouse's own Data Docs (checks.gx_root), on one line so that the path can be copied
    console.print(f"Data Docs: {docs}", highlight=False, markup=False, soft_wrap=True)


@app.command()
def dashboard(
    db: DbOption = None,
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.")] = 8501,
) -> None:
    """Serve the dashboard on 127.0.0.1 (headless, no usage statistics) until interrupted."""
    db_path = _db(db)
    app_file = Path(__file__).resolve().parent.parent / "dashboards" / "app.py"
    command = [
        sys.executable, "-m", "jixiao.serve", "run", str(app_file),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        "--global.developmentMode", "false", "--client.toolbarMode", "viewer",
    ]  # fmt: skip
    console.print(f"jixiao dashboard → http://127.0.0.1:{port}  (warehouse {db_path}; Ctrl-C to stop)", highlight=False)
    env = {**os.environ, DB_ENV: str(db_path.resolve()), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    raise typer.Exit(_serve(command, env))


def _serve(command: list[str], env: dict[str, str]) -> int:
    """Run the server until it ends, or until this process is interrupted or terminated (SIGINT,
    SIGTERM, SIGHUP): then stop it too (SIGTERM, then SIGKILL after 10 s), never leaving it
    serving. A stop asked for exits 0."""
    server = subprocess.Popen(command, env=env)
    stopped = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopped
        stopped = True
        server.terminate()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        code = server.wait()
    except KeyboardInterrupt:  # Ctrl-C: the server, in the same process group, got it too
        stopped = True
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if stopped else code


review_app = typer.Typer(
    no_args_is_help=True,
    help="Reviewers' decisions on flags and findings (kept in <db>.decisions.sqlite; builds never touch them).",
)
app.add_typer(review_app, name="review")


@review_app.command("mark")
def review_mark(
    key: Annotated[str, typer.Argument(help="flag_key (fct_target_flags) or finding_key (fct_consistency_findings).")],
    decision: Annotated[str, typer.Option("--decision", help="confirmed, dismissed or noted.")],
    reviewer: Annotated[str, typer.Option("--reviewer", help="Who decides.")],
    note: Annotated[str | None, typer.Option("--note", help="Why, in a sentence.")] = None,
    db: DbOption = None,
) -> None:
    """Record a decision on a flag or a finding (the latest per key is in force)."""
    from . import decisions

    db_path = _db(db)
    try:
        made = decisions.mark(db_path, key, decision, reviewer, note)
    except (decisions.UnknownSubject, ValueError) as exc:
        _say((str(exc), "red"), to=err)
        raise typer.Exit(1) from exc
    _say(f"{made.decision} {made.kind} {made.key} by {made.reviewer} at {made.decided_at}")


@review_app.command("list")
def review_list(db: DbOption = None) -> None:
    """The decisions in force, with what they are about."""
    from . import decisions

    db_path = _db(db)
    decided = decisions.in_force(db_path)
    gone = set(decisions.unknown_keys(db_path))
    for made in decided.values():
        where = " (no longer in the warehouse)" if made.key in gone else ""
        _say(f"{made.decided_at} {made.decision:9} {made.kind:7} {made.key} {made.reviewer}{where}: {made.note or ''}")
    _say(f"{len(decided)} decisions in force ({len(gone)} on keys the warehouse no longer holds)")


@review_app.command("export")
def review_export(
    out: Annotated[Path, typer.Argument(help="CSV file to write: every decision, oldest first.")], db: DbOption = None
) -> None:
    """Write every decision (the whole history) as CSV."""
    from . import decisions

    n = decisions.export(_db(db), out)
    _say(f"jixiao review export → {out} ({n} decisions)")


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def sql(
    statement: Annotated[str, typer.Argument(help="One SQL query; the warehouse is opened read-only.")],
    db: DbOption = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="table, csv or json.")] = OutputFormat.table,
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows (0: all).")] = 1000,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Stop the query after this many seconds.")
    ] = warehouse.QUERY_SECONDS,
) -> None:
    """Run a read-only SQL query against the warehouse."""
    db_path = _db(db)
    try:
        result = warehouse.query(db_path, statement, limit or None, timeout)
    except FileNotFoundError as exc:
        err.print(Text(str(exc), style="red"))
        raise typer.Exit(2) from exc
    except warehouse.QueryTimeout as exc:
        err.print(Text(str(exc), style="red"), soft_wrap=True)
        raise typer.Exit(1) from exc
    except duckdb.IOException:
        raise  # the warehouse file could not be opened: a fault line (``run``), not the query's
    except duckdb.Error as exc:
        err.print(Text(f"query failed: {warehouse.error_line(exc)}", style="red"), soft_wrap=True)
        raise typer.Exit(1) from exc
    columns, rows = result.columns, result.rows
    if output is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    elif output is OutputFormat.json:
        print(json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, default=str, indent=1))
    else:
        table = Table(show_edge=False, header_style="bold")
        for column in columns:
            table.add_column(column)
        for r in rows:
            table.add_row(*(Text("" if v is None else _CONTROL.sub("", str(v))) for v in r))
        console.print(table)
        console.print(f"{len(rows)} row(s)", highlight=False)
    if result.truncated:
        err.print(Text(result.truncated, style="yellow"), soft_wrap=True)


# what a terminal would act on in a document's text (escape sequences, backspace, bell)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Folder for the Parquet files.")],
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", help="Only parquet.")] = "parquet",
) -> None:
    """Write the raw tables and marts as Parquet, partitioned by fiscal year, for any engine."""
    if format != "parquet":
        err.print(f"[red]unsupported format {format}[/red]: parquet is written")
        raise typer.Exit(2)
    try:
        written, skipped = warehouse.export_parquet(_db(db), out)
    except FileNotFoundError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    for table, rows in written.items():
        console.print(f"{table}: {rows:,} rows", highlight=False)
    console.print(
        Text(f"jixiao export → {out} ({len(written)} tables, Parquet, partitioned by fiscal_year)"), highlight=False
    )
    if skipped:
        names = ", ".join(repr(name) for name in skipped)
        err.print(Text(f"not written (a table name that is no plain identifier): {names}", style="red"), soft_wrap=True)
        raise typer.Exit(1)


@app.command()
def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder for the documents and truth/.")],
    docs: Annotated[int, typer.Option("--docs", help="How many documents.")] = 300,
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same corpus.")] = 1,
    anomalies: Annotated[
        float, typer.Option("--anomalies", help="Share of documents with an injected anomaly.")
    ] = 0.15,
    layouts: Annotated[str, typer.Option("--layouts", help="Comma-separated subset of the layouts.")] = "",
    rows_per_doc: Annotated[
        int | None,
        typer.Option(
            "--rows-per-doc",
            help="Larger documents: about this many indicator rows each (agencies with more projects).",
        ),
    ] = None,
) -> None:
    """Write a synthetic corpus with known answers: DIR/documents/ and DIR/truth/*.csv."""
    from .synth import synthesise

    written = synthesise(docs, seed, out, anomalies, tuple(layouts.split(",")) if layouts else None, rows_per_doc)
    console.print(
        f"jixiao synth → {out / 'documents'}: {written} documents; answers in {out / 'truth'}", highlight=False
    )


@app.command()
def bench(
    sizes: Annotated[str, typer.Option("--sizes", help="Corpus sizes in documents, comma-separated.")] = "1000",
    work: Annotated[Path, typer.Option("--work", help="Folder for corpora and scratch databases.")] = Path("bench"),
    out: Annotated[Path, typer.Option("--out", help="Markdown report to write.")] = Path("docs/benchmarks.md"),
    seed: Annotated[int, typer.Option("--seed")] = 1,
    workers: Annotated[int, typer.Option("--workers", help="Parser processes (default: one per core).")] = 0,
    repeat: Annotated[int, typer.Option("--repeat", help="Runs of each dashboard page's queries.")] = 20,
    layouts: Annotated[str, typer.Option("--layouts", help="Synthetic layouts (default: all).")] = "",
    pdfs: Annotated[
        Path | None,
        typer.Option("--pdfs", help="Folder of PDFs for the page rate (default: the bundled sample PDFs)."),
    ] = None,
    ocr: Annotated[
        bool, typer.Option("--ocr", help="Also read scans of the documents with known answers by OCR.")
    ] = False,
) -> None:
    """Benchmark ingest, build, check and dashboard queries on synthetic corpora (--sizes none
    for none), the PDF page rate against pdfplumber, and with --ocr the recall and speed of OCR
    on scans of documents with known answers; print and save."""
    from . import bench as benchmark

    work.mkdir(parents=True, exist_ok=True)
    results = []
    for size in (int(s) for s in sizes.split(",") if s.strip().isdigit()):
        console.print(f"bench: {size:,} documents …", highlight=False)
        chosen = tuple(layouts.split(",")) if layouts else None
        results.append(benchmark.measure(size, work, seed, workers or pipeline.default_workers(), repeat, chosen))
    folder = pdfs or PROJECT_ROOT / "tests" / "fixtures" / "formats"
    books = sorted(folder.glob("*.pdf"))
    console.print(f"bench: PDF page rate on {len(books)} files in {folder} …", highlight=False)
    text = benchmark.report(results) if results else ""
    if books:
        text += "\n" + benchmark.pdf_report(benchmark.pdf_page_rate(books), str(folder))
    if ocr:
        from . import ocr_bench

        console.print("bench: OCR of scans of the documents with known answers …", highlight=False)
        text += "\n" + ocr_bench.report(ocr_bench.measure(workers or pipeline.default_workers()))
    console.print(text, highlight=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    command = f"jixiao bench --sizes {sizes} --seed {seed}" + (f" --layouts {layouts}" if layouts else "")
    command += " --ocr" if ocr else ""
    out.write_text(f"# Benchmarks\n\n`{command}` (see README, Scale and speed).\n\n{text}", encoding="utf-8")
    console.print(f"written to {out}", highlight=False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
