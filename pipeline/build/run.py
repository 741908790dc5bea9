"""One build, under one acquisition of the build lock: check the model graph, stop if nothing has
changed since the last build (pipeline/build/freshness.py), else ingest and validate, build the
warehouse and record its inputs. Returns what happened (reconciliation, cross-check results) so
the CLI never reopens the warehouse to count them."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from . import freshness
from ..files import paths
from .lock import build_lock
from ..validate.reconcile import Totals


@dataclass
class BuildResult:
    path: Path
    up_to_date: bool  # True: nothing changed, nothing was rebuilt
    totals: Totals
    cross_checks: list[dict] = field(default_factory=list)  # rule, severity, description, violations
    stamp: dict = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)  # why it was rebuilt

    @property
    def error_violations(self) -> int:
        return sum(int(c["violations"]) for c in self.cross_checks if c["severity"] == "error")


def run(as_of: _dt.date, force: bool = False, log=print, on_validated=None) -> BuildResult:
    """Build the warehouse as of `as_of` unless its recorded inputs (the as-of date among them)
    equal the current ones (`force` rebuilds). `on_validated(outcomes, totals)` runs after
    validation, before the warehouse is built."""
    with build_lock():
        target = paths.warehouse_path()
        stamp_file = freshness.stamp_path(target)
        previous = freshness.read(stamp_file)
        now = freshness.current(previous, as_of=as_of.isoformat())
        validation_html = paths.reports_dir() / "validation.html"
        if (not force and target.exists() and validation_html.exists() and "totals" in (previous or {})
                and freshness.same(previous, now)):
            return BuildResult(target, True, Totals(**previous["totals"]), previous.get("cross_checks", []),
                               previous)
        changes = ["--force"] if force else freshness.changed(previous, now)
        # here, not at the top: a build with nothing to do stops above, on the standard library
        # alone (no pandas, DuckDB or Great Expectations imported)
        from . import graph, ingest, warehouse
        from ..validate import reconcile

        order = graph.build_order()  # a broken graph fails here, before anything is read or built
        log(f"validating {paths.rel(paths.raw_dir())}/ ..."
            + (f" (rebuilding: {'; '.join(changes[:3])}{' ...' if len(changes) > 3 else ''})" if previous else ""))
        outcomes, entries = ingest.run(as_of, log=log)
        totals = reconcile.of_counts(outcomes, as_of)
        if on_validated:
            on_validated(outcomes, totals)
        freshness.forget(stamp_file)
        path, checks = warehouse.build(outcomes, entries, as_of, order, log=log)
        stamp = {**now, "totals": vars(totals), "cross_checks": checks}
        freshness.write(stamp_file, stamp)
        return BuildResult(path, False, totals, checks, stamp, changes)


def report_is_current(build: BuildResult) -> bool:
    """The report was written from a warehouse built from these same inputs."""
    return ((paths.reports_dir() / "index.html").exists()
            and freshness.same(freshness.read(freshness.report_stamp_path()), build.stamp))
