"""The declared sources. Each module under pipeline/sources/ declares one SOURCE; this registry is
the only list of them (the plan, the CLI and the tests read it)."""
from __future__ import annotations

import sys
from importlib import import_module, reload

from ..errors import PipelineError
from .base import Column, Source

NAMES = ["global_casualties", "demographics", "device_types",  # the Monitor's global figures
         "country_casualties", "contamination", "contamination_headline_counts", "treaty_status",
         "treaty_participants",
         "casualty_records"]  # records from national databases (mapped files)


def get(name: str) -> Source:
    if name not in NAMES:
        raise PipelineError(f"unknown source '{name}'. Declared sources: {', '.join(NAMES)}")
    _follow_the_as_of_date()
    return import_module(f"{__name__}.{name}").SOURCE


def _follow_the_as_of_date() -> None:
    """A source's rules name the as-of date when its module is declared (imported). When the date
    has moved since, every declared source module is declared again with the new one."""
    from ..validate import rules
    if rules.declare_as_of():
        for n in NAMES:
            module = sys.modules.get(f"{__name__}.{n}")
            if module is not None:
                reload(module)


def all_sources() -> list[Source]:
    return [get(n) for n in NAMES]


__all__ = ["Column", "Source", "NAMES", "get", "all_sources"]
