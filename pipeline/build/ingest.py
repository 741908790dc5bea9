"""Ingest: check each raw file against the manifest, read it as its declared source, validate it
as of the build's date. Everything the build and the reports need from data/raw/ passes through
`run`, and only through the calls every source answers (pipeline/sources/base.py). A file made
public after the as-of date (a register's later export) is not read at all: its rows are counted
as not yet published."""
from __future__ import annotations

import datetime as _dt

import pandas as pd

from ..files import manifest
from .. import sources
from ..errors import PipelineError
from ..validate.outcome import LATER_COLUMNS, QUARANTINE_COLUMNS, Outcome
from .faults import pause_point
from ..seeds import problems as seed_problems


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


def not_yet_published(src, entry, published: str) -> Outcome:
    """A whole file made public after the as-of date: counted (its manifest row count), not read."""
    rows = int(entry.meta.get("rows") or 0)
    later = pd.DataFrame({"row_number": [0], "published": [_dt.date.fromisoformat(published)]}, columns=LATER_COLUMNS)
    return Outcome(src, entry.file, rows, pd.DataFrame(columns=QUARANTINE_COLUMNS), [], loaded=None,
                   rows_loaded_count=0, later=later, later_count=rows)


def run(as_of: _dt.date, log=print) -> tuple[list, list[manifest.Entry]]:
    """Every file validated as of `as_of`: its outcome (rows loaded, quarantined, not yet published)."""
    entries = check_manifest()
    from ..geo import check_crosswalk  # the geography seed every country rule reads (pycountry)
    problems = check_crosswalk()
    if problems:
        raise PipelineError("pipeline/seeds/geography.csv: " + "; ".join(problems))
    if seed_problems():
        raise PipelineError("; ".join(seed_problems()))
    outcomes = []
    for e in entries:
        src = sources.get(e.source)
        published = src.file_published(e)
        if published and _dt.date.fromisoformat(published) > as_of:
            o = not_yet_published(src, e, published)
        else:
            o = src.check(e.file, keep=e.path, log=log, as_of=as_of)
        log("  " + o.summary())
        outcomes.append(o)
        pause_point("ingest")
    return outcomes, entries
