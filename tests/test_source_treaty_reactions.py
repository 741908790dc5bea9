"""Rules of the treaty-reactions source: an action from the seed's vocabulary, a date to the day
or the month (or none, with the page's date), the state named unless the States Parties decided,
one row per state, action and source; and each reaction dated by its own date or its page's, so a
build as of an earlier day leaves it out."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.validate import run as validate
from pipeline.sources import get

from conftest import fired, frame

SRC = get("treaty_reactions")
VALID = {"date": "2025-10-17", "state": "Switzerland", "iso3": "CHE", "action": "formal objection to suspension",
         "addressed_to": "UN Secretary-General", "source_url": "https://official.example.org/r", "publisher": "test",
         "locator": "test", "quote": "test", "page_date": None, "regarding_iso3": "UKR"}


def run(*rows, as_of="2026-12-01"):
    return validate.run(SRC, Path("t.csv"), text=frame(list(rows), SRC.column_names),
                        as_of=dt.date.fromisoformat(as_of))


def test_valid_rows_pass_dated_by_themselves_or_by_their_page():
    o = run(VALID,
            {**VALID, "date": None, "state": "Norway", "iso3": "NOR", "page_date": "2025-12"},
            {**VALID, "date": "2025-12", "state": None, "iso3": None, "action": "meeting decision"})
    assert fired(o) == {}
    assert o.loaded["published"].dt.date.tolist() == [dt.date(2025, 10, 17), dt.date(2025, 12, 31), dt.date(2025, 12, 31)]


def test_as_of_before_a_reaction_it_is_not_yet_published():
    o = run(VALID, {**VALID, "date": None, "state": "Norway", "iso3": "NOR", "page_date": "2025-12"}, as_of="2025-11-01")
    assert (o.rows_loaded, o.rows_quarantined, o.rows_not_yet_published) == (1, 0, 1)


@pytest.mark.parametrize("rule,change", [
    ("action_known", {"action": "protest"}),
    ("date_is_a_date", {"date": "17 Oct 2025"}),
    ("date_is_a_date", {"date": "1990-01-01"}),
    ("action_is_dated", {"date": None}),
    ("a_state_acts_unless_the_meeting_decides", {"state": None, "iso3": None}),
    ("a_state_acts_unless_the_meeting_decides", {"action": "meeting decision"}),
    ("country_known", {"state": "Atlantis", "iso3": None}),
    ("iso3_matches_crosswalk", {"iso3": "AUT"}),
    ("regarding_known", {"regarding_iso3": "ZZZ"}),
])
def test_breaking_row(rule, change):
    o = run({**VALID, "state": "Austria", "iso3": "AUT"}, {**VALID, **change})
    assert fired(o).get(rule) == [2], fired(o)
    assert o.rows_quarantined == 1


def test_one_row_per_state_action_and_source():
    assert fired(run(VALID, {**VALID, "quote": "again"})) == {"one_row_per_state_action_and_source": [2]}
