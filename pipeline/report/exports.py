"""Mart exports: CSV (deterministic, safe to open in a spreadsheet) and Parquet."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..sql import quote, table as sql_table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _plain(x):
    return x.item() if hasattr(x, "item") else x


def _cell(v):
    if isinstance(v, str):
        return neutralise(v)
    if hasattr(v, "__len__"):  # DuckDB list columns: JSON, so the CSV stays parseable
        return json.dumps([_plain(x) for x in v], ensure_ascii=False)
    return v


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Text and list cells made safe; found by dtype kind, not by `== object`: pandas 3 gives text
    columns the `str` dtype, pandas 2 `object` (lists stay object in both)."""
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_object_dtype(out[c]) or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(_cell)
    return out


def export_table(con, table: str, order_by: list[str], folder: Path) -> list[Path]:
    """`table` ("schema.name") and `order_by` come from the declared contracts and are quoted as
    identifiers; the output path goes to the driver as an argument, never into SQL text."""
    folder.mkdir(parents=True, exist_ok=True)
    name = table.split(".")[-1]
    order = ", ".join(quote(c) for c in order_by)
    rel = con.sql(f"select * from {sql_table(table)} order by {order}")
    df = rel.df()
    csv = folder / f"{name}.csv"
    safe_frame(df).to_csv(csv, index=False, lineterminator="\n")
    pq = folder / f"{name}.parquet"
    rel.write_parquet(str(pq))
    return [csv, pq]
