"""Crash safety and concurrency of `python -m pipeline build`, on real processes and a real DuckDB
file: a build SIGKILLed at known points (LANDMINE_PAUSE_AT, pipeline/build/faults.py) leaves the previous
warehouse whole and the next build succeeds; two builds at once never corrupt the warehouse; the raw
folder is never modified. On the small fixture data (tests/fixtures/mini_raw): the point is the
process and the file, not the figures."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, build_fixture, in_process, register_raw, run_cli, scratch_env
from pipeline.build import freshness


def raw_checksums(raw: Path) -> dict[str, str]:
    return {str(p.relative_to(raw)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(raw.rglob("*")) if p.is_file()}


def contents(db: Path) -> dict[str, tuple]:
    """Every table's row count and a hash of its sorted rows: the warehouse's whole content."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = con.execute("select table_schema, table_name from information_schema.tables "
                             "order by 1, 2").fetchall()
        out = {}
        for schema, name in tables:
            rows = con.execute(f'select * from "{schema}"."{name}"').fetchall()
            out[f"{schema}.{name}"] = (len(rows), hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest())
        return out
    finally:
        con.close()


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".building-" in p.name)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """A warehouse built from the fixture data (the 'previous' warehouse of every test), with the
    inputs it recorded; the fixture's raw files are unchanged by the build."""
    b = build_fixture(tmp_path_factory.mktemp("baseline"))
    assert b.res.returncode == 0, b.res.stdout + b.res.stderr
    b.con.close()
    return {"db": b.db, "contents": contents(b.db), "stamp": freshness.stamp_path(b.db), "raw": b.raw,
            "demographics": n_demographics(b.db)}


@pytest.fixture
def project(tmp_path, baseline, monkeypatch):
    """The previous warehouse in a scratch folder, and a raw copy where one demographics row was
    deliberately removed and re-registered, so the next build's data differs from the old."""
    processed = tmp_path / "processed"
    processed.mkdir()
    shutil.copy2(baseline["db"], processed / "landmine.duckdb")
    shutil.copy2(baseline["stamp"], freshness.stamp_path(processed / "landmine.duckdb"))
    raw = tmp_path / "raw"
    shutil.copytree(baseline["raw"], raw)
    demo = raw / "demographics" / "demographics.csv"
    old_sha = raw_checksums(raw)["demographics/demographics.csv"]
    demo.write_text("".join(demo.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8")
    register_raw(raw)
    return {"env": scratch_env(tmp_path, raw=raw, fixture_publishers=True), "processed": processed,
            "db": processed / "landmine.duckdb", "raw": raw, "tmp": tmp_path,
            "demographics": {"old": baseline["demographics"], "new": baseline["demographics"] - 1},
            "demographics_sha": {"old": old_sha, "new": raw_checksums(raw)["demographics/demographics.csv"]}}


def recorded_demographics(project) -> str | None:
    """The demographics checksum the warehouse's recorded inputs name (None: no record)."""
    stamp = freshness.read(freshness.stamp_path(project["db"]))
    return stamp["files"]["raw/demographics/demographics.csv"]["sha256"] if stamp else None


def start_build(env, pause_at, **extra):
    env = dict(env, LANDMINE_PAUSE_AT=pause_at, **extra)
    return subprocess.Popen([sys.executable, "-m", "pipeline", "build"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_for(proc, text) -> list[str]:
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"process ended without {text!r}: {seen}")


def n_demographics(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select count(*) from raw.demographics").fetchall()[0][0]
    finally:
        con.close()


@pytest.mark.parametrize("point", ["ingest", "models", "replace", "replaced"])
def test_sigkill_at_each_point_leaves_a_whole_warehouse_and_the_next_build_succeeds(project, baseline, point):
    raw_before = raw_checksums(project["raw"])
    proc = start_build(project["env"], point)
    try:
        wait_for(proc, f"paused at {point}")
        left = temporaries(project["processed"])
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    if point == "ingest":
        assert left == []  # killed before the warehouse was touched
    elif point in ("models", "replace"):
        assert left and all(".landmine.duckdb.building-" in n for n in left)  # debris of the killed build
    if point == "replaced":  # the swap had happened: the new warehouse, whole
        assert n_demographics(project["db"]) == project["demographics"]["new"]
        assert recorded_demographics(project) is None  # its inputs not yet recorded: the next build rebuilds
    else:  # the previous warehouse opens and holds its complete old contents
        assert contents(project["db"]) == baseline["contents"]
        assert n_demographics(project["db"]) == project["demographics"]["old"]
        # a record of inputs, if still there, is the old warehouse's, never the killed build's
        assert recorded_demographics(project) in (None, project["demographics_sha"]["old"])
    assert not Path(str(project["db"]) + ".wal").exists()

    res = in_process(["build"], project["tmp"], raw=project["raw"])  # the next build, in this process
    assert res.returncode == 0, res.stdout + res.stderr
    assert "waiting" not in res.stderr  # the dead build's lock went with it
    if left:
        assert f"removed {len(left)} temporary file(s) left by an interrupted build" in res.stdout
    assert temporaries(project["processed"]) == []
    assert n_demographics(project["db"]) == project["demographics"]["new"]
    assert recorded_demographics(project) == project["demographics_sha"]["new"]
    assert raw_checksums(project["raw"]) == raw_before  # neither the killed nor the next build wrote raw/


def test_two_builds_at_once_one_waits_or_refuses_and_the_warehouse_stays_whole(project, baseline):
    release = project["tmp"] / "release"
    first = start_build(project["env"], "models", LANDMINE_PAUSE_RELEASE=str(release))
    try:
        wait_for(first, "paused at models")  # first holds the lock, half-way through its build
        refused = run_cli("build", env=dict(project["env"], LANDMINE_LOCK_TIMEOUT="0"))
        assert refused.returncode == 2
        assert refused.stderr.startswith(f"error: another build is running (pid {first.pid}, started ")
        assert "Traceback" not in refused.stderr
        assert n_demographics(project["db"]) == project["demographics"]["old"]  # untouched by either
        second = subprocess.Popen([sys.executable, "-m", "pipeline", "build"], cwd=ROOT, env=project["env"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_for(second, f"another build is running (pid {first.pid}")
        release.touch()
        out2, err2 = second.communicate(timeout=300)
        out1, err1 = first.communicate(timeout=300)
    finally:
        first.kill()
        first.wait()
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert "the other build has finished; building now" in err2
    assert temporaries(project["processed"]) == []
    assert n_demographics(project["db"]) == project["demographics"]["new"]
    assert set(contents(project["db"])) == set(baseline["contents"])  # whole: every table there and readable


def test_validate_file_never_writes_anything(project, tmp_path):
    """Checking a file (even one inside data/raw/) writes no warehouse, no report, no raw file."""
    raw_before = raw_checksums(project["raw"])
    db_before = project["db"].stat().st_mtime_ns
    target = project["raw"] / "demographics" / "demographics.csv"
    res = run_cli("validate", "--source", "demographics", "--file", str(target), env=project["env"])
    assert res.returncode == 0, res.stderr
    n = project["demographics"]["new"]
    assert f"rows read {n} = would load {n} + would quarantine 0" in res.stdout
    assert raw_checksums(project["raw"]) == raw_before
    assert project["db"].stat().st_mtime_ns == db_before
    assert not (tmp_path / "reports").exists()
    assert sorted(os.listdir(project["processed"])) == ["landmine.duckdb", "landmine.duckdb.inputs.json"]
