"""Compare parser output with the hand-checked golden CSVs in tests/golden/."""

from __future__ import annotations

import csv
from pathlib import Path

from ingest import parse_bytes

GOLDEN = Path(__file__).parent / "golden"
SAMPLES = Path(__file__).parent.parent / "data" / "samples"
# the samples as agencies publish them, built by scripts/build_fixtures.py
FORMATS = Path(__file__).parent / "fixtures" / "formats"


def golden(name: str, folder: Path = GOLDEN) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def norm(value: str | None) -> str:
    return (value or "").strip()


def parsed_samples(extension: str = "txt"):
    """Each sample read from its file of that format, keyed by the sample's text file name."""
    folder = SAMPLES if extension == "txt" else FORMATS
    return {f"{p.stem}.txt": parse_bytes(p.read_bytes())[1] for p in sorted(folder.glob(f"*.{extension}"))}


# golden CSV column -> record attribute
INDICATOR_FIELDS = {
    "table_no": "table_no", "level1": "level1_raw", "level2": "level2_raw", "level3": "level3_raw",
    "description": "description_raw", "target_raw": "target_raw", "basis": "basis_raw",
    "actual_raw": "actual_raw", "weight": "weight_raw", "score": "score_raw",
    "deviation_reason": "deviation_reason_raw",
}  # fmt: skip
PROJECT_FIELDS = {
    "table_no": "table_no", "agency_raw": "agency_raw", "project_code": "project_code",
    "project_name": "project_name", "budget_total_wan": "budget_total_raw", "fiscal_wan": "fiscal_raw",
    "other_wan": "other_raw", "purpose": "purpose", "goal_text": "goal_text", "spend_plan": "spend_plan_raw",
}  # fmt: skip


def _tuples(docs, records: str, fields: dict[str, str]) -> list[tuple[str, ...]]:
    return [
        (name, *(norm(str(v) if isinstance(v := getattr(r, attr), int) else v) for attr in fields.values()))
        for name, doc in docs.items()
        for r in getattr(doc, records)
    ]


def _golden_tuples(file: str, fields: dict[str, str], folder: Path = GOLDEN) -> list[tuple[str, ...]]:
    return [(r["doc"], *(norm(r[c]) for c in fields)) for r in golden(file, folder)]


def indicator_tuples(docs) -> list[tuple[str, ...]]:
    return _tuples(docs, "indicators", INDICATOR_FIELDS)


def golden_indicator_tuples() -> list[tuple[str, ...]]:
    return _golden_tuples("indicators.csv", INDICATOR_FIELDS)


# the fields a reader is judged on in real documents (the dev set's golden answers)
JUDGED_FIELDS = {
    "table_no": "table_no", "level1": "level1_raw", "level2": "level2_raw", "level3": "level3_raw",
    "target_raw": "target_raw", "actual_raw": "actual_raw", "weight": "weight_raw", "score": "score_raw",
}  # fmt: skip


def squashed(value: str | None) -> str:
    """A value with every whitespace removed: real pages wrap and space cells arbitrarily."""
    return "".join((value or "").split())


def judged_tuples(docs) -> list[tuple[str, ...]]:
    return [
        (
            name,
            *(
                squashed(str(getattr(r, attr)) if attr == "table_no" else getattr(r, attr))
                for attr in JUDGED_FIELDS.values()
            ),
        )
        for name, doc in docs.items()
        for r in doc.indicators
    ]


def golden_judged_tuples(folder: Path) -> list[tuple[str, ...]]:
    return [(r["doc"], *(squashed(r[c]) for c in JUDGED_FIELDS)) for r in golden("indicators.csv", folder)]


def project_tuples(docs) -> list[tuple[str, ...]]:
    return _tuples(docs, "projects", PROJECT_FIELDS)


def golden_project_tuples() -> list[tuple[str, ...]]:
    return _golden_tuples("projects.csv", PROJECT_FIELDS)
