"""One declaration, two engines: on the same synthetic record file, the Great Expectations suite
(pandas) and the SQL predicates (DuckDB, streaming over the whole file) give the same violation
count for every rule, quarantine the same rows under the same rule names, and store the same rows."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from pipeline.records import load, synth
from pipeline.sources import get

from conftest import ROOT

SRC = get("casualty_records")


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    d = tmp_path_factory.mktemp("equiv") / "synthetic_imsma"
    d.mkdir()
    shutil.copy2(ROOT / "tests" / "fixtures" / "casualty_records" / "synthetic_imsma" / "mapping.yml", d / "mapping.yml")
    f = synth.write(d / "records.csv", 3000, shape="imsma", seed=5, bad_share=0.03)
    # and a few rows that break the other rules
    extra = ['"E-1","x","05/03/1901","Meta","m","d","Herido","Civil","30","","Hombre"',
             '"E-2","x","05/03/2021","Meta","m","d","Herido","Policía","130","","X"',
             '"E-3","x","05/03/2021","Meta","m","d","Herido","Civil","12","Mayor de edad","Hombre"',
             '"","x","","Meta","m","d","Herido","Civil","","Anciano","Hombre"']
    with open(f, "a", encoding="utf-8") as fh:
        fh.write("\n".join(extra) + "\n")
    g = load.run(SRC, f, d.parent / "gx.parquet", engine="gx", log=lambda s: None)
    s = load.run(SRC, f, d.parent / "sql.parquet", engine="sql", log=lambda s: None)
    return {"gx": g, "sql": s, "dir": d.parent}


def test_same_violation_count_per_rule(both):
    g, s = both["gx"].rule_counts(), both["sql"].rule_counts()
    assert g == s
    assert set(g) == {r.name for r in SRC.all_rules()}
    # the file really breaks many rules (so the comparison can fail)
    broken = {k for k, v in g.items() if v}
    assert {"age_is_integer", "incident_date_is_date", "outcome_known", "incident_year_in_range",
            "status_known", "age_in_range", "sex_known", "age_group_matches_age", "age_group_known",
            "incident_dated"} <= broken
    assert g["outcome_known"] > 20


def test_same_rows_quarantined_under_the_same_rule_names(both):
    cols = ["row_number", "rule", "values", "record"]
    gq = both["gx"].quarantine[cols].astype(str).values.tolist()
    sq = both["sql"].quarantine[cols].astype(str).values.tolist()
    assert gq == sq and len(gq) > 50


def test_rows_read_equal_loaded_plus_quarantined_and_same_rows_stored(both):
    for o in (both["gx"], both["sql"]):
        assert o.rows_read == 3004 == o.rows_loaded + o.rows_quarantined
    d = both["dir"]
    diff = duckdb.sql(f"(select * from '{d / 'gx.parquet'}' except all select * from '{d / 'sql.parquet'}') "
                      f"union all (select * from '{d / 'sql.parquet'}' except all select * from '{d / 'gx.parquet'}')"
                      ).fetchall()
    assert diff == []
    assert duckdb.sql(f"select count(*) from '{d / 'sql.parquet'}'").fetchall() == [(both["sql"].rows_loaded,)]
