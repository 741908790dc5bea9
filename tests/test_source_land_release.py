"""Rules of the land release source: a known measure with its own unit (km2 for land, mines for
mines destroyed), an amount >= 0, a known hedge and scope, Mine Action Review's global scope only
with its own publisher (and its figures never under another scope), a classified page and
publisher, an edition that reports on the year, one figure per statement. Every breaking case is
one row of a single validation."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.sources import get
from pipeline.validate import run as validate

from conftest import case_rows, fired, frame

SRC = get("land_release")
MAR = "Mine Action Review (Clearing the Mines; separate series, not the Monitor)"
VALID = {"data_year": "2022", "edition": "2023", "measure": "land_released", "value": "497.34", "unit": "km2",
         "qualifier": None, "scope": "States Parties with Article 5 obligations",
         "source_url": "https://monitor.example.org/en-gb/reports/2023/impact.aspx",
         "publisher": "Landmine and Cluster Munition Monitor", "locator": "test", "quote": "test"}
CASES = [
    ("measure_known", {"measure": "land_demined"}),
    ("unit_is_the_measures", {"unit": "mines"}),
    ("unit_is_the_measures", {"measure": "ap_mines_destroyed_in_clearance", "unit": "km2"}),
    ("value_non_negative", {"value": "-0.5"}),
    ("qualifier_known", {"qualifier": "maybe"}),
    ("scope_known", {"scope": "everywhere"}),
    ("mine_action_review_only_in_its_series", {"scope": "global (Mine Action Review)"}),
    ("mine_action_review_only_in_its_series", {"publisher": MAR, "edition": "2022"}),
    ("publisher_series_known", {"publisher": "A summary"}),
    ("edition_after_data_year", {"edition": "2022"}),
    ("source_publisher_known", {"source_url": "https://unknown.example.com/x"}),
]


def run(rows, as_of=dt.date(2026, 12, 4)):
    return validate.run(SRC, Path("t.csv"), text=frame(rows, SRC.column_names), as_of=as_of)


@pytest.fixture(scope="module")
def cases():
    return run(case_rows(VALID, CASES))


def test_released_cleared_and_mines_each_with_its_unit_and_mar_with_its_scope_pass():
    o = run([VALID,
             {**VALID, "measure": "land_cleared", "value": "219.31"},
             {**VALID, "measure": "ap_mines_destroyed_in_clearance", "value": "169276", "unit": "mines"},
             {**VALID, "measure": "land_cleared", "value": "131", "scope": "global (Mine Action Review)",
              "publisher": MAR, "data_year": "2019", "edition": "2020", "source_url": "https://ngo.example.org/ctm"}])
    assert fired(o) == {} and o.rows_loaded == 4
    # Mine Action Review's row is public from Clearing the Mines 2020's release, not LM2020's
    published = dict(zip(o.loaded["_row"], o.loaded["published"].dt.date))
    assert published[4] == dt.date(2020, 10, 31) and published[1] == dt.date(2023, 11, 14)


@pytest.mark.parametrize("i,rule", [(i, r) for i, (r, _) in enumerate(CASES)], ids=[r for r, _ in CASES])
def test_breaking_row(cases, i, rule):
    got = fired(cases)
    assert i + 2 in got.get(rule, []), got
    assert i + 2 in set(cases.quarantine["row_number"])
    assert 1 not in [r for rows in got.values() for r in rows]


def test_every_row_is_accounted_for(cases):
    assert cases.rows_read == len(CASES) + 1 == cases.rows_loaded + cases.rows_quarantined
