"""`python -m pipeline plan`: the build as a graph, without running it. Sources -> staging ->
marts -> checks -> reports, each node with what it reads (parsed from its SQL by pipeline/build/graph.py;
reports and notebooks from the table names in their code)."""
from __future__ import annotations

import textwrap

from . import graph
from ..files import manifest, paths
from .. import sources
from ..seeds import names as seed_names
from .contracts import contracts

WIDTH = 100


def _reads(label: str, reads) -> str:
    head = f"  {label:<46} <- "
    body = ", ".join(reads) or "(nothing)"
    return textwrap.fill(body, WIDTH, initial_indent=head, subsequent_indent=" " * len(head),
                         break_long_words=False, break_on_hyphens=False)


def report_reads() -> dict[str, list[str]]:
    """What each published output reads: reports/ (pipeline/report/) and the notebooks."""
    out = {"reports/index.html (+ charts)":
           graph.python_reads(sorted((paths.PACKAGE_DIR / "report").glob("*.py"))),
           # every contracted mart is exported, whether or not a chart reads it
           "reports/data/<mart>.csv|parquet, datapackage.json": sorted(f"marts.{m['name']}" for m in contracts())}
    nb_dir = paths.PROJECT_DIR / "notebooks"
    for nb in sorted(nb_dir.glob("*.py")):
        out[f"notebooks/{nb.name}"] = graph.python_reads([nb])
    return out


def print_plan(out=print) -> None:
    order = graph.build_order()  # checked first: a broken graph is an error, not a plan
    out(f"sources ({paths.rel(paths.raw_dir())}/ -> validation -> raw.<name> + audit.quarantine):")
    for name in sources.NAMES:
        s = sources.get(name)
        entries = manifest.entries(name)
        files = ", ".join(paths.rel(paths.raw_dir() / e.path) for e in entries) or "(no file yet)"
        out(_reads(f"raw.{name} ({len(s.all_rules())} rules)", [files]).replace(" <- ", " <- ", 1))
    out("seeds (pipeline/seeds/*.csv):")
    out(textwrap.fill(", ".join(f"seeds.{n}" for n in seed_names()), WIDTH, initial_indent="  ",
                      subsequent_indent="  "))
    for layer, title in (("staging", "staging (rename, type, harmonise)"),
                         ("intermediate", "intermediate (statements ranked once: which one a mart shows)"),
                         ("marts", "marts (each contracted in pipeline/models/marts/<mart>.yml)"),
                         ("checks", "checks (cross-dataset rules, after the marts -> audit.cross_checks)")):
        out(f"{title}:")
        for n in order:
            if n.layer == layer:
                out(_reads(n.key + (" (view)" if n.materialized == "view" else ""), n.reads))
    out("reports:")
    for label, reads in report_reads().items():
        out(_reads(label, reads))
