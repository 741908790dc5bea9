"""The build's as-of date: the one "today" every rule and model reads, so a test (or a historian)
can rebuild the world as it stood on a day. `python -m pipeline build --as-of YYYY-MM-DD` or the
environment variable LANDMINE_AS_OF sets it; the default is today's date (UTC)."""
from __future__ import annotations

import datetime as _dt
import os

from ..errors import PipelineError

ENV = "LANDMINE_AS_OF"


def parse(text: str) -> _dt.date:
    """A YYYY-MM-DD date, or a clear error naming where it came from."""
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise PipelineError(f"as-of date {text!r} is not a date: give YYYY-MM-DD "
                            f"(--as-of or ${ENV})") from None


def as_of() -> _dt.date:
    text = os.environ.get(ENV, "").strip()
    return parse(text) if text else _dt.datetime.now(_dt.timezone.utc).date()


def set_as_of(text: str) -> _dt.date:
    """Pin the as-of date for this process (and the processes it starts). Call before the
    source modules are imported: their rules read it when they are declared."""
    d = parse(text)
    os.environ[ENV] = d.isoformat()
    return d
