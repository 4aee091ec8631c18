"""The ``jixiao`` command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ingest import load, pipeline

from .config import DB_ENV, database_path

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


@app.callback()
def main() -> None:
    """Read performance target tables and self-evaluations into one DuckDB warehouse."""


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (searched recursively).")],
    db: DbOption = None,
) -> None:
    """Parse documents into the raw tables, report what was parsed, partial or rejected."""
    db_path = database_path(db)
    try:
        con = load.connect(db_path)
    except duckdb.IOException as exc:
        err.print(f"[red]cannot open {db_path}:[/red] {exc}")
        err.print("Another jixiao process (or a dashboard) may hold the database; stop it and retry.")
        raise typer.Exit(2) from exc
    with con:
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

            summary = pipeline.ingest(con, paths, progress=tick)
        totals = con.execute(
            "select (select count(*) from raw.documents), (select count(*) from raw.projects), "
            "(select count(*) from raw.goals), (select count(*) from raw.indicators)"
        ).fetchone()
    _print_summary(summary, db_path, totals)
    if not summary.outcomes:
        err.print("[yellow]no files found[/yellow]")
        raise typer.Exit(1)


def _print_summary(summary: pipeline.Summary, db_path: Path, totals: tuple) -> None:
    console.print(f"jixiao ingest → {db_path}", highlight=False)
    console.print(
        f"documents {len(summary.outcomes)}: parsed {summary.count('parsed')}, partial {summary.count('partial')}, "
        f"rejected {summary.count('rejected')}, unchanged {summary.count('unchanged')}",
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
            console.print(f"[{colour}]{outcome.status}[/{colour}] {outcome.path}: {outcome.reason}", highlight=False)
    console.print(
        f"warehouse holds: documents {totals[0]}, projects {totals[1]}, goals {totals[2]}, indicators {totals[3]}",
        highlight=False,
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
