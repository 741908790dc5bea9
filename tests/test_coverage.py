"""Coverage at a glance (marts.coverage, `python -m pipeline coverage`, the report's table): which
years have a figure per dataset and measure, from which kind of source, and which have none."""
from __future__ import annotations

import duckdb
import pytest

from pipeline.report.coverage import ranges, summary

from conftest import run_cli, scratch_env


def test_ranges_compress_consecutive_years():
    assert ranges([2004, 1999, 2000, 2001, 2010, 2011]) == "1999-2001, 2004, 2010-2011"
    assert ranges([]) == ""


@pytest.fixture(scope="module")
def cov(shipped_run):
    con = duckdb.connect(str(shipped_run["warehouse"]), read_only=True)
    yield summary(con), con
    con.close()


def row(df, dataset, measure):
    r = df[(df["dataset"] == dataset) & (df["measure"] == measure)]
    assert len(r) == 1, (dataset, measure)
    return r.iloc[0]


def test_best_kind_per_year_and_the_gaps(cov):
    df, con = cov
    total = row(df, "global_casualties", "total")
    assert (total["span"], total["missing"]) == ("1999-2024", "")
    # 2005's only total is a news report of LM2006 (BBC): it counts as news, not as the Monitor
    assert "2005" in total["news"] and "2005" not in total["monitor"]
    killed = row(df, "global_casualties", "killed")
    assert killed["missing"] == "1999-2005, 2008, 2011, 2015"
    # the Monitor's own country tables, LM2006-LM2018
    assert row(df, "country_casualties", "killed")["monitor"] == "2005-2017"
    # every year of a measure is in exactly one kind column or in missing
    n_span = 2024 - 1999 + 1
    years = sum(len(ranges_to_set(total[k])) for k in ("monitor", "ngo", "official", "news"))
    assert years + len(ranges_to_set(total["missing"])) == n_span
    # the mart itself: one row per (dataset, measure, year), with the strongest kind first
    assert con.execute("select best_source_kind, list_contains(source_kinds, 'news') from marts.coverage "
                       "where dataset = 'global_casualties' and measure = 'total' and year = 2024").fetchall() == [
        ("ngo", True)]


def ranges_to_set(text):
    out = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        a, _, b = part.partition("-")
        out |= set(range(int(a), int(b or a) + 1))
    return out


def test_coverage_command_and_report_table(shipped_run):
    res = run_cli("coverage", env=shipped_run["env"])
    assert res.returncode == 0, res.stderr
    assert "global_casualties (data years 1999-2024)" in res.stdout
    assert "  killed: 16 year(s); monitor: " in res.stdout and "missing: 1999-2005, 2008, 2011, 2015" in res.stdout
    assert "treaty_participants (dates 1997-2025)" in res.stdout and "no deposit: " in res.stdout
    html = (shipped_run["reports"] / "index.html").read_text(encoding="utf-8")
    assert "Coverage: what is known, and from which kind of source" in html


def test_coverage_without_a_warehouse_says_what_to_do(tmp_path):
    res = run_cli("coverage", env=scratch_env(tmp_path))
    assert res.returncode == 2
    assert "no warehouse" in res.stderr and "Traceback" not in res.stderr
