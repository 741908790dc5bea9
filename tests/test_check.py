"""`landmine check` (issue 18): data checks of a built warehouse. It passes on the mini fixture's
build and fails, naming the problem, on a copy of that warehouse where one value was broken by SQL;
with no warehouse it says so. No traceback in any case."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from pipeline.build.contracts import LAYERS, contracts

from conftest import in_process

FAMILIES = ("contracts:", "expression tests:", "reconciliation:", "cross-checks:")


def _check(db, tmp_path):
    return in_process(["check", str(db)], tmp_path)


def test_check_passes_on_a_build_and_prints_one_line_per_family(mini_build, tmp_path):
    res = _check(mini_build.db, tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    lines = res.stdout.splitlines()
    for fam in FAMILIES:
        (line,) = [ln for ln in lines if ln.strip().startswith(fam)]
        assert line.endswith(", ok"), line
    rec = mini_build.con.execute("select sum(rows_read), sum(rows_quarantined), count(*) "
                                 "from audit.reconciliation").fetchall()[0]
    assert f"reconciliation: {rec[2]} files, rows read {rec[0]:,} = " in res.stdout
    assert f"quarantined {rec[1]:,} " in res.stdout
    n_tests = sum(len(m.get("expression_tests", [])) for layer in LAYERS for m in contracts(layer))
    assert f"expression tests: {n_tests} run, ok" in res.stdout
    assert "check passed" in res.stdout and res.stderr == ""


BREAKS = {
    # a file whose counts no longer add up (and its raw table no longer holds what it loaded)
    "reconciliation": ("update audit.reconciliation set rows_loaded = rows_loaded + 1 "
                       "where source = 'global_casualties'",
                       ["global_casualties global_casualties.csv: rows read", "raw.global_casualties:"]),
    # a quarantined row lost
    "quarantine": ("delete from audit.quarantine where source = 'global_casualties'",
                   ["global_casualties global_casualties.csv: 1 row(s) counted quarantined, audit.quarantine holds 0"]),
    # a mart's key repeated
    "duplicate key": ("insert into marts.casualties_by_year select * from marts.casualties_by_year "
                      "order by data_year limit 1",
                      ["marts.casualties_by_year: 1 duplicate key(s) on (data_year)"]),
    # an expression test broken
    "expression": ("update marts.figure_observations set value = -1 where measure = 'total' "
                   "and data_year = (select min(data_year) from marts.figure_observations where measure = 'total')",
                   ["marts.figure_observations:", "break counts_not_negative"]),
    # a cross-dataset error: country figures above the edition's global total
    "cross-check": ("update intermediate.int_country_statements set casualties = casualties + 1000000 "
                    "where gives_total and rank_in_edition = 1",
                    ["country_sum_within_global_total:"]),
}


@pytest.mark.parametrize("case", BREAKS)
def test_check_fails_naming_what_broke(mini_build, tmp_path, case):
    sql, expected = BREAKS[case]
    db = tmp_path / "broken.duckdb"
    shutil.copy(mini_build.db, db)
    with duckdb.connect(str(db)) as con:
        assert con.execute(sql).fetchall()[0][0] >= 1  # rows changed
    res = _check(db, tmp_path)
    assert res.returncode == 1, res.stdout + res.stderr
    for text in expected:
        assert text in res.stdout, res.stdout
    assert "check failed: problem(s) in " in res.stderr and "Traceback" not in res.stdout + res.stderr


def test_check_without_a_warehouse_says_so(tmp_path):
    res = in_process(["check"], tmp_path)
    assert res.returncode == 2
    assert "no warehouse at" in res.stderr and "make report" in res.stderr
    assert "Traceback" not in res.stderr


def test_check_of_a_file_that_is_no_warehouse_says_so(tmp_path):
    f = tmp_path / "notes.duckdb"
    f.write_text("not a database", encoding="utf-8")
    res = in_process(["check", str(f)], tmp_path)
    assert res.returncode == 2 and "cannot be opened as a DuckDB warehouse" in res.stderr
