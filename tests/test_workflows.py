"""Every GitHub workflow validates against the GitHub workflow schema (check-jsonschema's vendored
copy, offline), passes zizmor's offline audit with no high-severity finding, pins every action to a
full commit SHA and grants no permission by default. The refresh workflow runs its steps in the
order docs/refresh.md gives (tests before the refresh; the data checks before the site and the
deployment), and only its deploy job may write to Pages; the CI workflow runs .ci/run on every
push and pull request, read-only. Each checker is also shown to reject a broken workflow, so these
tests can fail."""
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


def load(path: Path) -> dict:
    wf = yaml.safe_load(path.read_text(encoding="utf-8"))
    wf["on"] = wf.pop(True) if True in wf else wf["on"]  # YAML 1.1 reads the key `on` as true
    return wf


def unpinned(text: str) -> list[str]:
    """Every `uses:` not pinned to a full commit SHA with its version in a comment."""
    return [line.strip() for line in text.splitlines() if re.match(r"\s*-?\s*uses:", line)
            and not re.search(r"@[0-9a-f]{40}\s+#\s*v\d", line)]


def run_order(steps: list[dict], commands: list[str]) -> list[int]:
    """The index of the first step that runs each command (-1: no step runs it)."""
    return [next((i for i, s in enumerate(steps) if c in s.get("run", "")), -1) for c in commands]


def uses_step(steps: list[dict], action: str) -> int:
    return next((i for i, s in enumerate(steps) if s.get("uses", "").startswith(action + "@")), -1)


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} >= {"refresh.yml", "ci.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_and_every_job_says_its_permissions(path):
    text = path.read_text(encoding="utf-8")
    assert "uses:" in text and unpinned(text) == []
    wf = load(path)
    assert wf.get("permissions") in ({}, {"contents": "read"})  # nothing beyond reading, by default
    for name, job in wf["jobs"].items():
        granted = {**wf["permissions"], **job.get("permissions", {})}
        if name != "deploy":
            assert "pages" not in granted and "id-token" not in granted, name


def test_the_pinning_check_catches_a_tag_and_a_sha_without_its_version():
    text = ("steps:\n  - uses: actions/checkout@v4\n"
            "  - uses: actions/setup-python@0b93645e9fea7318ecaed2b359559ac225c90a2b\n"
            "  - uses: actions/cache@1bd1e32a3bdc45362d1e726936510720a7c30a57  # v4.2.0\n")
    assert unpinned(text) == ["- uses: actions/checkout@v4",
                              "- uses: actions/setup-python@0b93645e9fea7318ecaed2b359559ac225c90a2b"]


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


REFRESH_ORDER = ["make setup", "make test", "make refresh", "make report", "make check", "make diff", "make site"]


def refresh_order_problems(wf: dict) -> list[str]:
    """Where the refresh job's steps break docs/refresh.md's order: tests before anything is
    fetched, then refresh, build, data checks, the diff, the site, and the Pages artifact last."""
    steps = wf["jobs"]["refresh"]["steps"]
    found = run_order(steps, REFRESH_ORDER)
    problems = [f"no step runs `{c}`" for c, i in zip(REFRESH_ORDER, found) if i < 0]
    problems += [f"`{a}` runs after `{b}`" for (a, i), (b, j) in zip(zip(REFRESH_ORDER, found),
                                                                     zip(REFRESH_ORDER[1:], found[1:])) if i >= j]
    pages = uses_step(steps, "actions/upload-pages-artifact")
    if pages <= found[-1]:
        problems.append("the Pages artifact is not uploaded after `make site`")
    return problems


def test_the_refresh_workflow_runs_tests_first_and_checks_before_the_site():
    wf = load(ROOT / ".github/workflows/refresh.yml")
    assert refresh_order_problems(wf) == []
    steps = wf["jobs"]["refresh"]["steps"]
    check = steps[run_order(steps, ["make check"])[0]]
    assert "if" not in check  # a failed data check stops the job: no site, no deployment
    upload = steps[uses_step(steps, "actions/upload-pages-artifact")]
    assert upload["with"]["path"].rstrip("/") == "site" and "if" not in upload


def test_the_order_check_catches_a_refresh_before_the_tests_and_a_site_before_the_checks():
    wf = load(ROOT / ".github/workflows/refresh.yml")
    steps = wf["jobs"]["refresh"]["steps"]
    i, j = run_order(steps, ["make test", "make refresh"])
    steps[i], steps[j] = steps[j], steps[i]
    assert "`make test` runs after `make refresh`" in refresh_order_problems(wf)
    wf = load(ROOT / ".github/workflows/refresh.yml")
    steps = wf["jobs"]["refresh"]["steps"]
    steps.pop(run_order(steps, ["make check"])[0])
    assert "no step runs `make check`" in refresh_order_problems(wf)


def test_only_the_deploy_job_writes_to_pages_after_the_refresh_job():
    jobs = load(ROOT / ".github/workflows/refresh.yml")["jobs"]
    deploy = jobs["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "refresh" and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert "steps.deployment.outputs.page_url" in deploy["environment"]["url"]
    assert jobs["refresh"]["permissions"] == {"contents": "read", "actions": "read"}


def test_refresh_workflow_does_what_the_readme_says():
    text = (ROOT / ".github/workflows/refresh.yml").read_text()
    wf = load(ROOT / ".github/workflows/refresh.yml")
    on = wf["on"]
    assert on["schedule"][0]["cron"] and "workflow_dispatch" in on
    assert wf["permissions"] == {}  # least privilege: each job asks for what it needs
    jobs = wf["jobs"]
    assert jobs["propose"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    cond = jobs["refresh"]["if"]
    assert "github.event_name == 'schedule'" in cond and "default_branch" in cond
    steps = jobs["refresh"]["steps"]
    py = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert py["with"]["cache"] == "pip"
    uploads = {s["with"]["name"]: s["with"] for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")}
    assert "reports/" in uploads["report"]["path"]
    assert "data/processed/landmine.duckdb" in uploads["warehouse"]["path"]
    assert uploads["data-diff"]["path"] == "data-diff.md"
    assert all(u["if-no-files-found"] == "error" for u in uploads.values())
    diff = steps[run_order(steps, ["make diff"])[0]]["run"]
    assert "GITHUB_STEP_SUMMARY" in diff and "data-diff.md" in diff and "No data diff" in diff
    prop = [s for s in jobs["propose"]["steps"] if s.get("uses", "").startswith("peter-evans/create-pull-request@")]
    assert prop and "data/raw" in prop[0]["with"]["add-paths"]
    assert prop[0]["with"]["body-path"].endswith("pr-body.md")
    body = next(s for s in jobs["propose"]["steps"] if "pr-body.md" in s.get("env", {}).get("BODY", ""))
    assert "data-diff.md" in body["env"]["DIFF"] and '"$DIFF"' in body["run"]
    assert "${{" not in body["run"]  # values reach the script through env, never by template expansion
    assert unpinned(text) == []


def test_ci_workflow_runs_the_readme_test_command_on_every_push_and_pull_request():
    wf = load(ROOT / ".github/workflows/ci.yml")
    assert "push" in wf["on"] and "pull_request" in wf["on"]
    assert wf["permissions"] == {"contents": "read"}
    (job,) = wf["jobs"].values()
    assert "permissions" not in job  # nothing beyond the workflow's read-only default
    runs = [s["run"] for s in job["steps"] if "run" in s]
    assert runs == ["bash .ci/run"]
    checkout = job["steps"][uses_step(job["steps"], "actions/checkout")]
    assert checkout["with"]["persist-credentials"] is False
