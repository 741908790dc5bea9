"""The warehouse is written in an explicit DuckDB storage version (pipeline.build.warehouse.STORAGE_VERSION)
so that DuckDB 1.x clients (CLI, R, database browsers) open it. In the oldest-versions run of
`make test` (.venv-oldest: DuckDB 1.4.0), the warehouse is built by the current install
(LANDMINE_BUILD_PYTHON, DuckDB 2) and opened here with the oldest DuckDB, querying every mart."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from conftest import FROZEN_RAW, ROOT, scratch_env
from pipeline.build.contracts import contracts
from pipeline.build.warehouse import STORAGE_VERSION

# DuckDB's header version number per storage format (the file's bytes 12-20): the formats of
# 0.10/1.0/1.1 are 64, v1.2 65, v1.3 66, v1.4 67, v1.5 68; DuckDB 2's own is 999.
FORMAT_NUMBER = {"v0.10.0": 64, "v1.0.0": 64, "v1.1.0": 64, "v1.2.0": 65, "v1.3.0": 66,
                 "v1.4.0": 67, "v1.5.0": 68}


def header_version(path) -> int:
    with open(path, "rb") as f:
        head = f.read(20)
    assert head[8:12] == b"DUCK", "not a DuckDB file"
    return int.from_bytes(head[12:20], "little")


@pytest.fixture(scope="module")
def fresh_warehouse(tmp_path_factory):
    """A fresh build of the shipped data by LANDMINE_BUILD_PYTHON (the default install's Python,
    set by `make test` for the oldest run) or by this Python."""
    tmp = tmp_path_factory.mktemp("storage")
    python = os.environ.get("LANDMINE_BUILD_PYTHON") or sys.executable
    res = subprocess.run([python, "-m", "pipeline", "build"], cwd=ROOT, env=scratch_env(tmp),
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    version = subprocess.run([python, "-c", "import duckdb; print(duckdb.__version__)"],
                             capture_output=True, text=True).stdout.strip()
    return tmp / "processed" / "landmine.duckdb", version, tmp


def test_the_warehouse_is_written_in_the_declared_storage_version(fresh_warehouse):
    path, _, _ = fresh_warehouse
    assert header_version(path) == FORMAT_NUMBER[STORAGE_VERSION]


def test_this_duckdb_opens_the_fresh_warehouse_and_queries_every_mart(fresh_warehouse):
    path, built_with, _ = fresh_warehouse
    print(f"built with DuckDB {built_with}, opened with DuckDB {duckdb.__version__}")
    con = duckdb.connect(str(path), read_only=True)
    try:
        for m in contracts():
            cols = [r[0] for r in con.execute(
                "select column_name from information_schema.columns where table_schema = 'marts' "
                "and table_name = ? order by ordinal_position", [m["name"]]).fetchall()]
            assert cols == [c["name"] for c in m["columns"]], m["name"]
            rows = con.execute(f'select * from marts."{m["name"]}"').fetchall()
            assert isinstance(rows, list)
        total = con.execute("select total from marts.casualties_by_year where data_year = 2024").fetchall()
        assert total == [(6279,)]  # LM2025: 6,279 casualties in 2024
        # the casualty records are a table inside the file (no view over Parquet files elsewhere)
        records = con.execute("select count(*) from raw.casualty_records").fetchall()[0][0]
        assert records > 48_000
        assert con.execute("select sum(rows_loaded) from audit.record_datasets").fetchall() == [(records,)]
    finally:
        con.close()


def test_the_warehouse_copied_alone_answers_every_table_here(fresh_warehouse, tmp_path):
    """The shipped build's file copied alone into an empty folder (as an analyst downloads it from
    the site): every table and view of every schema answers in this DuckDB (1.4.0 in the oldest
    run, the file written by DuckDB 2), and its bytes name no folder of the build."""
    path, _, built_in = fresh_warehouse
    copy = tmp_path / "alone" / "landmine.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(path, copy)
    data = copy.read_bytes()
    named = [str(p) for p in (built_in, ROOT, FROZEN_RAW, path.parent) if str(p).encode() in data]
    assert named == [], f"the warehouse file names a folder of the build: {named}"
    con = duckdb.connect(str(copy), read_only=True)
    try:
        tables = con.execute("select table_schema, table_name from information_schema.tables "
                             "where table_catalog = current_database()").fetchall()
        assert {s for s, _ in tables} >= {"raw", "staging", "marts", "audit", "seeds"}
        for schema, name in tables:
            con.execute(f'select count(*) from "{schema}"."{name}"').fetchall()
        assert con.execute("select count(*) from raw.casualty_records").fetchall()[0][0] > 48_000
    finally:
        con.close()
