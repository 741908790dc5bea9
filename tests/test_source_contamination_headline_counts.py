"""Rules of contamination_headline_counts: a lower bound keeps its wording; the breakdown adds up."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.validate import run as validate
from pipeline.sources import get

from conftest import fired, frame

SRC = get("contamination_headline_counts")
VALID = {"edition": "2016", "as_of": "Oct 2016", "states_and_areas_ap_contaminated": "64",
         "states_parties": "36", "states_not_party": "24", "other_areas": "4",
         "source_url": "https://monitor.example.org/en-gb/reports/2016/x.aspx", "locator": "bullet"}


def run(*rows):
    return validate.run(SRC, Path("t.csv"), text=frame(list(rows), SRC.column_names))


def test_valid_rows_pass_including_a_lower_bound():
    assert fired(run(VALID, {**VALID, "edition": "2025", "as_of": "2025", "states_parties": None,
                             "states_not_party": None, "other_areas": None,
                             "states_and_areas_ap_contaminated": "57 (at least)"},
                     {**VALID, "as_of": "2017-2018", "source_url": "https://news.example.org/x"})) == {}


@pytest.mark.parametrize("rule,change", [
    ("breakdown_sums_to_total", {"states_parties": "35"}),
    ("states_and_areas_well_formed", {"states_and_areas_ap_contaminated": "about 60"}),
    ("as_of_well_formed", {"as_of": "sometime"}),
    ("other_areas_non_negative", {"other_areas": "-4", "states_parties": "44"}),
])
def test_breaking_row(rule, change):
    o = run(VALID, {**VALID, "source_url": "https://news.example.org/x", **change})
    assert fired(o).get(rule) == [2]
