"""One entry point: `landmine <verb>` (the console script) = `python -m pipeline <verb>`. The
Makefile's targets are aliases of these verbs."""
from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .asof import resolve
from .build import freshness
from .errors import PipelineError
from .files import manifest, paths

# Each verb imports its own stage when it runs (the `# lazy` imports below): `landmine --help`
# loads little more than this file, and a build with nothing to do never loads pandas, DuckDB or
# Great Expectations.


def _raw(path: str) -> str:
    """A raw file as the user would type it (data/raw/... unless LANDMINE_RAW_DIR moves it)."""
    return paths.rel(paths.raw_dir() / path)


def cmd_sources(args) -> int:
    from . import sources  # lazy
    for name in sources.NAMES:
        d = sources.get(name).describe()
        files = manifest.entries(name)
        desc = "; ".join(f"{_raw(e.path)} ({e.meta.get('rows')} rows)" for e in files) or "(no file)"
        print(f"{name}\t{len(d['columns'])} columns, {len(d['rules'])} rules\t{desc}")
    return 0


def cmd_plan(args) -> int:
    from .build.plan import print_plan  # lazy
    print_plan()
    return 0


def cmd_ingest(args) -> int:
    from .build import ingest  # lazy
    entries = ingest.check_manifest()
    for path, n in ingest.read_all(entries).items():
        print(f"  {_raw(path)}: checksum ok, {n} rows read")
    return 0


def _validated(outcomes, totals, detail: bool) -> None:
    """What validation found: the reconciliation, every broken rule, reports/validation.html."""
    from .report.validation import write_validation_report  # lazy
    print(totals.sentence())
    _broken_rules(outcomes, detail=detail)
    out = write_validation_report(outcomes, totals)
    print(f"validation report: {paths.rel(out)}")


def _as_of(args):
    """The run's as-of date: --as-of, else $LANDMINE_AS_OF, else today (read now, not at import)."""
    return resolve(getattr(args, "as_of", None))


def _validate(args, log=print):
    from .build import ingest  # lazy
    from .validate import reconcile  # lazy
    as_of = _as_of(args)
    outcomes, entries = ingest.run(as_of, log=log)
    totals = reconcile.of_counts(outcomes, as_of)
    _validated(outcomes, totals, detail=args.verb == "validate")
    return outcomes, entries, totals.quarantined


def _broken_rules(outcomes, detail: bool) -> None:
    """Every rule a row broke, with the first rows (data row N is line N+1 of the file); with
    `detail`, the offending values too."""
    for o in outcomes:
        for r in o.results:
            if r.count:
                print(f"  {o.source.name}: {r.rule.severity} {r.rule.name}: {r.count} row(s), "
                      f"first rows {r.rows[:5]}: {r.rule.description}")
                if detail:
                    for row, values in list(zip(r.rows, r.values))[:5]:
                        print(f"    {paths.rel(o.file)} row {row}: {values}")


def cmd_validate(args) -> int:
    if args.file or args.source:
        if not (args.file and args.source):
            from . import sources  # lazy
            raise PipelineError("validate --file PATH needs --source NAME (and --source needs --file); "
                                f"declared sources: {', '.join(sources.NAMES)}")
        from . import sources  # lazy
        from .validate.checkfile import check  # lazy
        return check(sources.get(args.source), args.file, _as_of(args))
    outcomes, _, q = _validate(args)
    if q and args.strict:
        print(f"--strict: {q} row(s) quarantined", file=sys.stderr)
        return 1
    return 0


def _build(args):
    """One build (pipeline/build/run.py: one lock, skipped when nothing changed); prints what it did."""
    from .build import run as build  # lazy
    as_of = _as_of(args)

    def validated(outcomes, totals):
        _validated(outcomes, totals, detail=False)
        print(f"building the warehouse as of {as_of.isoformat()} ...")

    result = build.run(as_of, force=args.force, on_validated=validated)
    if result.up_to_date:
        print(f"warehouse up to date: no input changed since it was built ({result.totals.sentence()}; "
              f"{result.error_violations} cross-dataset error(s)); --force rebuilds")
    print(f"warehouse: {paths.rel(result.path)}")
    rc = 0
    q, x = result.totals.quarantined, result.error_violations
    if (q or x) and args.strict:
        print(f"--strict: {q} row(s) quarantined, {x} cross-dataset error(s)", file=sys.stderr)
        rc = 1
    return rc, result


def cmd_build(args) -> int:
    return _build(args)[0]


def cmd_report(args, build=None) -> int:
    """Write reports/ from the warehouse, unless it was already written from a warehouse built
    from the same inputs (--force rewrites it)."""
    stamp = build.stamp if build else freshness.read(freshness.stamp_path())
    index = paths.reports_dir() / "index.html"
    if (not getattr(args, "force", False) and stamp and index.exists()
            and freshness.same(freshness.read(freshness.report_stamp_path()), stamp)):
        print(f"report up to date: {paths.rel(index)} (nothing changed since it was written; --force rewrites it)")
        return 0
    from .report import build_report  # lazy
    freshness.forget(freshness.report_stamp_path())
    out = build_report()
    if stamp:
        freshness.write(freshness.report_stamp_path(), stamp)
    print(f"report: {paths.rel(out)} (open it in a browser; it works offline)")
    return 0


def cmd_all(args) -> int:
    rc, result = _build(args)
    cmd_report(args, build=result)
    return rc


def cmd_register(args) -> int:
    if args.source:
        from . import sources  # lazy
        sources.get(args.source)  # a declared name only: nothing else reaches the manifest
    e = manifest.register(Path(args.path), source=args.source)
    print(f"registered {args.path}: {e['rows']} rows, sha256 {e['sha256'][:12]}…")
    return 0


def cmd_docs(args) -> int:
    from .tools import docs  # lazy
    if args.write:
        for p in docs.write():
            print(f"wrote {paths.rel(p)}")
        return 0
    print(docs.marts_markdown())
    return 0


def cmd_coverage(args) -> int:
    from .report.coverage import render_text, summary  # lazy
    from .build.warehouse import connect  # lazy
    con = connect()
    try:
        print(render_text(summary(con)))
    finally:
        con.close()
    return 0


def cmd_check(args) -> int:
    from .publish import check  # lazy: DuckDB and the contracts only when the verb runs
    return check.report(Path(args.warehouse) if args.warehouse else None)


def cmd_diff(args) -> int:
    from .publish import diff  # lazy: DuckDB and the report's findings only when the verb runs
    return diff.report(Path(args.old), Path(args.new), Path(args.output) if args.output else None)


def cmd_profile(args) -> int:
    from .report.profile import render  # lazy
    out = render(args.country)
    print(f"profile: {paths.rel(out['html'])} (executed notebook: {paths.rel(out['ipynb'])})")
    return 0


def cmd_site(args) -> int:
    from .publish import site  # lazy: only this verb copies and hashes the published files
    out = site.build(Path(args.out) if args.out else None)
    print(f"site: {paths.rel(out.path)} ({out.files} files, {out.bytes / 1e6:.1f} MB; open index.html in a "
          f"browser, or publish the folder as it is; {site.SUMS} lists every file's SHA-256)")
    return 0


def cmd_refresh(args) -> int:
    from .refresh.cli import cmd_refresh as run  # lazy
    return run(args)


def cmd_bench(args) -> int:
    from .tools import bench  # lazy
    try:
        sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    except ValueError as exc:
        raise PipelineError(f"--sizes takes row counts separated by commas, e.g. 10000,1000000 ({exc})") from exc
    bench.run(sizes, Path(args.dir) if args.dir else None)
    return 0


# -- the table of verbs: help, arguments, run ---------------------------------------------------

def _arg(*flags, **kw) -> tuple:
    return (flags, kw)


STRICT = _arg("--strict", action="store_true", help="exit non-zero (1) if any row is quarantined")
AS_OF = _arg("--as-of", metavar="YYYY-MM-DD", dest="as_of",
             help="the build's 'today' for every date rule and model (year bounds, not in the future, treaty "
                  "status, deadlines); default $LANDMINE_AS_OF, else today")
FORCE = _arg("--force", action="store_true", help="rebuild even when no input has changed since the last build")


def _refresh_args() -> list[tuple]:
    from .refresh.cli import arguments  # only when the verb is asked for: a no-op build starts fast
    return arguments()


@dataclass(frozen=True)
class Verb:
    help: str
    run: Callable[[argparse.Namespace], int]
    args: tuple | Callable[[], list] = ()  # (flags, kwargs) pairs, or a function giving them
    timed: bool = False  # ends with "done in N s"


VERBS: dict[str, Verb] = {
    "sources": Verb("list the declared sources, their raw files and row counts", cmd_sources),
    "plan": Verb("print what a build does: sources -> models -> reports (a dry run)", cmd_plan),
    "ingest": Verb("check raw files against the manifest and read them (rows read per file)", cmd_ingest),
    "validate": Verb(
        "run the Great Expectations suites; print rules broken and the reconciliation; write "
        "reports/validation.html. With --source NAME --file PATH: check any file as that source, read-only "
        "(exit 0 valid, 1 rows would be quarantined, 2 unreadable)", cmd_validate,
        (STRICT, AS_OF, _arg("--source", metavar="NAME", help="check --file as this declared source"),
         _arg("--file", metavar="PATH", help="any file to check (read-only; needs --source)")), timed=True),
    "build": Verb("ingest, validate and build data/processed/landmine.duckdb atomically", cmd_build,
                  (STRICT, AS_OF, FORCE), timed=True),
    "report": Verb("write reports/ (index.html, charts, CSV/Parquet exports) from the warehouse", cmd_report,
                   (FORCE,)),
    "all": Verb("build, then report: everything `make report` does", cmd_all, (STRICT, AS_OF, FORCE), timed=True),
    "register": Verb("record a raw file's checksum and row count in the manifest after a deliberate edit",
                     cmd_register, (_arg("path", help="raw file under data/raw/"),
                                    _arg("--source", help="source name, for a file not yet in the manifest"))),
    "docs": Verb("print the mart contracts as Markdown tables (as in docs/marts.md); with --write, rewrite the "
                 "generated pages under docs/ (marts.md, rules.md)", cmd_docs,
                 (_arg("--write", action="store_true", help="rewrite docs/marts.md and docs/rules.md"),)),
    "coverage": Verb("per dataset and measure: which years have a figure, from which kind of source, and which "
                     "are missing (reads the warehouse)", cmd_coverage),
    "check": Verb("data checks of the warehouse built from the data present: every contract, expression test, "
                  "rows read = loaded + quarantined per file, the cross-checks; one line per family, exit 1 if "
                  "one fails", cmd_check,
                  (_arg("warehouse", nargs="?", help="a warehouse file (default data/processed/landmine.duckdb)"),)),
    "diff": Verb("what changed between two warehouses, as Markdown for a reviewer: new and revised figures, new "
                 "register snapshots, records revised, key findings, newly quarantined rows", cmd_diff,
                 (_arg("old", help="the warehouse before (e.g. the published site/landmine.duckdb)"),
                  _arg("new", help="the warehouse after (e.g. data/processed/landmine.duckdb)"),
                  _arg("--output", metavar="FILE", help="also write the Markdown to FILE (e.g. $GITHUB_STEP_SUMMARY)"))),
    "profile": Verb("render the country-profile notebook for one country (ISO3 or crosswalk name) into "
                    "reports/profiles/", cmd_profile,
                    (_arg("country", nargs="?", default="", help="ISO3 code or crosswalk name, e.g. UKR"),)),
    "site": Verb("write the static site into site/: the report, validation report, country profiles, the "
                 "CSV/Parquet/data package downloads and the warehouse, with relative links and SHA256SUMS "
                 "(needs `make report` first)", cmd_site,
                 (_arg("--out", metavar="DIR", help="write the site here instead (default $LANDMINE_SITE_DIR or "
                                                    "site/)"),)),
    "refresh": Verb("fetch sources that have a download_url, validate, then replace; check watched pages",
                    cmd_refresh, _refresh_args),
    "bench": Verb("benchmark the build (full and no-op), `make report` on the shipped data, and casualty records "
                  "(synthetic 1M and 10M rows): raw read vs pipeline vs DuckDB", cmd_bench,
                  (_arg("--sizes", default="1000000,10000000", help="comma-separated row counts"),
                   _arg("--dir", help="scratch folder for the generated files (default $LANDMINE_BENCH_DIR or "
                                      "$TMPDIR/landmine-bench)"))),
}


def _prog() -> str:
    """The name the user typed: `landmine` (the console script) or `python -m pipeline`."""
    return "landmine" if Path(sys.argv[0]).stem == "landmine" else "python -m pipeline"


def _parser(argv=None) -> argparse.ArgumentParser:
    """The CLI's parser, from the table. A verb whose arguments are a function (refresh: they
    import its machinery) gets them only when that verb is asked for."""
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(prog=_prog(), description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--verbose", action="store_true", help="show a traceback on errors (for debugging)")
    sub = p.add_subparsers(dest="verb", metavar="<verb>")
    for name, verb in VERBS.items():
        s = sub.add_parser(name, help=verb.help, description=verb.help)
        args = (verb.args() if name in argv else ()) if callable(verb.args) else verb.args
        for flags, kw in args:
            s.add_argument(*flags, **kw)
        # default=SUPPRESS: `--verbose` before the verb must not be reset by the verb's parser
        s.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


def main(argv=None) -> int:
    args = _parser(argv).parse_args(argv)
    if not args.verb:
        _parser().print_help()
        return 2
    verb, t0 = VERBS[args.verb], time.time()
    try:
        rc = verb.run(args)
        if verb.timed and not getattr(args, "file", None):
            print(f"done in {time.time() - t0:.1f}s")
        sys.stdout.flush()  # a reader gone since the last write fails here, in the handler below, not at exit
    except PipelineError as exc:
        if args.verbose:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `landmine plan | head`: the reader has all it wanted
        _quiet_stdout()
        return 0
    return rc


def _quiet_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so Python's exit flush does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
