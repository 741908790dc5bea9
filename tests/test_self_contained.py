"""The warehouse is one self-contained file: copied alone into an empty folder (the build's data/
folders gone, as on another machine) it still answers every query, casualty records included,
and nothing in it names a path of the machine that built it (no view over files, no absolute path
in a table's content)."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from conftest import build_fixture, mini_raw_rows

MAPPING = """dataset: self_contained_test
synthetic: true
country: MMR
date_format: "%Y-%m-%d"
columns: {record_id: id, incident_date: date, outcome: outcome, status: status, age: age, sex: sex}
drop: [name]
"""
RECORDS = """id,name,date,outcome,status,age,sex
S1,Test Person One,2019-05-01,killed,civilian,10,female
S2,Test Person Two,2019-06-01,injured,military,30,male
S3,Test Person Three,2020-07-01,injured,civilian,x,male
"""


@pytest.fixture(scope="module")
def alone(tmp_path_factory):
    """A fixture warehouse with a record file, copied alone; the folder it was built in removed."""
    def prepare(raw):
        d = raw / "casualty_records" / "alone"
        d.mkdir(parents=True)
        (d / "mapping.yml").write_text(MAPPING, encoding="utf-8")
        (d / "records.csv").write_text(RECORDS, encoding="utf-8")

    built_in = tmp_path_factory.mktemp("built")
    b = build_fixture(built_in, prepare=prepare)
    assert b.res.returncode == 0, b.res.stdout + b.res.stderr
    b.con.close()
    copy = tmp_path_factory.mktemp("elsewhere") / "copy.duckdb"
    shutil.copy2(b.db, copy)
    shutil.rmtree(built_in)  # raw/, processed/ and anything the build left beside the warehouse
    con = duckdb.connect(str(copy), read_only=True)
    yield {"con": con, "built_in": str(built_in.resolve())}
    con.close()


def test_the_copy_alone_answers_for_the_records_and_every_table(alone):
    con = alone["con"]
    assert con.execute("select count(*), min(_row), max(_row) from raw.casualty_records").fetchall() == [(2, 1, 2)]
    assert con.execute("select sum(total) from marts.record_casualties").fetchall() == [(2,)]
    assert con.execute("select table_type from information_schema.tables where table_schema = 'raw' "
                       "and table_name = 'casualty_records'").fetchall() == [("BASE TABLE",)]
    tables = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
    for schema, name in tables:  # every table and view reads (a view over missing files would fail)
        con.execute(f'select count(*) from "{schema}"."{name}"').fetchall()
    n = mini_raw_rows()
    assert con.execute("select sum(rows_read) from audit.reconciliation").fetchall() == [(n + 3,)]


def test_no_absolute_path_in_the_catalog_or_in_any_table(alone):
    con = alone["con"]
    sql = [r[0] for r in con.execute("select sql from duckdb_views() where not internal "
                                     "union all select sql from duckdb_tables()").fetchall()]
    assert sql and not [s for s in sql if "'/" in s or alone["built_in"] in s or "read_parquet" in s]
    found = []
    for schema, table, column in con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR'").fetchall():
        n = con.execute(f'select count(*) from "{schema}"."{table}" where "{column}" like \'/%\' '
                        f'or contains("{column}", ?)', [alone["built_in"]]).fetchall()[0][0]
        if n:
            found.append(f"{schema}.{table}.{column}")
    assert found == []
