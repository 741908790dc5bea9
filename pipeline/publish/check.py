"""`landmine check`: data checks of the warehouse built from whatever data is present, not of the
code. Code tests run on frozen data (tests/frozen.py) and pass on any checkout; these checks ask
whether today's data hold: every model's contract (columns, types, column tests, unique key), every
expression test, rows read = loaded + quarantined per file (and each source's raw table holds
exactly its loaded rows, audit.quarantine exactly its quarantined rows), and the cross-dataset
rules. They reuse the build's own checks (pipeline/build/contracts.py, checks.py) on the built
file, read-only, so a refresh is checked by the same rules that built it."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..build import checks as cross
from ..build.contracts import LAYERS, column_mismatch, contracts, expression_problems, shape_problems
from ..build.warehouse import connect
from ..errors import PipelineError
from ..files import paths
from ..sql import quote

SHOWN = 10  # problems printed per family; the count says how many there are


@dataclass
class Family:
    """One family of checks: what was checked (as printed) and what failed."""
    name: str
    checked: str
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"  {self.name}: {self.checked}, " + (f"{len(self.problems)} problem(s)" if self.problems else "ok")


def contract_families(con: duckdb.DuckDBPyConnection) -> list[Family]:
    """Every contract of every layer (staging, intermediate, marts), then their expression tests
    (on the models that are built with their declared columns)."""
    models = [m for layer in LAYERS for m in contracts(layer)]
    built = [m for m in models if not column_mismatch(con, m)]
    n_tests = sum(len(m.get("expression_tests", [])) for m in models)
    return [Family("contracts", f"{len(models)} models (columns, types, column tests, unique keys)",
                   [p for m in models for p in shape_problems(con, m)]),
            Family("expression tests", f"{n_tests} run",
                   [p for m in built for p in expression_problems(con, m)])]


def reconciliation(con: duckdb.DuckDBPyConnection) -> Family:
    """Per file, rows read = loaded + quarantined + not yet published; per source, its raw table
    holds the loaded rows; per file, audit.quarantine holds the quarantined rows."""
    files = con.execute("select source, file, rows_read, rows_loaded, rows_quarantined, rows_not_yet_published "
                        "from audit.reconciliation order by source, file").fetchall()
    problems = [f"{s} {f}: rows read {r} != loaded {lo} + quarantined {q} + not yet published {n}"
                for s, f, r, lo, q, n in files if r != lo + q + n]
    loaded: dict[str, int] = {}
    for s, _f, _r, lo, _q, _n in files:
        loaded[s] = loaded.get(s, 0) + lo
    for s, n in loaded.items():
        have = con.execute(f"select count(*) from raw.{quote(s)}").fetchall()[0][0]
        if have != n:
            problems.append(f"raw.{s}: {have} row(s), but its files loaded {n}")
    problems += _quarantine_problems(con, [(s, f, q) for s, f, _r, _lo, q, _n in files])
    read, quarantined, later = (sum(r[i] for r in files) for i in (2, 4, 5))
    return Family("reconciliation", f"{len(files)} files, rows read {read:,} = loaded {sum(loaded.values()):,} + "
                  f"quarantined {quarantined:,} + not yet published {later:,}", problems)


def _quarantine_problems(con, files: list[tuple[str, str, int]]) -> list[str]:
    """audit.quarantine holds each file's quarantined rows (its file is a path under data/raw/,
    the reconciliation's a file name), and no row of a file the reconciliation does not list."""
    held = {(s, f): n for s, f, n in con.execute(
        "select source, regexp_extract(file, '[^/]+$'), count(distinct row_number) from audit.quarantine "
        "group by all").fetchall()}
    out = [f"{s} {f}: {q} row(s) counted quarantined, audit.quarantine holds {held.get((s, f), 0)}"
           for s, f, q in files if held.get((s, f), 0) != q]
    listed = {(s, f) for s, f, _q in files}
    return out + [f"{s} {f}: {n} row(s) in audit.quarantine of a file the reconciliation does not list"
                  for (s, f), n in held.items() if (s, f) not in listed]


def cross_checks(con: duckdb.DuckDBPyConnection) -> Family:
    """The cross-dataset rules (pipeline/models/checks): an error-level violation fails, a warning
    is counted (as in the build, where only --strict fails on errors)."""
    summary, rows = cross.evaluate(con, log=lambda *_: None)
    errors, warnings = cross.counts(summary)
    problems = [f"{r.rule}: {r.violations} violation(s): {r.description}; first: "
                + "; ".join(rows.loc[rows["rule"] == r.rule, "details"].head(3))
                for r in summary.itertuples() if r.severity == "error" and r.violations]
    return Family("cross-checks", f"{len(summary)} run, {errors} error violation(s), {warnings} warning(s)", problems)


def open_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection, or a clear error for a missing file or one that is no warehouse."""
    try:
        return connect(read_only=True, path=path)
    except duckdb.Error as exc:
        raise PipelineError(f"{paths.rel(path)} cannot be opened as a DuckDB warehouse: {exc}") from None


def run(path: Path | None = None) -> list[Family]:
    """Every family of checks on the warehouse at `path` (default: the built one), read-only."""
    path = Path(path) if path else paths.warehouse_path()
    con = open_warehouse(path)
    try:
        return [*contract_families(con), reconciliation(con), cross_checks(con)]
    except duckdb.Error as exc:  # an audit table missing: not a warehouse this version built
        raise PipelineError(f"{paths.rel(path)} cannot be checked ({exc}); is it a warehouse built by this "
                            "version? `make build` rebuilds it") from None
    finally:
        con.close()


def report(path: Path | None, log=print) -> int:
    """Run the checks, print one line per family (and the first problems of a failing one);
    0 when every check holds, 1 when one fails."""
    target = Path(path) if path else paths.warehouse_path()
    families = run(target)
    log(f"checked {paths.rel(target)}:")
    for fam in families:
        log(fam.line())
        for p in fam.problems[:SHOWN]:
            log(f"    {p}")
        if len(fam.problems) > SHOWN:
            log(f"    ... and {len(fam.problems) - SHOWN} more")
    failed = [f"{f.name} ({len(f.problems)})" for f in families if f.problems]
    if failed:
        print(f"check failed: problem(s) in {', '.join(failed)} (listed above)", file=sys.stderr)
        return 1
    log("check passed: every contract, expression test, reconciliation and cross-check holds")
    return 0
