"""Real budget books of Chinese cities nobody on the team wrote (tests/fixtures/realworld/pdf: 47
PDFs and a web page from 北京, 西安, 烟台, 福州, 重庆 and seven other cities; MANIFEST.tsv describes
each, golden/ holds hand-checked answers for five).

Every book is read without a parser error; the golden rows are read exactly; every performance
table the manifest lists is found on its pages and nothing is read from the books' other tables;
the rows read per book are reported against the manifest's count."""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from conftest import FIXTURES
from golden_compare import golden, golden_judged_tuples, judged_tuples, squashed

from ingest import parse_bytes
from ingest.records import ParsedDocument

REAL = FIXTURES / "realworld" / "pdf"
FILES = sorted(p for p in REAL.iterdir() if p.suffix in (".pdf", ".html"))
with open(REAL / "MANIFEST.tsv", encoding="utf-8", newline="") as _fh:
    MANIFEST = {row["file"]: row for row in csv.DictReader(_fh, delimiter="\t")}


def _approx_rows(name: str) -> int:
    """The manifest's count of indicator rows (``≈114``, ``67 (golden, exact)``, ``0 (…)``)."""
    return int(re.match(r"≈?(\d+)", MANIFEST[name]["approx_indicator_rows"])[1])  # type: ignore[index]


def _pages(spec: str) -> set[int]:
    """Pages of a manifest range: ``12-18``, ``23-29, 32-33``, ``36-44``."""
    out: set[int] = set()
    for first, last in re.findall(r"(\d+)(?:-(\d+))?", spec):
        out |= set(range(int(first), int(last or first) + 1))
    return out


def _read(path: Path) -> ParsedDocument:
    return parse_bytes(path.read_bytes())[1]


@pytest.fixture(scope="module")
def books() -> dict[str, ParsedDocument]:
    with ProcessPoolExecutor(max(1, min(4, os.cpu_count() or 1))) as pool:
        return dict(zip((p.name for p in FILES), pool.map(_read, FILES), strict=True))


def _page_of(location: str | None) -> int | None:
    match = re.match(r"page (\d+)", location or "")
    return int(match[1]) if match else None


def _row_pages(doc: ParsedDocument) -> set[int]:
    """The pages the projects and indicators read stand on."""
    located = dict(doc.locations)
    pages = set()
    for record in (*doc.projects, *doc.indicators):
        for line in range(record.line_start, record.line_end + 1):
            pages |= {int(p) for p in re.findall(r"page (\d+)", located.get(line, ""))}
    return pages


def _table_pages(doc: ParsedDocument) -> set[int]:
    """The pages the performance tables found stand on, first to last."""
    located = dict(doc.locations)
    pages: set[int] = set()
    for table in doc.tables:
        first, last = _page_of(located.get(table.line_start)), _page_of(table.end_location)
        if first is not None:
            pages |= set(range(first, (last or first) + 1))
    return pages


def test_the_development_set_is_all_there():
    assert len(FILES) == 48 and set(MANIFEST) == {p.name for p in FILES}
    for path in FILES:  # the very files the manifest describes
        assert hashlib.sha256(path.read_bytes()).hexdigest() == MANIFEST[path.name]["sha256"], path.name
    assert len(golden("indicators.csv", REAL / "golden")) == 169
    assert len(golden("projects.csv", REAL / "golden")) == 13


def test_no_book_is_rejected_with_a_parser_error(books):
    """One odd table never loses a book: every book with indicator tables is read (parsed or
    partial, its doubts recorded); no book fails in the reader."""
    for name, doc in books.items():
        reason = doc.status_reason or ""
        assert "parser error" not in reason and "unreadable" not in reason, f"{name}: {reason}"
        if _approx_rows(name):
            assert doc.status in ("parsed", "partial") and doc.indicators, f"{name}: {doc.status} {reason}"
        if doc.status == "partial":
            assert any(i.severity in ("warning", "error") for i in doc.issues), name


def test_the_golden_rows_are_read_exactly(books):
    """Level 1–3, target, actual, weight, score and table number of the 169 golden rows (text as
    in the PDF's text layer, whitespace ignored); per book, and at most 5% rows that are not golden."""
    read = {
        name: doc
        for name, doc in books.items()
        if name in {r["doc"] for r in golden("indicators.csv", REAL / "golden")}
    }
    got, expected = Counter(judged_tuples(read)), Counter(golden_judged_tuples(REAL / "golden"))
    for name in sorted(read):
        g = Counter({t: n for t, n in got.items() if t[0] == name})
        e = Counter({t: n for t, n in expected.items() if t[0] == name})
        print(f"{name:40} {sum((g & e).values()):3}/{sum(e.values()):3} exact, {sum((g - e).values())} extra")
    matched, total = sum((got & expected).values()), sum(expected.values())
    print(f"golden rows read exactly: {matched}/{total}")
    assert matched >= 0.95 * total
    assert sum((got - expected).values()) <= 0.05 * total


def _amount(value: str | None) -> str:
    return squashed(value).replace(",", "")


def test_the_golden_projects_are_read(books):
    """Each golden project's name, agency (主管部门 as printed), amounts, purpose and goal."""
    fields = {
        "agency_raw": ("agency_raw", squashed),
        "budget_total_wan": ("budget_total_raw", _amount),
        "fiscal_wan": ("fiscal_raw", _amount),
        "other_wan": ("other_raw", _amount),
        "purpose": ("purpose", squashed),
        "goal_text": ("goal_text", squashed),
    }
    right = total = 0
    for row in golden("projects.csv", REAL / "golden"):
        by_name = {squashed(p.project_name): p for p in books[row["doc"]].projects}
        project = by_name.get(squashed(row["project_name"]))
        assert project is not None, (row["doc"], row["project_name"])
        for column, (attr, norm) in fields.items():
            total += 1
            if norm(row[column]) == norm(getattr(project, attr)):
                right += 1
            else:
                read = getattr(project, attr)
                print(f"{row['doc']} {row['project_name']} {column}: {row[column][:30]!r} read {read!r:.40}")
    print(f"golden project fields read: {right}/{total}")
    assert right >= 0.95 * total
    for name in {r["doc"] for r in golden("projects.csv", REAL / "golden")}:
        named = [p for p in books[name].projects if p.project_name]
        assert len(named) == sum(1 for r in golden("projects.csv", REAL / "golden") if r["doc"] == name), name


def test_every_performance_table_is_found_on_its_pages(books):
    """The pages MANIFEST.tsv gives for each book's performance tables hold tables found (an
    empty template too), and no project or indicator is read from the book's other pages (its
    收支总表, 三公经费, 政府采购 and other tables)."""
    for name, doc in books.items():
        if not _approx_rows(name):
            continue
        wanted = _pages(MANIFEST[name]["perf_pages"])
        assert wanted <= _table_pages(doc), f"{name}: tables not found on pages {sorted(wanted - _table_pages(doc))}"
        assert _row_pages(doc) <= wanted, f"{name}: rows read on pages {sorted(_row_pages(doc) - wanted)}"


def test_each_table_is_typed_by_its_own_title(books):
    """A 北京 budget book holds 项目支出 tables (one per project) and a 部门整体 table: each is typed
    by its own title; the book's main kind stays the project targets."""
    for name, doc in books.items():
        if "_北京_" not in name:
            continue
        kinds = Counter(t.table_kind for t in doc.tables)
        assert kinds["project_targets"] >= 5 and kinds["department_targets"] >= 1, (name, kinds)
        for table in doc.tables:
            if "部门整体" in (table.title_raw or ""):
                assert table.table_kind == "department_targets", (name, table.title_raw)
        assert doc.doc_type == "project_targets", name


def test_rows_per_book_against_the_manifest(books):
    """Reported per book; the manifest counts are approximate (≈), so only the whole set is held
    to them: within 5% of their sum, and every book with a golden answer exactly."""
    got_total = want_total = 0
    for name, doc in books.items():
        want = _approx_rows(name)
        got_total, want_total = got_total + len(doc.indicators), want_total + want
        manifest = MANIFEST[name]["approx_indicator_rows"][:14]
        print(f"{name[:30]:30} {doc.status:8} {len(doc.indicators):5} rows (manifest {manifest})")
        if "golden" in MANIFEST[name]["approx_indicator_rows"]:
            assert len(doc.indicators) == want, name
    print(f"all books: {got_total} rows, manifest ≈{want_total}")
    assert abs(got_total - want_total) <= 0.05 * want_total
