"""A source of casualty records: one row per person killed or injured, read through a declared
mapping (pipeline/records/mapping.py). It is a `Source` (columns + rules, so the GX suite is built
as for every source) answering the same calls, with these differences: a build without any record
file is normal; the file is read through its mapping; valid rows go to a DuckDB table that becomes
the warehouse's (records/load.py, records/store.py), not to memory; integers are typed strictly by
the same regex the SQL path uses, so GX and SQL see identical typed values. pipeline/records/ never
imports pipeline/sources/."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ..errors import SourceReadError
from ..files import manifest, paths
from ..records import load, mapping as M, store
from ..validate import rules as R
from .base import PANDAS_TYPES, Source


MAX_QUARANTINED_SHARE = 0.01  # refresh: more quarantined rows than this refuses a new export


@dataclass
class RecordSource(Source):
    def files(self) -> list:
        """A build without any record file is a normal build."""
        return manifest.entries(self.name)

    def check(self, path: Path, keep: str | None = None, log=print, as_of=None):
        """Map, validate (as of `as_of`) and (with `keep`, the file's path under data/raw/) write
        the valid rows into the staging database that the build takes over as its warehouse."""
        label = paths.rel(paths.raw_dir() / keep) if keep else None
        return load.run(self, Path(path), log=log, label=label, into=store.staging_db() if keep else None,
                        as_of=as_of)

    def file_published(self, entry) -> str | None:
        """An export is public from the day it was exported: the manifest's `exported` ("by
        2017-10-08", "2024-01-03"), else the last day of its `snapshot` month."""
        m = re.search(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", str(entry.meta.get("exported") or ""))
        if m:
            return m.group(0)
        snap = str(entry.meta.get("snapshot") or "")
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}", snap):
            y, mo = map(int, snap.split("-"))
            return f"{snap}-{calendar.monthrange(y, mo)[1]:02d}"
        return snap if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", snap) else None

    def refusal(self, outcome) -> str | None:
        """A register's export is taken in when it reads through its mapping (swapped or missing
        columns are refused before this) and at most MAX_QUARANTINED_SHARE of its rows would be
        quarantined: a real register has the odd out-of-scope row (Colombia's 1984 one)."""
        if outcome.rows_read == 0:
            return "the new file has no data rows"
        if outcome.rows_quarantined > MAX_QUARANTINED_SHARE * outcome.rows_read:
            broken = [f"{r.rule.name} ({r.count} row(s), first rows {r.rows[:5]})"
                      for r in outcome.results if r.rule.severity == "error" and r.count]
            return (f"{outcome.rows_quarantined} of {outcome.rows_read} row(s) break rules (more than "
                    f"{MAX_QUARANTINED_SHARE:.0%}): {'; '.join(broken)}")
        return None

    def snapshot_path(self, path: str, day: str) -> str | None:
        """A new export of a register is a new snapshot beside the others, named as the mapping's
        `snapshot.new_name` says (e.g. yhxn-eqqw_{date}_datos-gov-co.csv)."""
        folder = (paths.raw_dir() / path).parent
        pattern = M.load(folder / "mapping.yml").snapshot.get("new_name")
        if not pattern:
            return None
        return str((folder / pattern.format(date=day)).relative_to(paths.raw_dir()))

    def load_raw(self, con, outcomes) -> None:
        """raw.casualty_records: the staged table, published; audit.record_datasets."""
        store.load_into(con, outcomes)

    def read(self, path: Path) -> pd.DataFrame:
        """Text records as a pandas frame (small files, samples, tests: the GX path)."""
        path = Path(path)
        if not path.exists():
            raise SourceReadError(f"{path}: file not found")
        sql = M.for_file(path).select_sql(path)
        con = duckdb.connect()
        try:
            df = con.sql(sql).df()
        except duckdb.Error as exc:
            raise SourceReadError(f"{path}: cannot be read with its mapping ({exc})") from exc
        finally:
            con.close()
        return df.astype(object).where(df.notna(), None)

    def count(self, path: Path) -> int:
        """Rows of a record file without loading it into pandas."""
        sql = M.for_file(path).select_sql(Path(path))
        con = duckdb.connect()
        try:
            return con.sql(f"select count(*) from ({sql})").fetchall()[0][0]
        except duckdb.Error as exc:
            raise SourceReadError(f"{path}: cannot be read with its mapping ({exc})") from exc
        finally:
            con.close()

    def typed(self, text: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame(index=text.index)
        for c in self.columns:
            s = text[c.name]
            if c.type == "int":
                s = s.where(s.astype("string").str.fullmatch(R.INTEGER_RE).fillna(False).astype(bool))
                s = pd.to_numeric(s, errors="coerce")
            elif c.type == "float":
                s = s.where(s.astype("string").str.fullmatch(R.NUMBER_RE).fillna(False).astype(bool))
                s = pd.to_numeric(s, errors="coerce")
            out[c.name] = s.astype(PANDAS_TYPES[c.type])
        return out

    def typed_sql(self, c) -> str:
        """SQL twin of `typed` for one column (over the text column of the same name)."""
        q = f'"{c.name}"'
        if c.type == "int":
            return f"CASE WHEN regexp_full_match(CAST({q} AS VARCHAR), '{R.INTEGER_RE}') THEN TRY_CAST({q} AS BIGINT) END"
        if c.type == "float":
            return f"CASE WHEN regexp_full_match(CAST({q} AS VARCHAR), '{R.NUMBER_RE}') THEN TRY_CAST({q} AS DOUBLE) END"
        return q
