"""SQL text helpers, in one place: identifiers from declared config are quoted, never pasted raw."""
from __future__ import annotations

import datetime as _dt


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
