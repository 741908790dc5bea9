"""Checked-in lookup tables (CSV) that both validation and the SQL models read: one declaration."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

SEEDS_DIR = Path(__file__).resolve().parent


def names() -> list[str]:
    return sorted(p.stem for p in SEEDS_DIR.glob("*.csv"))


@cache
def seed(name: str) -> pd.DataFrame:
    return pd.read_csv(SEEDS_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
