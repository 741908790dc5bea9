"""Land released and cleared (km²) and antipersonnel mines destroyed in clearance, per data year,
as each edition (or a page quoting it) states it. "Released" (cleared + reduced by technical
survey + cancelled by non-technical survey) is not "cleared"; each measure keeps its unit
(seeds.mine_action_measures) and its scope (seeds.land_release_scopes): before LM2021 the
Monitor's headline covers every mine action programme, from LM2021 the States Parties with
Article 5 obligations, so the two series are not comparable. Mine Action Review's own global
series is another publisher's and is never spliced into the Monitor's.

From the project's reference set (data/reference/land_release.csv): every row kept but one
corrected (LM2007's 450 km² for 2006 includes battle areas: its measure says so) and one added
(the 140 km² of mined areas LM2007's press release gives); data/raw/manifest.yml says which."""
from __future__ import annotations

from ..seeds import seed
from ..validate import rules as R
from ._mine_action import (DERIVED, PUBLISHED, QUALIFIER, SOURCE_COLUMNS, common_rules, edition_rules,
                           measures, unit_of)
from .base import DATA_YEAR, EDITION, Column, Source

_SCOPES = seed("land_release_scopes")
UNITS = unit_of("land_release")

COLUMNS = [
    DATA_YEAR,
    EDITION,
    Column("measure", "str", True, "land_released, land_cleared, ... (seeds.mine_action_measures: its unit and basis)"),
    Column("value", "float", True, "The amount, in the row's unit, as printed"),
    Column("unit", "str", True, "km2 or mines: must be the measure's unit"),
    QUALIFIER,
    Column("scope", "str", True, "What the figure covers, as the reference set words it (seeds.land_release_scopes)"),
    *SOURCE_COLUMNS,
]

_unit_case = "CASE measure " + " ".join(f"WHEN {R._lit(m)} THEN {R._lit(u)}" for m, u in UNITS.items()) + " END"
_mar_scope = [w for w, s in zip(_SCOPES["wording"], _SCOPES["scope"]) if s == "global_mar"]
_is_mar_scope = "scope IN (" + ", ".join(R._lit(w) for w in _mar_scope) + ")"

RULES = common_rules("land_release", "value") + edition_rules() + [
    R.check("unit_is_the_measures", f"CASE WHEN measure IS NULL OR unit IS NULL THEN NULL ELSE unit = {_unit_case} END",
            ["measure", "unit"], "a measure has one unit (km2 for land, mines for mines destroyed): "
                                 "seeds.mine_action_measures"),
    R.in_set("scope", _SCOPES["wording"], name="scope_known",
             description="scope must be a wording of seeds.land_release_scopes (which series and coverage it is)"),
    R.check("mine_action_review_only_in_its_series",
            f"CASE WHEN statement_series(publisher) IS NULL OR scope IS NULL THEN NULL "
            f"ELSE ({_is_mar_scope}) = (statement_series(publisher) = 'mine_action_review') END",
            ["scope", "publisher"],
            "Mine Action Review's global scope goes with its own publisher only: never a Monitor row with "
            "its scope, nor its figure under another scope"),
    R.first_of_key("one_figure_per_statement", ["edition", "data_year", "measure", "source_url"],
                   ["edition", "data_year", "measure", "source_url"],
                   "one figure per (edition, data year, measure, page): a repeat is quarantined"),
]

SOURCE = Source(
    name="land_release",
    title="Land released and cleared (km²) and mines destroyed in clearance, with scope and publisher",
    columns=COLUMNS,
    rules=RULES,
    derived=DERIVED,
    published=PUBLISHED,
)

MEASURES = measures("land_release")
