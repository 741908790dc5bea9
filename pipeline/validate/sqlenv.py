"""The SQL written once and shared: the macros in pipeline/models/macros/*.sql (the treaty's
Article 17 and 20.3, dates given to the day, month or year, publication dates) and the build's
as-of date as `as_of_date()`. The warehouse defines them before its models (so analysts have them
too); validation defines them in the DuckDB connection that evaluates rules and publication
dates, with the seeds they read."""
from __future__ import annotations

import datetime as _dt
import re
from functools import cache

import duckdb

from ..files import paths
from ..seeds import names as seed_names, seed
from ..sql import date_literal

MACROS_DIR = paths.MODELS_DIR / "macros"


@cache
def statements() -> tuple[str, ...]:
    """Every `create ... macro` statement, file by file in name order."""
    out = []
    for f in sorted(MACROS_DIR.glob("*.sql")):
        text = "\n".join(ln for ln in f.read_text(encoding="utf-8").splitlines() if not ln.lstrip().startswith("--"))
        out += [s.strip() for s in text.split(";") if s.strip()]
    return tuple(out)


def macro_names() -> list[str]:
    return [re.search(r"macro\s+(\w+)", s, re.I).group(1) for s in statements()]


def define(con: duckdb.DuckDBPyConnection, as_of: _dt.date) -> None:
    """The shared macros and `as_of_date()` in `con` (whose seeds schema holds the seeds: DuckDB
    binds a macro's tables when it is created)."""
    for s in statements():
        con.execute(s)
    con.execute(f"create or replace macro as_of_date() as {date_literal(as_of)}")


def connect(as_of: _dt.date) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the seeds (the macros read some) and the macros defined."""
    con = duckdb.connect()
    con.execute("create schema seeds")
    for name in seed_names():
        con.register("_seed", seed(name))
        con.execute(f'create table seeds."{name}" as select * from _seed')
        con.unregister("_seed")
    define(con, as_of)
    return con
