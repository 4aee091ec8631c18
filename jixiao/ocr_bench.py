"""``jixiao bench --ocr``: how well and how fast scans are read, against documents with known answers.

Each text-layer PDF with hand-checked answers (the five samples, ``tests/golden``; the five real
budget books, ``tests/fixtures/realworld/pdf/golden``, on the pages their performance tables
stand on) is made into scans (``jixiao.scans``): at 150 and 200 dpi, and at 150 dpi turned by a
small angle with specks. Each scan is read by ``ingest`` (OCR), and so is the text-layer file
itself, as the reference. Per document and scan:

* exact-row recall: golden indicator rows read with every judged field exactly as written
  (level 1-3 labels, target, actual, weight, score; whitespace aside; the table number left out,
  as a book is scanned from its performance tables' pages only);
* the same with the half- and full-width forms of a character folded into one (NFKC: ``=`` and
  ``＝``, ``(`` and ``（``): a scan shows the same glyph for both, at a different spacing, and the
  warehouse reads them alike, while the golden answers take the form the text layer encodes;
* character accuracy: 1 - the edit distance between the golden rows' judged fields and the rows
  read, each golden row against its best-matching row read, over the golden characters;
* pages/s per core: pages OCR'd over the CPU seconds of the reading process (the model runs on
  one thread per process, so that processes scale with cores).
"""

from __future__ import annotations

import csv
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .config import PROJECT_ROOT

JUDGED = ("level1_raw", "level2_raw", "level3_raw", "target_raw", "actual_raw", "weight_raw", "score_raw")
GOLDEN_COLUMNS = ("level1", "level2", "level3", "target_raw", "actual_raw", "weight", "score")
SCANS = (("150 dpi", 150, 0.0, 0.0), ("200 dpi", 200, 0.0, 0.0), ("150 dpi, 0.8° and specks", 150, 0.8, 0.0005))


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    pages: list[int] | None  # 1-based; None for every page
    golden: list[tuple[str, ...]]


@dataclass(frozen=True)
class Reading:
    case: str
    scan: str
    pages: int
    golden: int
    exact: int
    exact_folded: int
    char_accuracy: float
    cpu_seconds: float
    status: str


def _squashed(value: object) -> str:
    return "".join(str(value or "").split())


def _folded(row: tuple[str, ...]) -> tuple[str, ...]:
    import unicodedata

    return tuple(unicodedata.normalize("NFKC", v) for v in row)


def _golden(folder: Path) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    with open(folder / "indicators.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["doc"], []).append(tuple(_squashed(row[c]) for c in GOLDEN_COLUMNS))
    return out


def cases() -> list[Case]:
    """The documents with known answers: the sample PDFs whole, the real books' table pages."""
    samples = PROJECT_ROOT / "tests" / "fixtures" / "formats"
    out = [
        Case(name, samples / f"{Path(name).stem}.pdf", None, rows)
        for name, rows in sorted(_golden(PROJECT_ROOT / "tests" / "golden").items())
        if (samples / f"{Path(name).stem}.pdf").exists()
    ]
    real = PROJECT_ROOT / "tests" / "fixtures" / "realworld" / "pdf"
    pages: dict[str, set[int]] = {}
    with open(real / "golden" / "indicators_srclines.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            pages.setdefault(row["doc"], set()).add(int(row["page"]))
    for name, rows in sorted(_golden(real / "golden").items()):
        first, last = min(pages[name]), max(pages[name])
        # the page before the first row holds the table's title and project fields
        out.append(Case(name, real / name, list(range(max(first - 1, 1), last + 1)), rows))
    return out


def _char_accuracy(golden: list[tuple[str, ...]], read: list[tuple[str, ...]]) -> float:
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz.process import extractOne

    total = sum(len("".join(row)) for row in golden)
    if not total:
        return 1.0
    joined = ["\t".join(row) for row in read]
    errors = 0
    for row in golden:
        text = "\t".join(row)
        best = extractOne(text, joined, scorer=Levenshtein.distance) if joined else None
        errors += min(len(text.replace("\t", "")), best[1]) if best else len(text.replace("\t", ""))
    return max(0.0, 1 - errors / total)


def _read(job: tuple[Case, str, float, float, float]) -> Reading:
    from ingest import parse_bytes

    from .scans import scanned

    case, label, dpi, angle, noise = job
    data = case.path.read_bytes()
    if dpi:
        data = scanned(data, dpi, angle, noise, pages=case.pages, seed=len(case.name))
    elif case.pages:  # the text layer of the same pages
        import io

        import pypdfium2

        source, part = pypdfium2.PdfDocument(data), pypdfium2.PdfDocument.new()
        part.import_pages(source, [p - 1 for p in case.pages])
        out = io.BytesIO()
        part.save(out)
        data = out.getvalue()
    started = time.process_time()
    _, doc = parse_bytes(data)
    cpu = time.process_time() - started
    read = [tuple(_squashed(getattr(r, f)) for f in JUDGED) for r in doc.indicators]
    exact = sum(1 for row in case.golden if row in read)
    folded = {_folded(row) for row in read}
    exact_folded = sum(1 for row in case.golden if _folded(row) in folded)
    pages = len(case.pages) if case.pages else _page_count(case.path)
    status = doc.status + (f": {doc.status_reason[:60]}" if doc.status == "rejected" and doc.status_reason else "")
    accuracy = _char_accuracy(case.golden, read)
    return Reading(case.name, label, pages, len(case.golden), exact, exact_folded, accuracy, cpu, status)


def _page_count(path: Path) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(path.read_bytes()))


def measure(workers: int) -> list[Reading]:
    """Every case read from its text layer and from each scan, ``workers`` processes at a time."""
    jobs = [(case, "text layer", 0.0, 0.0, 0.0) for case in cases()]
    jobs += [(case, label, dpi, angle, noise) for case in cases() for label, dpi, angle, noise in SCANS]
    with ProcessPoolExecutor(max(1, workers)) as pool:
        return list(pool.map(_read, jobs))


def report(readings: list[Reading]) -> str:
    lines = [
        "## OCR of scans (`jixiao bench --ocr`)",
        "",
        "Text-layer PDFs with hand-checked answers, made into image-only scans (`jixiao/scans.py`) and read",
        "by OCR (`ingest/ocr.py`, rapidocr-onnxruntime PP-OCRv4, one thread per process). Exact rows: golden",
        "indicator rows read with every judged field as written (whitespace aside, table number left out);",
        "folded: the same with half- and full-width forms as one (`=`/`＝`); characters: 1 - edit distance /",
        "golden characters. The text-layer row is the same pages read from their text, the reference.",
        f"Machine: {os.cpu_count()} cores; run {time.strftime('%Y-%m-%d %H:%M')}.",
        "",
        "| document | read from | pages | exact rows | recall | folded | characters | CPU s/page | status |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in readings:
        lines.append(
            f"| {r.case} | {r.scan} | {r.pages} | {r.exact}/{r.golden} | {r.exact / max(r.golden, 1):.1%} "
            f"| {r.exact_folded / max(r.golden, 1):.1%} | {r.char_accuracy:.1%} "
            f"| {r.cpu_seconds / max(r.pages, 1):.2f} | {r.status} |"
        )
    lines += [
        "",
        "| read from | documents | exact rows | recall | folded | characters | pages/s per core | × text layer |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rates = {}
    for scan in dict.fromkeys(r.scan for r in readings):
        group = [r for r in readings if r.scan == scan]
        exact, golden = sum(r.exact for r in group), sum(r.golden for r in group)
        folded = sum(r.exact_folded for r in group)
        chars = sum(r.char_accuracy * r.golden for r in group) / max(golden, 1)
        rates[scan] = sum(r.pages for r in group) / max(sum(r.cpu_seconds for r in group), 1e-9)
        ratio = rates[scan] / next(iter(rates.values()))
        lines.append(
            f"| {scan} | {len(group)} | {exact}/{golden} | {exact / max(golden, 1):.1%} "
            f"| {folded / max(golden, 1):.1%} | {chars:.1%} | {rates[scan]:.2f} | ×{ratio:.3f} |"
        )
    return "\n".join(lines) + "\n"
