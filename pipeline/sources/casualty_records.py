"""Casualty records kept by national mine action databases: one row per person killed or injured.
Files in other shapes are read through a declared mapping (data/raw/casualty_records/<dataset>/
mapping.yml, see pipeline/records/mapping.py). The rules below are declared once and run either
as Great Expectations on pandas frames (small files) or as SQL in DuckDB over the whole file
(large files): pipeline/records/load.py."""
from __future__ import annotations

from ..validate import rules as R
from ..records.mapping import CATEGORIES
from ..records.schema import RECORD_FIELDS, text_type
from ..seeds import seed
from ._records import RecordSource
from .base import Column

FIRST_YEAR = 1960  # records of incidents before this are almost surely a mistyped date

# The record schema is declared once (pipeline/records/schema.py); the mapping and the stored
# Parquet read the same list.
COLUMNS = [Column(f[0], text_type(f), f[3], f[4]) for f in RECORD_FIELDS]

DERIVED = {
    # The year as an integer: a range check on it gives the date rule's verdict at a fraction of
    # the cost of a row-by-row datetime check. A source without days gives the year itself.
    "data_year": "coalesce(TRY_CAST(substr(incident_date, 1, 4) AS INTEGER), incident_year)",
    # Under 18 is a child, 18 or over an adult; without an age, the group the source gives;
    # without either, unknown. Never guessed.
    "age_class": "CASE WHEN age IS NULL THEN coalesce(age_group, 'unknown') "
                 "WHEN age < 18 THEN 'child' ELSE 'adult' END",
}

RULES = [
    R.matches("incident_date", r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "incident_date_is_date",
              "incident_date must be a date in the mapping's date_format", stage="text"),
    R.check("incident_dated", "incident_date IS NOT NULL OR incident_year IS NOT NULL",
            ["incident_date", "incident_year"], "a record has an incident date, or at least its year"),
    # The pattern alone lets 2019-02-31 and 2019-13-01 through: the date must parse as a date. (A
    # date that parses is fine whatever its text; the pattern is tried only on the few that do not,
    # where a text that is not a date at all is the rule above's to flag, not this one's.)
    R.check("incident_date_exists",
            "CASE WHEN TRY_CAST(incident_date AS DATE) IS NOT NULL THEN TRUE "
            "WHEN incident_date IS NULL OR NOT regexp_matches(incident_date, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') THEN NULL "
            "ELSE FALSE END",
            ["incident_date"], "incident_date must be a day that exists (no 2019-02-31, no month 13)"),
    R.between("data_year", FIRST_YEAR, R.as_of_year(), name="incident_year_in_range",
              description=f"the incident year must be within {FIRST_YEAR}..the as-of year"),
    R.between("incident_month", 1, 12, name="incident_month_in_range", description="a month is 1..12"),
    R.check("incident_not_in_future",
            f"CASE WHEN data_year IS NULL THEN NULL WHEN incident_date IS NOT NULL "
            f"THEN TRY_CAST(incident_date AS DATE) <= {R.AS_OF} "
            f"ELSE data_year * 100 + coalesce(incident_month, 1) <= year({R.AS_OF}) * 100 + month({R.AS_OF}) END",
            ["incident_date", "incident_year", "incident_month"],
            "an incident cannot be dated after the build's as-of date (to the month "
            "where the source gives no day)"),
    R.check("incident_within_dataset_scope",
            "CASE WHEN scope_first_year IS NULL OR data_year IS NULL THEN NULL ELSE data_year >= scope_first_year END",
            ["data_year", "scope_first_year"],
            "the incident year is within the dataset's stated scope (the mapping's first_year: Colombia's "
            "register covers 1990 on); an earlier row is kept in quarantine, not in the counts"),
    R.in_set("country", seed("record_areas")["code"], name="country_known",
             description="country must be an ISO3 code or an other-area code of pipeline/seeds/record_areas.csv"),
    *[R.in_set(c, CATEGORIES[c], name=f"{c}_known",
               description=f"{c} must be one of {', '.join(CATEGORIES[c])} (after the mapping's value map)")
      for c in ("outcome", "status", "age_group", "sex")],
    R.between("age", 0, 120, name="age_in_range", description="age is in years: 0..120"),
    R.check("age_group_matches_age",
            "CASE WHEN age IS NULL OR age_group IS NULL OR age_group = 'unknown' THEN NULL "
            "ELSE age_group = CASE WHEN age < 18 THEN 'child' ELSE 'adult' END END",
            ["age", "age_group"], "where both are given, the age group agrees with the age (under 18: child)"),
]

SOURCE = RecordSource(
    name="casualty_records",
    title="Casualty records of national databases (one row per person), through declared mappings",
    columns=COLUMNS,
    rules=RULES,
    derived=DERIVED,
)
