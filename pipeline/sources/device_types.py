"""Casualties by device type in one year, as one source states them (the label keeps the source's
wording; pipeline/seeds/device_types.csv maps it to a code). A byte-identical copy of
data/reference/device_types.csv (data/raw/manifest.yml)."""
from __future__ import annotations

from ..validate import rules as R
from ..seeds import seed
from .base import (DATA_YEAR, EDITION, LOCATOR, SOURCE_DOMAIN_SQL, SOURCE_URL, Column, Source,
                   figure_rules, FIGURES_PUBLISHED)

COLUMNS = [
    EDITION,
    DATA_YEAR,
    Column("device_type", "str", True, "Device type as the source words it"),
    Column("casualties", "int", True, "Casualties caused by that device type"),
    SOURCE_URL,
    LOCATOR,
]

RULES = figure_rules() + [
    R.in_set("device_type", seed("device_types")["label"], name="device_type_known",
             description="device_type must be a label in pipeline/seeds/device_types.csv"),
    R.between("casualties", 0, name="casualties_non_negative", description="casualties is a count: >= 0"),
    R.first_of_key("no_duplicate_figure", ["edition", "data_year", "source_url", "device_type"],
                   ["edition", "data_year", "source_url", "device_type"],
            "one figure per (edition, data_year, source, device type); a repeat is quarantined"),
]

SOURCE = Source(
    name="device_types",
    title="Landmine Monitor casualties by device type",
    columns=COLUMNS,
    rules=RULES,
    derived={"source_domain": SOURCE_DOMAIN_SQL},
    published=FIGURES_PUBLISHED,
)
