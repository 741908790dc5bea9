"""The command line: verbs listed, Make targets are aliases, user mistakes give a message and a
non-zero exit, never a traceback."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import FROZEN_RAW, ROOT, run_cli
from pipeline import sources


def test_help_lists_the_verbs():
    res = run_cli("--help")
    assert res.returncode == 0
    for verb in ("ingest", "validate", "build", "report", "all", "sources", "plan", "register", "check", "diff"):
        assert verb in res.stdout


def test_make_help_describes_each_target_and_targets_call_the_cli():
    res = subprocess.run(["make", "help"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0
    for target in ("report", "build", "validate", "ingest", "test", "check", "diff"):
        assert f"make {target}" in res.stdout
    makefile = (ROOT / "Makefile").read_text()
    for verb in ("all", "build", "validate", "ingest", "sources", "plan", "check", "diff"):
        assert f"-m pipeline {verb}" in makefile


def test_sources_lists_each_source_with_files_and_rows():
    res = run_cli("sources")
    assert res.returncode == 0
    lines = res.stdout.strip().splitlines()
    assert [ln.split("\t")[0] for ln in lines] == sources.NAMES  # every declared source, in order
    n = len((FROZEN_RAW / "global_casualties" / "global_casualties.csv").read_text(
        encoding="utf-8").splitlines()) - 1
    assert f"{FROZEN_RAW}/global_casualties/global_casualties.csv ({n} rows)" in lines[0]
    from pipeline.sources import get
    d = get("casualty_records").describe()  # each source describes its columns and rules the same way
    assert f"\t{len(d['columns'])} columns, {len(d['rules'])} rules\t" in lines[-1]
    assert "colombia_aicma/yhxn-eqqw_2025-09_ardominguezm.csv (12390 rows)" in lines[-1]


def test_plan_prints_sources_models_reports():
    res = run_cli("plan")
    assert res.returncode == 0
    assert "marts.casualties_by_year" in res.stdout and "reports/index.html" in res.stdout


def test_user_mistakes_get_a_message_not_a_traceback(tmp_path):
    res = run_cli("register", str(tmp_path / "nope.csv"))
    assert res.returncode == 2
    assert res.stderr.startswith("error:") and "Traceback" not in res.stderr


def test_report_without_a_warehouse_says_what_to_run(tmp_path):
    from conftest import scratch_env
    res = run_cli("report", env=scratch_env(tmp_path))
    assert res.returncode == 2
    assert "make report" in res.stderr and "Traceback" not in res.stderr


def test_unknown_verb_is_a_usage_error():
    res = run_cli("frobnicate")
    assert res.returncode == 2 and "invalid choice" in res.stderr


@pytest.mark.parametrize("argv", [["plan"], ["sources"], ["--help"]])
@pytest.mark.parametrize("reader", ["gone before the first line", "reads one line, then goes"])
def test_a_closed_pipe_ends_quietly(argv, reader):
    """`landmine plan | head`: when the reader closes the pipe the command stops, exit 0, and says
    nothing on stderr (no BrokenPipeError traceback, no 'Exception ignored')."""
    p = subprocess.Popen([sys.executable, "-m", "pipeline", *argv], cwd=ROOT, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    if reader.startswith("reads"):
        assert p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 0, err
    assert err == ""
