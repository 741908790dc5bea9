"""The mine action marts: on the fixture warehouse (tests/fixtures/mini_raw, worked out by hand in
its README) each basis, series and scope stays in its own place and the later edition is current;
on the shipped build the figures issue 19 names come out as their sources state them."""
from __future__ import annotations

import re

import duckdb
import pytest


@pytest.fixture(scope="module")
def mini(mini_build):
    return mini_build.con


@pytest.fixture(scope="module")
def shipped(shipped_run):
    con = duckdb.connect(str(shipped_run["warehouse"]), read_only=True)
    yield con
    con.close()


def rows(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


# --- the fixture warehouse ----------------------------------------------------------------------

def test_funding_each_basis_in_its_column_and_the_revision_current(mini):
    got = rows(mini, "select data_year, international_usd_million, international_edition, international_qualifier, "
                     "total_usd_million, total_edition, has_revision from marts.mine_action_funding_by_year order by 1")
    assert got == [(2018, 110.0, 2020, "revised", 150.0, 2019, True),
                   (2019, 90.0, 2020, None, None, None, False)]


def test_every_edition_stays_as_an_observation_with_what_it_revised(mini):
    got = rows(mini, "select edition, value, is_current, previous_value, change_from_previous "
                     "from marts.mine_action_observations where dataset = 'mine_action_funding' "
                     "and year = 2018 and measure = 'international' order by edition")
    assert got == [(2019, 100.5, False, None, None), (2020, 110.0, True, 100.5, 9.5)]


def test_land_released_and_cleared_apart_each_scope_and_series_its_own_row(mini):
    got = rows(mini, "select data_year, series, scope, land_released_km2, land_cleared_km2 "
                     "from marts.land_release_by_year order by 1, 2, 3")
    assert got == [(2019, "monitor", "all_programmes", None, 50.0),
                   (2020, "mine_action_review", "global_mar", None, 70.0),
                   (2020, "monitor", "states_parties_article5", 120.5, 60.25)]


def test_the_conventions_count_is_not_the_monitors(mini):
    got = rows(mini, "select series, value, edition, published from marts.stockpile_destruction "
                     "where measure = 'stockpiled_mines_destroyed_cumulative' order by series")
    assert [(s, v, e) for s, v, e, _ in got] == [("convention", 900000, None), ("monitor", 1000000, 2021)]
    assert str(got[0][3]) == "2020-12-31"  # a page dated to the month: public from its last day


def test_casualties_and_funding_pairs_each_year_with_both_each_with_its_edition(mini):
    expected = rows(mini, "select c.data_year, c.total, c.total_edition, f.international_usd_million, "
                          "f.international_edition from marts.casualties_by_year c "
                          "join marts.mine_action_funding_by_year f using (data_year) "
                          "where c.total is not null and f.international_usd_million is not null order by 1")
    got = rows(mini, "select data_year, casualties, casualties_edition, international_usd_million, "
                     "international_edition from marts.casualties_and_funding order by 1")
    assert got == expected and got  # the fixture's 2018 and 2019 have both


# --- the shipped data ---------------------------------------------------------------------------

@pytest.mark.parametrize("source", ["mine_action_funding", "land_release", "stockpile_destruction"])
def test_each_source_is_read_in_full(shipped_run, source):
    m = re.search(rf"^  {source}: read (\d+) = loaded (\d+) \+ quarantined (\d+)", shipped_run["stdout"], re.M)
    assert m, shipped_run["stdout"][:2000]
    read, loaded, quarantined = map(int, m.groups())
    assert read == loaded + quarantined and read > 0


def test_2017_international_funding_keeps_both_editions_the_later_current(shipped):
    got = rows(shipped, "select edition, value, is_current from marts.mine_action_observations "
                        "where dataset = 'mine_action_funding' and year = 2017 and measure = 'international' "
                        "order by edition")
    assert got == [(2018, 673.2, False), (2019, 696.3, True)]
    assert rows(shipped, "select international_usd_million, international_edition, total_usd_million "
                         "from marts.mine_action_funding_by_year where data_year = 2017") == [(696.3, 2019, 771.5)]


def test_2022_released_and_cleared_in_separate_columns(shipped):
    got = rows(shipped, "select land_released_km2, land_cleared_km2, reduced_technical_survey_km2, "
                        "cancelled_nontechnical_survey_km2 from marts.land_release_by_year "
                        "where data_year = 2022 and series = 'monitor'")
    assert got == [(497.34, 219.31, 121.11, 156.92)]


def test_no_row_mixes_mine_action_review_with_the_monitor(shipped):
    mixed = rows(shipped, "select data_year, series, scope from marts.land_release_by_year "
                          "where (series = 'mine_action_review') <> (scope = 'global_mar')")
    assert mixed == []
    # every statement a Monitor row shows is the Monitor's own series
    assert rows(shipped, "select count(*) from marts.land_release_by_year l, unnest(l.source_urls) u(url) "
                         "join marts.mine_action_observations o on o.source_url = u.url "
                         "and o.dataset = 'land_release' and o.year = l.data_year "
                         "where o.series <> l.series") == [(0,)]
