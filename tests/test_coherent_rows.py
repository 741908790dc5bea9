"""Issue 9: every mart row is one coherent statement, old figures keep their age, and everything
that reads "today" reads the build's as-of date. On the shipped data (a real build, pinned to the
conftest's as-of date) and on small in-process cases."""
from __future__ import annotations

import datetime as dt
import re

import duckdb
import pytest

from pipeline.report.findings import key_findings

from conftest import ROOT, TEST_AS_OF, in_process, run_cli, scratch_env

D = dt.date


@pytest.fixture(scope="module")
def wh(shipped_run):
    con = duckdb.connect(str(shipped_run["warehouse"]), read_only=True)
    yield con
    con.close()


def q(con, sql, *p):
    return con.execute(sql, list(p)).fetchall()


# 1. A row states what one source stated ---------------------------------------------------------
def test_every_split_adds_up_to_its_own_statements_total(wh):
    rows = q(wh, "select data_year, killed, injured, outcome_unknown, split_total, split_edition, "
                 "split_source_url from marts.casualties_by_year where killed is not null")
    assert len(rows) >= 15
    for year, k, i, u, st, ed, url in rows:
        assert ed is not None and url, year
        if u is not None and st is not None:
            assert k + i + u == st, (year, k, i, u, st)


def test_2006_split_is_the_2007_editions_with_its_own_total(wh):
    # the 2016 edition revised the total to 6,573; the split 1,367 / 4,296 is the 2007 edition's,
    # whose own total was 5,751: unknown outcome 88 is derived inside that statement
    assert q(wh, "select total, total_edition, killed, injured, outcome_unknown, outcome_unknown_is_derived, "
                 "split_total, split_edition from marts.casualties_by_year where data_year = 2006") == [
        (6573, 2016, 1367, 4296, 88, True, 5751, 2007)]
    assert q(wh, "select split_total, split_edition from marts.casualties_by_year where data_year = 2016") == [
        (9437, 2018)]


def test_a_group_share_comes_from_its_counts_statement(wh):
    rows = q(wh, "select g.data_year, g.edition, g.source_url from marts.casualties_by_group g "
                 "where share_pct is not null")
    assert rows
    for year, edition, url in rows:
        # the share is given by the same (edition, page) as the count
        assert q(wh, "select count(*) from marts.figure_observations where data_year = ? and edition = ? "
                     "and source_url = ? and measure in ('child_pct', 'female_pct')", year, edition, url)[0][0] >= 1
    assert q(wh, "select casualties, edition, share_pct from marts.casualties_by_group "
                 "where data_year = 2007 and \"group\" = 'child'") == [(1407, 2010, 46.0)]


# 2. Age is visible -------------------------------------------------------------------------------
def test_article5_status_is_the_latest_statement_with_its_date_and_reliability(wh):
    """Issue 20's status table, built as of the tests' date (2026-12-04): completions are
    completed, requests are requests, deadlines keep their precision and are compared in full."""
    rows = {r[0]: r[1:] for r in q(wh, "select iso3, current_status, article5_status, article5_deadline, "
                                       "deadline_passed, article5_reliability from marts.contamination_by_country")}
    assert rows["CHL"][:2] == rows["GBR"][:2] == ("completed", "completed")  # declared 2020 (LM2021)
    assert rows["HRV"] == ("completed", "completed", "2026-03-01", None, "ordinary")  # completed, not passed
    assert rows["KHM"] == ("contaminated", "deadline", "2030-12-31", False, "ordinary")
    assert rows["UKR"] == ("contaminated", "deadline", "2033-12-01", False, "low")  # a low-reliability source
    assert rows["THA"][1:4] == ("deadline", "2026-12-31", False)  # not passed on 4 December: the day counts
    assert rows["ETH"][1:4] == ("extension_requested", "2025-12-31", True)  # requested, never shown as granted
    assert rows["BIH"][1:3] == ("deadline", "2027")  # the latest statement (Mine Action Review, 2024) gives a year
    # a completion stands unless a later page finds the state contaminated again: Jordan declared
    # completion in 2012 (LM2013), later editions list it as contaminated (MINE_ACTION.md §4)
    assert [k for k, r in rows.items() if r[0] == "contaminated" and r[1] == "completed"] == ["JOR"]
    age = q(wh, "select published, age_days, as_of from marts.article5_status where iso3 = 'KHM'")[0]
    assert age == (D(2025, 12, 8), (D.fromisoformat(TEST_AS_OF) - D(2025, 12, 8)).days, D.fromisoformat(TEST_AS_OF))


def test_each_value_names_its_own_kind_of_source(wh):
    """A value's edition is 'LM<edition>' only for the Monitor's pages: the mart gives each value's
    kind, so a Mine Action Review page's year is never shown as a Monitor edition."""
    rows = {r[0]: r[1:] for r in q(wh, "select iso3, extent_source_kind, area_km2_source_kind, "
                                       "article5_source_kind, status_source_kind "
                                       "from marts.contamination_by_country")}
    assert rows["AFG"] == ("monitor", "monitor", "ngo", "ngo")  # deadline from Mine Action Review
    assert rows["UKR"] == ("monitor", None, "news", "ngo")


def test_the_age_label_says_monitor_edition_only_for_the_monitor():
    import pandas as pd
    from pipeline.report.countries import aged
    from pipeline.report.present import edition_label
    assert edition_label(2017, "monitor") == "LM2017" and edition_label(2019, "ngo") == "2019, ngo"
    row = {"extent_category": "large", "extent_edition": 2016, "extent_source_kind": "monitor",
           "area_km2": 12.5, "area_km2_edition": 2019, "area_km2_source_kind": "ngo", "status_edition": 2024,
           "article5_deadline": "2020-06-01", "article5_published": pd.Timestamp("2019-11-21"),
           "deadline_passed": True, "article5_reliability": "low", "as_of": pd.Timestamp(TEST_AS_OF)}
    out = aged(pd.DataFrame([row])).iloc[0]
    assert out["extent_category"] == "large (as of LM2016)"
    assert out["area_km2"] == "12.5 (as of 2019, ngo)"
    assert out["article5_deadline"] == "2020-06-01 (stated 2019-11-21; passed; low-reliability source)"


def test_the_report_never_shows_a_passed_deadline_as_current(shipped_run):
    html = (shipped_run["reports"] / "index.html").read_text(encoding="utf-8")
    assert "2025-12-31 (stated 2025-08-14; passed)" in html  # Ethiopia's deadline, extension requested
    assert "How a row is assembled" in html and "split_total" in html


# 3. One as-of date ---------------------------------------------------------------------------------
def test_the_shipped_build_uses_the_pinned_as_of_date(wh, shipped_run):
    assert q(wh, "select as_of from audit.build_info") == [(D.fromisoformat(TEST_AS_OF),)]
    assert f"building the warehouse as of {TEST_AS_OF}" in shipped_run["stdout"]
    assert q(wh, "select status, withdrawal_status from marts.treaty_status_by_country where iso3 = 'POL'") == [
        ("withdrawn", "effective")]


def test_build_as_of_2025_12_01_poland_is_still_a_party(tmp_path):
    res = in_process(["build", "--as-of", "2025-12-01"], tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "as of 2025-12-01" in res.stdout
    con = duckdb.connect(str(tmp_path / "processed" / "landmine.duckdb"), read_only=True)
    try:
        assert q(con, "select status, withdrawal_status, withdrawal_effective, as_of "
                      "from marts.treaty_status_by_country where iso3 = 'POL'") == [
            ("state party, withdrawal pending", "pending", D(2026, 2, 20), D(2025, 12, 1))]
        # the stated effective day was published on it (after 1 December): Article 20.3 dates it
        assert q(con, "select withdrawal_effective_is_derived from marts.treaty_status_by_country "
                      "where iso3 = 'POL'") == [(True,)]
        # the States Parties series marks its dates after the as-of date as scheduled
        assert q(con, "select min(date) from marts.states_parties_by_date where is_scheduled") == [(D(2025, 12, 27),)]
        # Angola's request (published in December 2025) was not yet public: the LM2025 page's year holds
        assert q(con, "select status, deadline from marts.article5_status where iso3 = 'AGO'") == [
            ("deadline", "2025")]
        # Ukraine: Switzerland's (17 Oct) and New Zealand's (25 Nov) objections only; no Meeting decision yet
        assert q(con, "select suspension_objections, meeting_decision from marts.treaty_status_by_country "
                      "where iso3 = 'UKR'") == [(2, None)]
    finally:
        con.close()


def test_build_as_of_2020_01_01_uses_only_what_was_published_by_then(tmp_path):
    """Issue 20: no edition after 2019, no register export after 2019, 164 States Parties, nothing
    quarantined, and a printed count of what was not yet published."""
    res = in_process(["build", "--as-of", "2020-01-01"], tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    m = re.search(r"rows read (\d+) = loaded (\d+) \+ quarantined 0 \+ not yet published at 2020-01-01 (\d+)",
                  res.stdout)
    assert m and int(m.group(1)) == int(m.group(2)) + int(m.group(3)) and int(m.group(3)) > 30_000, res.stdout
    con = duckdb.connect(str(tmp_path / "processed" / "landmine.duckdb"), read_only=True)
    try:
        assert q(con, "select max(edition) from marts.figure_observations") == [(2019,)]
        assert q(con, "select max(published) <= date '2020-01-01' from marts.figure_observations") == [(True,)]
        assert q(con, "select list(distinct snapshot) from marts.record_casualties") == [(["2017-10"],)]
        assert q(con, "select states_parties from marts.states_parties_by_date where not is_scheduled "
                      "order by date desc limit 1") == [(164,)]
        assert q(con, "select count(*) from audit.quarantine") == [(0,)]
        assert q(con, "select count(*) from audit.not_yet_published where row_number = 0 "
                      "and source = 'casualty_records'") == [(3,)]  # three exports, each counted whole
        assert q(con, "select count(*) from marts.treaty_events where source_name = 'treaty_reactions'") == [(0,)]
        # the report's findings are written from this older world (no states-and-areas count for its
        # latest year, for one) without failing, and they name no later year
        findings = key_findings(con)
        assert findings and not [s for s in findings if re.search(r"\b202[0-9]\b", s)], findings
    finally:
        con.close()


@pytest.mark.parametrize("how", ["flag", "env"])
def test_a_bad_as_of_date_is_a_clear_error(tmp_path, how):
    env = scratch_env(tmp_path)
    args = ["build"]
    if how == "flag":
        args += ["--as-of", "2025-13-01"]
    else:
        env["LANDMINE_AS_OF"] = "yesterday"
    res = run_cli(*args, env=env)
    assert res.returncode != 0
    assert "as-of date" in res.stderr and "YYYY-MM-DD" in res.stderr
    assert "Traceback" not in res.stderr


def test_date_rules_name_the_as_of_date_and_take_it_when_they_run():
    """No clock is read when the rules are declared: a rule that depends on "today" names it
    symbolically and refuses to run until a build binds its date."""
    from pipeline.sources import get
    from pipeline.validate import rules
    rule = next(r for r in get("casualty_records").all_rules() if r.name == "incident_not_in_future")
    assert rule.needs_as_of and rules.AS_OF in rule.params["expr"] and TEST_AS_OF not in rule.description
    with pytest.raises(ValueError, match="bind it"):
        rule.violation_sql()
    bound = rule.bind(D(2021, 2, 1))
    assert "DATE '2021-02-01'" in bound.violation_sql() and not bound.needs_as_of
    year = next(r for r in get("global_casualties").all_rules(D(2021, 2, 1)) if r.name == "data_year_in_range")
    assert year.params["max"] == 2021
    assert "current_date" not in str(get("treaty_status").all_rules())
    assert not hasattr(rules, "CURRENT_YEAR")  # nothing module-level holds a day


def test_two_as_of_dates_in_one_process_never_leak_into_each_other():
    """An in-process run as of an earlier day (a notebook, a test) checks against that day only."""
    from pipeline.records import load
    from pipeline.sources import get

    f = next((ROOT / "tests" / "fixtures" / "casualty_records" / "synthetic_imsma").glob("*.csv"))
    early = load.run(get("casualty_records"), f, None, log=lambda _m: None, as_of=D(2021, 2, 1))
    now = load.run(get("casualty_records"), f, None, log=lambda _m: None, as_of=D.fromisoformat(TEST_AS_OF))
    assert now.rows_quarantined == 0 and now.rows_loaded == now.rows_read
    assert early.rows_quarantined > 0  # incidents after 1 Feb 2021 were in the future then


# 4. Contracts that check content ------------------------------------------------------------------
def test_an_expression_test_fails_the_contract_and_names_the_rows(shipped_run):
    from pipeline.build import contracts as C
    model = next(m for m in C.contracts() if m["name"] == "casualties_by_year")
    assert {t["name"] for t in model["expression_tests"]} >= {"split_adds_up", "counts_not_negative",
                                                               "shares_within_0_100"}
    con = duckdb.connect()
    try:
        con.execute(f"attach '{shipped_run['warehouse']}' as w (read_only)")
        con.execute("create schema marts")
        con.execute("create table marts.casualties_by_year as select * from w.marts.casualties_by_year")
        con.execute("detach w")
        assert C.check_contract(con, model) == []
        con.execute("update marts.casualties_by_year set killed = killed + 1 where data_year = 2016")
        con.execute("update marts.casualties_by_year set civilian_pct = 101 where data_year = 2024")
        problems = C.check_contract(con, model)
        assert any("split_adds_up" in p and "data_year=2016" in p for p in problems), problems
        assert any("shares_within_0_100" in p and "data_year=2024" in p for p in problems), problems
    finally:
        con.close()


def test_every_mart_with_numbers_declares_expression_tests():
    from pipeline.build import contracts as C
    with_tests = {m["name"] for m in C.contracts() if m.get("expression_tests")}
    assert {"figure_observations", "casualty_figures", "casualty_revisions", "casualties_by_year",
            "casualties_by_group", "casualties_by_country", "contamination_by_country",
            "treaty_status_by_country"} <= with_tests


# 5. One place for each fact -------------------------------------------------------------------------
def test_record_and_quarantine_columns_are_declared_once(wh):
    from pipeline.files import read as inputs
    from pipeline.records import load, mapping, schema
    from pipeline.sources.casualty_records import COLUMNS
    assert mapping.RECORD_COLUMNS is schema.RECORD_COLUMNS
    assert [c.name for c in COLUMNS] == schema.RECORD_COLUMNS
    assert load.OUT_SCHEMA.names == schema.OUT_COLUMNS == load.OUT_COLUMNS
    assert load.QUARANTINE_COLUMNS is inputs.QUARANTINE_COLUMNS
    cols = [r[0] for r in q(wh, "select column_name from information_schema.columns where table_schema = 'audit' "
                                "and table_name = 'quarantine' order by ordinal_position")]
    assert cols == ["source", "file", *inputs.QUARANTINE_COLUMNS]


def test_the_global_measures_are_the_seeds(wh):
    from pipeline.seeds import seed
    from pipeline.sources import global_casualties as g
    declared = set(seed("measures")["measure"])
    assert set(g.MEASURES) - set(g.DEVICE_COUNTS) == declared
    got = {r[0] for r in q(wh, "select distinct measure from staging.stg_figures "
                               "where source_name = 'global_casualties'")}
    assert got <= declared and {"total", "killed", "injured", "civilian_pct", "child_pct"} <= got


# The smaller findings -------------------------------------------------------------------------------
def _copy_marts(con) -> None:
    """The attached warehouse's marts as writable tables (whatever the findings read)."""
    for (t,) in con.execute("select table_name from duckdb_tables() where database_name = 'w' "
                            "and schema_name = 'marts'").fetchall():
        con.execute(f"create table marts.{t} as select * from w.marts.{t}")


def test_an_unchanged_total_is_not_up_zero(shipped_run):
    con = duckdb.connect()
    try:
        con.execute(f"attach '{shipped_run['warehouse']}' as w (read_only)")
        con.execute("create schema marts")
        _copy_marts(con)
        con.execute("update marts.casualties_by_year set total = 6279 where data_year = 2023")
        first = key_findings(con)[0]
        assert "the same total as 2023" in first and "up 0" not in first, first
    finally:
        con.close()



@pytest.mark.parametrize("before, said", [((7000, 7000), None),        # the year before was higher: no superlative
                                          ((6000, 7000), "2022"),      # higher two years before: since 2022
                                          ((6000, 6000), "")])         # none higher in these years
def test_highest_since_names_the_last_higher_year_and_only_when_years_lie_between(shipped_run, before, said):
    con = duckdb.connect()
    try:
        con.execute(f"attach '{shipped_run['warehouse']}' as w (read_only)")
        con.execute("create schema marts")
        _copy_marts(con)
        con.execute("update marts.casualties_by_year set total = 6500 where data_year = 2024")
        con.execute("update marts.casualties_by_year set total = ? where data_year = 2023", [before[0]])
        con.execute("update marts.casualties_by_year set total = ? where data_year = 2022", [before[1]])
        con.execute("update marts.casualties_by_year set total = least(total, 6400) where data_year < 2022")
        first = key_findings(con)[0]
        if said is None:
            assert "highest since" not in first and "down 500" in first, first
        elif said:
            assert f"the highest since {said} (7,000)" in first, first
        else:
            assert "highest since" not in first, first
    finally:
        con.close()

def test_state_party_check_accepts_a_state_that_joined_during_the_edition_year():
    from pipeline.build.checks import declared
    sql = next(c["sql"] for c in declared() if c["check"] == "state_party_agrees_with_treaty_events")
    con = duckdb.connect()
    try:
        con.execute("create schema marts; create schema staging")
        con.execute("create table marts.treaty_status_by_country as select * from (values "
                    "('PSE', date '2018-06-01', null::date), ('POL', date '2013-06-01', date '2026-02-20')) "
                    "t(iso3, entry_into_force, withdrawal_effective)")
        con.execute("create table staging.stg_country_casualties as select * from (values "
                    "(1, 2018, 'PSE', true), (2, 2017, 'PSE', true), (3, 2026, 'POL', true), (4, 2027, 'POL', true)) "
                    "t(source_row, edition, iso3, state_party)")
        con.execute("create table staging.stg_contamination as select * from staging.stg_country_casualties where false")
        flagged = [r[1] for r in con.execute(sql).fetchall()]
    finally:
        con.close()
    # joined in June 2018: the 2018 edition may call it a party; the 2017 one may not. Poland left
    # in February 2026: the 2026 edition may still call it one; the 2027 one may not.
    assert flagged == [2, 4]


# 6. Records ------------------------------------------------------------------------------------------
def test_impossible_dates_are_quarantined_alike_on_both_engines(tmp_path):
    import csv
    import shutil
    from conftest import ROOT
    from pipeline.records import load
    from pipeline.sources import get
    d = tmp_path / "synthetic_hxl"
    d.mkdir()
    src = ROOT / "tests" / "fixtures" / "casualty_records" / "synthetic_hxl"
    shutil.copy2(src / "mapping.yml", d / "mapping.yml")
    lines = (src / "hxl_casualties.csv").read_text(encoding="utf-8").splitlines()[:12]
    row = next(csv.reader([lines[2]]))
    with open(d / "r.csv", "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
        for i, date in enumerate(("2019-02-31", "2019-13-01", "2019-02-28")):
            w.writerow([f"BAD-{i}", date, *row[2:]])
    out = {}
    for engine in ("gx", "sql"):
        o = load.run(get("casualty_records"), d / "r.csv", tmp_path / f"{engine}.parquet", engine=engine,
                     log=lambda s: None)
        assert o.rows_read == 13 == o.rows_loaded + o.rows_quarantined
        out[engine] = o.quarantine[["row_number", "rule"]].values.tolist()
    assert out["gx"] == out["sql"] == [[11, "incident_date_exists"], [12, "incident_date_exists"]]


def test_records_chart_compares_the_same_countries(wh):
    """Like with like: the register's lines and the Monitor's points are for one and the same
    country (Colombia's register against the Monitor's Colombia figures), never a register beside a
    sum over other countries."""
    from pipeline.report.records import records_compared
    fig = records_compared(wh)
    ax = fig.axes[0]
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    register = [k for k in lines if k.startswith("register, snapshot ")]
    assert register and "Landmine Monitor (its latest edition per year)" in lines
    assert ax.get_title().startswith("COL: ")
    for label in register:
        snap = label.split("snapshot ")[1].split(" ")[0]
        want = q(wh, "select data_year, total from marts.record_casualties where source = 'colombia_aicma' "
                     "and iso3 = 'COL' and snapshot = ? order by 1", snap)
        got = list(zip(lines[label].get_xdata(), lines[label].get_ydata()))
        assert [(int(x), int(y)) for x, y in got] == [(int(a), int(b)) for a, b in want]
    mon = lines["Landmine Monitor (its latest edition per year)"]
    want = q(wh, "select data_year, monitor_country_total from marts.casualties_compared "
                 "where source = 'colombia_aicma' and iso3 = 'COL' and monitor_country_total is not null order by 1")
    assert [(int(x), int(y)) for x, y in zip(mon.get_xdata(), mon.get_ydata())] == [(int(a), int(b)) for a, b in want]


def test_annual_chart_stacks_each_split_to_its_own_total(wh):
    from pipeline.report.charts import annual_casualties
    fig = annual_casualties(wh)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert "split LM2007" in texts  # 2006: the split's edition, not the 2016 total's
    ticks = [c for c in ax.collections if c.get_label() == "that statement's own total"]
    assert ticks
    heights = sorted({round(seg[0][1]) for seg in ticks[0].get_segments()})
    want = sorted(r[0] for r in q(wh, "select split_total from marts.casualties_by_year "
                                      "where killed is not null and split_total is not null"))
    assert heights == sorted(set(want))


def test_a_null_key_breaks_the_contract(shipped_run):
    from pipeline.build import contracts as C
    model = next(m for m in C.contracts() if m["name"] == "casualty_revisions")
    con = duckdb.connect()
    try:
        con.execute(f"attach '{shipped_run['warehouse']}' as w (read_only)")
        con.execute("create schema marts")
        con.execute("create table marts.casualty_revisions as select * from w.marts.casualty_revisions")
        con.execute("detach w")
        assert C.check_contract(con, model) == []
        con.execute("alter table marts.casualty_revisions alter edition drop not null")
        con.execute("update marts.casualty_revisions set edition = null where data_year = 2016 and is_first_report")
        assert any("NULL key column edition" in p for p in C.check_contract(con, model))
    finally:
        con.close()


def test_report_on_a_warehouse_built_by_older_code_is_a_clear_error(tmp_path, shipped_run):
    import shutil
    old = tmp_path / "old.duckdb"
    shutil.copy2(shipped_run["warehouse"], old)
    con = duckdb.connect(str(old))
    con.execute("drop table audit.build_info")
    con.execute("alter table marts.casualties_by_year drop column split_total")
    con.close()
    env = scratch_env(tmp_path)
    env["LANDMINE_WAREHOUSE"] = str(old)
    res = run_cli("report", env=env)
    assert res.returncode == 2, res.stdout + res.stderr
    assert "built by an older version" in res.stderr and "casualties_by_year" in res.stderr
    assert "Traceback" not in res.stderr
