"""How many states and other areas were contaminated by antipersonnel mines, per edition, as the
Monitor (or a release quoting it) states it. From the reference set
(data/reference/contamination_headline_counts.csv) plus an added row (data/raw/manifest.yml). A count stated as a lower bound ("57 (at
least)") keeps its wording; the number and the bound are split in staging, never rounded."""
from __future__ import annotations

from ..validate import rules as R
from .base import FIGURES_PUBLISHED, SOURCE_DOMAIN_SQL, Column, Source, figure_rules

COUNT_RE = r"^[0-9]+(?: \(at least\))?$"
AS_OF_RE = r"^(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) )?[0-9]{4}(?:-[0-9]{4})?$"

COLUMNS = [
    Column("edition", "int", True, "Landmine Monitor report year"),
    Column("as_of", "str", True, "When the count applies, as the source words it (e.g. Oct 2016, 2017-2018)"),
    Column("states_and_areas_ap_contaminated", "str", False,
           "States and other areas with AP mine contamination; '57 (at least)' is kept as worded"),
    Column("states_parties", "int", False, "Of them, States Parties"),
    Column("states_not_party", "int", False, "Of them, states not party"),
    Column("other_areas", "int", False, "Of them, other areas"),
    Column("source_url", "str", True, "Page the count was transcribed from"),
    Column("locator", "str", True, "Where on that page it is"),
]

_edition_only = [r for r in figure_rules() if r.name not in ("data_year_in_range", "edition_after_data_year")]
_n = "TRY_CAST(regexp_extract(states_and_areas_ap_contaminated, '^([0-9]+)', 1) AS BIGINT)"

RULES = _edition_only + [
    R.matches("states_and_areas_ap_contaminated", COUNT_RE, "states_and_areas_well_formed",
              "states_and_areas_ap_contaminated is a whole number, optionally '(at least)'"),
    R.matches("as_of", AS_OF_RE, "as_of_well_formed", "as_of is a year, 'Mon YYYY' or 'YYYY-YYYY'"),
    *[R.between(c, 0, name=f"{c}_non_negative", description=f"{c} is a count: >= 0")
      for c in ("states_parties", "states_not_party", "other_areas")],
    R.check("breakdown_sums_to_total",
            f"CASE WHEN {_n} IS NULL OR states_parties IS NULL OR states_not_party IS NULL "
            f"OR other_areas IS NULL OR states_and_areas_ap_contaminated LIKE '%at least%' THEN NULL "
            f"ELSE states_parties + states_not_party + other_areas = {_n} END",
            ["states_and_areas_ap_contaminated", "states_parties", "states_not_party", "other_areas"],
            "States Parties + states not party + other areas = states and areas, where all are given"),
    R.first_of_key("one_row_per_edition_and_source", ["edition", "as_of", "source_url"],
                   ["edition", "as_of", "source_url"], "one count per (edition, as_of, source)"),
]

SOURCE = Source(
    name="contamination_headline_counts",
    title="States and areas contaminated by antipersonnel mines, per edition",
    columns=COLUMNS,
    rules=RULES,
    derived={"source_domain": SOURCE_DOMAIN_SQL},
    published=FIGURES_PUBLISHED,
)
