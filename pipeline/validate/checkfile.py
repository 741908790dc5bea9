"""`python -m pipeline validate --source NAME --file PATH`: check any file as a declared source,
read-only (no warehouse, no reports, nothing under data/raw/ touched), and say what was found.
Exit 0: every row would load; 1: rows would be quarantined; 2: the file cannot be read as that
source (SourceReadError, raised to the CLI)."""
from __future__ import annotations

from pathlib import Path

from ..files import paths

SHOW_ROWS = 5
SHOW_NOTES = 10


def _v(value) -> str:
    s = repr(value)
    return s if len(s) <= 60 else s[:57] + f"...' ({len(str(value)):,} chars)"


def check(source, file: str, as_of, out=print) -> int:
    """`source`: the declared Source; `as_of`: the date its rules are bound to (a build's)."""
    path = Path(file)
    out(f"checking {paths.rel(path)} as source '{source.name}' (read-only: nothing is written)")
    o = source.check(path, log=out, as_of=as_of)  # as a build reads it (records: through its mapping)
    if o.mapping is not None:
        out(f"mapping: {paths.rel(o.mapping.path)} (dataset {o.mapping.dataset}"
            f"{', SYNTHETIC' if o.mapping.synthetic else ''}; {o.engine} engine)")
    notes = o.normalisations
    if len(notes):
        out(f"normalised {len(notes)} value(s) (recorded, never silent: audit.normalisations in a build):")
        for n in notes.head(SHOW_NOTES).itertuples(index=False):
            if n.row_number == 0:
                out(f"  file: {n.kind}: {n.detail}")
            else:
                out(f"  row {n.row_number} {n.column}: {n.kind} ({n.detail}): {_v(n.original)} -> {_v(n.value)}")
        if len(notes) > SHOW_NOTES:
            out(f"  ... and {len(notes) - SHOW_NOTES} more")
    broken = [r for r in o.results if r.count]
    for r in broken:
        sample = "; ".join(
            f"row {row}" + (" (" + ", ".join(f"{k}={_v(v)}" for k, v in vals.items()) + ")" if vals else "")
            for row, vals in list(zip(r.rows, r.values))[:SHOW_ROWS])
        more = f"; ... and {r.count - SHOW_ROWS} more" if r.count > SHOW_ROWS else ""
        out(f"{r.rule.severity} {r.rule.name}: {r.count} row(s): {sample}{more}")
        out(f"    {r.rule.description}")
    if not broken:
        out("no rule broken")
    later = f" + not yet published at {as_of} {o.rows_not_yet_published}" if o.rows_not_yet_published else ""
    out(f"rows read {o.rows_read} = would load {o.rows_loaded} + would quarantine {o.rows_quarantined}{later}")
    if o.rows_quarantined:
        out(f"result: {o.rows_quarantined} row(s) would be quarantined (exit 1)")
        return 1
    out("result: valid (exit 0)")
    return 0
