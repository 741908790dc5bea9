"""The mine action section of the report and its key findings (issue 19), on the shipped build and
on copies of its marts changed by hand: a sentence follows the mart it reads, a change is stated
only between two years of the same basis, series and scope, and the charts are read off the data
(the scope break where the data put it, alt texts with the latest values)."""
from __future__ import annotations

import html
import re

import duckdb
import pytest

from pipeline.report import mine_action
from pipeline.report.findings import funding_finding, key_findings, land_finding, mine_action_findings

MARTS = ("casualties_by_year", "figure_conflicts", "casualty_revisions", "figure_observations",
         "mine_action_funding_by_year", "land_release_by_year", "casualties_and_funding", "stockpile_destruction")


@pytest.fixture
def copy(shipped_run):
    """The marts the findings and charts read, copied from the shipped warehouse into a
    writable in-memory database (the shared warehouse stays read-only)."""
    con = duckdb.connect()
    con.execute(f"attach '{shipped_run['warehouse']}' as w (read_only)")
    con.execute("create schema marts")
    for t in MARTS:
        con.execute(f"create table marts.{t} as select * from w.marts.{t}")
    yield con
    con.close()


def one(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()[0]


def num(v) -> str:
    return f"{v:,}".removesuffix(".0")


# --- funding -------------------------------------------------------------------------------------

def test_the_funding_sentence_states_the_marts_latest_international_figure_and_its_edition(copy):
    y, v, ed = one(copy, "select data_year, international_usd_million, international_edition from "
                         "marts.mine_action_funding_by_year where international_usd_million is not null "
                         "order by data_year desc limit 1")
    py, pv = one(copy, "select data_year, international_usd_million from marts.mine_action_funding_by_year "
                       "where international_usd_million is not null and data_year < ? order by data_year desc limit 1", y)
    s = funding_finding(copy)
    assert f"was US${num(v)} million in {y} (Landmine Monitor {ed})" in s, s
    assert f" on {py} (US${num(pv)} million, Landmine Monitor " in s
    assert s in key_findings(copy)
    # the shipped figures: 2022's 798.4 (LM2023) against 2021's 543.5 (LM2023)
    assert "US$798.4 million in 2022 (Landmine Monitor 2023), up US$254.9 million (47%) on 2021" in s


def test_a_changed_mart_value_changes_the_funding_sentence(copy):
    before = funding_finding(copy)
    y = one(copy, "select max(data_year) from marts.mine_action_funding_by_year where international_usd_million is not null")[0]
    copy.execute("update marts.mine_action_funding_by_year set international_usd_million = 100.25, "
                 "international_qualifier = 'more than' where data_year = ?", [y])
    after = funding_finding(copy)
    assert after != before
    assert f"more than US$100.25 million in {y}" in after and ", down US$" in after
    assert "between hedged figures" in after


def test_funding_is_compared_only_with_the_same_basis(copy):
    """Without an international figure for the year before, the comparison goes back to the
    last year that has one: never to that year's total or national support."""
    y = one(copy, "select max(data_year) from marts.mine_action_funding_by_year where international_usd_million is not null")[0]
    total_before = one(copy, "select total_usd_million from marts.mine_action_funding_by_year where data_year = ?", y - 1)[0]
    copy.execute("update marts.mine_action_funding_by_year set international_usd_million = null, "
                 "international_edition = null where data_year = ?", [y - 1])
    py, pv = one(copy, "select data_year, international_usd_million from marts.mine_action_funding_by_year "
                       "where international_usd_million is not null and data_year < ? order by data_year desc limit 1", y)
    s = funding_finding(copy)
    assert py < y - 1 and f" on {py} (US${num(pv)} million" in s, s
    assert f"no international figure for the {y - py - 1} year(s) between" in s
    assert total_before is not None and num(total_before) not in s


# --- land cleared and land released -------------------------------------------------------------

def test_the_land_sentences_state_measure_scope_and_edition(copy):
    cleared, released, review = (land_finding(copy, "land_cleared_km2"), land_finding(copy, "land_released_km2"),
                                 land_finding(copy, "land_cleared_km2", "mine_action_review"))
    assert cleared.startswith("Land cleared (mined areas; battle-area clearance excluded) was 281.5 km² in 2023 "
                              "(Landmine Monitor 2024; scope: States Parties with Article 5 obligations), up 62.19 km²")
    assert "on 2022 (219.31 km², Landmine Monitor 2023, same scope)" in cleared
    assert "497.34 km² in 2022" in released and "(just over 276 km², Landmine Monitor 2022, same scope)" in released
    assert "between hedged figures" in released  # 2021's "just over 276"
    assert review.startswith("Mine Action Review, a separate publisher") and "Clearing the Mines 2025" in review
    # no Monitor sentence carries Mine Action Review's figures, and no sentence adds released and cleared
    mar = [num(v) for (v,) in copy.execute("select land_cleared_km2 from marts.land_release_by_year "
                                           "where series = 'mine_action_review' and land_cleared_km2 is not null").fetchall()]
    assert not [v for v in mar if f" {v} km²" in cleared + released]
    assert mine_action_findings(copy) == [funding_finding(copy), cleared, released, review]


def test_a_changed_mart_value_changes_the_land_sentence(copy):
    copy.execute("update marts.land_release_by_year set land_cleared_km2 = 200.5 "
                 "where series = 'monitor' and data_year = 2023")
    s = land_finding(copy, "land_cleared_km2")
    assert "was 200.5 km² in 2023" in s and "down 18.81 km² (9%) on 2022" in s, s


def test_no_sentence_compares_across_scopes(copy):
    """With the Monitor's land figures cut back to the first year on the new scope, the year
    before it is on another scope: the sentence says the years are not comparable, with no change."""
    first, label = mine_action.scope_break(mine_action._land_frame(copy).query("series == 'monitor'"))
    copy.execute("delete from marts.land_release_by_year where series = 'monitor' and data_year > ?", [first])
    s = land_finding(copy, "land_cleared_km2")
    prev_scope = one(copy, "select scope_label from marts.land_release_by_year where series = 'monitor' and "
                           "land_cleared_km2 is not null and data_year < ? order by data_year desc limit 1", first)[0]
    assert f"in {first} " in s and f"scope: {label}" in s
    assert f"covers another scope ({prev_scope}): the two years are not comparable" in s, s
    assert not re.search(r"\b(up|down|unchanged)\b", s)
    for sentence in mine_action_findings(copy):  # a land sentence states a change only on the same scope
        if "scope: " in sentence and re.search(r"\b(up|down|unchanged)\b", sentence):
            assert "same scope" in sentence and "another scope" not in sentence, sentence


# --- the charts and the section -----------------------------------------------------------------

def _break_x(fig):
    ax = fig.axes[0]
    return [line.get_xdata()[0] for line in ax.lines if line.get_linestyle() == "--"]


def test_the_scope_break_is_placed_where_the_data_put_it(copy):
    first, _ = mine_action.scope_break(mine_action._land_frame(copy).query("series == 'monitor'"))
    assert _break_x(mine_action.land_release(copy)) == [first - 0.5]
    # the first year on the new scope removed: the line moves to the next year that has it
    copy.execute("delete from marts.land_release_by_year where series = 'monitor' and data_year = ?", [first])
    nxt = one(copy, "select min(data_year) from marts.land_release_by_year where scope = 'states_parties_article5' "
                    "and (land_cleared_km2 is not null or land_released_km2 is not null)")[0]
    assert nxt > first and _break_x(mine_action.land_release(copy)) == [nxt - 0.5]


def test_alt_texts_say_the_latest_value_and_follow_the_data(copy):
    alt = mine_action.funding_alt(copy)
    assert "Recorded casualties: 4,709 people in 2022 (Landmine Monitor 2024), down 835 people (15%) on 2021" in alt
    assert "International support: US$798.4 million in 2022" in alt
    copy.execute("update marts.casualties_and_funding set casualties = 6000 where data_year = 2022")
    assert "6,000 people in 2022" in mine_action.funding_alt(copy)
    stock = mine_action.stockpile_alt(copy)
    assert "Stockpiled mines destroyed (cumulative) (Landmine Monitor series): more than 55,000,000 mines in 2024" in stock
    assert "Dashed line: the Monitor's scope changes from 2020" in mine_action.land_alt(copy)


def test_the_report_has_the_mine_action_section(shipped_run):
    page = (shipped_run["reports"] / "index.html").read_text(encoding="utf-8")
    section = page[page.index(">Mine action: funding, land release and stockpiles</h2>"):]
    section = section[:section.index("<h2")]
    for name in mine_action.CHARTS:
        assert (shipped_run["reports"] / f"{name}.png").stat().st_size > 10_000
        assert (shipped_run["reports"] / f"{name}.svg").is_file()
    alts = [html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', section)]
    assert len(alts) == 3 and alts[0].startswith("Two panels, 2002–2022")
    assert "<th>land released (km²)</th>" in section and "<th>land cleared (km²)</th>" in section
    assert "<th>international (US$ million)</th>" in section
    con = duckdb.connect(str(shipped_run["warehouse"]), read_only=True)
    try:
        findings = mine_action_findings(con)
    finally:
        con.close()
    for s in findings:
        assert html.escape(s) in page
