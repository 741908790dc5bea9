"""The declared sources. Each module under pipeline/sources/ declares one SOURCE; this registry is
the only list of them (the plan, the CLI and the tests read it)."""
from __future__ import annotations

from importlib import import_module

from ..errors import PipelineError
from .base import Column, Source

NAMES = ["global_casualties", "demographics", "device_types",  # the Monitor's global figures
         "country_casualties", "contamination", "contamination_headline_counts", "treaty_status",
         "treaty_participants", "treaty_reactions", "article5_status",
         "mine_action_funding", "land_release", "stockpile_destruction",  # mine action
         "casualty_records"]  # records from national databases (mapped files)


def get(name: str) -> Source:
    if name not in NAMES:
        raise PipelineError(f"unknown source '{name}'. Declared sources: {', '.join(NAMES)}")
    return import_module(f"{__name__}.{name}").SOURCE


def all_sources() -> list[Source]:
    return [get(n) for n in NAMES]


__all__ = ["Column", "Source", "NAMES", "get", "all_sources"]
