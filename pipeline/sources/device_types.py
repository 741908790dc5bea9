"""Casualties by device type in one year, as one source states them (the label keeps the source's
wording; pipeline/seeds/device_types.csv maps it to a code). From ../shared/reference/device_types.csv."""
from __future__ import annotations

from .. import rules as R
from ..seeds import seed
from .base import SOURCE_DOMAIN_SQL, Column, Source, figure_rules

COLUMNS = [
    Column("edition", "int", True, "Landmine Monitor report year that gave the figure"),
    Column("data_year", "int", True, "Calendar year the figure is about"),
    Column("device_type", "str", True, "Device type as the source words it"),
    Column("casualties", "int", True, "Casualties caused by that device type"),
    Column("source_url", "str", True, "Page the figure was transcribed from"),
    Column("locator", "str", True, "Where on that page the figure is"),
]

RULES = figure_rules() + [
    R.in_set("device_type", seed("device_types")["label"], name="device_type_known",
             description="device_type must be a label in pipeline/seeds/device_types.csv"),
    R.between("casualties", 0, name="casualties_non_negative", description="casualties is a count: >= 0"),
    R.check("no_duplicate_figure",
            "count(*) OVER (PARTITION BY edition, data_year, source_url, device_type ORDER BY _row "
            "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) = 1",
            ["edition", "data_year", "source_url", "device_type"],
            "one figure per (edition, data_year, source, device type); a repeat is quarantined"),
]

SOURCE = Source(
    name="device_types",
    title="Landmine Monitor casualties by device type",
    columns=COLUMNS,
    rules=RULES,
    derived={"source_domain": SOURCE_DOMAIN_SQL},
)
