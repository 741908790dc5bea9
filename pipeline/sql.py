"""SQL text helpers, in one place: identifiers from declared config are quoted, never pasted raw."""
from __future__ import annotations


def quote(ident: str) -> str:
    """A quoted SQL identifier ("a""b" for a"b)."""
    return '"' + ident.replace('"', '""') + '"'


def table(qualified: str) -> str:
    """A quoted "schema"."name" from "schema.name"."""
    return ".".join(quote(p) for p in qualified.split(".", 1))
