"""The warehouse file: read-only connections for analysts, atomic replacement, a failed build
leaves the previous warehouse intact, and a reader does not block a build."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from pipeline import connect
from pipeline.build import ingest, warehouse
from pipeline.errors import PipelineError

from conftest import FIXTURES, FROZEN_RAW, TEST_AS_OF, in_process, register_raw, run_cli, scratch_env

MINI_AS_OF = "2021-12-01"  # the fixture's world (as the session's mini_build)


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


def _mini_raw(tmp_path) -> Path:
    """A registered copy of the fixture data (tests/fixtures/mini_raw): what these tests build is
    the point, not how much (the shipped data would cost a full build each)."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "mini_raw", raw)
    register_raw(raw)
    return raw


def _data_rows(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_failed_build_leaves_the_previous_warehouse_intact(tmp_path, monkeypatch):
    monkeypatch.setenv("LANDMINE_PROCESSED_DIR", str(tmp_path / "processed"))
    monkeypatch.setenv("LANDMINE_RAW_DIR", str(_mini_raw(tmp_path)))
    as_of = dt.date.fromisoformat(MINI_AS_OF)
    outcomes, entries = ingest.run(as_of, log=lambda *_: None)
    target, _ = warehouse.build(outcomes, entries, as_of, log=lambda *_: None)
    before = target.read_bytes()

    def broken(con, order=None, log=print):
        con.execute("create table marts.half as select 1")
        raise PipelineError("model failed halfway")

    monkeypatch.setattr(warehouse, "run_models", broken)
    with pytest.raises(PipelineError, match="model failed halfway"):
        warehouse.build(outcomes, entries, as_of, log=lambda *_: None)
    assert target.read_bytes() == before
    # no temporary file or WAL left (the lock is its caller's: pipeline/build/run.py takes it once)
    assert sorted(p.name for p in target.parent.iterdir()) == ["landmine.duckdb"]


def test_a_build_that_took_over_staged_records_refuses_to_run_twice(tmp_path, monkeypatch):
    """The build takes over the records staged by ingest: a second build from the same ingest is
    refused (the records must be validated, staged, again)."""
    monkeypatch.setenv("LANDMINE_PROCESSED_DIR", str(tmp_path / "processed"))
    raw = _mini_raw(tmp_path)
    records = FROZEN_RAW / "casualty_records" / "colombia_aicma"
    dst = raw / "casualty_records" / "colombia_aicma"
    dst.mkdir(parents=True)
    first = sorted(records.glob("*.csv"))[0]
    for f in (first, records / "mapping.yml"):
        shutil.copy2(f, dst / f.name)
    register_raw(raw)
    monkeypatch.setenv("LANDMINE_RAW_DIR", str(raw))
    as_of = dt.date.fromisoformat(TEST_AS_OF)
    outcomes, entries = ingest.run(as_of, log=lambda *_: None)
    warehouse.build(outcomes, entries, as_of, log=lambda *_: None)
    with pytest.raises(PipelineError, match="staged rows"):
        warehouse.build(outcomes, entries, as_of, log=lambda *_: None)


def test_reader_does_not_block_a_build_and_sees_new_data_after_reconnecting(mini_build, tmp_path):
    """A notebook-like process holds a read-only connection during a build that changes the data:
    the build succeeds, the old connection keeps answering (old file), a new one sees the new data."""
    processed = tmp_path / "processed"
    processed.mkdir()
    db = processed / "landmine.duckdb"
    shutil.copy2(mini_build.db, db)  # the shared fixture's warehouse stays untouched
    raw = _mini_raw(tmp_path)
    demo = raw / "demographics" / "demographics.csv"  # the new build has one row fewer
    rows = _data_rows(demo)
    demo.write_text("".join(rows[:-1]), encoding="utf-8")
    register_raw(raw)
    n = len(rows) - 1
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
        assert ask("query") == n
        old_inode = db.stat().st_ino
        res = run_cli("build", "--as-of", MINI_AS_OF, env=scratch_env(tmp_path, raw=raw, fixture_publishers=True))
        assert res.returncode == 0, res.stderr
        assert db.stat().st_ino != old_inode  # replaced, not written in place
        assert ask("query") == n  # the open connection still reads the old, whole file
        assert ask("reconnect") == n - 1  # after reconnecting: the new data
    finally:
        holder.kill()
        holder.wait()


def test_a_source_with_two_files_loads_both(tmp_path):
    raw = _mini_raw(tmp_path)
    folder = raw / "demographics"
    lines = _data_rows(folder / "demographics.csv")
    (folder / "part1.csv").write_text("".join(lines[:2]), encoding="utf-8")
    (folder / "part2.csv").write_text(lines[0] + "".join(lines[2:]), encoding="utf-8")
    (folder / "demographics.csv").unlink()
    data = yaml.safe_load((raw / "manifest.yml").read_text(encoding="utf-8"))
    del data["files"]["demographics/demographics.csv"]
    (raw / "manifest.yml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    register_raw(raw)
    res = in_process(["build", "--as-of", MINI_AS_OF], tmp_path, raw=raw)
    assert res.returncode == 0, res.stderr
    con = duckdb.connect(str(tmp_path / "processed" / "landmine.duckdb"), read_only=True)
    try:
        assert con.execute("select _file, count(*) from raw.demographics group by 1 order by 1").fetchall() == [
            ("demographics/part1.csv", 1), ("demographics/part2.csv", len(lines) - 2)]
    finally:
        con.close()
