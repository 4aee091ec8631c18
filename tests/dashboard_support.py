"""What the dashboard's tests (AppTest and browser) share: an address for each page that sets
every choice it offers, found in any warehouse, and the codes no page may show bare."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
from conftest import ROOT


def _one(db: Path, sql: str, params: list | None = None):  # type: ignore[no-untyped-def]
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchone()


def addresses(db: Path) -> dict[str, dict[str, str]]:
    """For each page, an address that sets every choice it offers, chosen from the warehouse: the
    agency with the most project families (its last family), the most common indicator with a
    unit, the top-ranked queue item with several flags (filtered by its own gravest rule), a
    document with findings, a document long enough for a second page of text."""
    agency, family = _one(
        db,
        """select agency_key, max(project_family_key) from dim_projects where agency_key <> 'unknown'
        group by 1 order by count(distinct project_family_key) desc, 1 limit 1""",
    )
    name, unit, marked = _one(
        db,
        """select indicator_name, unit, min(agency_key) from fct_indicator_targets
        where value_number is not null and unit is not null and agency_key <> 'unknown'
        group by 1, 2 order by count(*) desc, 1 limit 1""",
    )
    item, item_agency, year = _one(
        db,
        """select review_subject_key, agency_key, fiscal_year from rpt_review_queue
        where n_flags > 2 and fiscal_year is not null and agency_key <> 'unknown' order by review_rank limit 1""",
    )
    rule, severity = _one(
        db,
        "select rule_id, severity from fct_target_flags where coalesce(project_key, document_key) = ? "
        "order by severity desc, rule_id limit 1",
        [item],
    )
    (finding_doc,) = _one(db, "select min(document_key) from fct_consistency_findings")
    long_doc, file_name = _one(
        db,
        """select t.document_key, d.file_name from dim_document_texts t join dim_documents d using (document_key)
        where t.line_count > 200 order by d.file_name limit 1""",
    )
    return {
        "overview": {"rows": "level"},
        "agency": {"agency": agency, "family": family, "peers": "province"},
        "indicators": {"q": name, "indicator": f"{name}｜{unit}", "agency": marked, "peers": "all"},
        "review": {"rule": rule, "severity": str(severity), "agency": item_agency, "year": str(year), "hide": "1",
                   "item": item},
        "consistency": {"doc": finding_doc},
        "sql": {"q": "select doc_type, count(*) as n from dim_documents group by 1 order by 1"},
        "documents": {"q": file_name[:6], "doc": long_doc, "page": "2"},
    }  # fmt: skip


def bare_codes(db: Path, language: str) -> tuple[set[str], re.Pattern]:
    """(codes a cell may not hold, a pattern of the codes no text may name) in ``language``: every
    code of dashboards.i18n.CODES whose words differ from it, every rule id (seeds review_rules and
    consistency_rules) and every indicator class key (dim_indicators)."""
    from dashboards.i18n import CODES

    rules = set()
    for seed in ("review_rules", "consistency_rules"):
        with open(ROOT / "seeds" / f"{seed}.csv", encoding="utf-8") as f:
            rules |= {row["rule_id"] for row in csv.DictReader(f)}
    (classes,) = _one(db, "select list(indicator_key) from dim_indicators")
    index = 1 if language == "en" else 0
    bare = {c for words in CODES.values() for c, w in words.items() if isinstance(c, str) and w[index] != c}
    named = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, sorted(rules | set(classes)))) + r")(?![\w.])")
    return bare | rules | set(classes), named
