"""Casualties per country and year as one source states them (Monitor country profiles, ICBL/HI
releases and news naming the top countries). From the reference set (data/reference/country_casualties.csv),
with corrected and added rows: data/raw/manifest.yml says which (`derivation`).
Country tables are complete only for a few editions: a country absent here is unknown, not zero."""
from __future__ import annotations

from ..validate import rules as R
from ._geo_rules import DERIVED, geo_rules, iso3_agrees
from .base import (DATA_YEAR, EDITION, LOCATOR, SOURCE_DOMAIN_SQL, SOURCE_URL, Column, Source,
                   figure_rules, FIGURES_PUBLISHED)

COUNTS = ["casualties", "killed", "injured"]

COLUMNS = [
    EDITION,
    DATA_YEAR,
    Column("country", "str", True, "Country or area as the source names it"),
    Column("iso3", "str", False, "Code as transcribed (checked against the crosswalk)"),
    Column("casualties", "int", False, "Recorded casualties in the country and year"),
    Column("killed", "int", False, "People killed"),
    Column("injured", "int", False, "People injured"),
    Column("state_party", "str", False, "yes / no: a State Party to the Mine Ban Treaty, as the row states"),
    SOURCE_URL,
    LOCATOR,
]

RULES = figure_rules() + geo_rules() + [
    iso3_agrees(),
    *[R.between(c, 0, name=f"{c}_non_negative", description=f"{c} is a count: >= 0") for c in COUNTS],
    R.in_set("state_party", ["yes", "no"], name="state_party_known",
             description="state_party must be yes or no (empty when the source does not say)"),
    R.check("outcome_within_casualties",
            "CASE WHEN casualties IS NULL THEN NULL "
            "ELSE coalesce(killed, 0) + coalesce(injured, 0) <= casualties END",
            ["casualties", "killed", "injured"],
            "killed + injured <= casualties (the rest is unknown outcome)"),
    R.first_of_key("one_row_per_country_and_source",
                   ["edition", "data_year", "coalesce(geo_iso3, country_name)", "source_url"],
                   ["edition", "data_year", "country", "source_url"],
            "a country appears once per (edition, data_year, source); the repeat is quarantined"),
    R.check("row_gives_a_figure", "casualties IS NOT NULL OR killed IS NOT NULL OR injured IS NOT NULL",
            COUNTS, "a row should give at least one figure", severity="warn"),
]

SOURCE = Source(
    name="country_casualties",
    title="Landmine Monitor casualties per country, per edition and source",
    columns=COLUMNS,
    rules=RULES,
    derived={"source_domain": SOURCE_DOMAIN_SQL, **DERIVED},
    published=FIGURES_PUBLISHED,
)
