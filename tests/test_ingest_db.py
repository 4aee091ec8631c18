"""The ingest job end to end: files and folders in, raw DuckDB tables out."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import JIXIAO, ROOT, SAMPLES, run, statuses
from typer.testing import CliRunner

from ingest import load, pipeline
from jixiao.cli import app

RAW_TABLES = ("documents", "projects", "indicators", "department_tasks", "goals", "budget_execution", "parse_issues")


def _counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in RAW_TABLES}


def _snapshot(db: Path) -> dict[str, list]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            t: sorted(
                con.execute(
                    f"select * exclude (ingested_at) from raw.{t}" if t == "documents" else f"select * from raw.{t}"
                ).fetchall(),
                key=repr,
            )
            for t in RAW_TABLES
        }


def test_cli_ingests_the_samples(tmp_path):
    db = tmp_path / "w.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(SAMPLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "documents 5: parsed 5, partial 0, rejected 0, unchanged 0" in result.output
    assert "projects 28, goals 27, indicators 451" in result.output
    counts = _counts(db)
    assert counts["documents"] == 5 and counts["projects"] == 28 and counts["indicators"] == 451
    assert counts["department_tasks"] == 9  # 001: 8 tasks + 合计
    assert counts["budget_execution"] == 1  # 002
    with duckdb.connect(str(db), read_only=True) as con:
        goals = dict(
            con.execute(
                "select d.file_name, count(*) from raw.goals g join raw.documents d using (document_id) group by 1"
            ).fetchall()
        )
        types = {
            r[0]
            for r in con.execute(
                "select distinct data_type from information_schema.columns "
                "where table_schema = 'raw' and column_name like '%_raw'"
            ).fetchall()
        }
    assert goals == {"001_425eedf82afd7a44.txt": 8, "002_bb8163d66f945702.txt": 9, "003_41cfe48671f53d05.txt": 10}
    assert types == {"VARCHAR"}  # every value a string as written


def test_database_path_from_environment(tmp_path, monkeypatch):
    db = tmp_path / "env.duckdb"
    monkeypatch.setenv("JIXIAO_DB", str(db))
    result = CliRunner().invoke(app, ["ingest", str(SAMPLES / "004_da50d391190e3ba7.txt")])
    assert result.exit_code == 0, result.output
    assert _counts(db)["projects"] == 5


def test_reingest_changes_nothing_and_a_changed_file_replaces_its_records(tmp_path):
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    db = tmp_path / "w.duckdb"
    with load.connect(db) as con:
        pipeline.ingest(con, [folder])
    before = _snapshot(db)
    with load.connect(db) as con:
        again = pipeline.ingest(con, [folder])
    assert again.count("unchanged") == 5
    assert _snapshot(db) == before
    # 004 loses its last table (5 projects -> 4): the old records are replaced, not added to
    path = folder / "004_da50d391190e3ba7.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    cut = next(i for i, line in enumerate(lines) if "天津市“万家民营企业评营商环境”专项调研经费" in line) - 3
    path.write_text("\n".join(lines[:cut]) + "\n", encoding="utf-8")
    with load.connect(db) as con:
        summary = pipeline.ingest(con, [folder])
        assert summary.count("unchanged") == 4
        projects = con.execute(
            "select count(*) from raw.projects p join raw.documents d using (document_id) where d.file_name = ?",
            [path.name],
        ).fetchone()[0]
        documents = con.execute("select count(*) from raw.documents").fetchone()[0]
    assert projects == 4
    assert documents == 5


def test_bad_input_is_recorded_and_never_aborts_the_batch(tmp_path):
    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SAMPLES / "002_bb8163d66f945702.txt", folder / "sub" / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 40)
    (folder / "prose.txt").write_text("这是一份会议纪要。\n没有任何表格。\n", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%binary")
    original = (SAMPLES / "000_4fbf0d365526adfd.txt").read_text(encoding="utf-8").split("\n")
    # cut inside the third indicator row of table 1 (its value and the rest of the file lost)
    cut = next(i for i, line in enumerate(original) if line == "\t资金使用合规率") + 1
    (folder / "truncated.txt").write_text("\n".join(original[:cut]), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(folder), str(tmp_path / "missing"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(db), read_only=True) as con:
        status = statuses(con)
        truncated_rows = con.execute(
            "select level3_raw, target_raw from raw.indicators i join raw.documents d using (document_id) "
            "where d.file_name = 'truncated.txt' order by row_no"
        ).fetchall()
    assert status["good.txt"] == "parsed: "
    assert status["empty.txt"] == "rejected: empty file"
    assert status["junk.bin"].startswith("rejected: binary")
    assert status["prose.txt"].startswith("rejected: no known layout")
    assert status["scan.pdf"].startswith("rejected: unreadable pdf file")
    assert status["truncated.txt"].startswith("partial: indicator row cut short")
    # rows read before the cut are kept, as written
    assert truncated_rows[:2] == [("保障重点工作数量", "≥60个"), ("重点工作完成率", "≥90%")]
    # the summary names each rejection with its file and reason
    for name in ("empty.txt", "junk.bin", "prose.txt", "scan.pdf", "missing"):
        assert name in result.output
    assert "rejected" in result.output and "no such file or folder" in result.output


def test_a_crash_mid_batch_leaves_the_database_consistent(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    with load.connect(db) as con:
        pipeline.ingest(con, [SAMPLES / "000_4fbf0d365526adfd.txt"])
    before = _snapshot(db)
    real_table = load._table
    calls = {"n": 0}

    def failing_table(columns, rows):
        calls["n"] += 1
        if calls["n"] == 3:  # after documents and projects were staged, before indicators
            raise RuntimeError("simulated crash")
        return real_table(columns, rows)

    monkeypatch.setattr(load, "_table", failing_table)
    with load.connect(db) as con, pytest.raises(RuntimeError):
        pipeline.ingest(con, [SAMPLES])
    assert _snapshot(db) == before  # nothing of the failed batch is visible
    monkeypatch.setattr(load, "_table", real_table)
    with load.connect(db) as con:
        summary = pipeline.ingest(con, [SAMPLES])
    assert summary.count("parsed") == 4 and summary.count("unchanged") == 1
    assert _counts(db)["indicators"] == 451


def test_same_content_under_two_names_is_stored_once(tmp_path):
    folder = tmp_path / "dups"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(SAMPLES / "004_da50d391190e3ba7.txt", folder / name)
    db = tmp_path / "w.duckdb"
    with load.connect(db) as con:
        summary = pipeline.ingest(con, [folder])
    assert [o.status for o in summary.outcomes] == ["parsed", "unchanged"]
    assert summary.outcomes[1].reason.startswith("same content as")
    assert _counts(db)["projects"] == 5


def test_a_file_that_vanishes_is_rejected_with_the_reason(tmp_path):
    gone = tmp_path / "gone.txt"
    src, doc = pipeline.read_and_parse(gone)
    assert doc.status == "rejected"
    assert doc.status_reason.startswith("cannot read file")
    assert src.file_name == "gone.txt" and src.sha256 is None


def test_symlink_loop_does_not_trap_the_walk(tmp_path):
    folder = tmp_path / "loop"
    folder.mkdir()
    shutil.copy(SAMPLES / "004_da50d391190e3ba7.txt", folder / "doc.txt")
    os.symlink(folder, folder / "again")
    files, problems = pipeline.discover([folder])
    assert [f.name for f in files] == ["doc.txt"] and problems == []


def test_only_files_inside_the_folder_are_read(tmp_path):
    folder, outside = tmp_path / "docs", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    shutil.copy(SAMPLES / "004_da50d391190e3ba7.txt", folder / "doc.txt")
    (outside / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    os.symlink(outside / "secret.txt", folder / "x.txt")  # a link out of the folder
    os.symlink(folder / "doc.txt", folder / "same.txt")  # a link inside it: the same file, read once
    os.mkfifo(folder / "pipe.txt")  # reading a FIFO would block the batch
    files, problems = pipeline.discover([folder])
    assert [f.name for f in files] == ["doc.txt"]
    assert sorted((Path(p).name, why) for p, why in problems) == [
        ("pipe.txt", "not a regular file (a device, FIFO or socket, or a broken link): not read"),
        ("x.txt", "a link to a file outside the folder: not read"),
    ]
    db = tmp_path / "w.duckdb"
    result = run(JIXIAO, "ingest", str(folder), "--db", str(db))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "a link to a file outside the folder" in " ".join(result.stdout.split())  # wrapped to the terminal
    with duckdb.connect(str(db), read_only=True) as con:
        texts = [t for (t,) in con.execute("select text from raw.document_texts").fetchall()]
    assert len(texts) == 1 and not any("root:x:0:0" in t for t in texts)


def test_the_text_of_a_rejected_file_is_not_kept(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notes.txt").write_text("这是一份会议纪要，没有任何表格。\n" * 20, encoding="utf-8")
    db = tmp_path / "w.duckdb"
    assert run(JIXIAO, "ingest", str(folder), "--db", str(db)).returncode == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select status from raw.documents").fetchall() == [("rejected",)]
        assert con.execute("select count(*) from raw.document_texts").fetchone()[0] == 0


def test_default_database_lives_in_the_project():
    from jixiao.config import DEFAULT_DB

    assert DEFAULT_DB == ROOT / "warehouse" / "jixiao.duckdb"


def test_parallel_parsing_stores_what_one_process_stores(tmp_path):
    """Files parsed by two worker processes give the same raw tables as parsed in this process."""
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(120):  # enough files for the pool to be used
        sample = sorted(SAMPLES.glob("*.txt"))[n % 5]
        (folder / f"{n:03d}.txt").write_bytes(sample.read_bytes() + f"\n附注{n}\n".encode())
    tables = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.duckdb"
        with load.connect(db) as con:
            summary = pipeline.ingest(con, [folder], workers=workers)
            assert summary.count("parsed") == 120
            tables[workers] = con.execute(
                "select d.file_name, i.table_no, i.row_no, i.level3_raw, i.target_raw, i.line_start "
                "from raw.indicators i join raw.documents d using (document_id) order by all"
            ).fetchall()
    assert len(tables[1]) == 24 * 451  # each sample 24 times
    assert tables[1] == tables[2]


# -- the files are the source of truth ---------------------------------------------------------
S000, S004 = SAMPLES / "000_4fbf0d365526adfd.txt", SAMPLES / "004_da50d391190e3ba7.txt"


def _stored(db: Path) -> dict[str, int]:
    """file name -> indicators stored under it."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select d.file_name, count(i.document_id) from raw.documents d "
            "left join raw.indicators i using (document_id) group by all"
        ).fetchall()
    return dict(rows)


def _a_000_b_004(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of a.txt (sample 000) and b.txt (sample 004), ingested: (folder, database)."""
    folder, db = tmp_path / "docs", tmp_path / "w.duckdb"
    folder.mkdir()
    shutil.copy(S000, folder / "a.txt")
    shutil.copy(S004, folder / "b.txt")
    with load.connect(db) as con:
        pipeline.ingest(con, [folder])
    return folder, db


def test_a_file_given_another_files_content_loses_its_old_records(tmp_path):
    folder, db = _a_000_b_004(tmp_path)
    indicators_004 = _stored(db)["b.txt"]
    shutil.copy(S004, folder / "a.txt")  # a.txt now holds what b.txt holds
    with load.connect(db) as con:
        summary = pipeline.ingest(con, [folder])
    assert [(o.status, o.reason) for o in summary.outcomes] == [
        ("unchanged", f"same content as {folder / 'b.txt'}"),
        ("unchanged", None),
    ]
    assert _stored(db) == {"b.txt": indicators_004}  # nothing of 000 is left under a.txt


def test_a_renamed_file_moves_its_document(tmp_path):
    folder, db = tmp_path / "docs", tmp_path / "w.duckdb"
    folder.mkdir()
    shutil.copy(S004, folder / "old.txt")
    with load.connect(db) as con:
        pipeline.ingest(con, [folder])
    before = _stored(db)["old.txt"]
    (folder / "old.txt").rename(folder / "new.txt")
    with load.connect(db) as con:
        summary = pipeline.ingest(con, [folder])
    assert [o.status for o in summary.outcomes] == ["parsed"] and summary.gone == []
    assert _stored(db) == {"new.txt": before}


def test_documents_whose_files_are_gone_are_reported_and_removed_with_prune(tmp_path):
    docs, other, db = tmp_path / "docs", tmp_path / "other", tmp_path / "w.duckdb"
    docs.mkdir(), other.mkdir()
    shutil.copy(S000, docs / "keep.txt")
    shutil.copy(S004, docs / "gone.txt")
    shutil.copy(SAMPLES / "001_425eedf82afd7a44.txt", other / "elsewhere.txt")
    runner = CliRunner()
    for folder in (docs, other):
        assert runner.invoke(app, ["ingest", str(folder), "--db", str(db)]).exit_code == 0
    (docs / "gone.txt").unlink()
    (other / "elsewhere.txt").unlink()  # gone too, but not from a folder given below

    result = runner.invoke(app, ["ingest", str(docs), "--db", str(db)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert f"1 stored documents from these folders have no file any more (first: {docs / 'gone.txt'})" in said
    assert "`jixiao ingest --prune` removes them" in said
    assert set(_stored(db)) == {"keep.txt", "gone.txt", "elsewhere.txt"}  # nothing removed unasked

    result = runner.invoke(app, ["ingest", str(docs), "--db", str(db), "--prune"])
    assert result.exit_code == 0, result.output
    assert "unchanged 1, removed 1" in result.output
    assert set(_stored(db)) == {"keep.txt", "elsewhere.txt"}
    with duckdb.connect(str(db), read_only=True) as con:
        orphans = con.execute(
            "select count(*) from raw.indicators where document_id not in (select document_id from raw.documents)"
        ).fetchone()[0]
    assert orphans == 0


def test_two_files_that_swap_contents_keep_one_document_each(tmp_path):
    folder, db = _a_000_b_004(tmp_path)
    first = _stored(db)
    shutil.copy(S004, folder / "a.txt")
    shutil.copy(S000, folder / "b.txt")
    with load.connect(db) as con:
        summary = pipeline.ingest(con, [folder])
    assert [o.status for o in summary.outcomes] == ["parsed", "parsed"]
    assert _stored(db) == {"a.txt": first["b.txt"], "b.txt": first["a.txt"]}


def test_prune_from_another_working_folder_removes_nothing_that_is_there(tmp_path):
    """Stored paths are shown relative to the folder jixiao ran in; prune compares absolute ones."""
    data, elsewhere, db = tmp_path / "proj" / "data", tmp_path / "proj", tmp_path / "w.duckdb"
    (data / "docs").mkdir(parents=True)
    shutil.copy(S000, data / "docs" / "keep.txt")
    assert run(JIXIAO, "ingest", "docs", "--db", str(db), cwd=data).returncode == 0
    (elsewhere / "docs").mkdir()
    shutil.copy(S004, elsewhere / "docs" / "other.txt")
    done = run(JIXIAO, "ingest", "docs", "--db", str(db), "--prune", cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert "removed" not in done.stdout and set(_stored(db)) == {"keep.txt", "other.txt"}


def _reads(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The names of the files the ingest reads from now on (in this process)."""
    names: list[str] = []
    real = pipeline._read

    def counted(path, *args):  # type: ignore[no-untyped-def]
        names.append(path.name)
        return real(path, *args)

    monkeypatch.setattr(pipeline, "_read", counted)
    return names


def test_an_unchanged_file_is_skipped_unread_and_its_content_decides_when_it_was_touched(tmp_path, monkeypatch):
    """Path, size and modification time as stored: not read. Touched with the same content: read,
    found unchanged, and its new time noted (the next run skips it unread). Changed with its size
    and time put back: still taken as unchanged unless --checksum, which reads every file."""
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    db = tmp_path / "w.duckdb"
    with load.connect(db) as con:
        pipeline.ingest(con, [folder])
    reads = _reads(monkeypatch)
    with load.connect(db) as con:
        assert pipeline.ingest(con, [folder]).count("unchanged") == 5
    assert reads == []
    path = folder / "004_da50d391190e3ba7.txt"
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 10**9))
    with load.connect(db) as con:
        assert pipeline.ingest(con, [folder]).count("unchanged") == 5
        stored = con.execute("select file_mtime_ns from raw.documents where file_name = ?", [path.name]).fetchone()
    assert reads == [path.name] and stored == (status.st_mtime_ns + 10**9,)
    reads.clear()
    with load.connect(db) as con:
        pipeline.ingest(con, [folder])
    assert reads == []
    text = path.read_text(encoding="utf-8")
    changed = text.replace("项目", "任务", 1)
    assert changed != text and len(changed.encode()) == len(text.encode())
    touched = path.stat()
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(touched.st_atime_ns, touched.st_mtime_ns))  # as tools that keep times do
    with load.connect(db) as con:
        assert pipeline.ingest(con, [folder]).count("unchanged") == 5
        summary = pipeline.ingest(con, [folder], checksum=True)
        sha = con.execute("select sha256 from raw.documents where file_name = ?", [path.name]).fetchone()[0]
    assert summary.count("unchanged") == 4 and len(reads) == 5
    assert sha == hashlib.sha256(path.read_bytes()).hexdigest()
