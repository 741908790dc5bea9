"""Rules of the stockpile destruction source: a known measure, a whole count >= 0, a known hedge,
a row dated by its edition or (tied to none) by its page's date, never both, a page date that is a
real date to the day, month or year, a classified page and publisher (whose series). A row tied to
no edition is public from the last day its page date can mean. Every breaking case is one row of a
single validation."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.sources import get
from pipeline.validate import run as validate

from conftest import case_rows, fired, frame

SRC = get("stockpile_destruction")
VALID = {"as_of_year": "2013", "edition": "2014", "measure": "stockpiled_mines_destroyed_cumulative",
         "value": "48000000", "qualifier": "more than",
         "source_url": "https://monitor.example.org/en-gb/reports/2014/major-findings.aspx",
         "publisher": "Landmine and Cluster Munition Monitor", "locator": "test", "quote": "test", "page_date": None}
CONVENTION = "Xinhua (1 Dec 2015), citing a 14MSP statement (Convention figure, not the Monitor's)"
CASES = [
    ("measure_known", {"measure": "mines_destroyed"}),
    ("value_is_integer", {"value": "48 million"}),
    ("value_non_negative", {"value": "-1"}),
    ("qualifier_known", {"qualifier": "perhaps"}),
    ("dated_by_edition_or_page", {"page_date": "2014-12"}),
    ("dated_by_edition_or_page", {"edition": None}),
    ("page_date_is_a_date", {"edition": None, "page_date": "Dec 2013"}),
    ("page_date_is_a_date", {"edition": None, "page_date": "2013-02-30"}),
    ("edition_not_before_its_year", {"edition": "2012"}),
    ("publisher_series_known", {"publisher": "Unclassified"}),
]


def run(rows, as_of=dt.date(2026, 12, 4)):
    return validate.run(SRC, Path("t.csv"), text=frame(rows, SRC.column_names), as_of=as_of)


@pytest.fixture(scope="module")
def cases():
    return run(case_rows(VALID, CASES))


def test_rows_dated_by_edition_or_by_page_pass_and_are_public_from_that_date():
    o = run([VALID,
             {**VALID, "edition": None, "page_date": "2013-12", "value": "44500000", "qualifier": "over",
              "publisher": CONVENTION, "source_url": "https://news.example.org/un"},
             {**VALID, "edition": None, "page_date": "2019-05-24", "as_of_year": "2019", "value": "54000000",
              "source_url": "https://ngo.example.org/hrw"},
             {**VALID, "edition": None, "page_date": "2024", "as_of_year": "2024", "value": "55000000",
              "source_url": "https://official.example.org/icbl"}])
    assert fired(o) == {} and o.rows_loaded == 4
    assert list(o.loaded.sort_values("_row")["published"].dt.date) == [
        dt.date(2014, 12, 3), dt.date(2013, 12, 31), dt.date(2019, 5, 24), dt.date(2024, 12, 31)]


@pytest.mark.parametrize("i,rule", [(i, r) for i, (r, _) in enumerate(CASES)], ids=[r for r, _ in CASES])
def test_breaking_row(cases, i, rule):
    got = fired(cases)
    assert i + 2 in got.get(rule, []), got
    assert i + 2 in set(cases.quarantine["row_number"])
    assert 1 not in [r for rows in got.values() for r in rows]


def test_a_page_published_after_the_as_of_date_is_set_aside():
    o = run([VALID, {**VALID, "edition": None, "page_date": "2024", "as_of_year": "2024",
                     "source_url": "https://official.example.org/icbl"}], as_of=dt.date(2024, 12, 1))
    assert (o.rows_loaded, o.rows_quarantined, o.rows_not_yet_published) == (1, 0, 1)
