"""The warehouse file: read-only connections for analysts, atomic replacement, a failed build
leaves the previous warehouse intact, and a reader does not block a build."""
from __future__ import annotations

import subprocess
import sys

import datetime as dt
import duckdb
import pytest

from pipeline import connect
from pipeline.build import ingest, warehouse
from pipeline.errors import PipelineError

from conftest import TEST_AS_OF, run_cli


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
    as_of = dt.date.fromisoformat(TEST_AS_OF)
    outcomes, entries = ingest.run(as_of, log=lambda *_: None)
    target, _ = warehouse.build(outcomes, entries, as_of, log=lambda *_: None)
    before = target.read_bytes()

    def broken(con, order=None, log=print):
        con.execute("create table marts.half as select 1")
        raise PipelineError("model failed halfway")

    monkeypatch.setattr(warehouse, "run_models", broken)
    # the build took over the records staged by ingest: the next build validates (stages) them again
    with pytest.raises(PipelineError, match="staged rows"):
        warehouse.build(outcomes, entries, as_of, log=lambda *_: None)
    outcomes, entries = ingest.run(as_of, log=lambda *_: None)
    with pytest.raises(PipelineError, match="model failed halfway"):
        warehouse.build(outcomes, entries, as_of, log=lambda *_: None)
    assert target.read_bytes() == before
    # no temporary file, WAL or staged records left (the lock is its caller's: pipeline/build/run.py
    # takes it once); the records live inside the warehouse, nothing beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["landmine.duckdb"]


def test_reader_does_not_block_a_build_and_sees_new_data_after_reconnecting(shipped_run, tmp_path, raw_copy,
                                                                            monkeypatch):
    """A notebook-like process holds a read-only connection during a build that changes the data:
    the build succeeds, the old connection keeps answering (old file), a new one sees the new data."""
    import shutil
    from pipeline.files import manifest
    from conftest import scratch_env

    processed = tmp_path / "processed"
    processed.mkdir()
    db = processed / "landmine.duckdb"
    shutil.copy2(shipped_run["warehouse"], db)  # the shared fixture's warehouse stays untouched
    demo = raw_copy / "demographics" / "demographics.csv"  # the new build has one row fewer
    demo.write_text("".join(demo.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8")
    monkeypatch.setenv("LANDMINE_RAW_DIR", str(raw_copy))
    manifest.register(demo)
    query = "select count(*) from raw.demographics"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb,sys; c=duckdb.connect(sys.argv[1], read_only=True); q=sys.argv[2]\n"
         "for line in sys.stdin:\n"
         "    if line.strip() == 'reconnect': c.close(); c=duckdb.connect(sys.argv[1], read_only=True)\n"
         "    print(c.execute(q).fetchall()[0][0], flush=True)\n", str(db), query],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(cmd):
        holder.stdin.write(cmd + "\n")
        holder.stdin.flush()
        return int(holder.stdout.readline())

    try:
        assert ask("query") == 15
        old_inode = db.stat().st_ino
        res = run_cli("build", env=scratch_env(tmp_path, raw=raw_copy))
        assert res.returncode == 0, res.stderr
        assert db.stat().st_ino != old_inode  # replaced, not written in place
        assert ask("query") == 15  # the open connection still reads the old, whole file
        assert ask("reconnect") == 14  # after reconnecting: the new data
        con = duckdb.connect(str(db), read_only=True)
        assert con.execute("select count(*) from marts.casualties_by_year").fetchall() == [(26,)]
        con.close()
    finally:
        holder.kill()
        holder.wait()


def test_a_source_with_two_files_loads_both(raw_copy, tmp_path):
    import yaml

    from conftest import in_process, register_raw

    folder = raw_copy / "demographics"
    lines = (folder / "demographics.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "part1.csv").write_text("".join(lines[:8]), encoding="utf-8")
    (folder / "part2.csv").write_text(lines[0] + "".join(lines[8:]), encoding="utf-8")
    (folder / "demographics.csv").unlink()
    data = yaml.safe_load((raw_copy / "manifest.yml").read_text(encoding="utf-8"))
    del data["files"]["demographics/demographics.csv"]
    (raw_copy / "manifest.yml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    register_raw(raw_copy)
    res = in_process(["build"], tmp_path, raw=raw_copy)
    assert res.returncode == 0, res.stderr
    con = duckdb.connect(str(tmp_path / "processed" / "landmine.duckdb"), read_only=True)
    try:
        assert con.execute("select _file, count(*) from raw.demographics group by 1 order by 1").fetchall() == [
            ("demographics/part1.csv", 7), ("demographics/part2.csv", 8)]
    finally:
        con.close()
