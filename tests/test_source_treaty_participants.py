"""Rules of treaty_participants (one row per state that deposited an instrument: signature, deposit,
kind) and the shipped file's cross-checks: Article 17's entry into force reproduces the dates and
counts sources state (45 on 1 March 1999, 156 on 1 January 2010, 164 on 1 January 2020, 166 on
1 December 2025; Oman 1 Feb 2015, Palestine 1 Jun 2018, Montenegro 1 Apr 2007, ...)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from pipeline.validate import run as validate
from pipeline.sources import get

from conftest import fired, frame

SRC = get("treaty_participants")
URL = "https://official.example.org/p"
VALID = [
    {"state": "Burkina Faso", "iso3": "BFA", "signed": "1997-12-03", "deposited": "1998-09-16", "deposit_kind": "ratification"},
    {"state": "Afghanistan", "iso3": "AFG", "signed": "", "deposited": "2002-09-11", "deposit_kind": "accession"},
    {"state": "Montenegro", "iso3": "MNE", "signed": "", "deposited": "2006-10-23", "deposit_kind": "succession"},
    {"state": "Netherlands", "iso3": "NLD", "signed": "1997-12-03", "deposited": "1999-04-12", "deposit_kind": "acceptance"},
    {"state": "Canada", "iso3": "CAN", "signed": "1997-12-03", "deposited": "1997-12-03", "deposit_kind": "ratification"},
]


def run(*rows):
    rows = [{"source_url": URL, "locator": "x", **r} for r in rows]
    return validate.run(SRC, Path("t.csv"), text=frame(rows, SRC.column_names))


def test_valid_rows_pass():
    assert fired(run(*VALID)) == {}


@pytest.mark.parametrize("rule,change", [
    ("country_known", {"state": "Narnia", "iso3": "NAR"}),
    ("iso3_matches_crosswalk", {"iso3": "BFO"}),
    ("deposit_kind_known", {"deposit_kind": "ratified"}),
    ("deposited_is_date", {"deposited": "1998-02-30"}),
    ("deposited_is_date", {"deposited": "1996-01-01"}),
    ("signed_before_entry_into_force", {"signed": "1999-03-02", "deposited": "2000-01-01"}),
    ("signed_not_after_deposit", {"signed": "1998-09-17"}),
    ("deposit_kind_matches_signature", {"deposit_kind": "accession"}),
    ("source_publisher_known", {"source_url": "https://unknown.example.com/x"}),
])
def test_each_rule_catches_its_break(rule, change):
    assert rule in fired(run({**VALID[0], **change}))


def test_a_state_deposits_once():
    assert fired(run(VALID[0], {**VALID[0], "deposited": "1998-09-17"})) == {"one_row_per_state": [2]}


@pytest.fixture(scope="module")
def con(shipped_run):
    c = duckdb.connect(str(shipped_run["warehouse"]), read_only=True)
    yield c
    c.close()


def count_on(con, day):
    return con.execute("select states_parties from marts.states_parties_by_date where date <= ? "
                       "order by date desc limit 1", [day]).fetchall()[0][0]


def test_shipped_file_loads_every_deposit(con, shipped_run):
    assert "treaty_participants: read 166 = loaded 166 + quarantined 0" in shipped_run["stdout"]
    assert con.execute("select deposit_kind, count(*) from staging.stg_treaty_participants "
                       "group by all order by 1").fetchall() == [
        ("acceptance", 2), ("accession", 31), ("approval", 1), ("ratification", 130), ("succession", 2)]


def test_article_17_reproduces_the_stated_entry_into_force_dates(con):
    eif = dict(con.execute("select iso3, entry_into_force from staging.stg_treaty_participants").fetchall())
    d = dt.date
    assert (eif["OMN"], eif["PSE"], eif["MNE"], eif["MHL"], eif["TON"], eif["BFA"]) == (
        d(2015, 2, 1), d(2018, 6, 1), d(2007, 4, 1), d(2025, 9, 1), d(2025, 12, 1), d(1999, 3, 1))
    # South Sudan: succession, in force from independence (the rule alone would give 1 May 2012)
    assert con.execute("select article17_entry_into_force, entry_into_force, entry_into_force_is_exception "
                       "from staging.stg_treaty_participants where iso3 = 'SSD'").fetchall() == [
        (d(2012, 5, 1), d(2011, 7, 9), True)]
    # every entry into force a treaty_status source states agrees with the rule
    assert con.execute("select violations from audit.cross_checks "
                       "where rule = 'entry_into_force_matches_article_17'").fetchall() == [(0,)]


def test_states_parties_series_from_1999_through_the_withdrawals(con):
    first = con.execute("select date, states_parties from marts.states_parties_by_date order by date limit 1").fetchall()
    assert first == [(dt.date(1999, 3, 1), 45)]
    assert [count_on(con, dt.date(*d)) for d in [(2010, 1, 1), (2020, 1, 1), (2025, 12, 1)]] == [156, 164, 166]
    # Estonia, Latvia, Lithuania on 27 Dec 2025; Finland 10 Jan 2026; Poland 20 Feb 2026
    assert con.execute("select date, states_parties, withdrew from marts.states_parties_by_date "
                       "where withdrew > 0 order by date").fetchall() == [
        (dt.date(2025, 12, 27), 163, 3), (dt.date(2026, 1, 10), 162, 1), (dt.date(2026, 2, 20), 161, 1)]


def test_every_stated_count_is_explained_and_differences_stay_visible(con):
    rows = con.execute("select date_as_given, stated_count, in_force_low, basis from marts.states_parties_counts "
                       "order by source_row").fetchall()
    assert all(r[3] != "contradiction" for r in rows), rows
    # LM2006: '151 States Parties as of 1 July 2006': in force there were 148; 151 had deposited
    assert ("2006-07-01", 151, 148, "joined (counted at deposit)") in rows
    assert ("2013 (LM2013)", 161, 160, "in force (= joined)") in rows
