"""Safe outputs and queries: values from files or the command line never reach SQL as text,
identifiers are quoted, exports cope with any folder name, and names or paths from the command line
cannot make the pipeline write outside data/ and reports/."""
from __future__ import annotations

import re

import datetime as dt
import duckdb
import pandas as pd

from pipeline.files import manifest
from pipeline.validate import run as validate
from pipeline.build import warehouse
from pipeline.report.exports import export_table
from pipeline.sources import get

from conftest import ROOT, TEST_AS_OF, run_cli, scratch_env

CORPUS = ROOT / "tests" / "corpus"


def test_export_path_and_identifiers_are_not_pasted_into_sql(tmp_path):
    con = duckdb.connect()
    con.execute('create schema "odd schema"')
    con.execute('create table "odd schema"."my table" as select * from (values (2, \'=2\'), (1, \'x\')) v("order", "te""xt")')
    folder = tmp_path / "it's; drop table x; --"
    csv, pq = export_table(con, "odd schema.my table", ["order"], folder)
    assert csv.read_text().splitlines() == ['order,"te""xt"', "1,x", "2,'=2"]
    assert pd.read_parquet(pq)["order"].tolist() == [1, 2]


def test_values_from_a_file_reach_the_warehouse_verbatim_with_their_normalisations(tmp_path):
    outcomes = [validate.run(get("demographics"), CORPUS / "sql_in_text.csv"),
                validate.run(get("global_casualties"), CORPUS / "thousands_comma.csv")]
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    warehouse.load(con, outcomes, manifest.entries(), dt.date.fromisoformat(TEST_AS_OF))
    assert con.execute("select locator from raw.demographics").fetchall() == [
        ("x'); drop table raw.demographics; --",)]
    assert con.execute("select total, killed, injured from raw.global_casualties").fetchall() == [(6279, 1945, 4325)]
    F = str(CORPUS / "thousands_comma.csv")  # a file outside data/raw/ is named by its path
    notes = con.execute("select source, file, row_number, \"column\", kind, detail, original, value "
                        "from audit.normalisations order by \"column\"").fetchall()
    assert notes == [
        ("global_casualties", F, 1, "injured", "thousands_separator", "comma", "4,325", "4325"),
        ("global_casualties", F, 1, "killed", "thousands_separator", "comma", "1,945", "1945"),
        ("global_casualties", F, 1, "total", "thousands_separator", "comma", "6,279", "6279")]
    con.close()


def test_no_sql_string_literal_is_built_from_a_python_value():
    """Audit guard: SQL text in the package never interpolates a value inside quotes ('{...}');
    values go as parameters or registered frames, identifiers through a quoting helper."""
    offenders = []
    for path in (ROOT / "pipeline").rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\b(execute|sql)\(\s*f[\"'].*'\{", line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_command_line_names_and_paths_cannot_write_outside_data(tmp_path, raw_copy):
    env = scratch_env(tmp_path, raw=raw_copy)
    manifest_before = (raw_copy / "manifest.yml").read_bytes()
    outside = tmp_path / "outside.csv"
    outside.write_text("a\n1\n")
    for args, msg in [
        (["register", str(raw_copy / "demographics" / "demographics.csv"), "--source", "../../evil"],
         "unknown source '../../evil'"),
        (["register", str(raw_copy / ".." / "outside.csv"), "--source", "demographics"], "is not under"),
        (["register", str(outside), "--source", "demographics"], "is not under"),
    ]:
        res = run_cli(*args, env=env)
        assert res.returncode == 2 and msg in res.stderr and "Traceback" not in res.stderr, res.stderr
    assert (raw_copy / "manifest.yml").read_bytes() == manifest_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside.csv", "raw"]  # nothing else written
