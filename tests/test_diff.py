"""`landmine diff OLD NEW` (issue 18): two copies of the mini fixture's warehouse, the second
changed by SQL as a refresh would change it (a figure revised, one added, one withdrawn, a new
register snapshot that revises a year, a new headline total, a newly quarantined row). The diff
lists exactly those changes, each with what a reviewer needs; identical warehouses give "No
changes"; neither file is written."""
from __future__ import annotations

import hashlib
import shutil

import duckdb
import pytest

from pipeline.report.findings import key_findings

from conftest import in_process

LAST = "(select max(data_year) from marts.figure_observations where measure = 'total')"
CHANGES = [
    # revised: the latest year's precedence-1 total, +5
    f"update marts.figure_observations set value = value + 5 where measure = 'total' and precedence = 1 "
    f"and data_year = {LAST}",
    f"update marts.casualties_by_year set total = total + 5 where data_year = {LAST}",
    # new: the same figure restated by a later edition
    f"insert into marts.figure_observations select * replace (edition + 1 as edition) "
    f"from marts.figure_observations where measure = 'total' and precedence = 1 and data_year = {LAST}",
    # withdrawn: the earliest year's figures
    "delete from marts.figure_observations where data_year = (select min(data_year) from marts.figure_observations)",
    # a new register snapshot (2 of 3 rows loaded) that revises 2025 from 1 record to 2
    "insert into audit.record_datasets values ('colombia_aicma', 'yhxn-eqqw_2026-03_datos-gov-co.csv', "
    "'casualty_records/colombia_aicma/mapping.yml', false, 'Colombia', 'COL', 'sql', 3, 2, 1)",
    "insert into raw.casualty_records (source, snapshot, _file) select 'colombia_aicma', '2026-03', "
    "'casualty_records/colombia_aicma/yhxn-eqqw_2026-03_datos-gov-co.csv' from range(2)",
    "insert into marts.record_casualties (source, snapshot, is_latest_snapshot, data_year, iso3, total, killed, "
    "injured, is_synthetic) values ('colombia_aicma', '2026-03', true, 2025, 'COL', 2, 1, 1, false)",
    "insert into marts.record_revisions (source, iso3, data_year, snapshot, snapshot_number, total, killed, injured, "
    "previous_snapshot, previous_total, change_from_previous, is_synthetic) values "
    "('colombia_aicma', 'COL', 2025, '2026-03', 2, 2, 1, 1, '2025-09', 1, 1, false)",
    # a newly quarantined row
    "insert into audit.quarantine (source, file, row_number, rule, severity, message, \"values\", record) values "
    "('demographics', 'demographics/demographics.csv', 7, 'total_is_count', 'error', "
    "'total is a whole number', '{\"total\": -3}', '{}')",
]


def _sha(p) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def pair(mini_build, tmp_path_factory):
    d = tmp_path_factory.mktemp("diff")
    old, same, new = d / "old.duckdb", d / "same.duckdb", d / "new.duckdb"
    for p in (old, same, new):
        shutil.copy(mini_build.db, p)
    with duckdb.connect(str(new)) as con:
        for sql in CHANGES:
            con.execute(sql)
    return old, same, new


def _diff(tmp_path, *args):
    res = in_process(["diff", *map(str, args)], tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    return res.stdout


def test_identical_warehouses_say_no_changes(pair, tmp_path):
    old, same, _ = pair
    out = _diff(tmp_path, old, same)
    assert "No changes" in out and "###" not in out


def test_the_diff_lists_exactly_the_changes(pair, tmp_path):
    old, _, new = pair
    before = [_sha(old), _sha(new)]
    out = _diff(tmp_path, old, new)
    assert [ln for ln in out.splitlines() if ln.startswith("- ") and ":" in ln and "`" not in ln][:5] == [
        "- Figures (marts.figure_observations): 1 new, "
        f"{_withdrawn(old)} withdrawn, 1 revised",
        "- Register snapshots: 1 new",
        "- Records revised between snapshots (marts.record_revisions): 1 year(s) revised",
        f"- Key findings: {_findings_changed(old, new)} sentence(s) changed",
        "- Newly quarantined rows (audit.quarantine): 1 row(s)",
    ]
    assert [_sha(old), _sha(new)] == before  # both opened read-only


def _findings(db) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return key_findings(con)


def _findings_changed(old, new) -> int:
    a, b = _findings(old), _findings(new)
    return max(len([s for s in a if s not in b]), len([s for s in b if s not in a]))


def _withdrawn(db) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select count(*) from (select distinct edition, data_year, measure, source_url, basis, "
                           "is_derived from marts.figure_observations where data_year = "
                           "(select min(data_year) from marts.figure_observations))").fetchall()[0][0]


def test_each_change_is_shown_with_edition_source_and_counts(pair, tmp_path):
    old, _, new = pair
    out = _diff(tmp_path, old, new)
    with duckdb.connect(str(old), read_only=True) as con:
        year, edition, value, url = con.execute(
            f"select data_year, edition, value, source_url from marts.figure_observations where measure = 'total' "
            f"and precedence = 1 and data_year = {LAST}").fetchall()[0]
        old_findings = key_findings(con)
    v = int(value)
    assert f"| {year} | total | {edition} | {v:,} → {v + 5:,} | {url} |" in out  # revised
    assert f"| {year} | total | {edition + 1} | – → {v + 5:,} | {url} |" in out  # new
    assert ("| colombia_aicma | 2026-03 | yhxn-eqqw_2026-03_datos-gov-co.csv | 3 | 2 | 1 | 2 | 1 | 1 |") in out
    assert "| colombia_aicma | COL | 2025 | 2026-03 | 2025-09 | 1 → 2 | +1 |" in out
    assert "| demographics | demographics/demographics.csv | total_is_count | error | total is a whole number | " \
           '{"total": -3} | 7 |' in out
    new_findings = _findings(new)
    gone = [s for s in old_findings if s not in new_findings]
    came = [s for s in new_findings if s not in old_findings]
    assert "```diff\n" + "".join(f"- {s}\n" for s in gone) + "".join(f"+ {s}\n" for s in came) + "```" in out
    assert any(f"{v + 5:,} people" in s for s in came)  # the headline total, revised


def test_output_file_gets_the_same_markdown(pair, tmp_path):
    old, _, new = pair
    target = tmp_path / "summary.md"
    out = _diff(tmp_path, old, new, "--output", target)
    assert target.read_text(encoding="utf-8") == out


def test_a_missing_warehouse_is_named_without_a_traceback(pair, tmp_path):
    old, _, new = pair
    res = in_process(["diff", str(tmp_path / "site" / "landmine.duckdb"), str(new)], tmp_path)
    assert res.returncode == 2
    assert "no warehouse at" in res.stderr and "published warehouse" in res.stderr
    res = in_process(["diff", str(old), str(old)], tmp_path)
    assert res.returncode == 2 and "compared with itself" in res.stderr
    assert "Traceback" not in res.stderr
