"""Reviewers' decisions: recorded by `jixiao review mark` (and the dashboard), kept beside the
warehouse where no build reaches them, keyed so that the same documents give the same keys."""

from __future__ import annotations

import csv
import shutil

import duckdb
import pytest
import streamlit as st
from conftest import JIXIAO, ROOT, SAMPLES, make_warehouse, run
from streamlit.testing.v1 import AppTest

from jixiao import decisions, lock

OVERSHOOT = "select flag_key from fct_target_flags where rule_id = 'overshoot_without_reason' order by flag_key"


def _keys(db, sql: str = OVERSHOOT) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [row[0] for row in con.execute(sql).fetchall()]


@pytest.fixture
def served(built, tmp_path):
    """A copy of the samples' warehouse, so that decisions land beside it, not beside the shared one."""
    db = tmp_path / "w.duckdb"
    shutil.copyfile(built.db, db)
    return db


def test_a_decision_is_recorded_listed_and_exported(served, tmp_path):
    key = _keys(served)[0]
    done = run(JIXIAO, "review", "mark", key, "--decision", "dismissed", "--reviewer", "王审核",
               "--note", "已在下年目标中调整", "--db", str(served))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"dismissed flag {key} by 王审核" in done.stdout
    listed = run(JIXIAO, "review", "list", "--db", str(served))
    assert "dismissed flag" in listed.stdout and "已在下年目标中调整" in listed.stdout
    assert "1 decisions in force (0 on keys the warehouse no longer holds)" in listed.stdout
    out = tmp_path / "decisions.csv"
    assert run(JIXIAO, "review", "export", str(out), "--db", str(served)).returncode == 0
    with open(out, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["key"], r["kind"], r["decision"], r["reviewer"], r["note"]) for r in rows] == [
        (key, "flag", "dismissed", "王审核", "已在下年目标中调整")
    ]


def test_a_later_decision_is_in_force_and_the_earlier_kept(served):
    key = _keys(served)[0]
    decisions.mark(served, key, "dismissed", "甲")
    decisions.mark(served, key, "confirmed", "乙", "复核后确认")
    assert decisions.in_force(served)[key][2:4] == ("confirmed", "乙")
    assert [d.decision for d in decisions.history(served)] == ["dismissed", "confirmed"]


def test_findings_take_decisions_too_and_typos_are_refused(served):
    with duckdb.connect(str(served), read_only=True) as con:
        finding = con.execute("select finding_key from fct_consistency_findings limit 1").fetchone()[0]
    assert decisions.mark(served, finding, "noted", "甲").kind == "finding"
    bad = run(JIXIAO, "review", "mark", "nosuchkey", "--decision", "dismissed", "--reviewer", "甲", "--db", str(served))
    assert bad.returncode == 1 and "no review flag or consistency finding has the key nosuchkey" in bad.stderr
    wrong = run(JIXIAO, "review", "mark", finding, "--decision", "ignored", "--reviewer", "甲", "--db", str(served))
    assert wrong.returncode == 1 and "a decision is one of confirmed, dismissed, noted" in wrong.stderr
    nobody = run(JIXIAO, "review", "mark", finding, "--decision", "noted", "--reviewer", " ", "--db", str(served))
    assert nobody.returncode == 1 and "needs the reviewer's name" in nobody.stderr


def test_deciding_waits_for_no_build_and_no_reader(served):
    key = _keys(served)[0]
    with lock.writer(served, "build", wait=False), duckdb.connect(str(served), read_only=True):
        done = run(JIXIAO, "review", "mark", key, "--decision", "confirmed", "--reviewer", "甲", "--db", str(served))
    assert done.returncode == 0, done.stderr


def test_decisions_survive_ingest_and_build_of_the_same_documents(tmp_path):
    (tmp_path / "a").mkdir()
    first = make_warehouse(tmp_path / "a", SAMPLES)
    keys = _keys(first.db)
    assert len(keys) == 6
    for key in keys[:3]:
        decisions.mark(first.db, key, "dismissed", "甲", "说明已补充")
    again = run(JIXIAO, "ingest", str(SAMPLES), "--db", str(first.db))
    assert again.returncode == 0 and "unchanged 5" in again.stdout
    assert run(JIXIAO, "build", "--db", str(first.db)).returncode == 0
    assert _keys(first.db) == keys and set(decisions.in_force(first.db)) == set(keys[:3])
    assert decisions.unknown_keys(first.db) == []
    # the same documents under other names, read into another warehouse, give the same keys
    copies = tmp_path / "copies"
    copies.mkdir()
    for path in SAMPLES.iterdir():
        shutil.copy(path, copies / f"renamed_{path.name}")
    (tmp_path / "b").mkdir()
    second = make_warehouse(tmp_path / "b", copies)
    assert _keys(second.db) == keys


def test_the_decisions_store_is_never_read_as_a_document(served):
    decisions.mark(served, _keys(served)[0], "noted", "甲")
    done = run(JIXIAO, "ingest", str(served.parent), "--db", str(served))
    assert done.returncode == 1 and "no files found" in done.stderr  # the folder holds only the warehouse's files


def test_the_review_page_records_a_decision_and_hides_dismissed_flags(served, monkeypatch):
    monkeypatch.setenv("JIXIAO_DB", str(served))
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "dashboards" / "views" / "review.py"), default_timeout=60)
    app.session_state["queue_0"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    item = app.dataframe[0].value.iloc[0]["对象"]
    assert app.get("form"), "the first queue item's flags and the decision form are shown"
    app.text_input(key="reviewer").set_value("王审核")
    app.radio(key="decision_choice").set_value("dismissed")
    app.button[0].click().run()
    assert not app.exception and any("已保存" in s.value for s in app.success)
    decided = decisions.in_force(served)
    assert len(decided) == 1 and next(iter(decided.values())).decision == "dismissed"
    shown = len([h for h in app.html if 'class="jixiao-flag"' in h.proto.body])
    assert shown > 1  # the riskiest item of the samples has several flags
    app.checkbox(key="hide_dismissed").check().run()
    assert not app.exception
    assert app.dataframe[0].value.iloc[0]["对象"] == item  # it keeps its other flags, so its place
    assert len([h for h in app.html if 'class="jixiao-flag"' in h.proto.body]) == shown - 1
    st.cache_data.clear()
