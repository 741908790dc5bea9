"""The warehouse file: read-only connections for analysts, atomic replacement, a failed build
leaves the previous warehouse intact, and a reader does not block a build."""
from __future__ import annotations

import subprocess
import sys
import time

import duckdb
import pytest

from pipeline import connect, ingest, warehouse
from pipeline.errors import PipelineError

from conftest import run_cli


def test_connect_is_read_only(shipped_run, monkeypatch):
    monkeypatch.setenv("LANDMINE_WAREHOUSE", str(shipped_run["warehouse"]))
    con = connect()
    try:
        df = con.sql("select * from marts.casualties_by_year").df()
        assert len(df) == 26
        with pytest.raises(duckdb.Error):
            con.execute("create table marts.scribble as select 1")
    finally:
        con.close()


def test_connect_without_warehouse_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("LANDMINE_WAREHOUSE", str(tmp_path / "none.duckdb"))
    with pytest.raises(PipelineError, match="make report"):
        connect()


def test_failed_build_leaves_the_previous_warehouse_intact(tmp_path, monkeypatch):
    monkeypatch.setenv("LANDMINE_PROCESSED_DIR", str(tmp_path))
    outcomes, entries = ingest.run(log=lambda *_: None)
    target = warehouse.build(outcomes, entries, log=lambda *_: None)
    before = target.read_bytes()
    records_before = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "records").rglob("*"))

    def broken(con, log=print):
        con.execute("create table marts.half as select 1")
        raise PipelineError("model failed halfway")

    monkeypatch.setattr(warehouse, "run_models", broken)
    with pytest.raises(PipelineError):
        warehouse.build(outcomes, entries, log=lambda *_: None)
    assert target.read_bytes() == before
    # casualty records live as Parquet in records/: the failed build left them as they were
    assert sorted(p.name for p in tmp_path.iterdir()) == ["landmine.duckdb", "records"]
    assert sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "records").rglob("*")) == records_before


def test_reader_does_not_block_a_build_and_sees_new_data_after_reconnecting(shipped_run, tmp_path):
    db = shipped_run["warehouse"]
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb,sys,time; c=duckdb.connect(sys.argv[1], read_only=True); "
         "c.execute('select count(*) from marts.casualty_figures').fetchall(); print('ready', flush=True); "
         "time.sleep(60)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        old_inode = db.stat().st_ino
        res = run_cli("build", env=shipped_run["env"])
        assert res.returncode == 0, res.stderr
        assert db.stat().st_ino != old_inode  # replaced, not written in place
        con = duckdb.connect(str(db), read_only=True)
        assert con.execute("select count(*) from marts.casualties_by_year").fetchall() == [(26,)]
        con.close()
    finally:
        holder.kill()
        holder.wait()
