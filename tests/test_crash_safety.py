"""Crash safety and concurrency of `python -m pipeline build`, on real processes and a real DuckDB
file: a build SIGKILLed at known points (LANDMINE_PAUSE_AT, pipeline/build/faults.py) leaves the previous
warehouse whole and the next build succeeds; two builds at once never corrupt the warehouse; data/raw/
is never modified."""
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
import yaml

from conftest import ROOT, run_cli, scratch_env
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
def baseline(shipped_run):
    """The warehouse the session's `pipeline all` built from the shipped data/raw/ (the 'previous'
    warehouse of every test), with the inputs it recorded."""
    raw = ROOT / "data" / "raw"
    manifest = yaml.safe_load((raw / "manifest.yml").read_text(encoding="utf-8"))["files"]
    # the build never touches data/raw/: every file still has the checksum its manifest records
    on_disk = raw_checksums(raw)
    assert {path: on_disk.get(path) for path in manifest} == {path: meta["sha256"] for path, meta in manifest.items()}
    db = shipped_run["warehouse"]
    return {"db": db, "contents": contents(db), "stamp": freshness.stamp_path(db)}


@pytest.fixture
def project(tmp_path, baseline, raw_copy, monkeypatch):
    """The previous warehouse in a scratch folder, and a raw copy where one demographics row was
    deliberately removed and re-registered, so the next build's data differs from the old."""
    processed = tmp_path / "processed"
    processed.mkdir()
    shutil.copy2(baseline["db"], processed / "landmine.duckdb")
    shutil.copy2(baseline["stamp"], freshness.stamp_path(processed / "landmine.duckdb"))
    demo = raw_copy / "demographics" / "demographics.csv"
    demo.write_text("".join(demo.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8")
    monkeypatch.setenv("LANDMINE_RAW_DIR", str(raw_copy))
    from pipeline.files import manifest
    manifest.register(demo)
    return {"env": scratch_env(tmp_path, raw=raw_copy), "processed": processed,
            "db": processed / "landmine.duckdb", "raw": raw_copy, "tmp": tmp_path,
            "demographics_sha": {"old": raw_checksums(ROOT / "data" / "raw")["demographics/demographics.csv"],
                                 "new": manifest.sha256(demo)}}


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
        assert n_demographics(project["db"]) == 14
        assert recorded_demographics(project) is None  # its inputs not yet recorded: the next build rebuilds
    else:  # the previous warehouse opens and holds its complete old contents
        assert contents(project["db"]) == baseline["contents"]
        assert n_demographics(project["db"]) == 15
        # a record of inputs, if still there, is the old warehouse's, never the killed build's
        assert recorded_demographics(project) in (None, project["demographics_sha"]["old"])
    assert not Path(str(project["db"]) + ".wal").exists()

    res = run_cli("build", env=project["env"])
    assert res.returncode == 0, res.stdout + res.stderr
    assert "waiting" not in res.stderr  # the dead build's lock went with it
    if left:
        assert f"removed {len(left)} temporary file(s) left by an interrupted build" in res.stdout
    assert temporaries(project["processed"]) == []
    assert n_demographics(project["db"]) == 14
    assert recorded_demographics(project) == project["demographics_sha"]["new"]
    assert raw_checksums(project["raw"]) == raw_before  # neither the killed nor the next build wrote raw/


def test_two_builds_at_once_one_waits_or_refuses_and_the_warehouse_stays_whole(project):
    release = project["tmp"] / "release"
    first = start_build(project["env"], "models", LANDMINE_PAUSE_RELEASE=str(release))
    try:
        wait_for(first, "paused at models")  # first holds the lock, half-way through its build
        refused = run_cli("build", env=dict(project["env"], LANDMINE_LOCK_TIMEOUT="0"))
        assert refused.returncode == 2
        assert refused.stderr.startswith(f"error: another build is running (pid {first.pid}, started ")
        assert "Traceback" not in refused.stderr
        assert n_demographics(project["db"]) == 15  # untouched by either
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
    assert n_demographics(project["db"]) == 14
    con = duckdb.connect(str(project["db"]), read_only=True)
    assert con.execute("select count(*) from marts.casualties_by_year").fetchall() == [(26,)]
    con.close()


def test_validate_file_never_writes_anything(project, tmp_path):
    """Checking a file (even one inside data/raw/) writes no warehouse, no report, no raw file."""
    raw_before = raw_checksums(project["raw"])
    db_before = project["db"].stat().st_mtime_ns
    target = project["raw"] / "demographics" / "demographics.csv"
    res = run_cli("validate", "--source", "demographics", "--file", str(target), env=project["env"])
    assert res.returncode == 0, res.stderr
    assert "rows read 14 = would load 14 + would quarantine 0" in res.stdout
    assert raw_checksums(project["raw"]) == raw_before
    assert project["db"].stat().st_mtime_ns == db_before
    assert not (tmp_path / "reports").exists()
    assert sorted(os.listdir(project["processed"])) == ["landmine.duckdb", "landmine.duckdb.inputs.json"]
