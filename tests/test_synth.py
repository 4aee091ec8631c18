"""Accuracy at scale on a synthetic corpus with known answers (jixiao synth).

A few hundred generated documents in every layout: the parser must read every indicator row as
written (recall and precision 100%), and the review must flag every injected anomaly with its
rule and nothing in the clean documents (the table per rule is printed).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import duckdb
import pytest
from conftest import JIXIAO, make_warehouse, run

from ingest.pipeline import read_and_parse
from jixiao.synth import GRADE_RULES, SELFEVAL_RULES, SERIES_RULES, TARGET_RULES, synthesise

DOCS = 300
SEED = 7


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    assert synthesise(DOCS, SEED, out, anomaly_share=0.5) == DOCS
    return out


@pytest.fixture(scope="module")
def warehouse(corpus, tmp_path_factory):
    return make_warehouse(tmp_path_factory.mktemp("synth_db"), corpus / "documents")


def test_the_corpus_spans_agencies_years_layouts_and_kinds(corpus):
    documents = _csv(corpus / "truth" / "documents.csv")
    assert len(documents) == DOCS == len(list((corpus / "documents").iterdir()))
    assert {d["fiscal_year"] for d in documents} == {str(y) for y in range(2019, 2027)}
    assert len({d["agency"] for d in documents}) >= 8
    assert {d["layout"] for d in documents} == {"cells", "rows", "pipes", "html", "docx", "xlsx"}
    assert {d["doc_type"] for d in documents} == {"project_targets", "project_selfeval"}
    rules = Counter(a["rule_id"] for a in _csv(corpus / "truth" / "anomalies.csv"))
    assert set(rules) >= set(TARGET_RULES) | set(SELFEVAL_RULES) | set(SERIES_RULES) | set(GRADE_RULES), rules


def test_the_same_seed_gives_the_same_corpus(tmp_path):
    def truth(seed: int, folder: str) -> str:
        synthesise(40, seed, tmp_path / folder, anomaly_share=0.5)
        return (tmp_path / folder / "truth" / "indicators.csv").read_text(encoding="utf-8")

    assert truth(SEED, "first") == truth(SEED, "again") != truth(SEED + 1, "other")


def test_every_indicator_row_is_read_as_written(corpus):
    truth: dict[str, Counter] = defaultdict(Counter)
    for r in _csv(corpus / "truth" / "indicators.csv"):
        truth[r["file"]][
            tuple(r[c] for c in ("table_no", "level1", "level2", "level3", "target", "actual", "weight", "score"))
        ] += 1
    found = missed = extra = 0
    for path in sorted((corpus / "documents").iterdir()):
        _, doc = read_and_parse(path)
        got = Counter(
            (str(i.table_no), i.level1_raw or "", i.level2_raw or "", i.level3_raw, i.target_raw or "",
             i.actual_raw or "", i.weight_raw or "", i.score_raw or "")
            for i in doc.indicators
        )  # fmt: skip
        want = truth[path.name]
        found += sum((got & want).values())
        missed += sum((want - got).values())
        extra += sum((got - want).values())
    print(f"\nparse on {DOCS} synthetic documents: {found} rows read, {missed} missed, {extra} extra")
    assert found == sum(sum(c.values()) for c in truth.values()) > 2000
    assert (missed, extra) == (0, 0)


def test_every_injected_anomaly_is_flagged_with_its_rule_and_nothing_else(corpus, warehouse):
    assert warehouse.build.returncode == 0, warehouse.build.stdout + warehouse.build.stderr
    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        flags = con.execute(
            "select f.rule_id, d.file_name, coalesce(t.indicator_name, '') from main.fct_target_flags f "
            "join main.dim_documents d using (document_key) "
            "left join main.fct_indicator_targets t using (indicator_target_key)"
        ).fetchall()
    flagged: dict[str, set] = defaultdict(set)
    for rule, file, name in flags:
        flagged[rule].add((file, name))
    injected: dict[str, set] = defaultdict(set)
    allowed: dict[str, set] = defaultdict(set)  # consequences of an injection (a cut floor is also lowered)
    for a in _csv(corpus / "truth" / "anomalies.csv"):
        if a["checked_in"] == "target_flag":
            (injected if a["expected"] == "required" else allowed)[a["rule_id"]].add((a["file"], a["level3"]))
    print(f"\n{'rule':28} injected flagged  recall precision (consequences allowed)")
    false_flags = {}
    for rule in sorted(set(flagged) | set(injected)):
        hit = len(flagged[rule] & injected[rule])
        false_flags[rule] = flagged[rule] - injected[rule] - allowed[rule]
        recall = f"{hit / len(injected[rule]):7.0%}" if injected[rule] else "      -"
        correct = len(flagged[rule]) - len(false_flags[rule])
        precision = f"{correct / len(flagged[rule]):9.0%}" if flagged[rule] else "        -"
        print(f"{rule:28} {len(injected[rule]):8} {len(flagged[rule]):7} {recall} {precision}")
        for file, name in sorted(false_flags[rule]):
            print(f"    false flag: {file} {name}")
    assert {rule: injected[rule] - flagged[rule] for rule in injected} == {rule: set() for rule in injected}
    assert false_flags == {rule: set() for rule in false_flags}


def test_incomplete_target_tables_grade_below_the_complete_ones(corpus, warehouse):
    """A table written without its 时效 and 成本 indicators loses their 25 points (中: revise and
    resubmit), or the 10 of 时效 before 2022, when no cost indicator was expected (良); every
    complete one grades 优 (7 of 8 targets quantified, the words one vague)."""
    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        graded = con.execute(
            "select d.file_name, p.table_no, g.grade, g.missing_zh from main.rpt_target_table_grades g "
            "join main.dim_projects p using (project_key) join main.dim_documents d on d.document_key = g.document_key"
        ).fetchall()
    years = {d["file"]: int(d["fiscal_year"]) for d in _csv(corpus / "truth" / "documents.csv")}
    injected = {(a["file"], a["table_no"]) for a in _csv(corpus / "truth" / "anomalies.csv")
                if a["rule_id"] == "target_table_incomplete"}  # fmt: skip
    tables = {(r["file"], r["table_no"]) for r in _csv(corpus / "truth" / "indicators.csv") if "targets" in r["file"]}
    assert injected and len(graded) == len(tables)
    grades = {(file, str(t)): (grade, missing) for file, t, grade, missing in graded}
    for table in injected:
        want = ("中", "成本指标、时效指标") if years[table[0]] >= 2022 else ("良", "时效指标")
        assert grades[table] == want, table
    assert {grades[k] for k in tables - injected} == {("优", None)}


def test_broken_totals_are_found_by_the_consistency_checks(corpus, warehouse):
    assert warehouse.check.returncode in (0, 1), warehouse.check.stdout + warehouse.check.stderr
    with duckdb.connect(str(warehouse.db), read_only=True) as con:
        found = set(
            con.execute(
                "select d.file_name from main.fct_consistency_findings f "
                "join main.dim_documents d using (document_key) where f.rule_id = 'budget_sum'"
            ).fetchall()
        )
    injected = {(a["file"],) for a in _csv(corpus / "truth" / "anomalies.csv") if a["rule_id"] == "budget_sum"}
    assert injected and found == injected


def test_jixiao_synth_writes_documents_and_answers(tmp_path):
    result = run(JIXIAO, "synth", "--docs", "12", "--seed", "3", "--out", str(tmp_path / "c"))
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "c" / "documents").iterdir())) == 12
    assert {p.name for p in (tmp_path / "c" / "truth").iterdir()} == {
        "indicators.csv",
        "documents.csv",
        "anomalies.csv",
    }


def test_layouts_can_be_limited(tmp_path):
    synthesise(30, 1, tmp_path / "text", layouts=("cells", "rows"))
    kinds = {d["layout"] for d in _csv(tmp_path / "text" / "truth" / "documents.csv")}
    assert kinds == {"cells", "rows"}
    assert {p.suffix for p in (tmp_path / "text" / "documents").iterdir()} == {".txt"}
    with pytest.raises(ValueError, match="unknown layouts"):
        synthesise(5, 1, tmp_path / "bad", layouts=("pdf",))


def test_larger_documents_are_read_as_written(tmp_path):
    """``--rows-per-doc``: agencies with many projects write target documents of many tables and
    one self-evaluation a year; every row of every layout is still read, and the average lands
    near the size asked for."""
    result = run(JIXIAO, "synth", "--docs", "40", "--seed", "5", "--rows-per-doc", "60", "--out", str(tmp_path / "c"))
    assert result.returncode == 0, result.stderr
    truth: Counter = Counter()
    for r in _csv(tmp_path / "c" / "truth" / "indicators.csv"):
        truth[r["file"], r["table_no"], r["level3"], r["target"], r["actual"]] += 1
    documents = _csv(tmp_path / "c" / "truth" / "documents.csv")
    assert len(documents) == 40
    assert {d["layout"] for d in documents} >= {"cells", "rows", "html", "docx", "xlsx"}
    got: Counter = Counter()
    tables = Counter()
    for path in sorted((tmp_path / "c" / "documents").iterdir()):
        _, doc = read_and_parse(path)
        for i in doc.indicators:
            got[path.name, str(i.table_no), i.level3_raw, i.target_raw or "", i.actual_raw or ""] += 1
        tables[path.name] = len({i.table_no for i in doc.indicators})
    assert got == truth
    assert 40 <= sum(truth.values()) / 40 <= 80  # about 60 rows a document
    assert max(tables.values()) >= 10  # target documents of many project tables
    with pytest.raises(ValueError, match="at least 8"):
        synthesise(5, 1, tmp_path / "bad", rows_per_doc=3)
