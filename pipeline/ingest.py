"""Ingest: check each raw file against the manifest, read it as its declared source, validate it.
Everything the build and the reports need from data/raw/ passes through `run`."""
from __future__ import annotations

from . import manifest, sources, validate
from .errors import PipelineError
from .faults import pause_point


def files_of(source_name: str):
    entries = manifest.entries(source_name)
    if not entries:
        raise PipelineError(f"source '{source_name}' has no file in {manifest.paths.rel(manifest.paths.manifest_path())}")
    return entries


def check_manifest() -> list[manifest.Entry]:
    """Every declared source's files, each verified against its checksum."""
    out = []
    for name in sources.NAMES:
        optional = getattr(sources.get(name), "files_optional", False)  # casualty records
        for e in (manifest.entries(name) if optional else files_of(name)):
            manifest.verify(e)
            out.append(e)
    return out


def read_all(entries) -> dict[str, int]:
    """Rows read per file, without validating (the `ingest` verb)."""
    out = {}
    for e in entries:
        src = sources.get(e.source)
        out[e.path] = src.count(e.file) if hasattr(src, "count") else len(src.read(e.file))
    return out


def run(log=print) -> tuple[list[validate.Outcome], list[manifest.Entry]]:
    entries = check_manifest()
    from .geo import check_crosswalk  # the geography seed every country rule reads (pycountry)
    problems = check_crosswalk()
    if problems:
        raise PipelineError("pipeline/seeds/geography.csv: " + "; ".join(problems))
    outcomes = []
    for e in entries:
        src = sources.get(e.source)
        if getattr(src, "files_optional", False):  # casualty records: mapped, GX or SQL, to Parquet
            from .records import load as records_load, store
            o = records_load.run(src, e.file, store.staging_path(e.path), log=log, label=manifest.paths.rel(e.file))
        else:
            o = validate.run(src, e.file)
        log("  " + o.summary())
        outcomes.append(o)
        pause_point("ingest")
    return outcomes, entries
