"""Each rule of the global_casualties source: a valid row passes, a breaking row fires exactly the
rule it should; error rules quarantine, warnings do not; the SQL twin of every rule agrees with GX."""
from __future__ import annotations

from pathlib import Path

import datetime as dt
import duckdb
import pytest

from pipeline.validate import run as validate, sqlenv
from pipeline.sources import get

from conftest import TEST_AS_OF, fired, frame

SRC = get("global_casualties")
COLS = SRC.column_names
VALID = {"edition": "2025", "data_year": "2024", "total": "100", "killed": "30", "injured": "60",
         "outcome_unknown": "10", "civilian_pct": "90", "child_pct": "46",
         "child_pct_basis": "of civilian casualties", "states_areas": "52",
         "improvised_mine_casualties": "20",
         "source_url": "https://monitor.example.org/en-gb/reports/2025/x.aspx", "locator": "Overview"}


def run(*rows):
    return validate.run(SRC, Path("test.csv"), text=frame(list(rows), COLS))


def test_valid_row_passes_every_rule():
    o = run(VALID)
    assert fired(o) == {}
    assert (o.rows_read, o.rows_loaded, o.rows_quarantined) == (1, 1, 0)


CASES = [
    ("edition_is_integer", {"edition": "LM2025"}),
    ("data_year_is_integer", {"data_year": "2024.5"}),
    ("total_is_integer", {"total": "6.279"}),  # "6,279" is normalised (tests/corpus)
    ("civilian_pct_is_number", {"civilian_pct": "ninety"}),
    ("source_url_required", {"source_url": None}),
    ("locator_required", {"locator": ""}),
    ("data_year_in_range", {"data_year": "1998", "edition": "1999"}),
    ("data_year_in_range", {"data_year": "2099", "edition": "2100"}),
    ("edition_after_data_year", {"edition": "2024"}),
    ("total_non_negative", {"total": "-5", "killed": None, "injured": None, "outcome_unknown": None,
                            "improvised_mine_casualties": None}),
    ("killed_non_negative", {"killed": "-30", "injured": "100", "outcome_unknown": "30"}),
    ("civilian_pct_is_percentage", {"civilian_pct": "101"}),
    ("child_pct_is_percentage", {"child_pct": "-1"}),
    ("child_pct_basis_known", {"child_pct_basis": "of goats"}),
    ("child_pct_has_basis", {"child_pct_basis": None}),
    ("outcome_sums_to_total", {"outcome_unknown": "11"}),
    ("outcome_within_total", {"outcome_unknown": None, "killed": "60", "injured": "50"}),
    ("devices_within_total", {"improvised_mine_casualties": "101"}),
    ("source_url_well_formed", {"source_url": "www.the-monitor.org/page"}),
    ("source_publisher_known", {"source_url": "https://example.org/landmines"}),
]


@pytest.mark.parametrize("rule,change", CASES, ids=[f"{r}-{i}" for i, (r, _) in enumerate(CASES)])
def test_breaking_row_fires_its_rule_and_is_quarantined(rule, change):
    o = run(VALID, {**VALID, **change, "locator": change.get("locator", "second")})
    got = fired(o)
    assert got.get(rule) == [2], got
    assert rule in set(o.quarantine["rule"])
    q = o.quarantine[o.quarantine["rule"] == rule].iloc[0]
    assert q["row_number"] == 2 and q["values"].startswith("{")
    assert (o.rows_read, o.rows_loaded, o.rows_quarantined) == (2, 1, 1)
    assert o.loaded["_row"].tolist() == [1]


def test_duplicate_figure_quarantines_the_repeat_only():
    o = run(VALID, dict(VALID))
    assert fired(o) == {"no_duplicate_figure": [2]}
    assert o.loaded["_row"].tolist() == [1]


def test_same_source_may_give_child_share_on_two_bases():
    other = {"edition": "2025", "data_year": "2024", "child_pct": "35",
             "child_pct_basis": "of all casualties where age known",
             "source_url": VALID["source_url"], "locator": "same page, other basis"}
    assert fired(run(VALID, other)) == {}


def test_implied_unknown_is_not_an_error_when_it_fits():
    row = {**VALID, "outcome_unknown": None, "killed": "30", "injured": "60"}
    assert fired(run(row)) == {}


def test_row_without_figures_is_a_warning_not_a_quarantine():
    empty = {"edition": "2004", "data_year": "2003", "source_url": VALID["source_url"], "locator": "gap"}
    o = run(VALID, empty)
    assert fired(o) == {"row_gives_a_figure": [2]}
    assert o.rows_quarantined == 0 and o.rows_loaded == 2
    assert [w.rule.name for w in o.warnings] == ["row_gives_a_figure"]


def test_a_row_breaking_two_rules_counts_once():
    o = run(VALID, {**VALID, "civilian_pct": "120", "edition": "2020", "locator": "x"})
    assert set(o.quarantine["rule"]) == {"civilian_pct_is_percentage", "edition_after_data_year"}
    assert (o.rows_read, o.rows_loaded, o.rows_quarantined) == (2, 1, 1)


def test_sql_twin_of_every_rule_flags_the_same_rows_as_gx():
    """Each rule's violation_sql, run by DuckDB on the same frame, matches GX row for row."""
    rows = [VALID] + [{**VALID, **change, "locator": f"case {i}"} for i, (_, change) in enumerate(CASES)]
    text = frame(rows, COLS)
    o = validate.run(SRC, Path("t.csv"), text=text.copy())
    gx_rows = {r.rule.name: r.rows for r in o.results}
    t = text.copy()
    t.insert(0, "_row", range(1, len(t) + 1))
    typed = SRC.typed(t)
    typed.insert(0, "_row", t["_row"].values)
    as_of = dt.date.fromisoformat(TEST_AS_OF)
    env = sqlenv.connect(as_of)
    typed["published"] = validate.published(t, SRC, env).values  # what validation adds: the row's publication day
    rules = SRC.all_rules(as_of)
    helpers = validate.add_helpers(typed, SRC, rules, env)
    con = duckdb.connect()
    con.register("text", t)
    con.register("typed", helpers)
    for rule in rules:
        table = "text" if rule.stage == "text" else "typed"
        sql_rows = [r[0] for r in con.execute(rule.violations_query(table)).fetchall()]
        assert sql_rows == gx_rows[rule.name], rule.name
    assert sum(len(v) for v in gx_rows.values()) >= len(CASES)
