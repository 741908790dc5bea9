"""Rules of the contamination source: extent categories from a fixed set, plausible Article 5
deadlines, the crosswalk, one row per (edition, country, source)."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.validate import run as validate
from pipeline.sources import get

from conftest import fired, frame

SRC = get("contamination")
VALID = {"edition": "2023", "country": "Angola", "iso3": "AGO", "state_party": "yes",
         "ap_mine_contamination": "yes", "extent_category": "Large", "area_km2": "68",
         "article5_deadline": "2025", "source_url": "https://monitor.example.org/en-gb/reports/2023/x.aspx",
         "locator": "extent table"}


def run(*rows):
    return validate.run(SRC, Path("t.csv"), text=frame(list(rows), SRC.column_names))


def test_valid_rows_pass_with_footnote_mark_and_other_area():
    assert fired(run(VALID, {**VALID, "country": "Argentina*", "iso3": "ARG", "extent_category": "Small*"},
                     {**VALID, "country": "Western Sahara", "iso3": "ESH", "state_party": None,
                      "article5_deadline": None, "extent_category": "unknown (as stated)"})) == {}


@pytest.mark.parametrize("rule,change", [
    ("extent_category_known", {"extent_category": "huge"}),
    ("article5_deadline_plausible", {"article5_deadline": "2008"}),
    ("article5_deadline_plausible", {"article5_deadline": "2040"}),  # beyond edition + 10
    ("article5_deadline_only_for_states_parties", {"state_party": "no"}),
    ("area_km2_non_negative", {"area_km2": "-1"}),
    ("area_km2_is_number", {"area_km2": "about 68"}),
    ("ap_mine_contamination_known", {"ap_mine_contamination": "partly"}),
    ("country_known", {"country": "Atlantis", "iso3": None}),
    ("iso3_matches_crosswalk", {"country": "Kosovo", "iso3": "SRB"}),  # never merged into Serbia
    ("edition_in_range", {"edition": "1990"}),
])
def test_breaking_row(rule, change):
    o = run(VALID, {**VALID, "country": "Chad", "iso3": "TCD", **change})
    assert fired(o).get(rule) == [2]
    assert o.rows_quarantined == 1


def test_one_row_per_edition_country_and_source():
    assert fired(run(VALID, {**VALID, "area_km2": "70"})) == {"one_row_per_country_and_source": [2]}
