"""Anti-personnel mine contamination per country as of an edition: whether contaminated, the
Monitor's extent category, the area where a page gives it and the Article 5 clearance deadline.
From the reference set (data/reference/contamination.csv) plus added rows: data/raw/manifest.yml
says which (`derivation`)."""
from __future__ import annotations

from ..validate import rules as R
from ..seeds import seed
from ._geo_rules import DERIVED, geo_rules, iso3_agrees
from .base import FIGURES_PUBLISHED, SOURCE_DOMAIN_SQL, Column, Source, figure_rules

# The treaty entered into force on 1 March 1999; a State Party must clear within ten years of
# becoming bound (Article 5.1), so no deadline can precede 2009; an extension runs at most ten
# years from the one it replaces (Article 5.3-5.6), so a deadline beyond edition + 10 is implausible.
FIRST_DEADLINE = 2009
MAX_YEARS_AHEAD = 10

COLUMNS = [
    Column("edition", "int", True, "Landmine Monitor report year (or list date) the status is from"),
    Column("country", "str", True, "Country or area as the source names it"),
    Column("iso3", "str", False, "Code as transcribed (checked against the crosswalk)"),
    Column("state_party", "str", False, "yes / no: a State Party to the Mine Ban Treaty"),
    Column("ap_mine_contamination", "str", False, "yes / no: contaminated by antipersonnel mines"),
    Column("extent_category", "str", False, "The Monitor's extent category, as worded"),
    Column("area_km2", "float", False, "Antipersonnel-mine contaminated area (km²) where given"),
    Column("article5_deadline", "int", False, "Year of the Article 5 clearance deadline"),
    Column("source_url", "str", True, "Page the status was transcribed from"),
    Column("locator", "str", True, "Where on that page it is"),
]

_edition_only = [r for r in figure_rules() if r.name not in ("data_year_in_range", "edition_after_data_year")]

RULES = _edition_only + geo_rules() + [
    iso3_agrees(),
    R.in_set("state_party", ["yes", "no"], name="state_party_known",
             description="state_party must be yes or no"),
    R.in_set("ap_mine_contamination", ["yes", "no"], name="ap_mine_contamination_known",
             description="ap_mine_contamination must be yes or no"),
    R.in_set("extent_category", seed("extent_categories")["wording"], name="extent_category_known",
             description="extent_category must be one of the Monitor's categories "
                         "(pipeline/seeds/extent_categories.csv: massive, large, medium, small, unknown)"),
    R.between("area_km2", 0, name="area_km2_non_negative", description="area_km2 is an area: >= 0"),
    R.check("article5_deadline_plausible",
            f"CASE WHEN article5_deadline IS NULL THEN NULL ELSE article5_deadline BETWEEN "
            f"{FIRST_DEADLINE} AND edition + {MAX_YEARS_AHEAD} END",
            ["article5_deadline", "edition"],
            f"an Article 5 deadline year is plausible: from {FIRST_DEADLINE} (ten years after the treaty's "
            f"entry into force) to edition + {MAX_YEARS_AHEAD} (an extension runs at most ten years)"),
    R.check("article5_deadline_only_for_states_parties",
            "CASE WHEN article5_deadline IS NULL THEN NULL ELSE coalesce(state_party, 'yes') = 'yes' END",
            ["article5_deadline", "state_party"],
            "only a State Party has an Article 5 deadline"),
    R.first_of_key("one_row_per_country_and_source",
                   ["edition", "coalesce(geo_iso3, country_name)", "source_url"],
                   ["edition", "country", "source_url"],
            "a country appears once per (edition, source); the repeat is quarantined"),
]

SOURCE = Source(
    name="contamination",
    title="Antipersonnel mine contamination per country, per edition and source",
    columns=COLUMNS,
    rules=RULES,
    derived={"source_domain": SOURCE_DOMAIN_SQL, **DERIVED},
    published=FIGURES_PUBLISHED,
)
