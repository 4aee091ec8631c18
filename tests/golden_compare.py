"""Compare parser output with the hand-checked golden CSVs in tests/golden/."""

from __future__ import annotations

import csv
from pathlib import Path

from ingest import parse_bytes

GOLDEN = Path(__file__).parent / "golden"
SAMPLES = Path(__file__).parent.parent / "data" / "samples"


def golden(name: str) -> list[dict[str, str]]:
    with open(GOLDEN / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def norm(value: str | None) -> str:
    return (value or "").strip()


def parsed_samples():
    return {p.name: parse_bytes(p.read_bytes())[1] for p in sorted(SAMPLES.glob("*.txt"))}


def indicator_tuples(docs) -> list[tuple[str, ...]]:
    out = []
    for name, doc in docs.items():
        for i in doc.indicators:
            out.append(
                tuple(
                    norm(v)
                    for v in (
                        name,
                        str(i.table_no),
                        i.level1_raw,
                        i.level2_raw,
                        i.level3_raw,
                        i.description_raw,
                        i.target_raw,
                        i.basis_raw,
                        i.actual_raw,
                        i.weight_raw,
                        i.score_raw,
                        i.deviation_reason_raw,
                    )
                )
            )
    return out


GOLDEN_INDICATOR_COLUMNS = (
    "doc",
    "table_no",
    "level1",
    "level2",
    "level3",
    "description",
    "target_raw",
    "basis",
    "actual_raw",
    "weight",
    "score",
    "deviation_reason",
)


def golden_indicator_tuples() -> list[tuple[str, ...]]:
    return [tuple(norm(r[c]) for c in GOLDEN_INDICATOR_COLUMNS) for r in golden("indicators.csv")]


def project_tuples(docs) -> list[tuple[str, ...]]:
    out = []
    for name, doc in docs.items():
        for p in doc.projects:
            out.append(
                tuple(
                    norm(v)
                    for v in (
                        name,
                        str(p.table_no),
                        p.agency_raw,
                        p.project_code,
                        p.project_name,
                        p.budget_total_raw,
                        p.fiscal_raw,
                        p.other_raw,
                        p.purpose,
                        p.goal_text,
                        p.spend_plan_raw,
                    )
                )
            )
    return out


GOLDEN_PROJECT_COLUMNS = (
    "doc",
    "table_no",
    "agency_raw",
    "project_code",
    "project_name",
    "budget_total_wan",
    "fiscal_wan",
    "other_wan",
    "purpose",
    "goal_text",
    "spend_plan",
)


def golden_project_tuples() -> list[tuple[str, ...]]:
    return [tuple(norm(r[c]) for c in GOLDEN_PROJECT_COLUMNS) for r in golden("projects.csv")]
