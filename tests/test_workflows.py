"""Every GitHub workflow validates against the GitHub workflow schema (check-jsonschema's vendored
copy, offline) and passes zizmor's offline audit with no high-severity finding; the refresh
workflow does what the README says. Each checker is also shown to reject a broken workflow, so
these tests can fail."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    path = BIN / name if (BIN / name).exists() else shutil.which(name)
    assert path, f"{name} is not installed: it is in the dev extras (make setup)"
    return str(path)


def schema_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
                          capture_output=True, text=True, timeout=120)


def zizmor(path: Path) -> list[dict]:
    res = subprocess.run([tool("zizmor"), "--offline", "--no-progress", "--format", "json", str(path)],
                         capture_output=True, text=True, timeout=120)
    # zizmor exits non-zero when it has findings; a crash prints no JSON
    assert res.stdout.strip().startswith("["), res.stdout + res.stderr
    return json.loads(res.stdout)


def high(findings: list[dict]) -> list[str]:
    return [f"{f['ident']}: {f['desc']}" for f in findings
            if f["determinations"]["severity"].lower() == "high"]


def test_there_are_workflows():
    assert ROOT.joinpath(".github/workflows/refresh.yml") in WORKFLOWS


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_schema(path):
    res = schema_check(path)
    assert res.returncode == 0, res.stdout + res.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_has_no_high_severity_zizmor_finding(path):
    assert high(zizmor(path)) == []


BROKEN = """\
name: broken
on:
  pull_request_target:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""


def test_the_checkers_reject_a_bad_workflow(tmp_path):
    bad_schema = tmp_path / "schema.yml"
    bad_schema.write_text("name: x\non: push\njobs:\n  a:\n    steps:\n      - run: echo\n")  # no runs-on
    res = schema_check(bad_schema)
    assert res.returncode != 0 and "runs-on" in res.stdout + res.stderr
    bad = tmp_path / "injection.yml"
    bad.write_text(BROKEN)
    assert high(zizmor(bad)), "zizmor should flag template injection from a PR title"


def test_refresh_workflow_does_what_the_readme_says():
    text = (ROOT / ".github/workflows/refresh.yml").read_text()
    wf = yaml.safe_load(text)
    on = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key `on` as true
    assert on["schedule"][0]["cron"] and "workflow_dispatch" in on
    assert wf["permissions"] == {}  # least privilege: each job asks for what it needs
    jobs = wf["jobs"]
    assert jobs["refresh"]["permissions"] == {"contents": "read"}
    assert jobs["propose"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    cond = jobs["refresh"]["if"]
    assert "github.event_name == 'schedule'" in cond and "default_branch" in cond
    steps = jobs["refresh"]["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    assert runs.index("make refresh") < runs.index("make report") < runs.index("make test")
    py = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert py["with"]["cache"] == "pip"
    uploads = {s["with"]["name"]: s["with"] for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")}
    assert "reports/" in uploads["report"]["path"]
    assert "data/processed/landmine.duckdb" in uploads["warehouse"]["path"]
    assert all(u["if-no-files-found"] == "error" for u in uploads.values())
    prop = [s for s in jobs["propose"]["steps"] if s.get("uses", "").startswith("peter-evans/create-pull-request@")]
    assert prop and "data/raw" in prop[0]["with"]["add-paths"]
    # every action pinned to a full commit SHA with its version in a comment
    for line in text.splitlines():
        if re.match(r"\s*-?\s*uses:", line):
            assert re.search(r"@[0-9a-f]{40}\s+#\s*v\d", line), line
