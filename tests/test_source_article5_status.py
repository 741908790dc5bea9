"""Rules of the Article 5 status source: a status from a fixed set, deadlines that are dates to
the day, month or year, a request naming the deadline it extends, a completion year only for a
completion, every statement dated (its page, its edition, or the day it was seen by), one row per
State Party; and the statement's publication day, which a build as of an earlier day leaves out."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.validate import run as validate
from pipeline.sources import get

from conftest import fired, frame

SRC = get("article5_status")
VALID = {"iso3": "KHM", "country": "Cambodia", "status": "deadline", "deadline_date": "2030-12-31",
         "completion_year": None, "decided_at": "22MSP", "source_url": "https://news.example.org/a5",
         "publisher": "test", "edition_or_date": "2025-12-08", "locator": "test", "quote": "test", "seen_by": None}


def run(*rows, as_of="2026-12-01"):
    return validate.run(SRC, Path("t.csv"), text=frame(list(rows), SRC.column_names),
                        as_of=dt.date.fromisoformat(as_of))


def test_valid_rows_pass_with_each_precision_and_way_of_dating():
    o = run(VALID,
            {**VALID, "iso3": "BIH", "country": "Bosnia and Herzegovina", "deadline_date": "2027-03", "edition_or_date": "2020"},
            {**VALID, "iso3": "NGA", "country": "Nigeria", "deadline_date": None, "edition_or_date": "LM2021"},
            {**VALID, "iso3": "THA", "country": "Thailand", "edition_or_date": "CTM2023"},
            {**VALID, "iso3": "CHL", "country": "Chile", "status": "completed", "completion_year": "2020",
             "deadline_date": None, "edition_or_date": "LM2021"},
            {**VALID, "iso3": "LKA", "country": "Sri Lanka", "edition_or_date": "undated (test)", "seen_by": "2026-11-30"})
    assert fired(o) == {} and o.rows_loaded == 6
    published = dict(zip(o.loaded["_row"], o.loaded["published"].dt.date))
    # the page's day; a year's last day; LM2021's and CTM2023's releases; the day it was seen by
    assert published == {1: dt.date(2025, 12, 8), 2: dt.date(2020, 12, 31), 3: dt.date(2021, 11, 10),
                         4: dt.date(2023, 11, 7), 5: dt.date(2021, 11, 10), 6: dt.date(2026, 11, 30)}


def test_a_statement_published_after_the_as_of_date_is_not_yet_published_never_quarantined():
    o = run(VALID, {**VALID, "iso3": "AGO", "country": "Angola", "edition_or_date": "2019-01-01"}, as_of="2020-01-01")
    assert (o.rows_read, o.rows_loaded, o.rows_quarantined, o.rows_not_yet_published) == (2, 1, 0, 1)
    assert o.later["row_number"].tolist() == [1]


@pytest.mark.parametrize("rule,change", [
    ("status_known", {"status": "granted"}),
    ("deadline_is_a_date", {"deadline_date": "31 Dec 2030"}),
    ("deadline_is_a_date", {"deadline_date": "2030-02-30"}),
    ("deadline_after_entry_into_force", {"deadline_date": "2005-01-01"}),
    ("request_names_the_deadline", {"status": "extension_requested", "deadline_date": None}),
    ("completion_only_when_completed", {"completion_year": "2020"}),
    ("completion_year_in_range", {"status": "completed", "completion_year": "2031"}),
    ("statement_is_dated", {"edition_or_date": "undated (test)"}),
    ("statement_is_dated", {"edition_or_date": "LM1890"}),
    ("country_known", {"country": "Atlantis", "iso3": "ATL"}),
    ("iso3_matches_crosswalk", {"iso3": "THA"}),
    ("source_url_well_formed", {"source_url": "asianews network"}),
])
def test_breaking_row(rule, change):
    o = run({**VALID, "iso3": "AGO", "country": "Angola"}, {**VALID, **change})
    assert fired(o).get(rule) == [2], fired(o)
    assert o.rows_quarantined == 1


def test_one_row_per_state_party():
    assert fired(run(VALID, {**VALID, "deadline_date": "2031-01-01"})) == {"one_row_per_state": [2]}
