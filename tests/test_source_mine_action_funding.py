"""Rules of the mine action funding source: a known measure (its basis), an amount >= 0 in US$
million, a known hedge, a classified page and publisher wording (whose series), a data year and
an edition that reports on it, one figure per (edition, year, measure, page); each row public from
its edition's release. Every breaking case is one row of a single validation."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.seeds import seed
from pipeline.sources import get
from pipeline.validate import run as validate

from conftest import case_rows, fired, frame

SRC = get("mine_action_funding")
VALID = {"data_year": "2017", "edition": "2019", "measure": "international", "value_usd_million": "696.3",
         "qualifier": "revised", "donors": "33", "affected_states": None,
         "source_url": "https://monitor.example.org/en-gb/reports/2019/funding.aspx",
         "publisher": "Landmine and Cluster Munition Monitor", "locator": "test", "quote": "test"}
CASES = [
    ("measure_known", {"measure": "international_and_national"}),
    ("measure_required", {"measure": None}),
    ("value_non_negative", {"value_usd_million": "-1"}),
    ("value_usd_million_is_number", {"value_usd_million": "696,3 million"}),
    ("qualifier_known", {"qualifier": "probably"}),
    ("publisher_series_known", {"publisher": "Some blog"}),
    ("source_publisher_known", {"source_url": "https://unknown.example.com/x"}),
    ("source_url_well_formed", {"source_url": "the-monitor.org/funding"}),
    ("edition_after_data_year", {"edition": "2017"}),
    ("data_year_in_range", {"data_year": "1998", "edition": "1999"}),
    ("publication_known", {"edition": "2027", "data_year": "2026"}),
]
AS_OF = dt.date(2026, 12, 4)


def run(rows, as_of=AS_OF):
    return validate.run(SRC, Path("t.csv"), text=frame(rows, SRC.column_names), as_of=as_of)


@pytest.fixture(scope="module")
def cases():
    return run(case_rows(VALID, CASES))


def test_a_valid_row_passes_and_is_public_from_its_editions_release():
    o = run([VALID, {**VALID, "measure": "total", "value_usd_million": "771.5", "edition": "2018", "qualifier": None}])
    assert fired(o) == {} and o.rows_loaded == 2
    released = dict(zip(seed("publications")["publication"], seed("publications")["released"]))
    assert sorted(o.loaded["published"].dt.date) == [dt.date.fromisoformat(released["LM2018"]),
                                                     dt.date.fromisoformat(released["LM2019"])]


@pytest.mark.parametrize("i,rule", [(i, r) for i, (r, _) in enumerate(CASES)], ids=[r for r, _ in CASES])
def test_breaking_row(cases, i, rule):
    got = fired(cases)
    assert i + 2 in got.get(rule, []), got
    assert i + 2 in set(cases.quarantine["row_number"])
    assert 1 not in [r for rows in got.values() for r in rows]  # the valid row breaks nothing


def test_every_row_is_accounted_for(cases):
    assert cases.rows_read == len(CASES) + 1 == cases.rows_loaded + cases.rows_quarantined


def test_a_repeat_of_the_same_statement_is_quarantined():
    o = run([VALID, {**VALID, "value_usd_million": "700"}])
    assert fired(o) == {"one_figure_per_statement": [2]} and o.rows_loaded == 1


def test_a_figure_of_a_later_edition_is_not_yet_published_at_an_earlier_date():
    o = run([VALID, {**VALID, "edition": "2018", "value_usd_million": "673.2", "qualifier": None}],
            as_of=dt.date(2019, 1, 1))
    assert (o.rows_loaded, o.rows_quarantined, o.rows_not_yet_published) == (1, 0, 1)
