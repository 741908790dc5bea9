"""What reading and validating one file gives, for every kind of source (one type, one
reconciliation): rows read = rows loaded + rows quarantined + rows not yet published at the build's
as-of date, each rule's count with sample rows, and the values changed on reading. Figures keep
their valid rows in memory (`loaded`); casualty records keep theirs in a DuckDB table
(`stored_in`, the build's staging database; or a Parquet file, `parquet`), because a national
register can be millions of rows."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

NOTE_COLUMNS = ["row_number", "column", "kind", "detail", "original", "value"]
QUARANTINE_COLUMNS = ["row_number", "rule", "severity", "message", "values", "record"]
# Rows set aside because they were published after the as-of date (row_number 0: the whole file).
LATER_COLUMNS = ["row_number", "published"]


@dataclass
class RuleResult:
    """What one rule found: the rows (1 = first data row) and their offending values. For files
    too large to list every row, `rows`/`values` are a sample and `total` is the count."""
    rule: object
    rows: list[int]
    values: list[dict]
    total: int | None = None

    @property
    def count(self) -> int:
        return len(self.rows) if self.total is None else self.total


@dataclass
class Outcome:
    source: object  # the declared Source
    file: Path
    rows_read: int
    quarantine: pd.DataFrame  # one row per (row, broken error rule): QUARANTINE_COLUMNS
    results: list[RuleResult] = field(default_factory=list)
    # Every value changed on reading (pipeline/files/read.py): loaded as audit.normalisations.
    normalisations: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NOTE_COLUMNS))
    loaded: pd.DataFrame | None = None  # typed valid rows with _row (figures)
    rows_loaded_count: int | None = None  # valid rows when they are not in memory (records)
    parquet: Path | None = None  # a Parquet file the valid rows were written to (records)
    stored_in: Path | None = None  # the DuckDB database whose raw.casualty_records holds them (records)
    batch: int | None = None  # which rows of that table are this file's (records)
    mapping: object | None = None  # the declared mapping the file was read through (records)
    engine: str = "gx"  # gx | sql
    seconds: float = 0.0
    later: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LATER_COLUMNS))
    later_count: int | None = None  # rows not yet published when `later` does not list them (a whole file)

    @property
    def rows_loaded(self) -> int:
        return len(self.loaded) if self.loaded is not None else int(self.rows_loaded_count or 0)

    @property
    def rows_quarantined(self) -> int:
        return int(self.quarantine["row_number"].nunique()) if len(self.quarantine) else 0

    @property
    def rows_not_yet_published(self) -> int:
        return len(self.later) if self.later_count is None else self.later_count

    @property
    def reconciles(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_quarantined + self.rows_not_yet_published

    @property
    def warnings(self) -> list[RuleResult]:
        return [r for r in self.results if r.rule.severity == "warn" and r.count]

    def rule_counts(self) -> dict[str, int]:
        return {r.rule.name: r.count for r in self.results}

    @property
    def read_through(self) -> str:
        """How the file was read, when it is not the source's own shape (a mapping)."""
        if self.mapping is None:
            return ""
        m = self.mapping
        return f"{m.dataset}{', SYNTHETIC' if m.synthetic else ''}"

    def summary(self) -> str:
        how = f" ({self.read_through})" if self.read_through else ""
        later = self.rows_not_yet_published
        return (f"{self.source.name}{how}: read {self.rows_read} = loaded {self.rows_loaded}"
                f" + quarantined {self.rows_quarantined}" + (f" + not yet published {later}" if later else "")
                + (f" ({sum(w.count for w in self.warnings)} warning(s))" if self.warnings else "")
                + (f" [{self.engine}]" if self.mapping is not None else ""))
