"""Shared fixtures: a real pipeline run on the shipped data into a scratch folder, and helpers to
validate tiny hand-made frames. Numbers in fixtures here are test inputs, not Monitor figures.

Code tests run on frozen data: the shipped raw files as pinned in tests/fixtures/shipped_raw.lock.yml
(tests/frozen.py), never on whatever a refresh has put in data/raw/ since. LANDMINE_RAW_DIR points
every test (and every process a test starts) at that frozen copy, FROZEN_RAW."""
from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

os.environ["GX_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("MPLBACKEND", "Agg")
# Tests pin the build's as-of date (pipeline/build/asof.py), so no result depends on the day they run.
TEST_AS_OF = "2026-12-04"  # the day the reference set was copied (article5_status's seen_by): all shipped data published
os.environ["LANDMINE_AS_OF"] = TEST_AS_OF

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from frozen import materialize  # noqa: E402

FROZEN_RAW = materialize()
os.environ["LANDMINE_RAW_DIR"] = str(FROZEN_RAW)
# Made-up test figures cite reserved example domains (monitor.example.org, ngo.example.org, ...),
# classified only here, never in pipeline/seeds/publishers.csv (see pipeline/seeds/__init__.py).
FIXTURE_PUBLISHERS = FIXTURES / "publishers.csv"
FIXTURE_ENV = "LANDMINE_FIXTURE_PUBLISHERS"
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
    env["LANDMINE_RAW_DIR"] = str(raw if raw is not None else FROZEN_RAW)
    return env


def run_cli(*args, env=None, cwd=ROOT, timeout=600) -> subprocess.CompletedProcess:
    """The CLI in a new process: for tests where the process boundary is the point (exit codes
    and messages of the real command, crashes, locking, the end-to-end run)."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def in_process(argv: list[str], tmp: Path | None = None, raw: Path | None = None,
               env: dict | None = None) -> SimpleNamespace:
    """`python -m pipeline <argv>` in this process, outputs in `tmp` (and raw/ moved to `raw`), or
    with the LANDMINE_* variables of `env` (a scratch_env), with stdout, stderr and the exit code
    captured as run_cli gives them. Much cheaper than a subprocess: the imports (pandas, DuckDB,
    Great Expectations) are paid once per session."""
    from pipeline import cli

    env = env if env is not None else scratch_env(tmp, raw)
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        # the env's own LANDMINE_* only (the fixture publishers stay: a session-wide test setting)
        for k in [k for k in os.environ if k.startswith("LANDMINE_") and k not in env and k != FIXTURE_ENV]:
            mp.delenv(k)
        for k, v in env.items():
            if k.startswith("LANDMINE_"):
                mp.setenv(k, v)
        # `--as-of` pins LANDMINE_AS_OF for the process: restored when the command returns (the
        # sources redeclare their date rules whenever the date moved: pipeline.sources.get).
        mp.setenv("LANDMINE_AS_OF", env.get("LANDMINE_AS_OF", TEST_AS_OF))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = cli.main(list(argv))
            except SystemExit as exc:  # argparse on a bad command line, as the process would exit
                rc = exc.code
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
    b = build_fixture(tmp_path_factory.mktemp("mini"), "--strict", "--as-of", "2021-12-01")
    yield b
    if b.con:
        b.con.close()


# -- one build of the shipped data, shared by every test process ---------------------------------
# The controller starts it in the background when the whole suite runs (pytest_configure), so the
# workers run other tests meanwhile; a worker that needs it first waits, or starts it itself.
SHARED_ENV = "LANDMINE_TEST_SHARED"


def _shared_dir() -> Path:
    return Path(os.environ[SHARED_ENV])


def _launch(name: str, argv: list[str]) -> None:
    """Start `python -m pipeline <argv>` writing into the shared folder `name` (once)."""
    d = _shared_dir() / name
    d.mkdir(parents=True)
    env = scratch_env(d)
    cmd = shlex.join([sys.executable, "-m", "pipeline", *argv])
    script = f"cd {shlex.quote(str(ROOT))} && {cmd} > {d}/stdout 2> {d}/stderr; echo $? > {d}/rc.tmp && mv {d}/rc.tmp {d}/rc"
    subprocess.Popen(["sh", "-c", script], env=env, start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def shared_run(name: str, argv: list[str], timeout: float = 900) -> dict:
    """The result of a pipeline run shared by every test process: started once, awaited by all."""
    d = _shared_dir() / name
    with open(_shared_dir() / f"{name}.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        if not d.exists():
            _launch(name, argv)
    deadline = time.monotonic() + timeout
    while not (d / "rc").exists():
        assert time.monotonic() < deadline, f"shared run {name} did not finish in {timeout:g}s"
        time.sleep(0.2)
    rc = int((d / "rc").read_text().strip())
    out, err = (d / "stdout").read_text(), (d / "stderr").read_text()
    assert rc == 0, out + err
    return {"tmp": d, "env": scratch_env(d), "stdout": out, "warehouse": d / "processed" / "landmine.duckdb",
            "reports": d / "reports"}


def pytest_configure(config):
    if hasattr(config, "workerinput"):  # an xdist worker: the controller has set things up
        return
    os.environ[SHARED_ENV] = tempfile.mkdtemp(prefix="landmine-tests-")
    # GX's verdicts, remembered by content (pipeline/validate/memo.py), shared by every worker
    # and subprocess of this session: a frame validated once is not validated again
    os.environ["LANDMINE_CACHE_DIR"] = str(_shared_dir() / "validation-memo")
    whole_suite = not config.args or [Path(a).resolve() for a in config.args] == [ROOT / "tests"]
    if whole_suite and getattr(config.option, "numprocesses", None):
        with open(_shared_dir() / "shipped.lock", "w") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            _launch("shipped", ["all"])


def pytest_collection_modifyitems(config, items):
    """Files whose tests wait for the shared shipped build run last, so that no worker sits idle
    while it is being made in the background; a file that declares `RUN_FIRST = True` (a long
    setup of its own, such as `make report` in a copy of the project) starts at once. Stable:
    every worker sorts alike."""
    waits = {item.path for item in items if "shipped_run" in getattr(item, "fixturenames", ())}
    items.sort(key=lambda item: (not getattr(item.module, "RUN_FIRST", False), item.path in waits))


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput") and os.environ.get(SHARED_ENV):
        shipped = _shared_dir() / "shipped"
        deadline = time.monotonic() + 600  # a background build still running: let it end first
        while shipped.exists() and not (shipped / "rc").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        shutil.rmtree(_shared_dir(), ignore_errors=True)


@pytest.fixture(scope="session")
def shipped_run():
    """`python -m pipeline all` on the frozen shipped data, outputs in a shared scratch folder.
    Read-only for tests: copy what you change."""
    return shared_run("shipped", ["all"])


@pytest.fixture(scope="session")
def profiles(shipped_run, tmp_path_factory):
    """`python -m pipeline profile` for a country with figures (UKR), an other area with none
    (Kosovo), a state with NULLs in its profile (EST) and Colombia with its national register (COL),
    into this process's own reports/profiles/ (the shared warehouse is only read)."""
    env = dict(shipped_run["env"], LANDMINE_REPORTS_DIR=str(tmp_path_factory.mktemp("profiles")))
    for country in ("UKR", "Kosovo", "EST", "COL"):
        res = in_process(["profile", country], env=env)
        assert res.returncode == 0, res.stdout + res.stderr
    return Path(env["LANDMINE_REPORTS_DIR"]) / "profiles"


@pytest.fixture(scope="session")
def site_run(shipped_run, profiles, tmp_path_factory):
    """`python -m pipeline site` on a copy of the shipped report with country profiles added (as
    `make profile` puts them in reports/profiles/), into a scratch site/ folder."""
    tmp = tmp_path_factory.mktemp("site")
    reports = tmp / "reports"
    shutil.copytree(shipped_run["reports"], reports)
    shutil.copytree(profiles, reports / "profiles")
    env = dict(shipped_run["env"], LANDMINE_REPORTS_DIR=str(reports), LANDMINE_SITE_DIR=str(tmp / "site"))
    res = in_process(["site"], env=env)
    assert res.returncode == 0, res.stdout + res.stderr
    return {"site": tmp / "site", "stdout": res.stdout, "env": env, "built_in": [tmp, shipped_run["tmp"]]}


def copy_raw(dst: Path) -> Path:
    """A writable copy of the frozen raw data."""
    shutil.copytree(FROZEN_RAW, dst, ignore=shutil.ignore_patterns(".complete"))
    return dst


@pytest.fixture
def raw_copy(tmp_path):
    """A writable copy of the frozen data/raw/ (tests that change raw files use this)."""
    return copy_raw(tmp_path / "raw")


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """A text frame as Source.read would return it: every declared column, strings or None."""
    return pd.DataFrame([{c: (None if r.get(c) in (None, "") else str(r[c])) for c in columns} for r in rows],
                        columns=columns)


def fired(outcome) -> dict[str, list[int]]:
    """Rule name -> rows it flagged (only rules that flagged something)."""
    return {r.rule.name: r.rows for r in outcome.results if r.count}


def case_rows(valid: dict, cases: list[tuple[str, dict]], key: str = "source_url") -> list[dict]:
    """A valid row, then one row per (rule, change) case: `valid` with the change and, unless the
    change sets it, its own `key` value (so that no two rows repeat a uniqueness key). Case i is
    data row i + 2: one validation checks every case (GX's cost is per run, not per row)."""
    rows = [valid]
    for i, (_rule, change) in enumerate(cases):
        own = {key: f"{valid[key]}/case-{i}"} if key not in change else {}
        rows.append({**valid, **own, **change})
    return rows


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
