"""Rules shared by the sources that name a country or area: the name must be in the geography
crosswalk (pipeline/seeds/geography.csv), and a code the file gives must agree with it."""
from __future__ import annotations

from .. import geo
from ..validate import rules as R

DERIVED = {
    "country_name": geo.FOOTNOTE_SQL,  # the name without a footnote asterisk ("Argentina*")
    "geo_iso3": geo.iso3_case_sql(),
}


def geo_rules(allowed_extra=()) -> list[R.Rule]:
    names = geo.names()
    known = "country_name IN (" + ", ".join(R._lit(n) for n in names + list(allowed_extra)) + ")"
    return [
        R.check("country_known", f"CASE WHEN country IS NULL THEN NULL ELSE {known} END",
                ["country"],
                "country must be a name in the geography crosswalk (pipeline/seeds/geography.csv); "
                "add a new name or variant there with its code, never guess it"),
    ]


def iso3_agrees() -> R.Rule:
    return R.check("iso3_matches_crosswalk",
                   "CASE WHEN iso3 IS NULL OR geo_iso3 IS NULL THEN NULL ELSE iso3 = geo_iso3 END",
                   ["country", "iso3", "geo_iso3"],
                   "the iso3 the file gives must be the crosswalk's code for the country's name")
