"""Casualty records through a real build: a hand-made record file (synthetic, answers worked out
by hand) next to the mini Monitor fixtures; the record marts, the comparison with the Monitor
(with and without marts.casualties_by_country), quarantine and reconciliation."""
from __future__ import annotations

import duckdb
import pytest

from conftest import FIXTURES, build_fixture, mini_raw_rows

MAPPING = """dataset: hand_test
synthetic: true
country: MMR
date_format: "%Y-%m-%d"
columns: {record_id: id, incident_date: date, outcome: outcome, status: status, age: age, age_group: age_group, sex: sex}
drop: [name]
"""
RECORDS = """id,name,date,outcome,status,age,age_group,sex
R1,Test Person One,2019-05-01,killed,civilian,10,,female
R2,Test Person Two,2019-06-01,injured,military,30,,male
R3,Test Person Three,2019-07-01,injured,civilian,,,
R4,Test Person Four,2020-01-01,,deminer,,child,female
R5,Test Person Five,2020-02-01,killed,,18,,male
R6,Test Person Six,2020-02-01,killed,civilian,x,,male
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture warehouse plus a hand-made record file, built in-process."""
    def prepare(raw):
        d = raw / "casualty_records" / "hand"
        d.mkdir(parents=True)
        (d / "mapping.yml").write_text(MAPPING, encoding="utf-8")
        (d / "records.csv").write_text(RECORDS, encoding="utf-8")

    b = build_fixture(tmp_path_factory.mktemp("records"), prepare=prepare)
    assert b.res.returncode == 0, b.res.stdout + b.res.stderr
    yield {"res": b.res, "con": b.con, "tmp": b.tmp, "db": b.db}
    b.con.close()


def q(b, sql):
    return b["con"].execute(sql).fetchall()


def test_build_prints_progress_and_reconciles(built):
    out = built["res"].stdout
    raw = (built["tmp"] / "raw").resolve()  # LANDMINE_RAW_DIR moved raw/: the path says where it is
    assert f"{raw}/casualty_records/hand/records.csv: 6 rows read (" in out and "rows/s)" in out
    assert "casualty_records (hand_test, SYNTHETIC): read 6 = loaded 5 + quarantined 1" in out
    n = mini_raw_rows()  # one fixture row is quarantined (tests/test_models.py), one record here
    assert f"rows read {n + 6} = loaded {n + 6 - 2} + quarantined 2" in out
    assert q(built, "select row_number, rule from audit.quarantine where source = 'casualty_records'") == [
        (6, "age_is_integer")]


def test_record_casualties_counts_and_shares_where_known(built):
    rows = q(built, "select * exclude (source) from marts.record_casualties order by data_year")
    cols = [c[0] for c in built["con"].execute("select * exclude (source) from marts.record_casualties").description]
    r19, r20 = (dict(zip(cols, r)) for r in rows)
    assert {k: r19[k] for k in ("data_year", "iso3", "total", "killed", "injured", "outcome_unknown", "civilian",
                                "military", "deminer", "status_known", "child", "adult", "age_known", "female",
                                "male", "sex_known")} == {
        "data_year": 2019, "iso3": "MMR", "total": 3, "killed": 1, "injured": 2, "outcome_unknown": 0,
        "civilian": 2, "military": 1, "deminer": 0, "status_known": 3, "child": 1, "adult": 1, "age_known": 2,
        "female": 1, "male": 1, "sex_known": 2}
    assert r19["civilian_pct"] == pytest.approx(200 / 3) and r19["child_pct"] == 50.0
    assert r19["child_pct_of_civilians"] == 100.0 and r19["female_pct"] == 50.0 and r19["is_synthetic"] is True
    # 2020: a blank outcome and status are unknown; an 18-year-old is an adult; a child group without age counts
    assert (r20["total"], r20["killed"], r20["outcome_unknown"], r20["status_known"], r20["deminer"],
            r20["child"], r20["adult"]) == (2, 1, 1, 1, 1, 1, 1)
    assert r20["civilian_pct"] == 0.0 and r20["deminer_pct"] == 100.0
    assert r20["child_pct_of_civilians"] is None  # no civilian whose age is known: not 0


def test_compared_with_the_monitor_country_figure_and_global_total(built):
    # Monitor fixture: Myanmar 2019 = 55 (LM2021, NGO beats news' 57), 2020 = 90 (LM2021, Monitor page);
    # global totals 108 (2019) and 200 (2020).
    assert q(built, "select data_year, iso3, country, record_total, monitor_country_total, monitor_country_edition, "
                    "record_minus_monitor_country, monitor_global_total, round(record_pct_of_monitor_global, 4), "
                    "is_synthetic from marts.casualties_compared order by 1") == [
        (2019, "MMR", "Myanmar", 3, 55, 2021, -52, 108, round(300 / 108, 4), True),
        (2020, "MMR", "Myanmar", 2, 90, 2021, -88, 200, 1.0, True)]


def test_names_never_reach_the_warehouse(built):
    con = built["con"]
    for schema, table in con.execute("select table_schema, table_name from information_schema.tables").fetchall():
        text = con.execute(f'select * from "{schema}"."{table}"').df().to_string()
        assert "Test Person" not in text, f"{schema}.{table}"


def test_records_are_a_table_inside_the_warehouse(built):
    assert q(built, "select table_type from information_schema.tables where table_schema = 'raw' "
                    "and table_name = 'casualty_records'") == [("BASE TABLE",)]
    assert q(built, "select count(*), min(_row), max(_row) from raw.casualty_records") == [(5, 1, 5)]
    # the staging helpers are gone, and so is the staging database the rows were validated into
    assert q(built, "select count(*) from information_schema.columns where table_schema = 'raw' "
                    "and table_name = 'casualty_records' and column_name in ('_flags', '_q', '_batch')") == [(0,)]
    processed = built["tmp"] / "processed"
    assert not [p.name for p in processed.iterdir() if ".records-" in p.name or ".building-" in p.name]
    assert not (processed / "records").exists()  # no Parquet beside it


def test_the_example_mappings_kept_as_fixtures_still_load():
    """The generated examples left data/raw/ (real data only there); they stay as test fixtures and
    benchmark input, and still load through their mappings."""
    from pipeline.records import load
    from pipeline.sources import get
    for folder, dataset, rows in (("synthetic_imsma", "synthetic_imsma_example", 400),
                                  ("synthetic_hxl", "synthetic_hxl_example", 150)):
        f = next((FIXTURES / "casualty_records" / folder).glob("*.csv"))
        o = load.run(get("casualty_records"), f, None, log=lambda _m: None)
        assert (o.mapping.dataset, o.mapping.synthetic, o.rows_read, o.rows_loaded) == (dataset, True, rows, rows)


def test_shipped_build_has_no_synthetic_records(shipped_run):
    con = duckdb.connect(str(shipped_run["warehouse"]), read_only=True)
    try:
        assert con.execute("select distinct source, synthetic from audit.record_datasets").fetchall() == [
            ("colombia_aicma", False)]
        assert con.execute("select bool_or(is_synthetic) from marts.record_casualties").fetchall() == [(False,)]
    finally:
        con.close()
    assert (shipped_run["reports"] / "records_compared.png").is_file()
    assert (shipped_run["reports"] / "data" / "record_casualties.csv").is_file()
