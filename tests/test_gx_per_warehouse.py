"""Each warehouse has its own Great Expectations project and Data Docs, beside its database file
(``<db>.gx/``), unless JIXIAO_GX_ROOT names one folder for all."""

from __future__ import annotations

from pathlib import Path

from conftest import JIXIAO, run

from ingest import pipeline
from jixiao import checks


def site(db: Path) -> Path:
    return db.with_name(db.name + ".gx") / "gx" / "uncommitted" / "data_docs" / "local_site"


def runs(db: Path) -> list[Path]:
    """The validation pages of a warehouse's Data Docs: one per `jixiao check`."""
    return sorted((site(db) / "validations").rglob("*.html"))


def test_the_gx_root_is_beside_the_database_unless_jixiao_gx_root_says(tmp_path, monkeypatch):
    monkeypatch.delenv(checks.GX_ROOT_ENV, raising=False)
    assert checks.gx_root(tmp_path / "a.duckdb") == tmp_path / "a.duckdb.gx"
    assert checks.gx_root(tmp_path / "b.duckdb") == tmp_path / "b.duckdb.gx"
    monkeypatch.chdir(tmp_path)
    assert checks.gx_root(Path("w.duckdb")) == tmp_path / "w.duckdb.gx"  # absolute, as printed
    assert checks.data_docs_site(tmp_path / "a.duckdb") == site(tmp_path / "a.duckdb")
    monkeypatch.setenv(checks.GX_ROOT_ENV, "")  # empty is unset
    assert checks.gx_root(tmp_path / "a.duckdb") == tmp_path / "a.duckdb.gx"
    monkeypatch.setenv(checks.GX_ROOT_ENV, str(tmp_path / "shared"))
    assert checks.gx_root(tmp_path / "a.duckdb") == checks.gx_root(tmp_path / "b.duckdb") == tmp_path / "shared"


def test_two_warehouses_in_one_folder_have_separate_data_docs(two_warehouses):
    a, b = two_warehouses
    assert a.db.parent == b.db.parent
    for w in (a, b):
        assert w.check.returncode == 0, w.check.stdout + w.check.stderr
        index = site(w.db) / "index.html"
        assert index.exists() and "document_consistency" in index.read_text(encoding="utf-8")
        assert f"Data Docs: {index}" in w.check.stdout  # where it wrote them, said by check itself
        assert len(runs(w.db)) == 1  # its own check only: the folders are not shared
    assert not (a.db.parent / "gx").exists()


def test_rechecking_a_warehouse_adds_to_its_data_docs_only(two_warehouses):
    a, b = two_warehouses
    before_b = runs(b.db)
    again = run(JIXIAO, "check", "--db", str(a.db), env={"JIXIAO_GX_ROOT": ""})
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(runs(a.db)) == 2 and runs(b.db) == before_b


def test_ingest_never_reads_a_warehouse_data_docs(tmp_path):
    db = tmp_path / "w.duckdb"
    docs = site(db)
    docs.mkdir(parents=True)
    (docs / "index.html").write_text("<html>Data Docs</html>", encoding="utf-8")
    (tmp_path / "w.duckdbx").mkdir()  # another name: a folder like any other
    (tmp_path / "w.duckdbx" / "doc.txt").write_text("text", encoding="utf-8")
    (tmp_path / "doc.txt").write_text("text", encoding="utf-8")
    files, problems = pipeline.discover([tmp_path], db.resolve())
    assert sorted(p.relative_to(tmp_path).as_posix() for p in files) == ["doc.txt", "w.duckdbx/doc.txt"]
    assert not problems
