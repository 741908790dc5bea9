"""The reconciliation, computed in one place: rows read = rows loaded + rows quarantined, summed
over files. The CLI, reports/validation.html and reports/index.html all print this one sentence."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Totals:
    read: int
    loaded: int
    quarantined: int

    @property
    def reconciles(self) -> bool:
        return self.read == self.loaded + self.quarantined

    def sentence(self) -> str:
        return (f"rows read {self.read} = loaded {self.loaded} + quarantined {self.quarantined}"
                + ("" if self.reconciles else "  (DOES NOT RECONCILE)"))


def of_counts(rows) -> Totals:
    """From per-file counts: objects with rows_read/rows_loaded/rows_quarantined (an ingest
    outcome) or mappings with those keys (a row of audit.reconciliation)."""
    r = l_ = q = 0
    for o in rows:
        get = o.get if isinstance(o, dict) else (lambda k, o=o: getattr(o, k))
        r, l_, q = r + int(get("rows_read")), l_ + int(get("rows_loaded")), q + int(get("rows_quarantined"))
    return Totals(r, l_, q)
