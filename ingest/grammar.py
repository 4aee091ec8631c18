"""The table grammar: rows of cells (from any layout adapter) -> records.

One grammar serves every layout. It recognises tables by their header and label vocabulary
(``ingest.vocab``) and values by their shape (``ingest.values``), never by line numbers:

* project tables: a block of labelled rows (单位, 项目编码, 项目名称, 预算数, 财政资金, 其他资金,
  资金用途, 资金支出计划, 绩效目标) followed by an indicator table;
* the department budget table (主要工作任务 with 总额 / 基本支出 / 项目支出 / 其他资金), whose
  numbers are placed in their columns by the 合计 row's column sums when empty cells vanished;
* goal tables (年度绩效目标 with 对应工作任务 or 实际完成情况), and goals written as prose;
* indicator tables, their level-1/level-2 labels carried down over merged cells, the cells of
  shifted rows placed by meaning;
* the self-evaluation's budget execution block and its 总分 row.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import NamedTuple

from . import align, vocab
from .records import (
    BudgetExecution,
    DepartmentTask,
    Goal,
    Indicator,
    ParsedDocument,
    ParseIssue,
    PerformanceTable,
    Project,
    Row,
    failure,
)
from .scheme import Scheme, is_sub_header, scheme_of, with_sub_header
from .values import is_number, to_cents

_CONTENT_FIELDS = ("description", "target", "basis", "actual", "weight", "score", "deviation_reason")
# a row placed below this confidence is reported (the document is then partial)
LOW_CONFIDENCE = 0.35
# a row that the header's order cannot place is read by the decoder only when it is this sure
SURE = 0.6
_MISFIT = 2.0  # a cell costing the decoder this much where the header's order put it is misplaced
_INT = re.compile(r"^[0-9]{1,3}$")
_YEAR = re.compile(r"(20\d\d)\s*年")
_AFTER_TITLE = re.compile(r"[^(（]{0,12}?表(?:[(（]\s*20\d\d\s*年度?\s*[)）])?")
_PROSE_OVERALL = re.compile(r"^\s*([一二三四五六七八九十]+)\s*[.．]\s*(.+)$")
_PROSE_ITEM = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]+)\s*[)）]\s*(.+)$")
_AMOUNTS = frozenset({"budget_total", "budget_total_period", "fiscal", "other"})
# a form's text fields whose text may stand under their labels (实施期总目标 | 年度目标 over two cells)
_WRITTEN_UNDER = frozenset({"goal_text", "goal_text_period", "purpose"})
# columns of a table listing several projects (scheme fields): the project's own cells
_PROJECT_COLUMNS = ("project_name", "project_budget", "project_fiscal", "project_other", "project_goal", "seq")
_AMOUNT_VALUE = re.compile(r"[0-9０-９]|^[-—–/]+$")
_NOTE = re.compile(r"^([^:：]{2,12})[:：](.+)$")  # a note above a table: 单位:万元
_PROSE_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")


@dataclass
class _ProjectDraft:
    table_no: int
    line_start: int
    line_end: int
    title: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    last_label: str | None = None
    has_indicators: bool = False
    guessed: set[str] = field(default_factory=set)  # values taken from a row under no label
    # labels of the last label row whose values stand in the row below (column -> field), and
    # that row's width
    pending: dict[int, str] = field(default_factory=dict)
    pending_width: int = 0

    def set(self, key: str, value: str, guess: bool = False) -> None:
        """The first value a label gives (an empty one is none); a guessed value gives way."""
        if not self.values.get(key) or (key in self.guessed and not guess):
            self.values[key] = value
            if guess:
                self.guessed.add(key)
            else:
                self.guessed.discard(key)

    def freeze(self) -> Project:
        v = self.values
        return Project(
            table_no=self.table_no,
            # the agency a form names: its 单位 line, else its 主管部门, else its 实施单位
            agency_raw=next(
                (name for key in ("unit_agency", "department", "agency") if (name := vocab.agency_name(v.get(key)))),
                None,
            ),
            implementer_raw=vocab.agency_name(v.get("agency")),
            project_code=v.get("project_code"),
            project_name=v.get("project_name"),
            # the year's amount and goal, else those of the whole implementation period
            budget_total_raw=v.get("budget_total") or v.get("budget_total_period"),
            fiscal_raw=v.get("fiscal"),
            other_raw=v.get("other"),
            purpose=v.get("purpose"),
            goal_text=v.get("goal_text") or v.get("goal_text_period"),
            spend_plan_raw=v.get("spend_plan"),
            spend_plan_periods_raw=v.get("spend_plan_periods"),
            title_raw=self.title,
            line_start=self.line_start,
            line_end=self.line_end,
            amount_unit_raw=v.get("amount_unit"),
        )


@dataclass
class _TableMeta:
    """What is known of a performance table while it is read."""

    line_start: int
    line_end: int
    title: str | None = None
    header: str | None = None
    actual: bool = False  # it has an actual (实际完成) column: a self-evaluation
    of_project: bool = False  # a project's table (not a department's)

    def kind(self, document_kind: str | None = None, of_department: bool = False) -> str:
        """By its own title, else the document's (a document of one table), else by its columns: a
        table under no project form is a department's only in a document with department tasks."""
        own = vocab.title_kind(vocab.squash(self.title or ""))
        return own or document_kind or _kind(self.of_project or not of_department, self.actual)


def _kind(of_project: bool, evaluated: bool) -> str:
    """The document type of a project's or a department's table, of targets or evaluated."""
    scope = "project" if of_project else "department"
    return f"{scope}_selfeval" if evaluated else f"{scope}_targets"


class _Reader:
    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.issues: list[ParseIssue] = []
        self.projects: list[_ProjectDraft] = []
        self.indicators: list[Indicator] = []
        self.task_rows: list[Row] = []
        self.goals: list[Goal] = []
        self.budget: dict[str, str] = {}
        self.budget_span: list[int] = []
        self.agency: str | None = None
        # table state
        self.section = "none"
        self.columns: list[str | None] = []
        self.column_headers: list[str] = []
        self.scheme: Scheme | None = None
        self.budget_columns: list[str | None] = []
        self.level1: str | None = None
        self.level2: str | None = None
        self.goal_no: str | None = None
        self.rows_in: Counter[int] = Counter()  # indicator rows read per table: the next row_no
        self.last_title: Row | None = None
        self.heading: Row | None = None  # the last title line, first seen or repeated
        self.titles_seen: set[str] = set()
        self.prose_group: str | None = None
        self.has_actual = False
        self.after_header = False
        self.headers: list[list[str | None]] = []
        self.last_line = max((r.line_end for r in rows), default=0)
        self.unreadable = False  # a table was seen that could not be read
        self.amount_note: str | None = None  # 单位:万元 written above the form
        self.department_note: str | None = None  # 主管部门:… written above a list of projects
        self.header_cells: list[str] = []  # the header row just read (a sub-header may follow)
        self.indicator_grid: str | None = None  # the file's table (page N, table T) the last row was in
        self.tables = 0  # tables numbered so far
        self.counted: set[int] = set()  # indicators whose table number next_table gave
        self.own_table = 0  # the number of an indicator table that belongs to no project
        self.table_meta: dict[int, _TableMeta] = {}  # table number -> what is known of it
        self.header_text: str | None = None  # the indicator header row being read, as written

    # -- helpers ---------------------------------------------------------------------------
    def issue(self, line: int | None, severity: str, message: str) -> None:
        self.issues.append(ParseIssue(line, severity, message))

    @property
    def project(self) -> _ProjectDraft | None:
        return self.projects[-1] if self.projects else None

    def retitled(self) -> bool:
        """A table title came after the current project's form: what follows is another table."""
        return (
            self.project is not None
            and self.last_title is not None
            and self.last_title.line_start > self.project.line_end
        )

    def table_no(self) -> int:
        if self.goal_no is not None:
            return int(self.goal_no)
        if self.own_table:
            return self.own_table
        return self.project.table_no if self.project else 0

    def next_table(self, line: int, of_project: bool, listed: bool = False) -> int:
        """Tables are numbered in document order: a project's, or an indicator table of its own
        (numbers given here are renumbered once tables that were no performance table are gone).
        A table's title is the one written since the table before; a project listed in a table
        of several has that table's."""
        before = self.table_meta.get(self.tables)
        title = None
        if self.heading is not None and (before is None or self.heading.line_start > before.line_end):
            title = self.heading.cells[0]
        elif listed and before is not None:
            title = before.title
        self.tables += 1
        self.table_meta[self.tables] = _TableMeta(line, line, title=title, of_project=of_project)
        return self.tables

    def extend_table(self, line_end: int, number: int | None = None) -> None:
        meta = self.table_meta.get(self.table_no() if number is None else number)
        if meta is not None:
            meta.line_end = max(meta.line_end, line_end)

    # -- driver ----------------------------------------------------------------------------
    def read(self) -> None:
        self.headers = [
            scheme.fields_by_position(len(row.cells))
            for row in self.rows
            if row.kind != "text"
            and vocab.is_indicator_header(row.cells)
            and (scheme := scheme_of(row.cells)) is not None
        ]
        for row in self.rows:
            try:
                self.read_row(row)
            except Exception as exc:  # noqa: BLE001 - a row that breaks the reader loses that row only
                self.issue(row.line_start, "error", failure("row", exc))

    def read_row(self, row: Row) -> None:
        filled = [c for c in row.cells if c.strip()]
        if row.kind == "text" or (
            row.kind == "cells" and len(filled) == 1 and vocab.TABLE_TITLE.search(vocab.squash(filled[0]))
        ):
            self.text_row(Row((filled[0],), row.line_start, row.line_end, kind="text") if filled else row)
            return  # a title, in a line of text or in a row of the table's grid
        if row.kind == "error":  # a table or page the reader of the file could not read
            self.issue(row.line_start, "error", row.cells[0])
            return
        if row.kind == "unreadable":
            self.unreadable = True
            self.issue(
                row.line_start,
                "error",
                "indicator table found (its header words "
                f"{'、'.join(row.cells[:6])} stand apart from any header row) but its cells could not be "
                "placed: the column order is scrambled or the text garbled",
            )
            return
        if row.kind == "end":  # the reader saw the table end (notes, a title, the next block)
            if self.section == "indicators":
                self.section = "none"
            return
        cells = [c.strip() for c in row.cells]
        if row.kind == "truncated":
            self.issue(
                row.line_start,
                "error",
                f"indicator row cut short: {len(cells)} of {len(self.columns)} cells ({_preview(cells)})",
            )
        if not self.structure_row(row, cells) and not self.content_row(row, cells):
            same_grid = _grid(row) == self.indicator_grid or (row.aligned and len(cells) == len(self.columns))
            if self.section == "indicators" and any(cells) and same_grid:
                # a row inside an indicator table that no reading of its cells places
                self.issue(row.line_start, "warning", f"table row could not be placed: {_preview(cells)}")
            else:
                if self.section == "indicators":
                    self.section = "none"  # another table of the file (a budget book's)
                self.issue(row.line_start, "info", f"row outside any known table ignored: {_preview(cells)}")
        elif self.section == "indicators" and row.kind != "text":
            self.indicator_grid = _grid(row)

    def structure_row(self, row: Row, cells: list[str]) -> bool:
        """Header rows that open a table; True when the row was one."""
        if self.header_cells and is_sub_header(cells):
            # the second row of a two-row header: the periods of a value column
            merged = with_sub_header(self.header_cells, cells, positional=row.aligned)
            self.start_indicators(merged, row.line_start)  # the same table: its columns named again
            self.header_cells = []
            return True
        self.header_cells = []
        if vocab.is_indicator_header(cells):
            self.start_indicators(cells, row.line_start)
            self.header_cells = list(cells)
        elif vocab.is_goal_table_header(cells):
            self.section = "goals"
        elif self.section != "indicators" and any(vocab.TASK_TABLE_HEADER.match(vocab.squash(c)) for c in cells):
            self.section = "tasks"
        elif self.section != "indicators" and any(vocab.BUDGET_EXECUTION.search(vocab.squash(c)) for c in cells):
            self.start_budget(cells, row)
        else:
            return row.kind == "header"
        return True

    def content_row(self, row: Row, cells: list[str]) -> bool:
        """A row of the table being read, or of a project's header block; True when used."""
        if self.section == "indicators" and self.indicator_row(row, cells):
            return True
        if self.section == "budget" and self.budget_row(row, cells):
            return True
        if (
            self.section == "tasks"
            and cells
            and (_INT.match(cells[0]) or vocab.TOTAL_LABEL.match(vocab.squash(cells[0])))
        ):
            self.task_rows.append(row)
            return True
        if self.section == "goals" and self.goal_row(row, cells):
            return True
        return self.project_row(row, cells) or self.goal_marker_row(cells)

    # -- free text: titles and goals written as prose ----------------------------------------
    def text_row(self, row: Row) -> None:
        text = row.cells[0]
        squashed = vocab.squash(text)
        notes = [n for part in text.split() if (n := _NOTE.match(vocab.squash(part)))]
        if notes and sum(len(n[0]) for n in notes) == len(squashed):  # 资金主管部门:… 单位:万元
            for note in notes:
                if vocab.project_label(note[1]) == "department":
                    self.department_note = note[2]  # the department of the projects listed below
                    self.agency = self.agency or vocab.agency_name(note[2])
        if (unit := vocab.amount_unit(squashed)) and (len(squashed) <= 12 or notes):
            self.amount_note = unit  # 金额单位:万元 above a form: its amounts are in that unit
            if self.project is not None and self.section == "project":
                self.project.set("amount_unit", unit)
        if vocab.TABLE_TITLE.search(squashed):
            squashed = re.sub(r"[(（][^()（）]*[)）]$", "", squashed)  # 整体支出绩效目标表（2025年度）
            self.heading = row  # the title of the table that follows, or of the one going on
            if squashed in self.titles_seen and self.section != "none":
                # a page heading repeated on every page: the table goes on
                self.issue(row.line_start, "info", f"page heading repeated, table continues: {text[:40]}")
                return
            self.titles_seen.add(squashed)
            self.last_title = row
            self.department_note = None  # a new table: its own notes follow
            self.section = "none"
            self.prose_group = None
            return
        if "总体绩效目标" in squashed:
            self.prose_group = "overall"
            return
        if "分项绩效目标" in squashed:
            self.prose_group = "itemised"
            return
        if self.prose_group is None:
            return
        pattern = _PROSE_OVERALL if self.prose_group == "overall" else _PROSE_ITEM
        match = pattern.match(text)
        if match:
            self.goals.append(
                Goal(
                    self.prose_group,
                    match.group(1),
                    match.group(2).strip(),
                    None,
                    None,
                    None,
                    row.line_start,
                    row.line_end,
                )
            )
        elif _PROSE_HEADING.match(text):
            self.prose_group = None
        elif self.goals and self.goals[-1].goal_group == self.prose_group:
            last = self.goals[-1]
            self.goals[-1] = Goal(
                last.goal_group,
                last.goal_no,
                f"{last.goal_text}\n{text.strip()}",
                None,
                None,
                None,
                last.line_start,
                row.line_end,
            )

    # -- project tables ----------------------------------------------------------------------
    def project_row(self, row: Row, cells: list[str]) -> bool:
        labels = [vocab.project_label(c) if c else None for c in cells]
        if not any(labels):
            return self.project_continuation(row, cells)
        current = self.project
        if {label for label in labels if label} == {"department"}:
            value = _value_after(cells, labels, labels.index("department"))
            self.agency = self.agency or vocab.agency_name(value)
            if current is not None and self.section == "project" and not current.has_indicators and value:
                current.set("department", value)  # the 主管部门 row of a project's form
            return True
        # A table starts at its 单位 row, at a 项目名称 row unless the current table has no name
        # yet, or at a 实施单位 row once the current table has its indicators.
        named = current is not None and "project_name" in current.values
        done = current is not None and current.has_indicators
        starts = (
            "unit" in labels
            or ("project_name" in labels and (current is None or named or done or self.retitled()))
            or ("agency" in labels and done)
        )
        if current is None and not starts and not {"project_code", "agency"} & set(labels):
            return False  # budget words outside a project table (a department budget header)
        if current is not None and not starts and self.retitled():
            return False  # the form of the table titled since (a department's), not the project's
        if starts or current is None:
            title = None
            if self.last_title is not None and (current is None or self.last_title.line_start > current.line_end):
                title = self.last_title.cells[0]
            current = _ProjectDraft(self.next_table(row.line_start, True), row.line_start, row.line_end, title=title)
            if any(vocab.SELF_SCORE.search(vocab.squash(c)) for c in cells if c):
                self.table_meta[current.table_no].actual = True  # 项目名称 | 自评分数: a list of scores
            self.own_table = 0
            self.projects.append(current)
            self.section = "project"
            self.goal_no = None
        current.line_end = max(current.line_end, row.line_end)
        self.extend_table(row.line_end, current.table_no)
        unit = next((u for c in cells if c and (u := vocab.amount_unit(c))), None) or self.amount_note
        if unit:
            current.set("amount_unit", unit)
        current.pending, current.pending_width = {}, len(cells)
        i = 0
        while i < len(cells):
            label = labels[i]
            if label == "unit":
                others = [c for j, c in enumerate(cells) if j != i and c and not labels[j]]
                if others:
                    current.set("unit_agency", others[0])
            elif label in {"budget_block"}:
                current.last_label = "budget"
            elif label == "spend_plan":
                current.set("spend_plan_periods", "|".join(c for c in cells[i + 1 :] if c))
                current.last_label = "spend_plan"
                break
            elif label == "department":
                value = _value_after(cells, labels, i)
                self.agency = self.agency or vocab.agency_name(value)
                if value:
                    current.set("department", value)
            elif label is not None:
                value = _value_after(cells, labels, i)
                if not value and row.aligned and label in _WRITTEN_UNDER and "project_name" not in labels:
                    current.pending[i] = label  # its text may stand under it, in the next row
                if labels.count(label) > 1 and value and label in _AMOUNTS:
                    current.values[label] = value  # 实施期 and 年度 columns side by side: the year's
                elif label not in _AMOUNTS or not value or _AMOUNT_VALUE.search(value):
                    current.set(label, value)  # an amount label's value has a figure (not 金额(万元))
                if label in _AMOUNTS:
                    current.last_label = "budget"
                elif label != "purpose":
                    current.last_label = label
                i += 1
            i += 1
        return True

    def project_continuation(self, row: Row, cells: list[str]) -> bool:
        """A row under a merged label cell: 资金用途 under 预算规模及资金用途, the percentages
        under 资金支出计划, or the agency line of a table whose 单位 cell is elsewhere."""
        current = self.project
        if current is None or self.section != "project":
            return False
        values = [c for c in cells if c]
        if not values:
            return True
        under = [(max((k for k in current.pending if k <= j), default=None), c) for j, c in enumerate(cells) if c]
        if current.pending and len(cells) == current.pending_width and all(k is not None for k, _ in under):
            for k, value in under:  # values under the labels of the row above
                current.set(current.pending[k], value)  # type: ignore[index]
            current.pending = {}
        elif current.last_label == "budget" and "purpose" not in current.values:
            current.set("purpose", "\n".join(values), guess=True)
        elif current.last_label == "spend_plan" and "spend_plan" not in current.values:
            current.set("spend_plan", "|".join(values))
        else:
            return False
        current.line_end = row.line_end
        return True

    # -- indicator tables ----------------------------------------------------------------------
    def start_indicators(self, cells: list[str], line: int) -> None:
        scheme = scheme_of(cells)
        assert scheme is not None  # called for header rows only
        self.scheme = scheme
        self.columns = _reconcile(scheme.fields_by_position(len(cells)), self.headers)
        self.column_headers = [c.strip() for c in cells] + [""] * (len(self.columns) - len(cells))
        self.has_actual = self.has_actual or "actual" in self.columns
        self.after_header = self.section == "indicators"  # a header repeated at a page break
        if self.section != "indicators":
            self.level1 = self.level2 = None
            # the project whose form stands above heads the table, unless a title came between
            if (
                self.project is not None
                and self.goal_no is None
                and not self.project.has_indicators
                and not self.retitled()
            ):
                self.project.has_indicators = True
            elif self.goal_no is None and "project_name" not in self.columns:
                self.own_table = self.next_table(line, False)  # a table of its own (no project heads it)
        self.section = "indicators"
        self.header_text = " | ".join(c.strip() for c in cells if c.strip())
        if "project_name" not in self.columns:
            self.describe_table(self.table_no())

    def describe_table(self, number: int) -> None:
        """The table's header and whether it has an actual column, once its header is read."""
        meta = self.table_meta.get(number)
        if meta is not None:
            meta.header = meta.header or self.header_text
            meta.actual = meta.actual or "actual" in self.columns

    def indicator_row(self, row: Row, cells: list[str]) -> bool:
        filled = [c for c in cells if c][:2]
        first = filled[0] if filled else ""
        if vocab.is_score_total(first):
            numbers = [c for c in cells if is_number(c)]
            self.budget.setdefault("total_weight", numbers[0] if numbers else "")
            self.budget.setdefault("total_score", numbers[1] if len(numbers) > 1 else "")
            self.budget_span.extend([row.line_start, row.line_end])
            return True
        if not row.fields and any(vocab.project_label(c) in vocab.PROJECT_START for c in filled):
            return False  # the next table's header block
        if vocab.ends_table(first):
            self.section = "none"  # notes, signatures or the next title: the table is over
            return False
        if filled and all(vocab.indicator_column(c) == "goal" for c in filled):
            return True  # the caption of a merged column, printed again at the top of a page
        confidence = row.confidence
        if row.fields:
            placed = self.place_fields(row, cells)
        elif row.aligned and len(cells) == len(self.columns) and (self.labels_in_place(cells) or self.fits(cells)):
            placed = self.place_aligned(cells)
        else:
            placed = self.place_by_meaning(row, cells)
            if placed is None or _misfit(placed):
                decoded = self.place_by_scheme(row, cells)
                if decoded is not None and (placed is not None or decoded[1] >= SURE):
                    placed, confidence = decoded
        if placed is None:
            return False
        self.open_listed_project(row, placed)
        _compose(placed)
        present = set(self.columns)
        if placed.get("level3") and not present & {"level1", "level2"}:
            level1, level2, name = vocab.split_levels(placed["level3"])
            if level1:  # the levels written in front of the indicator, in its cell
                self.level1, self.level2, placed["level3"] = level1, level2, name
        if not placed.get("level3"):
            return True  # a label-only row
        if _is_placeholder(placed):
            self.issue(row.line_start, "info", f"placeholder row skipped: {placed['level3'][:20]}")
            return True
        after_header, self.after_header = self.after_header, False
        if after_header and self._repeats_earlier_row(placed):
            self.issue(row.line_start, "info", f"row repeated after a page break dropped: {placed['level3'][:40]}")
            return True
        table_no = self.table_no()
        self.rows_in[table_no] += 1  # a table's rows are numbered on, whatever headers or goals came between
        if self.project is not None and self.goal_no is None:
            self.project.line_end = max(self.project.line_end, row.line_end)
        if row.fields and not any(placed.get(f) for f in ("target", "actual")) and present & {"target", "actual"}:
            last = row.line_end >= self.last_line
            self.issue(
                row.line_start,
                "error" if last else "warning",
                f"indicator row {'cut short' if last else 'without a value'}: {_preview(list(cells))}",
            )
        if confidence < LOW_CONFIDENCE:
            why = "; ".join(row.notes) if row.notes else "cells placed by their shape"
            self.issue(
                row.line_start,
                "warning",
                f"row placed with low confidence ({confidence:.2f}): {_preview(list(cells))} ({why})",
            )
        if self.goal_no is None:
            self.counted.add(len(self.indicators))  # numbered by next_table, not by a goal
        self.indicators.append(
            Indicator(
                table_no=table_no,
                row_no=self.rows_in[table_no],
                level1_raw=self.level1,
                level2_raw=self.level2,
                level3_raw=placed["level3"],
                **{f"{name}_raw": placed.get(name, "") if name in present else None for name in _CONTENT_FIELDS},
                line_start=row.line_start,
                line_end=row.line_end,
                extra_raw=placed.get("extra") or None,
                placement_confidence=confidence,
            )
        )
        self.extend_table(row.line_end)
        return True

    def open_listed_project(self, row: Row, placed: dict[str, str]) -> None:
        """A row of a table listing several projects that names its project opens that project."""
        values = {f: placed.pop(f"_{f}") for f in _PROJECT_COLUMNS if f"_{f}" in placed}
        name = values.get("project_name")
        if not name:
            return
        number = self.next_table(row.line_start, True, listed=True)
        current = _ProjectDraft(number, row.line_start, row.line_end, has_indicators=True)
        self.describe_table(number)
        current.set("project_name", name)
        for column, key in (
            ("project_budget", "budget_total"),
            ("project_fiscal", "fiscal"),
            ("project_other", "other"),
            ("project_goal", "goal_text"),
        ):
            if values.get(column):
                current.set(key, values[column])
        if self.amount_note:
            current.set("amount_unit", self.amount_note)
        if self.department_note:
            current.set("department", self.department_note)
        budget = next((c for c in self.scheme.columns if c.field == "project_budget"), None) if self.scheme else None
        if budget and not values.get("project_fiscal") and "财政拨款" in vocab.squash(budget.header):
            current.set("fiscal", values.get("project_budget", ""))  # 财政拨款预算金额: the amount is fiscal
        self.projects.append(current)
        self.own_table = 0

    def place_fields(self, row: Row, cells: list[str]) -> dict[str, str]:
        """A row the reader decoded: every cell's field is known."""
        headers = [c.header for c in self.scheme.columns] if self.scheme else []
        placed: dict[str, str] = {}
        for i, (field_name, cell) in enumerate(zip(row.fields, cells)):
            if not field_name or not cell:
                continue
            self._place(placed, field_name, cell, headers[i] if i < len(headers) else "")
        return placed

    def _place(self, placed: dict[str, str], field_name: str, cell: str, header: str) -> None:
        if field_name == "goal":
            self.note_goal(cell)
        elif field_name == "level1":
            if cell:
                self.level1, self.level2 = cell, None
        elif field_name == "level2":
            if cell:
                self.level2 = cell
        elif field_name in _PROJECT_COLUMNS:
            if cell:
                placed[f"_{field_name}"] = cell  # taken by the project the row opens
        elif field_name == "extra":
            if cell:
                note = f"{vocab.squash(header)}: {cell}" if header else cell
                placed["extra"] = f"{placed['extra']}\n{note}" if placed.get("extra") else note
        elif field_name not in placed:
            placed[field_name] = cell

    def place_by_scheme(self, row: Row, cells: list[str]) -> tuple[dict[str, str], float] | None:
        """A row whose cells are not where the header says: decoded under the scheme."""
        if self.scheme is None:
            return None
        kinds = self.scheme.kinds
        positions = {c.position: i for i, c in enumerate(self.scheme.columns)}
        tokens = [
            align.Token(cell, row.line_start, align.ROW if k == 0 else align.CELL, positions.get(k, -1))
            for k, cell in enumerate(cells)
        ]
        # positions mean something only in a row as wide as the header (a page that goes on
        # without the merged columns, or a shifted row, is read by meaning)
        positional = row.aligned and len(cells) == len(self.columns)
        decoded = align.decode(kinds, tokens, positional=positional, single_row=True, kept=self.scheme.kept)
        if not decoded:
            return None
        (found,) = decoded
        placed: dict[str, str] = {}
        for c, text in sorted(found.cells.items()):
            column = self.scheme.columns[c]
            self._place(placed, column.field, text, column.header)
        return placed, found.confidence

    def _repeats_earlier_row(self, placed: dict[str, str]) -> bool:
        table = self.table_no()
        values = tuple(placed.get(f, "") for f in ("level3", *_CONTENT_FIELDS))
        return any(
            i.table_no == table and (i.level3_raw, *(getattr(i, f"{f}_raw") or "" for f in _CONTENT_FIELDS)) == values
            for i in self.indicators
        )

    def labels_in_place(self, cells: list[str]) -> bool:
        """An aligned row is read by position only when its labels sit in their columns and its
        first content cell under 三级指标; a row shifted inside its grid is read by meaning."""
        labels, anchor = vocab.split_labels(cells)
        if "level3" not in self.columns or anchor != self.columns.index("level3"):
            return False
        return all(cells.index(value) < anchor and self.columns[cells.index(value)] == kind for kind, value in labels)

    def fits(self, cells: list[str]) -> bool:
        """A grid row whose every cell fits the column it stands in (a table listing projects:
        the project's cells first, then the indicator's)."""
        if "level3" not in self.columns:
            return False
        name = cells[self.columns.index("level3")]
        if not name or vocab.label(name) is not None:
            return False  # no name, or a level label where the name goes: the row is shifted
        # a qualitative target (定性) may be a sentence of any length
        qualitative = any(f == "op" and align.shape(c).nature for f, c in zip(self.columns, cells) if c)
        return all(
            not cell
            or not field_name
            or field_name not in align.KIND_OF_FIELD
            or (qualitative and field_name == "target")
            or align.emission(field_name, cell) < _MISFIT
            for field_name, cell in zip(self.columns, cells)
        )

    def place_aligned(self, cells: list[str]) -> dict[str, str]:
        placed: dict[str, str] = {}
        for i, (field_name, cell) in enumerate(zip(self.columns, cells)):
            if field_name:
                self._place(placed, field_name, cell, self.column_headers[i] if i < len(self.column_headers) else "")
        return placed

    def place_by_meaning(self, row: Row, cells: list[str]) -> dict[str, str] | None:
        """Cells of a row that may be shifted: labels are recognised by vocabulary, the first
        other cell is the 三级指标 and the cells after it follow the header's order."""
        if "level3" not in self.columns:
            return None
        expected = self.columns.index("level3")
        labels, anchor = vocab.split_labels(cells)
        if anchor is not None and abs(anchor - expected) > 1:
            if labels:
                self.issue(row.line_start, "warning", f"indicator row with cells out of place: {_preview(cells)}")
            return None
        for kind, value in labels:
            if kind == "goal":
                self.note_goal(value)  # the cell as written
            elif kind == "level1":
                self.level1, self.level2 = value, None
            else:
                self.level2 = value
        if anchor is None:
            return {} if labels else None
        if anchor != expected:
            self.issue(row.line_start, "info", f"row shifted {anchor - expected:+d} column(s); placed by meaning")
        placed = {"level3": cells[anchor]}
        for offset, field_name in enumerate(self.columns[expected + 1 :], start=1):
            if field_name and field_name not in placed:
                j = anchor + offset
                header = self.column_headers[expected + offset] if expected + offset < len(self.column_headers) else ""
                self._place(placed, field_name, cells[j] if j < len(cells) else "", header)
        if anchor + len(self.columns) - expected < len(cells) and any(cells[anchor + len(self.columns) - expected :]):
            placed["_left_over"] = "1"  # cells beyond the last column: not placed
        return placed

    def note_goal(self, cell: str) -> None:
        marker = vocab.goal_number(cell) if cell else None
        if marker and marker != self.goal_no:
            self.goal_no = marker
            self.level1 = self.level2 = None

    # -- department tables -----------------------------------------------------------------------
    def goal_marker_row(self, cells: list[str]) -> bool:
        """A row that only names the goal the next indicator rows belong to (``目标3``)."""
        marker = next((c for c in cells if vocab.goal_marker(c)), None)
        if marker and self.section == "indicators":
            self.note_goal(marker)
            return True
        return False

    def goal_row(self, row: Row, cells: list[str]) -> bool:
        """Numbered goal: number, goal text, then the task number(s) or the actual result."""
        values = [c for c in cells if c]
        if not values:
            return False
        if _INT.match(values[0]) and len(values) >= 2:
            goal_no, text, rest = values[0], values[1], values[2:]
        elif not _INT.match(values[0]) and not vocab.project_label(values[0]):
            goal_no = str(sum(1 for g in self.goals if g.goal_group == "annual") + 1)
            text, rest = values[0], values[1:]
        else:
            return False
        task_no = rest[0] if rest and re.match(r"^[0-9、,，]+$", rest[0]) else None
        narrative = [r for r in rest if r != task_no]
        goal = Goal(
            "annual",
            goal_no,
            text,
            task_no,
            narrative[0] if narrative else None,
            narrative[1] if len(narrative) > 1 else None,
            row.line_start,
            row.line_end,
        )
        for earlier in self.goals:
            if (earlier.goal_no, earlier.goal_text, earlier.actual_text) == (
                goal.goal_no,
                goal.goal_text,
                goal.actual_text,
            ):
                self.issue(
                    row.line_start,
                    "info",
                    f"goal {goal_no} repeated (page break); kept once, from line {earlier.line_start}",
                )
                return True
        self.goals.append(goal)
        return True

    def start_budget(self, cells: list[str], row: Row) -> None:
        self.section = "budget"
        self.budget_columns = [vocab.budget_column(cell) for cell in cells]
        self.budget_span.append(row.line_start)

    def budget_row(self, row: Row, cells: list[str]) -> bool:
        if any(vocab.squash(c).startswith("偏差原因") for c in cells):
            after = [c for c in cells if c and not vocab.squash(c).startswith("偏差原因")]
            self.budget.setdefault("deviation_reason", after[0] if after else "")
        elif any(is_number(c) or c.endswith("%") for c in cells):
            for name, cell in zip(self.budget_columns, cells):
                if name:
                    self.budget.setdefault(name, cell)
        else:
            return False
        self.budget_span.extend([row.line_start, row.line_end])
        return True

    # -- results ------------------------------------------------------------------------------
    def tasks(self) -> list[DepartmentTask]:
        return place_task_numbers(self.task_rows, self.issue)

    def budget_execution(self) -> list[BudgetExecution]:
        if not self.budget:
            return []
        b = self.budget
        return [
            BudgetExecution(
                b.get("budget_initial"),
                b.get("budget_full_year"),
                b.get("executed"),
                b.get("weight"),
                b.get("score"),
                b.get("execution_rate"),
                b.get("deviation_reason"),
                b.get("total_weight"),
                b.get("total_score"),
                min(self.budget_span),
                max(self.budget_span),
            )
        ]


def _grid(row: Row) -> str | None:
    """The table of a PDF page, a sheet or an HTML table a row is in (``page 3, table 1``);
    None for text, where there is one stream."""
    if not row.location:
        return None
    return ", ".join(part for part in row.location.split(";")[0].split(", ") if not part.startswith(("row ", "box ")))


def _misfit(placed: dict[str, str]) -> bool:
    """A placement by meaning that left cells over or put a cell where its shape does not fit."""
    if placed.pop("_left_over", None):
        return True
    return any(
        text and field_name in align.KIND_OF_FIELD and align.emission(field_name, text) >= _MISFIT
        for field_name, text in placed.items()
    )


def _is_placeholder(placed: dict[str, str]) -> bool:
    """``指标2:`` or ``……`` with nothing else in the row: a template row left empty."""
    name = placed.get("level3", "")
    if not name or not align.shape(name).placeholder:
        return False
    return not any(placed.get(f) for f in _CONTENT_FIELDS if f not in ("description", "basis"))


def _compose(placed: dict[str, str]) -> None:
    """A comparator and a unit in columns of their own join the value as written
    (``≥`` | ``80`` | ``人数`` -> ``≥80人数``; ``定性`` with no value -> ``定性``); a bare number
    actual takes the unit too."""
    op, unit = placed.pop("op", ""), placed.pop("unit", "")
    if not op and not unit:
        return
    target = placed.get("target", "")
    if target or op:
        placed["target"] = op + target + (unit if target and unit and not target.endswith(unit) else "")
    actual = placed.get("actual", "")
    if unit and actual and is_number(actual):
        placed["actual"] = actual + unit


def _preview(cells: list[str]) -> str:
    return " | ".join(c for c in cells if c)[:60]


def _value_after(cells: list[str], labels: list[str | None], i: int) -> str:
    """The value of the label at ``i``: the first filled cell after it, unless a label comes first
    (merged cells leave empty cells between a label and its value)."""
    for j in range(i + 1, len(cells)):
        if labels[j] or (cells[j] and vocab.is_form_label(cells[j])):
            return ""  # another label: a header row of column names, not a label and its value
        if cells[j]:
            return cells[j]
    return ""


def _reconcile(columns: list[str | None], headers: list[list[str | None]]) -> list[str | None]:
    """A header repeated at a page break may name a column that another copy left blank
    (a trailing 偏差原因 column); take the names from every compatible copy."""
    out = list(columns)
    for other in headers:
        shared = sum(1 for a, b in zip(out, other) if a is not None and a == b)
        # a copy of this header: the columns both name agree, and most of this one's are named
        # there too (a book's other tables have other headers)
        if shared >= max(2, 0.6 * sum(1 for a in out if a)) and all(
            a == b or a is None or b is None for a, b in zip(out, other)
        ):
            for i, name in enumerate(other):
                if i >= len(out):
                    out.append(name)
                elif out[i] is None:
                    out[i] = name
    return out


# ---------------------------------------------------------------------------------------------
# Department budget table: place the numbers of rows whose empty cells vanished
# ---------------------------------------------------------------------------------------------
_TASK_COLUMNS = ("basic", "project", "other")  # after 总额, left to right


def place_task_numbers(rows: list[Row], issue) -> list[DepartmentTask]:  # type: ignore[no-untyped-def]
    """Each row is (label, text, 总额, then up to three of 基本支出/项目支出/其他资金 in order).

    When a row has fewer numbers than columns, which columns they belong to is decided by the
    合计 row: the assignment whose column sums equal the 合计 row's figures. Without a provable
    assignment, numbers fill the columns left to right and a warning is recorded.
    """
    if rows and all(_keeps_empty_cells(r) for r in rows):
        return [_positional_task(r) for r in rows]
    total_row = next((r for r in rows if vocab.TOTAL_LABEL.match(vocab.squash(r.cells[0]))), None)
    task_rows = [r for r in rows if r is not total_row]
    parsed: list[tuple[Row, str, str, list[str]]] = []
    for r in rows:
        label = vocab.squash(r.cells[0]) if r is total_row else r.cells[0]
        text = "" if r is total_row else (r.cells[1] if len(r.cells) > 1 and not is_number(r.cells[1]) else "")
        numbers = [c for c in r.cells[1:] if is_number(c)]
        parsed.append((r, label, text, numbers))

    options: list[list[tuple[str, ...]]] = []
    for r in task_rows:
        numbers = [c for c in r.cells[1:] if is_number(c)]
        k = max(len(numbers) - 1, 0)
        options.append(list(combinations(_TASK_COLUMNS, min(k, 3))))

    chosen: list[tuple[str, ...]] | None = None
    if total_row is not None:
        totals_cells = [c for c in total_row.cells[1:] if is_number(c)]
        if len(totals_cells) == 1 + len(_TASK_COLUMNS):
            target = tuple(to_cents(c) for c in totals_cells[1:])
            solutions = _solve_columns(task_rows, options, target)
            if len(solutions) == 1:
                chosen = solutions[0]
            elif len(solutions) > 1:
                issue(
                    total_row.line_start,
                    "warning",
                    "budget table: several column placements match the 合计 row; the first is used",
                )
                chosen = solutions[0]
            else:
                issue(
                    total_row.line_start,
                    "warning",
                    "budget table: no column placement matches the 合计 row; numbers placed left to right",
                )
    out: list[DepartmentTask] = []
    task_index = 0
    for r, label, text, numbers in parsed:
        if r is total_row:
            columns: tuple[str, ...] = _TASK_COLUMNS[: max(len(numbers) - 1, 0)]
        else:
            columns = chosen[task_index] if chosen else options[task_index][0] if options[task_index] else ()
            task_index += 1
        values = dict(zip(columns, numbers[1:]))
        out.append(
            DepartmentTask(
                task_no="total" if r is total_row else label,
                task_text=label if r is total_row else text,
                total_raw=numbers[0] if numbers else "",
                basic_raw=values.get("basic", ""),
                project_raw=values.get("project", ""),
                other_raw=values.get("other", ""),
                line_start=r.line_start,
                line_end=r.line_end,
            )
        )
    return out


def _keeps_empty_cells(row: Row) -> bool:
    """A row that still has every cell (label, text, 总额 and the three columns after it)."""
    return len(row.cells) == 3 + len(_TASK_COLUMNS) and all(not c.strip() or is_number(c) for c in row.cells[2:])


def _positional_task(row: Row) -> DepartmentTask:
    label, text, total, *rest = (c.strip() for c in row.cells)
    is_total = bool(vocab.TOTAL_LABEL.match(vocab.squash(label)))
    values = dict(zip(_TASK_COLUMNS, rest))
    return DepartmentTask(
        task_no="total" if is_total else label,
        task_text=vocab.squash(label) if is_total else text,
        total_raw=total,
        basic_raw=values["basic"],
        project_raw=values["project"],
        other_raw=values["other"],
        line_start=row.line_start,
        line_end=row.line_end,
    )


def _solve_columns(
    rows: list[Row], options: list[list[tuple[str, ...]]], target: tuple[int, ...]
) -> list[list[tuple[str, ...]]]:
    """All column assignments whose sums equal ``target`` (depth-first, pruned on overshoot;
    at most two solutions are collected, which is enough to tell unique from ambiguous)."""
    numbers = [[to_cents(c) for c in r.cells[1:] if is_number(c)][1:] for r in rows]
    solutions: list[list[tuple[str, ...]]] = []
    index = {name: i for i, name in enumerate(_TASK_COLUMNS)}

    def walk(i: int, sums: list[int], picked: list[tuple[str, ...]]) -> None:
        if len(solutions) > 1:
            return
        if i == len(rows):
            if tuple(sums) == target:
                solutions.append(list(picked))
            return
        for option in options[i]:
            new = list(sums)
            for name, value in zip(option, numbers[i]):
                new[index[name]] += value
            if all(s <= t for s, t in zip(new, target)):
                walk(i + 1, new, picked + [option])

    walk(0, [0] * len(_TASK_COLUMNS), [])
    return solutions


# ---------------------------------------------------------------------------------------------
# Document level
# ---------------------------------------------------------------------------------------------
class _Meta(NamedTuple):
    title: str | None = None
    doc_type: str | None = None
    year: str | None = None
    year_source: str | None = None
    agency: str | None = None  # the agency a budget book's title names


def document_meta(lines: list[str]) -> _Meta:
    """What the document's opening lines say of it: the first line that names a table kind is its
    title (a line that glues the title to the form's first fields is cut after it); a budget
    book's title (``北京市医疗保障局2026年部门预算``) names its agency and year; the year is the
    title's (（2020年度）, 2025年), else the book title's, else that of the first title-like line
    that states a 年度."""
    title = doc_type = year = source = None
    head = [vocab.squash(ln).lstrip("#") for ln in lines if ln.strip()][:25]
    for squashed in head:
        if found := vocab.title_match(squashed):
            doc_type, match = found
            if len(squashed) <= 40:
                title = squashed
            else:
                end = match.end() + (m.end() if (m := _AFTER_TITLE.match(squashed[match.end() :])) else 0)
                title = squashed[max(0, end - 40) : end]
            break
    if title and (m := vocab.YEAR_IN_TITLE.search(title) or _YEAR.search(title)):
        year, source = next(g for g in m.groups() if g), "title"
    # a cover's title may stand over several lines (2026年度 / 福州市公安局治安管理 / 支队 / 单位预算)
    windows = [*head, *("".join(head[i : i + 4]) for i in range(len(head)))]
    books = (m for text in windows if (m := vocab.BOOK_TITLE.search(text)))
    book = next((m for m in books if vocab.agency_name(m["agency"] or m["agency_after"])), None)
    if year is None and book:
        year, source = book["year"] or book["year_first"], "title"
    for squashed in head if year is None else ():
        if vocab.YEAR_LINE.search(squashed) and (m := vocab.YEAR_IN_TITLE.search(squashed[:80])):
            year, source = m.group(1) or m.group(2), "heading"
            break
    agency = vocab.agency_name(book["agency"] or book["agency_after"]) if book else None
    return _Meta(title, doc_type, year, source, agency)


def unformed_agency(meta: _Meta, lines: list[str]) -> tuple[str | None, str | None]:
    """(agency, where it is written) of a document whose forms name none: its book title's, else
    a field named in its running text, else its publisher line."""
    return (meta.agency, "title") if meta.agency else vocab.agency_in_text(lines[:200])


def _modal_year(texts: list[str]) -> str | None:
    counts = Counter(y for t in texts if t for y in _YEAR.findall(t))
    if not counts:
        return None
    best = max(counts.values())
    return min(y for y, n in counts.items() if n == best)


def build(rows: list[Row], lines: list[str], layout: str) -> ParsedDocument:
    reader = _Reader(rows)
    reader.read()
    _drop_other_tables(reader)
    projects = [p.freeze() for p in reader.projects]
    tasks = reader.tasks()
    budget = reader.budget_execution()
    meta = document_meta(lines)
    title, title_type, year, year_source = meta.title, meta.doc_type, meta.year, meta.year_source
    if year is None:
        titles = [t.title for t in reader.table_meta.values() if t.title] + [p.title_raw or "" for p in projects]
        year = _modal_year(titles)
        year_source = "table title" if year else None
    if year is None:
        year = _modal_year([p.project_name or "" for p in projects])
        year_source = "project name" if year else None
    if year is None:
        year = _modal_year(lines)
        year_source = "text (the most frequent year)" if year else None
    located = _locations(rows)
    tables = _tables(reader, located, title_type, bool(tasks))
    kinds = Counter(t.table_kind for t in tables if t.table_kind)
    if kinds:  # the kind of most of its tables (a budget book holds several kinds)
        doc_type = max(kinds, key=lambda kind: (kinds[kind], kind == title_type, kind.startswith("project")))
    elif title_type:
        doc_type = title_type  # no table read whole: what its title says
    elif projects:
        doc_type = _kind(True, reader.has_actual)
    elif reader.indicators or tasks or budget:
        doc_type = _kind(not tasks, reader.has_actual or bool(budget))
    else:
        doc_type = None
    agency = reader.agency or next((p.agency_raw for p in projects if p.agency_raw), None)
    agency, agency_source = (agency, "form") if agency else unformed_agency(meta, lines)
    found = bool(reader.indicators or projects or tasks or budget or reader.unreadable)
    issues = list(reader.issues)
    if not found:
        status, reason = "rejected", "no performance table found (no indicator, project, budget or task table)"
    else:
        # partial: a row or a cell could not be read, or a row was placed without confidence
        doubts = [i for i in issues if i.severity == "error"] + [i for i in issues if i.severity == "warning"]
        status = "partial" if doubts else "parsed"
        reason = doubts[0].message if doubts else None
    headed = {p.table_no for p in reader.projects if p.has_indicators}
    for p in projects:
        if any(i.table_no == p.table_no for i in reader.indicators):
            continue
        if p.table_no in headed:  # its indicator header and no row: an empty template
            issues.append(ParseIssue(p.line_start, "info", f"project table {p.table_no}: indicator table with no rows"))
        else:
            issues.append(ParseIssue(p.line_start, "error", f"project table {p.table_no} has no indicator rows"))
            status, reason = "partial", reason or f"project table {p.table_no} has no indicator rows"
    return ParsedDocument(
        layout=layout,
        doc_type=doc_type,
        fiscal_year=year,
        agency_raw=agency,
        title_raw=title,
        status=status,
        status_reason=reason,
        projects=tuple(projects),
        indicators=tuple(reader.indicators),
        tasks=tuple(tasks),
        goals=tuple(reader.goals),
        budget_execution=tuple(budget),
        issues=tuple(issues),
        locations=tuple(located.items()),
        tables=tables,
        fiscal_year_source=year_source,
        agency_source=agency_source,
    )


def _tables(
    reader: _Reader, located: dict[int, str], document_kind: str | None, of_department: bool
) -> tuple[PerformanceTable, ...]:
    """The performance tables read, each typed by its own title, else by the document's title when
    the document holds one table, else by its columns."""
    used = {p.table_no for p in reader.projects} | {i.table_no for i in reader.indicators}
    return tuple(
        PerformanceTable(
            table_no=number,
            title_raw=meta.title,
            header_raw=meta.header,
            table_kind=meta.kind(document_kind if len(reader.table_meta) == 1 else None, of_department),
            line_start=meta.line_start,
            line_end=meta.line_end,
            end_location=located.get(meta.line_end),
        )
        for number, meta in sorted(reader.table_meta.items())
        if number in used or meta.header
    )


def _drop_other_tables(reader: _Reader) -> None:
    """A budget book holds many tables with 项目名称 columns (项目支出预算表, 政府采购表): a project
    block that got no indicator table, names no goal and is not titled as a performance table is
    one of those. It is dropped (noted), and the tables left are numbered again in order."""
    keep, dropped = [], set()
    for p in reader.projects:
        title = vocab.squash(p.title or "")
        name = p.values.get("project_name") or ""
        if (
            p.has_indicators
            or p.values.get("goal_text")
            or vocab.TABLE_TITLE.search(title)
            or (name and not vocab.is_form_label(name))
        ):
            keep.append(p)
        else:
            dropped.add(p.table_no)
            what = title or " | ".join(f"{k}={v}" for k, v in p.values.items())
            reader.issue(p.line_start, "info", f"table that is no performance table skipped: {what[:40]}")
    if not dropped:
        return
    numbers = sorted({p.table_no for p in keep} | {reader.indicators[k].table_no for k in reader.counted})
    renumber = {old: new for new, old in enumerate(numbers, start=1)}
    reader.table_meta = {renumber[k]: meta for k, meta in reader.table_meta.items() if k in renumber}
    for p in keep:
        p.table_no = renumber[p.table_no]
    for k in reader.counted:
        row = reader.indicators[k]
        reader.indicators[k] = dataclasses.replace(row, table_no=renumber[row.table_no])
    reader.projects = keep


def _locations(rows: list[Row]) -> dict[int, str]:
    """The file location of each line a row starts on (the first row's, when rows share a line)."""
    out: dict[int, str] = {}
    for row in rows:
        if row.location:
            out.setdefault(row.line_start, row.location)
    return out
