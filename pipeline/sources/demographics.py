"""Casualty counts for a group (children, women and girls, deminers...) in one year, as one source
states them. A byte-identical copy of data/reference/demographics.csv (data/raw/manifest.yml)."""
from __future__ import annotations

from ..validate import rules as R
from ..seeds import seed
from .base import (DATA_YEAR, EDITION, LOCATOR, SOURCE_DOMAIN_SQL, SOURCE_URL, Column, Source,
                   figure_rules, FIGURES_PUBLISHED)

COLUMNS = [
    EDITION,
    DATA_YEAR,
    Column("group", "str", True, "Group counted (child = under 18)"),
    Column("casualties", "int", True, "Casualties in the group"),
    SOURCE_URL,
    LOCATOR,
]

RULES = figure_rules() + [
    R.in_set("group", seed("demographic_groups")["group"], name="group_known",
             description="group must be one of pipeline/seeds/demographic_groups.csv"),
    R.between("casualties", 0, name="casualties_non_negative", description="casualties is a count: >= 0"),
    R.first_of_key("no_duplicate_figure", ["edition", "data_year", "source_url", '"group"'],
                   ["edition", "data_year", "source_url", "group"],
            "one figure per (edition, data_year, source, group); a repeat is quarantined"),
]

SOURCE = Source(
    name="demographics",
    title="Landmine Monitor casualties by group (children, women and girls, deminers)",
    columns=COLUMNS,
    rules=RULES,
    derived={"source_domain": SOURCE_DOMAIN_SQL},
    published=FIGURES_PUBLISHED,
)
