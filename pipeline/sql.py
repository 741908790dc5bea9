"""SQL text helpers, in one place: identifiers from declared config are quoted, never pasted raw."""
from __future__ import annotations

import datetime as _dt

# The on-disk format every DuckDB file the project writes is in (the warehouse, and the records
# staged into what becomes it). DuckDB 2 writes its own v2 format by default, which DuckDB 1.x (the
# CLI, R and database-browser builds many analysts still carry) refuses. v1.0.0 is the oldest
# format that holds everything the build uses; DuckDB 1.0 and every later release open it. The
# oldest-versions run of `make test` opens a fresh build with DuckDB 1.4.0.
STORAGE_VERSION = "v1.0.0"


def quote(ident: str) -> str:
    """A quoted SQL identifier ("a""b" for a"b)."""
    return '"' + ident.replace('"', '""') + '"'


def table(qualified: str) -> str:
    """A quoted "schema"."name" from "schema.name"."""
    return ".".join(quote(p) for p in qualified.split(".", 1))


def date_literal(day) -> str:
    """A SQL DATE literal for a `datetime.date` (never a string from outside: its ISO form holds
    digits and dashes only, so it cannot break out of the quotes)."""
    if not isinstance(day, _dt.date):
        raise TypeError(f"a date literal needs a datetime.date, not {type(day).__name__}")
    return f"DATE '{day.isoformat()}'"


def text_literal(text: str) -> str:
    """A SQL string literal ('it''s') for where DuckDB takes no parameter (a COPY's file name)."""
    return "'" + str(text).replace("'", "''") + "'"
