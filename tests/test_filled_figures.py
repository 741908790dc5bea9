"""A sample of the figures issue 11 added or corrected, each pinned against the wording of its page
as the raw row's locator quotes it (so a figure cannot drift from what its page says), and checked
where it lands in the marts."""
from __future__ import annotations

import csv
import datetime as dt

import duckdb
import pytest

from conftest import FROZEN_RAW, ROOT

RAW = FROZEN_RAW
LM2011 = "http://the-monitor.org/en-gb/reports/2011/landmine-monitor-2011/casualties-and-victim-assistance.aspx"
LM2010 = "http://www.the-monitor.org/index.php/publications/display?url=lm/2010/es/Casualties_and_Victim_Assistance.html"


def raw_rows(name):
    with open(RAW / name / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def one(rows, **match):
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


# (edition, data_year, iso3, url, {column: value}, wording the locator quotes from the page)
COUNTRY = [
    ("2011", "2010", "AFG", LM2011, {"casualties": "1211"}, "Afghanistan (1,211 in 2010)"),
    ("2011", "2010", "COL", LM2011, {"casualties": "512"}, "Colombia (512 in 2010)"),
    ("2011", "2010", "IRN", LM2011, {"casualties": "158"}, "Iran 158"),
    ("2010", "2009", "PAK", LM2010, {"casualties": "421"}, "Pakistan 421"),
    ("2010", "2009", "SOM", LM2010, {"casualties": "126"}, "Somalia 126"),
    ("2008", "2007", "AFG", None, {"casualties": "811", "killed": "208", "injured": "601"},
     "Total: 811 (2006: 796)"),
    ("2008", "2006", "COL", None, {"casualties": "1167", "killed": "230", "injured": "937"}, "(2006: 1,167)"),
    ("2007", "2005", "AFG", None, {"casualties": "966", "killed": "150", "injured": "816"}, "(2005: 966)"),
    ("2006", "2005", "AFG", None, {"casualties": "848"}, "There were 848 new casualties recorded in 2005"),
    ("2017", "2013", "KHM", None, {"casualties": "111"}, "111 recorded in 2013"),
    ("2018", "2017", "UKR", None, {"casualties": "429"}, "Ukraine (429)"),
]


@pytest.mark.parametrize("edition,year,iso3,url,values,wording", COUNTRY)
def test_country_figure_matches_its_page_wording(edition, year, iso3, url, values, wording):
    match = {"edition": edition, "data_year": year, "iso3": iso3}
    if url:
        match["source_url"] = url
    r = one(raw_rows("country_casualties"), **match)
    assert {k: r[k] for k in values} == values
    assert wording in r["locator"]


def test_afghanistan_and_colombia_2010_cite_the_monitor_not_a_news_wire():
    rows = [r for r in raw_rows("country_casualties") if r["data_year"] == "2010" and r["iso3"] in ("AFG", "COL")]
    urls = {r["source_url"] for r in rows}
    # LM2011's own chapter, and (Colombia) LM2012's country profile, which revised 2010 to 540: the
    # Monitor's pages only, never the news wire
    assert LM2011 in urls and all("the-monitor.org" in u for u in urls), urls


def test_global_2005_total_matches_its_page_wording():
    r = one(raw_rows("global_casualties"), edition="2006", data_year="2005")
    assert (r["total"], r["civilian_pct"], r["states_areas"]) == ("7328", "80", "")
    assert "7,328 casualties recorded in 58 countries" in r["locator"]


@pytest.mark.parametrize("date,country,event,host,wording", [
    ("2025-07-18", "Ukraine", "suspension notified to UN", "icblcmc.org",
     "On 18 July 2025, Ukraine formally notified the UN"),
    ("2025-07-18", "Ukraine", "suspension notified to UN", "hrw.org", "On July 18, Ukraine formally informed"),
    ("1999-02-24", "Ukraine", "signed", "mineactionreview.org", "signed on behalf of Ukraine on February 24, 1999"),
    ("2025-06-29", "Ukraine", "withdrawal decision (presidential decree)", "mineactionreview.org",
     "On 29 June 2025"),
    ("2025-07-15", "Ukraine", "suspension announced (parliament law)", "babel.ua", "299 deputies"),
    ("2026-02-20", "Poland", "withdrawal effective", "clashreport.com", "formally took effect on February 20, 2026"),
    ("2006-07-01", "(all)", "States Parties count: 151", "the-monitor.org", "151 States Parties as of 1 July 2006"),
])
def test_treaty_event_matches_its_page_wording(date, country, event, host, wording):
    rows = [r for r in raw_rows("treaty_status")
            if (r["date"], r["country"], r["event"]) == (date, country, event) and host in r["source_url"]]
    assert len(rows) == 1, rows
    assert wording in rows[0]["locator"]


def test_no_row_keeps_the_wrong_suspension_date_or_the_unfound_pages():
    rows = raw_rows("treaty_status")
    assert not [r for r in rows if r["country"] == "Ukraine" and r["date"] == "2025-07-25"]
    gone = ("uut.net.ua", "tass.com/world/1989701", "icbl-statement-on-ukraines-attempt")
    assert not [r for r in rows if any(g in r["source_url"] for g in gone)]


@pytest.fixture(scope="module")
def con(shipped_run):
    c = duckdb.connect(str(shipped_run["warehouse"]), read_only=True)
    yield c
    c.close()


def test_filled_figures_reach_the_marts(con):
    assert con.execute("select casualties, edition, source_kind from marts.casualties_by_country "
                       "where iso3 = 'AFG' and data_year = 2010").fetchall() == [(1211, 2011, "monitor")]
    # 2005: the Monitor's LM2007 figure (966) is the latest edition; LM2006 said 848
    assert con.execute("select casualties, edition, n_editions from marts.casualties_by_country "
                       "where iso3 = 'AFG' and data_year = 2005").fetchall() == [(966, 2007, 2)]
    assert con.execute("select total, total_edition, total_source_kind from marts.casualties_by_year "
                       "where data_year = 2005").fetchall() == [(7328, 2006, "news")]
    assert con.execute("select suspension_announced, status from marts.treaty_status_by_country "
                       "where iso3 = 'UKR'").fetchall() == [(True, "state party")]
    assert con.execute("select min(event_date) from staging.stg_treaty_status "
                       "where iso3 = 'UKR' and event_code = 'suspension_notified'").fetchall() == [
        (dt.date(2025, 7, 18),)]


MAR = "https://www.mineactionreview.org/country/{}/anti-personnel-mines"
ISU_ETH = "https://old.apminebanconvention.org/etats-parties-a-la-convention/ethiopia/"


# (edition, iso3, url, Article 5 deadline year, wording the locator quotes from the page)
DEADLINES = [
    ("2024", "BIH", MAR.format("bosnia-and-herzegovina"), "2027", "'Article 5 deadline 1 March 2027'"),
    ("2024", "HRV", MAR.format("croatia"), "2026", "'its Article 5 clearance deadline of March 2026'"),
    ("2019", "IRQ", MAR.format("iraq"), "2028", "'Article 5 deadline 1 February 2028'"),
    ("2019", "ETH", ISU_ETH, "2025", "a new deadline set for 31 December 2025"),
    ("2024", "AFG", MAR.format("afghanistan"), "2030", "'Article 5 deadline 1 March 2030'"),
    ("2023", "YEM", MAR.format("yemen"), "2028", "extension of its Article 5 deadline until end-March 2028"),
]


@pytest.mark.parametrize("edition,iso3,url,deadline,wording", DEADLINES)
def test_contamination_deadline_matches_its_page_wording(edition, iso3, url, deadline, wording):
    r = one(raw_rows("contamination"), edition=edition, iso3=iso3, source_url=url)
    assert (r["article5_deadline"], r["ap_mine_contamination"], r["state_party"]) == (deadline, "yes", "yes")
    assert wording in r["locator"]
    # neither page gives the Monitor's extent category or an AP-mined area: NULL, never filled
    assert (r["extent_category"], r["area_km2"]) == ("", "")


def test_newer_contamination_rows_reach_the_mart_with_deadline_passed_on_the_as_of_date(con):
    got = con.execute(
        "select iso3, status_edition, status_source_kind, article5_deadline, article5_source_kind, deadline_passed, "
        "extent_category, extent_edition, extent_carried_forward from marts.contamination_by_country "
        "where iso3 in ('AFG', 'BIH', 'HRV', 'IRQ', 'ETH', 'YEM') order by iso3").fetchall()
    # as of 2026-12-04 (conftest): a deadline passes after its last day; a completion never does;
    # the Article 5 status is the latest statement of it (Ethiopia's request, Croatia's completion)
    assert got == [
        ("AFG", 2024, "ngo", "2030", "ngo", False, "massive", 2016, True),
        ("BIH", 2024, "ngo", "2027", "ngo", False, "massive", 2017, True),
        ("ETH", 2019, "official", "2025-12-31", "news", True, None, None, None),
        ("HRV", 2024, "ngo", "2026-03-01", "news", None, "massive", 2016, True),
        ("IRQ", 2019, "ngo", "2028", "ngo", False, "massive", 2016, True),
        ("YEM", 2023, "ngo", "2028", "ngo", False, None, None, None),
    ]
