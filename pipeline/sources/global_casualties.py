"""The Landmine Monitor's global casualty figures: one row per (edition, data_year, source) as that
source states them. From the reference set (data/reference/global_casualties.csv) plus added rows:
data/raw/manifest.yml says which (`derivation`)."""
from __future__ import annotations

from ..validate import rules as R
from ..seeds import seed
from .base import (DATA_YEAR, EDITION, LOCATOR, SOURCE_DOMAIN_SQL, SOURCE_URL, Column, Source,
                   figure_rules, FIGURES_PUBLISHED)

_MEASURES = seed("measures")  # the global figures' measures, declared once (SQL joins the same seed)
DEVICE_COUNTS = ["improvised_mine_casualties", "cluster_munition_remnant_casualties",
                 "ap_mine_casualties"]
COUNTS = [m for m, k in zip(_MEASURES["measure"], _MEASURES["kind"]) if k == "count"] + DEVICE_COUNTS
PERCENTS = [m for m, k in zip(_MEASURES["measure"], _MEASURES["kind"]) if k == "share"]
# The measures a row can give: the duplicate rule and "a row gives a figure" use this list.
MEASURES = list(_MEASURES["measure"]) + DEVICE_COUNTS

COLUMNS = [
    EDITION,
    DATA_YEAR,
    Column("total", "int", False, "Recorded casualties (killed + injured + unknown outcome)"),
    Column("killed", "int", False, "People killed"),
    Column("injured", "int", False, "People injured"),
    Column("outcome_unknown", "int", False, "Casualties whose outcome is unknown, as reported"),
    Column("civilian_pct", "float", False, "Civilians, % of casualties whose status is known"),
    Column("child_pct", "float", False, "Children (under 18), % of the basis in child_pct_basis"),
    Column("child_pct_basis", "str", False, "Denominator of child_pct as the source words it"),
    Column("military_pct", "float", False, "Military, % of casualties whose status is known"),
    Column("deminer_pct", "float", False, "Deminers, % of casualties"),
    Column("female_pct", "float", False, "Women and girls, % of casualties whose sex is known"),
    Column("states_areas", "int", False, "States and other areas with recorded casualties"),
    Column("improvised_mine_casualties", "int", False, "Casualties of improvised mines"),
    Column("cluster_munition_remnant_casualties", "int", False, "Casualties of cluster munition remnants"),
    Column("ap_mine_casualties", "int", False, "Casualties of antipersonnel mines (as the source words it)"),
    SOURCE_URL,
    LOCATOR,
]

_BASIS = seed("child_pct_basis")
_key = "edition, data_year, source_url"
_dup_expr = " AND ".join(
    f"(\"{m}\" IS NULL OR count(\"{m}\") OVER (PARTITION BY {_key}"
    + (", child_pct_basis" if m == "child_pct" else "")
    + " ORDER BY _row ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) = 1)"
    for m in MEASURES
)

RULES = figure_rules() + [
    *[R.between(c, 0, name=f"{c}_non_negative", description=f"{c} is a count: >= 0") for c in COUNTS],
    *[R.between(c, 0, 100, name=f"{c}_is_percentage", description=f"{c} is a percentage: 0..100")
      for c in PERCENTS],
    R.in_set("child_pct_basis", _BASIS["wording"], name="child_pct_basis_known",
             description="child_pct_basis must be a known wording (pipeline/seeds/child_pct_basis.csv "
                         "maps it to the civilian or all-casualties basis)"),
    R.check("child_pct_has_basis", "child_pct IS NULL OR child_pct_basis IS NOT NULL",
            ["child_pct", "child_pct_basis"],
            "a child share means nothing without its basis: child_pct needs child_pct_basis"),
    R.check("outcome_sums_to_total",
            "CASE WHEN total IS NULL OR killed IS NULL OR injured IS NULL OR outcome_unknown IS NULL "
            "THEN NULL ELSE killed + injured + outcome_unknown = total END",
            ["total", "killed", "injured", "outcome_unknown"],
            "killed + injured + outcome_unknown = total where all four are given"),
    R.check("outcome_within_total",
            "CASE WHEN total IS NULL OR outcome_unknown IS NOT NULL THEN NULL "
            "ELSE coalesce(killed, 0) + coalesce(injured, 0) <= total END",
            ["total", "killed", "injured"],
            "killed + injured <= total where outcome_unknown is not given"),
    R.check("devices_within_total",
            "CASE WHEN total IS NULL THEN NULL ELSE " + " AND ".join(
                f"coalesce({c}, 0) <= total" for c in DEVICE_COUNTS) + " END",
            ["total", *DEVICE_COUNTS], "no device-type count exceeds the total"),
    R.check("no_duplicate_figure", _dup_expr, ["edition", "data_year", "source_url"],
            "one figure per (edition, data_year, source, measure[, child basis]); a repeat is quarantined"),
    R.check("row_gives_a_figure",
            " OR ".join(f"\"{m}\" IS NOT NULL" for m in MEASURES), MEASURES,
            "a row should give at least one figure (an empty row documents a gap)",
            severity="warn"),
]

SOURCE = Source(
    name="global_casualties",
    title="Landmine Monitor global casualty figures, per edition and source",
    columns=COLUMNS,
    rules=RULES,
    derived={"source_domain": SOURCE_DOMAIN_SQL},
    published=FIGURES_PUBLISHED,
)
