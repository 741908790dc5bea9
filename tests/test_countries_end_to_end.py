"""Issue 3 on the shipped data: real country, contamination and treaty figures come out of the
warehouse, the cross-dataset checks pass, and the report has the country sections."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest

D = dt.date


@pytest.fixture(scope="module")
def con(shipped_run):
    c = duckdb.connect(str(shipped_run["warehouse"]), read_only=True)
    yield c
    c.close()


def rows(con, sql, *p):
    return con.execute(sql, list(p)).fetchall()


def test_new_sources_reconcile(shipped_run):
    out = shipped_run["stdout"]
    import yaml
    from conftest import FROZEN_RAW, ROOT
    files = yaml.safe_load((FROZEN_RAW / "manifest.yml").read_text(encoding="utf-8"))["files"]
    rows_of = {e["source"]: e["rows"] for e in files.values()}  # one file per source here
    for src in ("country_casualties", "contamination", "contamination_headline_counts", "treaty_status",
                "treaty_participants"):
        n = rows_of[src]
        assert f"{src}: read {n} = loaded {n} + quarantined 0" in out
    checks = len(list((ROOT / "pipeline" / "models" / "checks").glob("*.sql")))
    assert f"cross-dataset checks: {checks} run, 0 error violation(s), 0 warning(s)" in out


def test_top_countries_2024_and_their_share_of_6279(con):
    assert rows(con, "select rank_in_edition, iso3, casualties, share_of_global_pct, global_total, edition "
                     "from marts.casualties_by_country where data_year = 2024 order by rank_in_edition limit 2") == [
        (1, "MMR", 2029, 32.31, 6279, 2025), (2, "SYR", 1015, 16.16, 6279, 2025)]
    # Afghanistan 2016: LM2017 said 1,943, LM2018 revised to 1,985: the later edition wins
    assert rows(con, "select casualties, edition, n_editions from marts.casualties_by_country "
                     "where iso3 = 'AFG' and data_year = 2016") == [(1985, 2018, 2)]


def test_states_parties_164_then_166_then_falling(con):
    # the complete series (every deposit) from 2015 on: stated counts confirm 162, 164 and 166
    assert rows(con, "select date, states_parties, is_derived from marts.states_parties_by_date "
                     "where date >= '2015-01-01' order by date") == [
        (D(2015, 2, 1), 162, False), (D(2018, 6, 1), 164, False), (D(2025, 9, 1), 165, True),
        (D(2025, 12, 1), 166, False), (D(2025, 12, 27), 163, True), (D(2026, 1, 10), 162, True),
        (D(2026, 2, 20), 161, True)]
    # ICBL counted the Marshall Islands (165th) and Tonga (166th) at deposit: a different basis, not an error
    assert rows(con, "select date_as_given, basis from marts.states_parties_counts "
                     "where stated_count in (165, 166) order by source_row") == [
        ("2025-03-13", "joined (counted at deposit)"), ("2025-06-25", "joined (counted at deposit)"),
        ("2025-12-01", "in force (= joined)")]


def test_withdrawals_and_ukraines_suspension(con):
    got = {r[0]: r[1:] for r in rows(con, "select iso3, status, withdrawal_notified, withdrawal_effective, "
                                          "suspension_announced from marts.treaty_status_by_country")}
    assert got["POL"] == ("withdrawn", D(2025, 8, 20), D(2026, 2, 20), False)
    assert got["FIN"] == ("withdrawn", D(2025, 7, 10), D(2026, 1, 10), False)
    assert got["UKR"] == ("state party", None, None, True)
    assert {k for k, v in got.items() if v[0] == "withdrawn"} == {"EST", "FIN", "LVA", "LTU", "POL"}


def test_contamination_latest_known(con):
    # the extent and area from LM2023's page; the Article 5 status from the later request (Dec 2025)
    assert rows(con, "select extent_category, area_km2, status_edition, article5_status, article5_deadline from "
                     "marts.contamination_by_country where iso3 = 'AGO'") == [
        ("large", 68.0, 2023, "extension_requested", "2025-12-31")]


def test_report_has_the_country_sections(shipped_run):
    html = (shipped_run["reports"] / "index.html").read_text(encoding="utf-8")
    for h in ("Casualties by country", "Contamination", "Mine Ban Treaty: States Parties",
              "States leaving or suspending the treaty", "Cross-dataset checks"):
        assert h in html
    for f in ("top_countries.png", "country_trends.svg", "data/casualties_by_country.csv",
              "data/states_parties_by_date.parquet"):
        assert (shipped_run["reports"] / f).is_file(), f
