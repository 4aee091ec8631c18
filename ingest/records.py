"""Records produced by the parsers: frozen, typed, every value a string exactly as written.

``None`` means the document has no such column; ``""`` means the cell is there and blank.
Every record carries the 1-based line span of the decoded text it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    """One table row as a layout adapter reads it.

    ``aligned`` is True when the adapter guarantees that ``cells[i]`` sits under header column
    ``i`` (one-cell-per-line Word text counted against the header). Otherwise cells may be
    shifted or missing (PDF text loses empty cells; Word rows shift) and the grammar places
    them by meaning.
    """

    cells: tuple[str, ...]
    line_start: int
    line_end: int
    aligned: bool = False
    kind: str = "cells"  # "cells" for table rows, "text" for free text between tables
    location: str = ""  # where the row sits in a binary file: page/table/row, sheet!cells, table/row
    # Set when the reader decoded the row under its table's scheme (``ingest.align``): the field
    # of each cell, how confident the placement is (1 = every cell fits its column as written)
    # and what was done to place it (cells joined over lines, columns left out).
    fields: tuple[str | None, ...] = ()
    confidence: float = 1.0
    notes: tuple[str, ...] = ()
    # read by OCR: the recognition confidence of each cell (None for an empty one), else empty
    ocr_confidence: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class Project:
    table_no: int
    agency_raw: str | None
    project_code: str | None
    project_name: str | None
    budget_total_raw: str | None
    fiscal_raw: str | None
    other_raw: str | None
    purpose: str | None
    goal_text: str | None
    spend_plan_raw: str | None
    spend_plan_periods_raw: str | None
    title_raw: str | None
    line_start: int
    line_end: int
    # the unit the form gives its amounts in, as written (元 for 项目资金（元）, 万元 for
    # 单位:万元); None when it names none (万元 by convention): the warehouse converts
    amount_unit_raw: str | None = None
    implementer_raw: str | None = None  # 实施单位 when the form names it beside its 主管部门


@dataclass(frozen=True)
class Indicator:
    table_no: int
    row_no: int
    level1_raw: str | None
    level2_raw: str | None
    level3_raw: str
    description_raw: str | None
    target_raw: str | None
    basis_raw: str | None
    actual_raw: str | None
    weight_raw: str | None
    score_raw: str | None
    deviation_reason_raw: str | None
    line_start: int
    line_end: int
    # columns kept beside the indicator, ``header: value`` per line (备注, 是否核心指标, the
    # mid-term value beside the annual one, a comparator column that did not join the value)
    extra_raw: str | None = None
    # how surely the row's cells sit in their columns: 1 when every cell fits its column as
    # written; lower when cells were placed by their shape, joined over lines or labels matched
    # loosely (the warehouse and the review show it)
    placement_confidence: float = 1.0


@dataclass(frozen=True)
class DepartmentTask:
    task_no: str
    task_text: str
    total_raw: str | None
    basic_raw: str | None
    project_raw: str | None
    other_raw: str | None
    line_start: int
    line_end: int


@dataclass(frozen=True)
class Goal:
    goal_group: str  # "annual" (numbered goals), "overall" / "itemised" (prose sections)
    goal_no: str
    goal_text: str
    task_no_raw: str | None
    actual_text: str | None
    deviation_reason_raw: str | None
    line_start: int
    line_end: int


@dataclass(frozen=True)
class BudgetExecution:
    budget_initial_raw: str | None
    budget_full_year_raw: str | None
    executed_raw: str | None
    weight_raw: str | None
    score_raw: str | None
    execution_rate_raw: str | None
    deviation_reason_raw: str | None
    total_weight_raw: str | None
    total_score_raw: str | None
    line_start: int
    line_end: int


@dataclass(frozen=True)
class OcrCell:
    """A cell of a table row (or a line of text) read by OCR, as the reader's text has it, with
    the model's confidence in its least sure character."""

    line_start: int
    line_end: int
    cell_no: int  # 1-based, counted over the row's columns
    text: str
    confidence: float


@dataclass(frozen=True)
class ParseIssue:
    line: int | None
    severity: str  # "info" | "warning" | "error"
    message: str


def failure(where: str, exc: Exception) -> str:
    """What a reader says of a piece (a page, a table, a sheet, a row) that broke it."""
    return f"{where} could not be read: {type(exc).__name__}: {exc}"[:300]


@dataclass(frozen=True)
class PerformanceTable:
    """One performance table of a document (a budget book holds several kinds): its number (the
    ``table_no`` of its projects and indicators), its title and header as written, its kind
    (by its own title, else by what its columns hold) and where it ends (``location`` says where
    it starts: the pages of a PDF it stands on)."""

    table_no: int
    title_raw: str | None
    header_raw: str | None  # its indicator header row, cells joined with " | "
    table_kind: str | None  # project_targets, department_targets, project_selfeval, department_selfeval
    line_start: int
    line_end: int
    end_location: str | None = None


@dataclass(frozen=True)
class ParsedDocument:
    layout: str | None
    doc_type: str | None
    fiscal_year: str | None
    agency_raw: str | None
    title_raw: str | None
    status: str  # "parsed" | "partial" | "rejected"
    status_reason: str | None
    projects: tuple[Project, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    tasks: tuple[DepartmentTask, ...] = ()
    goals: tuple[Goal, ...] = ()
    budget_execution: tuple[BudgetExecution, ...] = ()
    issues: tuple[ParseIssue, ...] = field(default_factory=tuple)
    tables: tuple[PerformanceTable, ...] = ()
    # (line, location in the file) for readers of binary files and markup: which page, table and
    # row, or which sheet and cells, the line of the reader's text stands for
    locations: tuple[tuple[int, str], ...] = ()
    # where the fiscal year is stated: title, heading, table title, project name, text
    fiscal_year_source: str | None = None
    # where the agency is named: form (a field of a table), text field, publisher line
    agency_source: str | None = None
    # how its text was read: "text" (as the file holds it), "ocr" (every page a scan), "text+ocr"
    reading_method: str | None = "text"
    ocr_cells: tuple[OcrCell, ...] = ()
