"""Issue 3's marts and cross-dataset rules on the fixture warehouse (tests/fixtures/mini_raw:
synthetic numbers, answers worked out by hand), and a breaking fixture for the cross-dataset rule."""
from __future__ import annotations

import datetime as dt
import json
import pytest

from conftest import build_fixture

D = dt.date


def _build(tmp, extra_country_rows: str):
    """The fixture warehouse with extra country rows (in-process; its own scratch folder)."""
    def prepare(raw):
        with open(raw / "country_casualties" / "country_casualties.csv", "a", encoding="utf-8") as f:
            f.write(extra_country_rows)
    # the fixture's world as it stood on its latest dated event (the build's as-of date, issue 9)
    b = build_fixture(tmp, "--strict", "--as-of", "2021-12-01", prepare=prepare)
    return b.res, b.con


@pytest.fixture(scope="module")
def mini(mini_build):
    """The session's fixture warehouse (conftest.mini_build: built once, in-process)."""
    return {"res": mini_build.res, "con": mini_build.con}


def q(mini, sql, *params):
    return mini["con"].execute(sql, list(params)).fetchall()


def test_new_sources_load_fully_and_cross_checks_pass(mini):
    out = mini["res"].stdout
    for line in ("country_casualties: read 7 = loaded 7", "contamination: read 3 = loaded 3",
                 "contamination_headline_counts: read 2 = loaded 2", "treaty_status: read 9 = loaded 9",
                 "treaty_participants: read 11 = loaded 11"):
        assert line in out, out
    assert "cross-dataset checks: 4 run, 0 error violation(s), 0 warning(s)" in out
    assert q(mini, "select rule, violations from audit.cross_checks order by rule") == [
        ("country_sum_within_global_total", 0), ("entry_into_force_matches_article_17", 0),
        ("state_party_agrees_with_treaty_events", 0), ("stated_count_matches_events", 0)]


def test_casualties_by_country_precedence_rank_and_share(mini):
    rows = q(mini, "select iso3, country, casualties, rank_in_edition, share_of_global_pct, entity_type "
                   "from marts.casualties_by_country where data_year = 2020 order by rank_in_edition")
    # the names "Myanmar (Burma)" and "Lao PDR" go through the crosswalk; Kosovo keeps its own code
    assert rows == [("MMR", "Myanmar", 90, 1, 45.0, "state"), ("LAO", "Lao PDR", 40, 2, 20.0, "state"),
                    ("XKX", "Kosovo", 5, 3, 2.5, "other_area")]
    # 2019: the later edition (2021) wins; within it the NGO (55) beats the news (57): a conflict
    assert q(mini, "select casualties, edition, source_kind, n_editions, has_conflict, global_total, "
                   "share_of_global_pct from marts.casualties_by_country where data_year = 2019") == [
        (55, 2021, "ngo", 2, True, 108, 50.93)]
    # only killed/injured given: casualties stays NULL, no rank, no share; no global total that edition
    assert q(mini, "select casualties, killed, injured, rank_in_edition, share_of_global_pct, global_total "
                   "from marts.casualties_by_country where iso3 = 'TUR'") == [(None, 3, 4, None, None, None)]


def test_contamination_latest_status_with_each_field_latest_known(mini):
    # each value the latest that gives it, with its own edition; the Article 5 deadline is the
    # status page's (2020-06-01, to the month), later than both contamination pages' years
    assert q(mini, "select iso3, current_status, extent_category, extent_edition, area_km2, area_km2_edition, "
                   "extent_carried_forward, article5_status, article5_deadline, article5_deadline_precision, "
                   "deadline_passed, status_edition, status_source_kind, n_editions "
                   "from marts.contamination_by_country where iso3 = 'LAO'") == [
        ("LAO", "contaminated", "massive", 2016, 12.5, 2016, True, "deadline", "2030-03", "month", False, 2018, "ngo", 2)]
    assert q(mini, "select iso3, extent_category, extent_wording, entity_type from marts.contamination_by_country "
                   "where iso3 = 'ESH'") == [("ESH", "small", "Small*", "other_area")]
    assert q(mini, "select has_footnote_mark, country_as_printed from staging.stg_contamination "
                   "where source_row = 2") == [(True, "Laos*")]
    assert q(mini, "select states_and_areas, states_and_areas_is_lower_bound from "
                   "staging.stg_contamination_headline_counts order by edition") == [(10, False), (9, True)]


def test_entry_into_force_by_article_17(mini):
    # deposits up to 30 Sep 1998: 1 Mar 1999; later: the first day of the sixth month after the
    # month of deposit; South Sudan: the seed's documented exception (succession, from independence)
    assert q(mini, "select iso3, deposited, article17_entry_into_force, entry_into_force, entry_into_force_is_exception "
                   "from staging.stg_treaty_participants order by source_row") == [
        ("KHM", D(1998, 9, 10), D(1999, 3, 1), D(1999, 3, 1), False),
        ("FIN", D(1998, 5, 10), D(1999, 3, 1), D(1999, 3, 1), False),
        ("POL", D(1998, 7, 1), D(1999, 3, 1), D(1999, 3, 1), False),
        ("YEM", D(1998, 9, 30), D(1999, 3, 1), D(1999, 3, 1), False),
        ("LAO", D(1999, 2, 10), D(1999, 8, 1), D(1999, 8, 1), False),
        ("COL", D(2000, 9, 6), D(2001, 3, 1), D(2001, 3, 1), False),
        ("AGO", D(2002, 7, 5), D(2003, 1, 1), D(2003, 1, 1), False),
        ("AFG", D(2002, 9, 11), D(2003, 3, 1), D(2003, 3, 1), False),
        ("TUR", D(2003, 9, 25), D(2004, 3, 1), D(2004, 3, 1), False),
        ("SSD", D(2011, 11, 11), D(2012, 5, 1), D(2011, 7, 9), True),
        ("TON", D(2019, 1, 15), D(2019, 7, 1), D(2019, 7, 1), False)]


def test_states_parties_by_date_complete_from_1999(mini):
    # every deposit counts from its entry into force, every withdrawal from its effective day;
    # Poland's effective date is notification + 6 months (no source dates it): derived
    assert q(mini, "select date, states_parties, change, joined, withdrew, is_derived, confirmed_by, date_is_derived "
                   "from marts.states_parties_by_date order by date") == [
        (D(1999, 3, 1), 4, 4, 4, 0, True, 0, False),
        (D(1999, 8, 1), 5, 1, 1, 0, True, 0, False),
        (D(2001, 3, 1), 6, 1, 1, 0, True, 0, False),
        (D(2003, 1, 1), 7, 1, 1, 0, True, 0, False),
        (D(2003, 3, 1), 8, 1, 1, 0, True, 0, False),
        (D(2004, 3, 1), 9, 1, 1, 0, True, 0, False),
        (D(2011, 7, 9), 10, 1, 1, 0, True, 0, False),
        (D(2019, 7, 1), 11, 1, 1, 0, False, 1, False),
        (D(2020, 9, 1), 10, -1, 0, 1, True, 0, False),
        (D(2022, 5, 15), 9, -1, 0, 1, True, 0, True)]
    # the day after Tonga deposited, 11 counts it at deposit (joined); in force it is 10
    assert q(mini, "select date_as_given, stated_count, in_force_low, in_force_high, joined_low, basis "
                   "from marts.states_parties_counts order by source_row") == [
        ("2019-01-16", 11, 10, 10, 11, "joined (counted at deposit)"),
        ("2020-05-01", 11, 11, 11, 11, "in force (= joined)"),
        ("2021 (LM2021)", 10, 10, 10, 10, "in force (= joined)")]


def test_treaty_status_by_country(mini):
    rows = {r[0]: r[1:] for r in q(mini, "select iso3, status, withdrawal_status, withdrawal_effective, "
                                         "withdrawal_effective_is_derived, suspension_announced, as_of "
                                         "from marts.treaty_status_by_country")}
    as_of = D(2021, 12, 1)
    assert rows["FIN"] == ("withdrawn", "effective", D(2020, 9, 1), False, False, as_of)
    assert rows["POL"] == ("state party, withdrawal pending", "pending", D(2022, 5, 15), True, False, as_of)
    assert rows["TON"] == ("state party", None, None, False, False, as_of)
    # a state known only from its deposit has its dates, derived by Article 17 and marked so
    assert q(mini, "select status, signed, deposited, deposit_kind, entry_into_force, entry_into_force_is_derived, "
                   "entry_into_force_stated, n_events from marts.treaty_status_by_country where iso3 = 'AGO'") == [
        ("state party", D(1997, 12, 4), D(2002, 7, 5), "ratified", D(2003, 1, 1), True, None, 0)]
    assert q(mini, "select entry_into_force, entry_into_force_stated from marts.treaty_status_by_country "
                   "where iso3 = 'TON'") == [(D(2019, 7, 1), D(2019, 7, 1))]
    # a suspension is recorded as an announcement, and membership is not inferred from it
    assert rows["UKR"][0] == "unknown" and rows["UKR"][4] is True
    assert "does not provide for" in q(mini, "select suspension_note from marts.treaty_status_by_country "
                                             "where iso3 = 'UKR'")[0][0]


def test_country_profile_trend_and_sparse_rows(mini):
    assert q(mini, "select latest_year, latest_casualties, previous_year, previous_casualties, trend, "
                   "peak_year, n_years_with_casualties from marts.country_profile where iso3 = 'MMR'") == [
        (2020, 90, 2019, 55, "up", 2020, 2)]
    # an area with contamination only: no casualty figure, no trend, no zero
    assert q(mini, "select latest_casualties, trend, n_years_with_casualties, extent_category, treaty_status "
                   "from marts.country_profile where iso3 = 'ESH'") == [(None, None, 0, "small", None)]


def test_country_sum_above_global_total_is_a_cross_dataset_error(tmp_path):
    # 2021 edition, 2020: 90 + 40 + 5 + 70 = 205 > the edition's global total 200
    res, con = _build(tmp_path, "2021,2020,Syria,SYR,70,,,no,https://news.example.org/b,test row 8 (breaks the sum)\n")
    try:
        assert res.returncode == 1, res.stdout + res.stderr
        assert "cross-check error country_sum_within_global_total: 1 violation(s)" in res.stdout
        assert "1 cross-dataset error(s)" in res.stderr
        assert con.execute("select violations from audit.cross_checks where rule = "
                           "'country_sum_within_global_total'").fetchall() == [(1,)]
        details = json.loads(con.execute("select details from audit.cross_check_rows").fetchall()[0][0])
        assert (details["edition"], details["data_year"], details["country_sum"], details["global_total"]) == (
            2021, 2020, 205, 200)
        # not quarantined: both figures stay loaded and visible
        assert con.execute("select casualties from marts.casualties_by_country where iso3 = 'SYR'").fetchall() == [(70,)]
    finally:
        con.close()


def test_state_party_contradicting_the_treaty_events_is_a_warning(tmp_path):
    # Tonga is in force from 2019-07-01: a 2021 edition calling it a non-party contradicts the events
    res, con = _build(tmp_path, "2021,2020,Tonga,TON,1,,,no,https://news.example.org/b,test row 8\n")
    try:
        assert "cross-check warn state_party_agrees_with_treaty_events: 1 violation(s)" in res.stdout
        assert con.execute("select violations from audit.cross_checks where rule = "
                           "'state_party_agrees_with_treaty_events'").fetchall() == [(1,)]
    finally:
        con.close()
