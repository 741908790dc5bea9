"""The build's as-of date: the one "today" every rule and model reads, so a test (or a historian)
can rebuild the world as it stood on a day. It is a value, bound when a command runs and passed
down (`--as-of YYYY-MM-DD`, else $LANDMINE_AS_OF, else today's date in UTC): nothing reads the
clock when a module is imported, and a build uses only what had been published by its date."""
from __future__ import annotations

import datetime as _dt
import os

from .errors import PipelineError

ENV = "LANDMINE_AS_OF"


def parse(text: str) -> _dt.date:
    """A YYYY-MM-DD date, or a clear error naming where it came from."""
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise PipelineError(f"as-of date {text!r} is not a date: give YYYY-MM-DD "
                            f"(--as-of or ${ENV})") from None


def resolve(given: str | _dt.date | None = None) -> _dt.date:
    """The as-of date of a run: the one given, else $LANDMINE_AS_OF, else today (UTC)."""
    if isinstance(given, _dt.date):
        return given
    text = (given or os.environ.get(ENV, "")).strip()
    return parse(text) if text else _dt.datetime.now(_dt.timezone.utc).date()
