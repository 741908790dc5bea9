"""Shared fixtures: a real pipeline run on the shipped data into a scratch folder, and helpers to
validate tiny hand-made frames. Numbers in fixtures here are test inputs, not Monitor figures."""
from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

os.environ["GX_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("MPLBACKEND", "Agg")
# Tests pin the build's as-of date (pipeline/build/asof.py), so no result depends on the day they run.
TEST_AS_OF = "2026-12-01"
os.environ["LANDMINE_AS_OF"] = TEST_AS_OF

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Made-up test figures cite reserved example domains (monitor.example.org, ngo.example.org, ...),
# classified only here, never in pipeline/seeds/publishers.csv (see pipeline/seeds/__init__.py).
FIXTURE_PUBLISHERS = FIXTURES / "publishers.csv"
os.environ["LANDMINE_FIXTURE_PUBLISHERS"] = str(FIXTURE_PUBLISHERS)


def shown_lines(lines) -> list[str]:
    """The lines a docs sample of real output shows: blank lines and `...` (an elision) dropped."""
    return [ln for ln in lines if ln.strip() and ln.strip() != "..."]


def mini_raw_rows() -> int:
    """Every data row of the fixture raw files (tests/fixtures/mini_raw), counted with the csv
    module, so a source added with its fixture does not break hard-coded totals."""
    return sum(len(list(csv.reader(f.open(encoding="utf-8", newline="")))) - 1
               for f in (FIXTURES / "mini_raw").rglob("*.csv"))


def scratch_env(tmp: Path, raw: Path | None = None, fixture_publishers: bool = False) -> dict:
    """Environment that points the pipeline's outputs (and optionally raw/) at a scratch folder.
    Only a build of test fixtures (fixture_publishers=True) accepts the example domains."""
    env = dict(os.environ)
    if not fixture_publishers:
        env.pop("LANDMINE_FIXTURE_PUBLISHERS", None)
    env.update({"LANDMINE_PROCESSED_DIR": str(tmp / "processed"),
                "LANDMINE_REPORTS_DIR": str(tmp / "reports"),
                "GX_ANALYTICS_ENABLED": "False", "MPLBACKEND": "Agg"})
    env.pop("LANDMINE_WAREHOUSE", None)
    if raw is not None:
        env["LANDMINE_RAW_DIR"] = str(raw)
    return env


def run_cli(*args, env=None, cwd=ROOT, timeout=600) -> subprocess.CompletedProcess:
    """The CLI in a new process: for tests where the process boundary is the point (exit codes
    and messages of the real command, crashes, locking, the end-to-end run)."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def in_process(argv: list[str], tmp: Path, raw: Path | None = None) -> SimpleNamespace:
    """`python -m pipeline <argv>` in this process, outputs in `tmp` (and raw/ moved to `raw`),
    with stdout, stderr and the exit code captured as run_cli gives them. Much cheaper than a
    subprocess: the imports (pandas, DuckDB, Great Expectations) are paid once per session."""
    from pipeline import cli

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        for k, v in scratch_env(tmp, raw).items():
            if k.startswith("LANDMINE_"):
                mp.setenv(k, v)
        mp.delenv("LANDMINE_WAREHOUSE", raising=False)
        # `--as-of` pins LANDMINE_AS_OF for the process: restored when the command returns (the
        # sources redeclare their date rules whenever the date moved: pipeline.sources.get).
        mp.setenv("LANDMINE_AS_OF", os.environ.get("LANDMINE_AS_OF", TEST_AS_OF))
        if raw is None:
            mp.delenv("LANDMINE_RAW_DIR", raising=False)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = cli.main(list(argv))
    return SimpleNamespace(returncode=rc, stdout=out.getvalue(), stderr=err.getvalue())


def build_fixture(tmp: Path, *args, prepare=None) -> SimpleNamespace:
    """A warehouse built in-process from a copy of tests/fixtures/mini_raw (`prepare(raw)` may
    change the copy first); returns the build's result and a read-only connection."""
    import duckdb

    raw = tmp / "raw"
    shutil.copytree(FIXTURES / "mini_raw", raw)
    if prepare:
        prepare(raw)
    register_raw(raw)
    res = in_process(["build", *args], tmp, raw=raw)
    db = tmp / "processed" / "landmine.duckdb"
    con = duckdb.connect(str(db), read_only=True) if db.exists() else None
    return SimpleNamespace(res=res, con=con, db=db, tmp=tmp, raw=raw)


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory):
    """`build --strict` on tests/fixtures/mini_raw, once per session, in-process: the fixture
    warehouse the model and mart tests query (read-only; a test that needs to change it builds
    its own)."""
    # the fixture's world as it stood on its latest dated event (the build's as-of date, issue 9)
    b = build_fixture(tmp_path_factory.mktemp("mini"), "--strict", "--as-of", "2021-02-01")
    yield b
    if b.con:
        b.con.close()


@pytest.fixture(scope="session")
def shipped_run(tmp_path_factory):
    """`python -m pipeline all` on the shipped data/raw/, outputs in a scratch folder."""
    tmp = tmp_path_factory.mktemp("shipped")
    env = scratch_env(tmp)
    res = run_cli("all", env=env)
    assert res.returncode == 0, res.stdout + res.stderr
    return {"tmp": tmp, "env": env, "stdout": res.stdout,
            "warehouse": tmp / "processed" / "landmine.duckdb", "reports": tmp / "reports"}


@pytest.fixture(scope="session")
def profiles(shipped_run):
    """`python -m pipeline profile` for a country with figures (UKR), an other area with none
    (Kosovo), a state with NULLs in its profile (EST) and Colombia with its national register (COL),
    into the scratch reports/profiles/."""
    for country in ("UKR", "Kosovo", "EST", "COL"):
        res = run_cli("profile", country, env=shipped_run["env"])
        assert res.returncode == 0, res.stdout + res.stderr
    return shipped_run["reports"] / "profiles"


@pytest.fixture
def raw_copy(tmp_path):
    """A writable copy of data/raw/ (tests that change raw files use this, never the real one)."""
    dst = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", dst)
    return dst


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """A text frame as Source.read would return it: every declared column, strings or None."""
    return pd.DataFrame([{c: (None if r.get(c) in (None, "") else str(r[c])) for c in columns} for r in rows],
                        columns=columns)


def fired(outcome) -> dict[str, list[int]]:
    """Rule name -> rows it flagged (only rules that flagged something)."""
    return {r.rule.name: r.rows for r in outcome.results if r.count}


def register_raw(raw: Path) -> None:
    """Register every CSV under a fixture raw folder in that folder's own manifest (in-process,
    as `python -m pipeline register` does); the source is the first folder of its path."""
    from pipeline.files import manifest

    old = os.environ.get("LANDMINE_RAW_DIR")
    os.environ["LANDMINE_RAW_DIR"] = str(raw)
    try:
        for f in sorted(raw.rglob("*.csv")):
            manifest.register(f, source=f.relative_to(raw).parts[0])
    finally:
        if old is None:
            os.environ.pop("LANDMINE_RAW_DIR")
        else:
            os.environ["LANDMINE_RAW_DIR"] = old
