"""Consistency checks of the source documents, as Great Expectations suites written in code.

The warehouse prepares one row per check and subject (``rpt_consistency_checks``: what the
document states beside what it should be); one expectation per row of seed consistency_rules
judges the rows of its check (``checked_as``, else its own id) by its ``relation``. A failed
row is a *finding* about the document, never a failure of the pipeline: findings are written
to ``fct_consistency_findings`` in the warehouse and GX builds its Data Docs in the warehouse's
own GX project (:func:`gx_root`: ``<db>.gx/gx/`` beside the database file).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from ingest import load

from .config import read_seed

FRAME = "main.rpt_consistency_checks"
CATALOGUE = "reference.consistency_rules"
FINDINGS_TABLE = "main.fct_consistency_findings"
GX_ROOT_ENV = "JIXIAO_GX_ROOT"
DATA_DOCS_MAX_MB_ENV = "JIXIAO_DATA_DOCS_MAX_MB"  # the largest Data Docs site the dashboard zips


@dataclass(frozen=True)
class Rule:
    """A row of seed consistency_rules: the expectation judging the rows of check ``rows``."""

    rule_id: str
    # how observed must relate to expected: "=", "<=", ">=", "0-100"; or what value_kind must not
    # be: "readable" (not malformed), "not_blank"
    relation: str
    rows: str
    name_zh: str
    name_en: str
    severity: str

    def expectation(self):  # type: ignore[no-untyped-def]
        import great_expectations.expectations as gxe

        domain = {
            "row_condition": f'rule_id=="{self.rows}"',
            "condition_parser": "pandas",
            "meta": {"rule_id": self.rule_id},
        }
        if self.relation == "=":
            return gxe.ExpectColumnValuesToBeBetween(column="excess", max_value=0, **domain)
        if self.relation == "<=":
            return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="expected",
                column_B="observed",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                **domain,
            )
        if self.relation == ">=":
            return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="observed",
                column_B="expected",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                **domain,
            )
        if self.relation == "0-100":
            return gxe.ExpectColumnValuesToBeBetween(column="observed", min_value=0, max_value=100, **domain)
        if self.relation in _VALUE_KINDS:
            return gxe.ExpectColumnValuesToNotBeInSet(
                column="value_kind", value_set=[_VALUE_KINDS[self.relation]], **domain
            )
        raise ValueError(f"unknown relation {self.relation!r} for rule {self.rule_id} (seed consistency_rules)")


_VALUE_KINDS = {"readable": "malformed", "not_blank": "blank"}  # relation -> the value kind it refuses


def rules(rows: list[dict] | None = None) -> tuple[Rule, ...]:
    """The rules of seed consistency_rules, in its order: the rows given (the seed as the
    warehouse was built with it), else the seed file."""
    return tuple(
        Rule(
            row["rule_id"],
            row["relation"],
            row["checked_as"] or row["rule_id"],
            row["name_zh"],
            row["name_en"],
            row["severity"],
        )
        for row in (rows if rows is not None else read_seed("consistency_rules.csv"))
    )


_RELATION_WORDS = {
    "=": ("应为", "should be"),
    "<=": ("不应超过", "should not exceed"),
    ">=": ("应不少于", "should be at least"),
    "0-100": ("应在0至100之间", "should lie between 0 and 100"),
}


def _number(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    number = float(value)  # type: ignore[arg-type]
    return f"{number:.2f}".rstrip("0").rstrip(".") if number != int(number) else str(int(number))


def _messages(rule: Rule, row: pd.Series) -> tuple[str, str]:
    label = row["subject_label"]
    if rule.relation in _VALUE_KINDS:
        return f"{label}：{rule.name_zh}。", f"{label}: {rule.name_en}."
    zh, en = _RELATION_WORDS[rule.relation]
    expected, observed = _number(row["expected"]), _number(row["observed"])
    if rule.relation == "0-100":
        return (f"{label}：{rule.name_zh}，实为{observed}，{zh}。", f"{label}: {rule.name_en}: {observed} {en}.")
    return (
        f"{label}：{rule.name_zh}（实为{observed}，{zh}{expected}）。",
        f"{label}: {rule.name_en} ({observed}; it {en} {expected}).",
    )


def gx_root(db_path: Path) -> Path:
    """The folder holding the Great Expectations project (``gx/``) of the warehouse ``db_path``:
    ``$JIXIAO_GX_ROOT`` when set and not empty, else ``<db>.gx`` beside the database file
    (``warehouse/jixiao.duckdb`` -> ``warehouse/jixiao.duckdb.gx/``), named like its other side
    files (``<db>.wal``, ``<db>.lock``, ``<db>.decisions.sqlite``), so each warehouse has its own
    Data Docs, written under its own writer's lock. The only place that decides: `jixiao check`,
    its message and the dashboard ask it."""
    override = os.environ.get(GX_ROOT_ENV)
    if override:
        return Path(override).absolute()
    db_path = db_path.absolute()
    return db_path.with_name(db_path.name + ".gx")


def data_docs_site(db_path: Path) -> Path:
    """The folder of the warehouse's Data Docs site (its ``index.html`` is the front page)."""
    return _local_site(gx_root(db_path))


def _local_site(root: Path) -> Path:
    return root / "gx" / "uncommitted" / "data_docs" / "local_site"


def data_docs_max_bytes() -> int:
    """``$JIXIAO_DATA_DOCS_MAX_MB`` (32) in bytes: a larger site is not zipped."""
    return int(float(os.environ.get(DATA_DOCS_MAX_MB_ENV) or 32) * 1024 * 1024)


def data_docs_zip(site: Path, max_bytes: int) -> tuple[bytes | None, int]:
    """The Data Docs site as a zip built in memory (``index.html`` at its top), and the bytes of
    its files; None instead of the zip when they are more than ``max_bytes`` (nothing is read
    then). Only the site's regular files: links and anything else are left out."""
    files = []
    for folder, dirs, names in os.walk(site, followlinks=False):
        dirs.sort()
        files += [p for p in (Path(folder) / n for n in sorted(names)) if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files)
    if size > max_bytes:
        return None, size
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, strict_timestamps=False) as archive:
        for path in files:
            archive.write(path, path.relative_to(site).as_posix())
    return buffer.getvalue(), size


def run_suites(
    frame: pd.DataFrame,
    root: Path,
    catalogue_rows: list[dict] | None = None,
    details: Callable[[list[int]], pd.DataFrame] | None = None,
) -> tuple[pd.DataFrame, Path]:
    """Validate the frame with the rules' suite in the GX project under ``root``; return
    (findings, Data Docs index). ``details`` gives the full rows (subject, label, lines) of the
    frame's unexpected positions, indexed by position, when the frame holds only the columns the
    expectations judge; without it they are the frame's own."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction

    root.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(root))
    context.variables.progress_bars = {"globally": False}
    source = context.data_sources.add_or_update_pandas("jixiao_warehouse")
    asset = next((a for a in source.assets if a.name == "consistency_checks"), None) or source.add_dataframe_asset(
        "consistency_checks"
    )
    batch = next((b for b in asset.batch_definitions if b.name == "all_rows"), None) or (
        asset.add_batch_definition_whole_dataframe("all_rows")
    )
    catalogue = {rule.rule_id: rule for rule in rules(catalogue_rows)}
    suite = gx.ExpectationSuite(
        name="document_consistency", expectations=[rule.expectation() for rule in catalogue.values()]
    )
    suite = context.suites.add_or_update(suite)
    validation = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name="document_consistency", data=batch, suite=suite)
    )
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name="document_consistency",
            validation_definitions=[validation],
            actions=[UpdateDataDocsAction(name="update_data_docs")],
            result_format={"result_format": "COMPLETE"},
        )
    )
    result = checkpoint.run(batch_parameters={"dataframe": frame})
    outcomes = [
        (catalogue[outcome.expectation_config.meta["rule_id"]], outcome.result.get("unexpected_index_list") or [])
        for validation_result in result.run_results.values()
        for outcome in validation_result.results
    ]
    rows = details(sorted({i for _, found in outcomes for i in found})) if details else frame
    findings = []
    for rule, found in outcomes:
        rule_id = rule.rule_id
        for index in found:
            row = rows.loc[index]
            message_zh, message_en = _messages(rule, row)
            findings.append(
                {
                    "finding_key": hashlib.md5(f"{rule_id}|{row['subject_key']}".encode()).hexdigest(),
                    "document_key": row["document_key"],
                    "rule_id": rule_id,
                    "rule_name_zh": rule.name_zh,
                    "rule_name_en": rule.name_en,
                    "severity": rule.severity,
                    "subject_type": row["subject_type"],
                    "subject_key": row["subject_key"],
                    "subject_label": row["subject_label"],
                    "expected": row["expected"],
                    "observed": row["observed"],
                    "message_zh": message_zh,
                    "message_en": message_en,
                    "line_start": row["line_start"],
                    "line_end": row["line_end"],
                }
            )
    columns = ["finding_key", "document_key", "rule_id", "rule_name_zh", "rule_name_en", "severity", "subject_type",
               "subject_key", "subject_label", "expected", "observed", "message_zh", "message_en", "line_start",
               "line_end"]  # fmt: skip
    docs = _local_site(root) / "index.html"
    return pd.DataFrame(findings, columns=columns), docs


# the columns the expectations judge
JUDGED = "rule_id, expected, observed, excess, value_kind"
# the order of a rule's findings (check_key, of rule and subject, is unique: no ties)
FINDINGS_ORDER = ["document_key", "subject_key"]


def _judged_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The rows to judge, only the columns the expectations read, indexed by their ``rowid`` in
    FRAME (a table, read in one read-only connection: the row ids stay put), in storage order:
    no sort of the whole table. Text columns arrive dictionary-encoded (pandas categoricals): at
    millions of rows a few distinct rule ids and kinds, not a Python string per row."""
    table = con.execute(f"select rowid as row_id, {JUDGED} from {FRAME}").fetch_arrow_table()
    encoded = {name: table.column(name).dictionary_encode() for name in ("rule_id", "value_kind")}
    for name, column in encoded.items():
        table = table.set_column(table.schema.get_field_index(name), name, column)
    # an unnamed index: GX reports a named one's unexpected rows as {name: id} dicts
    return table.to_pandas().set_index("row_id").rename_axis(None)


def _details(con: duckdb.DuckDBPyConnection, row_ids: list[int]) -> pd.DataFrame:
    """The full rows of these row ids of FRAME, indexed by row id."""
    con.register("finding_rows", pd.DataFrame({"row_id": pd.Series(row_ids, dtype="int64")}))
    try:
        rows = con.execute(
            f"select rowid as row_id, * from {FRAME} where rowid in (select row_id from finding_rows)"
        ).df()
    finally:
        con.unregister("finding_rows")
    return rows.set_index("row_id")


def check(db_path: Path) -> tuple[pd.DataFrame, Path]:
    """Run the suites on the warehouse and store the findings in it (replacing earlier ones);
    the Data Docs go to the warehouse's own GX project (:func:`gx_root`). The frame judged holds
    only the judged columns; the rest of a row is read for the rows found. Findings are ordered
    by rule (the suite's order), document and subject, whatever order the rows are stored in."""
    with duckdb.connect(str(db_path), read_only=True, config=load.OFFLINE) as con:
        frame = _judged_frame(con)
        # the rules the warehouse was built with: a seed edited since has no rows to judge yet
        built_with = con.execute(f"select * from {CATALOGUE}").df().fillna("").astype(str).to_dict("records")
        findings, docs = run_suites(frame, gx_root(db_path), built_with, lambda found: _details(con, found))
    rules_first = {rule_id: n for n, rule_id in enumerate(dict.fromkeys(findings["rule_id"]))}  # suite order
    findings = findings.sort_values(
        ["rule_id", *FINDINGS_ORDER], key=lambda c: c.map(rules_first) if c.name == "rule_id" else c, kind="stable"
    ).reset_index(drop=True)
    findings["checked_at"] = datetime.now(UTC)
    with duckdb.connect(str(db_path), config=load.OFFLINE) as con:
        con.execute("begin transaction")
        con.register("findings_frame", findings)
        con.execute(
            f"""create or replace table {FINDINGS_TABLE} as
            select
                cast(finding_key as varchar) as finding_key, cast(document_key as varchar) as document_key,
                cast(rule_id as varchar) as rule_id, cast(rule_name_zh as varchar) as rule_name_zh,
                cast(rule_name_en as varchar) as rule_name_en, cast(severity as varchar) as severity,
                cast(subject_type as varchar) as subject_type, cast(subject_key as varchar) as subject_key,
                cast(subject_label as varchar) as subject_label, cast(expected as double) as expected,
                cast(observed as double) as observed, cast(message_zh as varchar) as message_zh,
                cast(message_en as varchar) as message_en, cast(line_start as integer) as line_start,
                cast(line_end as integer) as line_end, cast(checked_at as timestamptz) as checked_at
            from findings_frame"""
        )
        con.execute("commit")
    return findings, docs
