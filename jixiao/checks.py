"""Consistency checks of the source documents, as Great Expectations suites written in code.

The warehouse prepares one row per rule and subject (``rpt_consistency_checks``: what the
document states beside what it should be); the expectations below judge those rows. A failed
row is a *finding* about the document, never a failure of the pipeline: findings are written
to ``fct_consistency_findings`` in the warehouse and GX builds its Data Docs under ``gx/``.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from ingest import load

from .config import PROJECT_ROOT, read_seed

FRAME = "main.rpt_consistency_checks"
FINDINGS_TABLE = "main.fct_consistency_findings"
GX_ROOT_ENV = "JIXIAO_GX_ROOT"


@dataclass(frozen=True)
class Rule:
    rule_id: str
    relation: str  # how observed must relate to expected: "=", "<=", ">=", "0-100", "readable"

    def expectation(self):  # type: ignore[no-untyped-def]
        import great_expectations.expectations as gxe

        domain = {
            "row_condition": f'rule_id=="{self.rule_id}"',
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
        if self.relation == "readable":
            return gxe.ExpectColumnValuesToNotBeInSet(column="value_kind", value_set=["malformed", "blank"], **domain)
        raise ValueError(f"unknown relation {self.relation!r} for rule {self.rule_id}")


RULES: tuple[Rule, ...] = (
    Rule("budget_sum", "="),
    Rule("department_column_total", "="),
    Rule("task_total", "="),
    Rule("cost_within_budget", "<="),
    Rule("cost_sum_within_budget", "<="),
    Rule("cost_coverage", ">="),
    Rule("execution_rate", "="),
    Rule("score_within_weight", "<="),
    Rule("weights_total", "="),
    Rule("scores_total", "="),
    Rule("percent_range", "0-100"),
    Rule("deadline_in_year", "="),
    Rule("all_level1", ">="),
    Rule("numeric_output", ">="),
    Rule("indicator_value", "readable"),
)

_RELATION_WORDS = {
    "=": ("应为", "should be"),
    "<=": ("不应超过", "should not exceed"),
    ">=": ("应不少于", "should be at least"),
    "0-100": ("应在0至100之间", "should lie between 0 and 100"),
}


def _catalogue() -> dict[str, dict[str, str]]:
    return {row["rule_id"]: row for row in read_seed("consistency_rules.csv")}


def _number(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    number = float(value)  # type: ignore[arg-type]
    return f"{number:.2f}".rstrip("0").rstrip(".") if number != int(number) else str(int(number))


def _messages(rule: Rule, meta: dict[str, str], row: pd.Series) -> tuple[str, str]:
    label = row["subject_label"]
    if rule.relation == "readable":
        name_zh = "指标值为空或占位" if row["value_kind"] == "blank" else "指标值无法解析"
        name_en = "blank or placeholder target" if row["value_kind"] == "blank" else "value cannot be read"
        return f"{label}：{name_zh}。", f"{label}: {name_en}."
    zh, en = _RELATION_WORDS[rule.relation]
    expected, observed = _number(row["expected"]), _number(row["observed"])
    if rule.relation == "0-100":
        return (f"{label}：{meta['name_zh']}，实为{observed}，{zh}。", f"{label}: {meta['name_en']}: {observed} {en}.")
    return (
        f"{label}：{meta['name_zh']}（实为{observed}，{zh}{expected}）。",
        f"{label}: {meta['name_en']} ({observed}; it {en} {expected}).",
    )


def gx_root() -> Path:
    return Path(os.environ.get(GX_ROOT_ENV, PROJECT_ROOT))


def run_suites(frame: pd.DataFrame) -> tuple[pd.DataFrame, Path]:
    """Validate the frame with the rules' suite; return (findings, Data Docs index)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction

    context = gx.get_context(mode="file", project_root_dir=str(gx_root()))
    context.variables.progress_bars = {"globally": False}
    source = context.data_sources.add_or_update_pandas("jixiao_warehouse")
    asset = next((a for a in source.assets if a.name == "consistency_checks"), None) or source.add_dataframe_asset(
        "consistency_checks"
    )
    batch = next((b for b in asset.batch_definitions if b.name == "all_rows"), None) or (
        asset.add_batch_definition_whole_dataframe("all_rows")
    )
    suite = gx.ExpectationSuite(name="document_consistency", expectations=[rule.expectation() for rule in RULES])
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
    catalogue = _catalogue()
    rules = {rule.rule_id: rule for rule in RULES}
    findings = []
    for validation_result in result.run_results.values():
        for outcome in validation_result.results:
            rule = rules[outcome.expectation_config.meta["rule_id"]]
            for index in outcome.result.get("unexpected_index_list") or []:
                row = frame.loc[index]
                rule_id = rule.rule_id
                if rule.relation == "readable":  # one expectation, two findings
                    rule_id = "blank_target" if row["value_kind"] == "blank" else "malformed_value"
                message_zh, message_en = _messages(rule, catalogue[rule_id], row)
                findings.append(
                    {
                        "finding_key": hashlib.md5(f"{rule_id}|{row['subject_key']}".encode()).hexdigest(),
                        "document_key": row["document_key"],
                        "rule_id": rule_id,
                        "severity": catalogue[rule_id]["severity"],
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
    columns = ["finding_key", "document_key", "rule_id", "severity", "subject_type", "subject_key", "subject_label",
               "expected", "observed", "message_zh", "message_en", "line_start", "line_end"]  # fmt: skip
    docs = gx_root() / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    return pd.DataFrame(findings, columns=columns), docs


def check(db_path: Path) -> tuple[pd.DataFrame, Path]:
    """Run the suites on the warehouse and store the findings in it (replacing earlier ones)."""
    with duckdb.connect(str(db_path), read_only=True, config=load.OFFLINE) as con:
        frame = con.execute(f"select * from {FRAME} order by rule_id, document_key, subject_key").df()
    findings, docs = run_suites(frame.reset_index(drop=True))
    findings["checked_at"] = datetime.now(UTC)
    with duckdb.connect(str(db_path), config=load.OFFLINE) as con:
        con.execute("begin transaction")
        con.register("findings_frame", findings)
        con.execute(
            f"""create or replace table {FINDINGS_TABLE} as
            select
                cast(finding_key as varchar) as finding_key, cast(document_key as varchar) as document_key,
                cast(rule_id as varchar) as rule_id, cast(severity as varchar) as severity,
                cast(subject_type as varchar) as subject_type, cast(subject_key as varchar) as subject_key,
                cast(subject_label as varchar) as subject_label, cast(expected as double) as expected,
                cast(observed as double) as observed, cast(message_zh as varchar) as message_zh,
                cast(message_en as varchar) as message_en, cast(line_start as integer) as line_start,
                cast(line_end as integer) as line_end, cast(checked_at as timestamptz) as checked_at
            from findings_frame"""
        )
        con.execute("commit")
    return findings, docs
