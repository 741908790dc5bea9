"""The reconciliation, computed in one place: rows read = rows loaded + rows quarantined (+ rows
not yet published at the build's as-of date, when there are any), summed over files. The CLI, reports/validation.html and reports/index.html all print this one sentence."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Totals:
    read: int
    loaded: int
    quarantined: int
    not_yet_published: int = 0
    as_of: str | None = None  # the build's as-of date the unpublished rows are counted against

    @property
    def reconciles(self) -> bool:
        return self.read == self.loaded + self.quarantined + self.not_yet_published

    def sentence(self) -> str:
        later = (f" + not yet published at {self.as_of or 'the as-of date'} {self.not_yet_published}"
                 if self.not_yet_published else "")
        return (f"rows read {self.read} = loaded {self.loaded} + quarantined {self.quarantined}{later}"
                + ("" if self.reconciles else "  (DOES NOT RECONCILE)"))


KEYS = ("rows_read", "rows_loaded", "rows_quarantined", "rows_not_yet_published")


def of_counts(rows, as_of=None) -> Totals:
    """From per-file counts: objects with rows_read/rows_loaded/rows_quarantined/
    rows_not_yet_published (an ingest outcome) or mappings with those keys (a row of
    audit.reconciliation; a missing count is 0)."""
    sums = [0, 0, 0, 0]
    for o in rows:
        get = (lambda k, o=o: o.get(k, 0)) if isinstance(o, dict) else (lambda k, o=o: getattr(o, k))
        sums = [s + int(get(k) or 0) for s, k in zip(sums, KEYS)]
    return Totals(*sums, as_of=str(as_of) if as_of else None)
