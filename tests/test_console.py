"""`landmine <verb>`: the console script installed with the project is the same CLI as
`python -m pipeline <verb>` (same verbs, output and exit codes)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli


def landmine() -> str:
    exe = Path(sys.executable).with_name("landmine")
    if exe.exists():
        return str(exe)
    found = shutil.which("landmine")
    if not found:
        pytest.fail("no `landmine` command next to this Python: the project's [project.scripts] entry "
                    "is missing or the project is not installed (make setup)")
    return found


def test_landmine_command_runs_the_same_cli():
    res = subprocess.run([landmine(), "sources"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    same = run_cli("sources")
    assert res.returncode == 0 == same.returncode, res.stderr
    assert res.stdout == same.stdout and "global_casualties" in res.stdout


def test_landmine_help_and_errors_name_the_command():
    res = subprocess.run([landmine(), "--help"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and res.stdout.startswith("usage: landmine ")
    bad = subprocess.run([landmine(), "frobnicate"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "landmine: error: argument <verb>: invalid choice" in bad.stderr
