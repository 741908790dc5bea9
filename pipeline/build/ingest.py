"""Ingest: check each raw file against the manifest, read it as its declared source, validate it.
Everything the build and the reports need from data/raw/ passes through `run`, and only through
the calls every source answers (pipeline/sources/base.py)."""
from __future__ import annotations

from ..files import manifest
from .. import sources
from ..errors import PipelineError
from .faults import pause_point


def check_manifest() -> list[manifest.Entry]:
    """Every declared source's files, each verified against its checksum."""
    out = []
    for src in sources.all_sources():
        for e in src.files():
            manifest.verify(e)
            out.append(e)
    return out


def read_all(entries) -> dict[str, int]:
    """Rows read per file, without validating (the `ingest` verb)."""
    return {e.path: sources.get(e.source).count(e.file) for e in entries}


def run(log=print) -> tuple[list, list[manifest.Entry]]:
    entries = check_manifest()
    from ..geo import check_crosswalk  # the geography seed every country rule reads (pycountry)
    problems = check_crosswalk()
    if problems:
        raise PipelineError("pipeline/seeds/geography.csv: " + "; ".join(problems))
    outcomes = []
    for e in entries:
        o = sources.get(e.source).check(e.file, keep=e.path, log=log)
        log("  " + o.summary())
        outcomes.append(o)
        pause_point("ingest")
    return outcomes, entries
