"""SQL models against a small fixture warehouse whose answers are worked out by hand
(tests/fixtures/mini_raw: synthetic numbers, not Monitor figures)."""
from __future__ import annotations

from datetime import date as D

import pytest

from conftest import mini_raw_rows


@pytest.fixture(scope="module")
def mini(mini_build):
    """The session's fixture warehouse (conftest.mini_build: built once, in-process)."""
    return {"res": mini_build.res, "con": mini_build.con}


def q(mini, sql, *params):
    return mini["con"].execute(sql, list(params)).fetchall()


def test_strict_build_exits_1_but_keeps_the_bad_row_in_quarantine(mini):
    res = mini["res"]
    assert res.returncode == 1, res.stdout + res.stderr
    assert "global_casualties: read 9 = loaded 8 + quarantined 1" in res.stdout
    n = mini_raw_rows()
    # one fixture row (article5_status's LM2022 statement) was published after the as-of date
    assert f"rows read {n} = loaded {n - 2} + quarantined 1 + not yet published at 2021-12-01 1" in res.stdout
    assert "article5_status: read 3 = loaded 2 + quarantined 0 + not yet published 1" in res.stdout
    assert "global_casualties: error civilian_pct_is_percentage: 1 row(s), first rows [9]" in res.stdout
    assert q(mini, "select source, row_number, rule from audit.quarantine") == [
        ("global_casualties", 9, "civilian_pct_is_percentage")]
    assert q(mini, "select sum(rows_read), sum(rows_loaded), sum(rows_quarantined), sum(rows_not_yet_published) "
                   "from audit.reconciliation") == [(n, n - 2, 1, 1)]
    assert q(mini, "select source, row_number, published from audit.not_yet_published") == [
        ("article5_status", 2, D(2022, 11, 17))]  # LM2022's release (pipeline/seeds/publications.csv)


def test_latest_edition_wins_and_ngo_beats_news_within_it(mini):
    assert q(mini, "select value, edition, source_kind, n_sources, n_editions, has_conflict "
                   "from marts.casualty_figures where data_year = 2019 and measure = 'total'") == [
        (108.0, 2021, "ngo", 2, 2, True)]


def test_monitor_beats_ngo_and_news_in_the_same_edition(mini):
    assert q(mini, "select value, source_kind, n_sources from marts.casualty_figures "
                   "where data_year = 2020 and measure = 'child_casualties'") == [(50.0, "monitor", 2)]
    assert q(mini, "select casualties, source_kind, has_conflict from marts.casualties_by_device "
                   "where data_year = 2020 and device_code = 'improvised_mines'") == [(60, "monitor", True)]


def test_revisions_keep_every_edition_with_the_change(mini):
    assert q(mini, "select edition, total, change_from_previous, is_first_report, is_latest "
                   "from marts.casualty_revisions where data_year = 2019 order by edition") == [
        (2020, 100, None, True, False), (2021, 108, 8, False, True)]


def test_implied_unknown_is_derived_and_marked(mini):
    assert q(mini, "select total, killed, injured, outcome_unknown, outcome_unknown_is_derived "
                   "from marts.casualties_by_year where data_year = 2020") == [(200, 80, 100, 20, True)]
    assert q(mini, "select outcome_unknown_is_derived from marts.casualties_by_year where data_year = 2019") == [(False,)]
    assert q(mini, "select count(*) from marts.figure_observations where is_derived") == [(1,)]


def test_child_share_keeps_its_basis_and_the_conflict_is_visible(mini):
    assert q(mini, "select child_pct, child_pct_basis from marts.casualties_by_year where data_year = 2020") == [
        (40.0, "civilian")]
    rows = q(mini, "select conflict_kind, same_source, \"values\", bases from marts.figure_conflicts "
                   "where data_year = 2020 and measure = 'child_pct'")
    assert rows == [("value_and_basis", False, [40.0, 30.0], ["civilian", "all"])]
    # The child count (50) is the Monitor page's; that page gives no share, so none is put beside
    # it: the HI page's 40 % (or the news page's 30 %) is a different statement (issue 9).
    assert q(mini, "select casualties, source_url, share_pct, share_basis from marts.casualties_by_group "
                   "where data_year = 2020 and \"group\" = 'child'") == [
        (50, "https://monitor.example.org/en-gb/reports/2021/x.aspx", None, None)]


def test_earliest_total_and_gap_years(mini):
    # the earliest total the data hold is the first report only when its edition follows the year
    assert q(mini, "select earliest_total, earliest_total_edition, earliest_is_first_report, total, total_edition "
                   "from marts.casualties_by_year where data_year = 2019") == [(100, 2020, True, 108, 2021)]
    assert q(mini, "select earliest_total, earliest_total_edition, earliest_is_first_report "
                   "from marts.casualties_by_year where data_year = 2016") == [(50, 2017, True)]
    # 2017 has no figure at all: the row is there, empty, not zero.
    assert q(mini, "select total, killed, civilian_pct, n_editions_with_total from marts.casualties_by_year "
                   "where data_year = 2017") == [(None, None, None, 0)]
    assert [r[0] for r in q(mini, "select data_year from marts.casualties_by_year order by 1")] == list(range(2016, 2021))


def test_quarantined_row_never_reaches_the_marts(mini):
    assert q(mini, "select count(*) from marts.figure_observations where measure = 'civilian_pct' "
                   "and data_year = 2020") == [(0,)]
    assert q(mini, "select civilian_pct from marts.casualties_by_year where data_year = 2018") == [(70.0,)]


def test_a_contract_description_split_by_an_unquoted_comma_is_refused(tmp_path, monkeypatch):
    from pipeline.build import contracts as C
    from pipeline.errors import PipelineError

    (tmp_path / "m.yml").write_text(
        "unique_key: [a]\ncolumns:\n"
        "  - {name: a, description: killed, injured or unknown}\n", encoding="utf-8")
    monkeypatch.setattr(C, "MARTS_DIR", tmp_path)
    with pytest.raises(PipelineError, match="quote a description"):
        C.contracts()
    (tmp_path / "m.yml").write_text("columns:\n  - {name: a, description: x}\n", encoding="utf-8")
    monkeypatch.setattr(C, "STAGING_DIR", tmp_path)
    with pytest.raises(PipelineError, match="column a needs a type"):
        C.contracts("staging")
