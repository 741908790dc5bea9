"""Shared fixtures: a real pipeline run on the shipped data into a scratch folder, and helpers to
validate tiny hand-made frames. Numbers in fixtures here are test inputs, not Monitor figures."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

os.environ["GX_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def scratch_env(tmp: Path, raw: Path | None = None) -> dict:
    """Environment that points the pipeline's outputs (and optionally raw/) at a scratch folder."""
    env = dict(os.environ)
    env.update({"LANDMINE_PROCESSED_DIR": str(tmp / "processed"),
                "LANDMINE_REPORTS_DIR": str(tmp / "reports"),
                "GX_ANALYTICS_ENABLED": "False", "MPLBACKEND": "Agg"})
    env.pop("LANDMINE_WAREHOUSE", None)
    if raw is not None:
        env["LANDMINE_RAW_DIR"] = str(raw)
    return env


def run_cli(*args, env=None, cwd=ROOT, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


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
    (Kosovo) and a state with NULLs in its profile (EST), into the scratch reports/profiles/."""
    for country in ("UKR", "Kosovo", "EST"):
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
    from pipeline import manifest

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
