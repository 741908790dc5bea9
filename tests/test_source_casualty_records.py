"""Casualty-record mappings: the IMSMA-style and HXL mappings turn the file's wording into the
record schema, personal fields never get past ingest, age classes are never guessed, and each
record rule fires on its breaking row (in both engines). Record files here are synthetic."""
from __future__ import annotations

import csv
import io

import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.errors import PipelineError, SourceReadError
from pipeline.records import load, mapping as M
from pipeline.sources import get

from conftest import ROOT

SRC = get("casualty_records")
RAW = ROOT / "tests" / "fixtures" / "casualty_records"
IMSMA_HEAD = '"ID Víctima","Nombre","Fecha del evento","Departamento","Municipio","Tipo de artefacto","Estado","Condición","Edad","Grupo etario","Sexo"'
IMSMA_OK = '"T-1","Persona sintética 1","05/03/2021","Meta","Municipio 1","Mina antipersonal","Herido","Fuerza Pública","17","","Hombre"'


def imsma(tmp_path, *rows, name="imsma") -> Path:
    d = tmp_path / name
    d.mkdir(parents=True, exist_ok=True)
    shutil.copy2(RAW / "synthetic_imsma" / "mapping.yml", d / "mapping.yml")
    f = d / "records.csv"
    f.write_text("\n".join([IMSMA_HEAD, *rows]) + "\n", encoding="utf-8")
    return f


HXL_HEAD = ("Incident ID,Date,Country,Province,Device,Killed,Injured,Casualty type,Age,Female,Male,Reported by\n"
            "#meta+id,#date+incident,#country+code,#adm1+name,#item+type,#affected+killed,#affected+injured,"
            "#affected+type,#affected+age,#affected+f,#affected+m,#contact+name")


def hxl(tmp_path, *rows, head=HXL_HEAD) -> Path:
    d = tmp_path / "hxl"
    d.mkdir(parents=True, exist_ok=True)
    shutil.copy2(RAW / "synthetic_hxl" / "mapping.yml", d / "mapping.yml")
    f = d / "records.csv"
    f.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return f


def both(f: Path, tmp_path: Path):
    """Run the GX and the SQL engine on the same file; they must agree on every rule."""
    g = load.run(SRC, f, tmp_path / "gx.parquet", engine="gx", log=lambda s: None)
    s = load.run(SRC, f, tmp_path / "sql.parquet", engine="sql", log=lambda s: None)
    assert g.rule_counts() == s.rule_counts()
    assert list(g.quarantine["row_number"]) == list(s.quarantine["row_number"])
    assert list(g.quarantine["rule"]) == list(s.quarantine["rule"])
    return g, s


def stored(parquet: Path) -> list[dict]:
    return duckdb.sql(f"select * from read_parquet('{parquet}') order by _row").df().to_dict("records")


def test_imsma_wording_is_mapped_to_the_record_schema(tmp_path):
    f = imsma(tmp_path, IMSMA_OK,
              '"T-2","Persona sintética 2","31/12/2019","Cauca","Municipio 2","Munición sin explotar","Muerto","Civil","","Menor de edad","Mujer"',
              '"T-3","Persona sintética 3","01/01/2020","Cauca","Municipio 2","Munición sin explotar","Sin información","Desminador","","","Sin información"')
    g, s = both(f, tmp_path)
    assert (g.rows_read, g.rows_loaded, g.rows_quarantined) == (3, 3, 0)
    rows = stored(tmp_path / "sql.parquet")
    assert [(r["record_id"], str(r["incident_date"])[:10], r["data_year"], r["country"], r["outcome"], r["status"],
             r["age_class"], r["sex"], r["source"]) for r in rows] == [
        ("T-1", "2021-03-05", 2021, "COL", "injured", "military", "child", "male", "synthetic_imsma_example"),
        ("T-2", "2019-12-31", 2019, "COL", "killed", "civilian", "child", "female", "synthetic_imsma_example"),
        ("T-3", "2020-01-01", 2020, "COL", "unknown", "deminer", "unknown", "unknown", "synthetic_imsma_example")]
    assert stored(tmp_path / "gx.parquet") == rows


def test_age_17_is_a_child_18_an_adult_and_missing_stays_unknown(tmp_path):
    row = '"T-{i}","x","05/03/2021","Meta","m","d","Herido","Civil","{age}","{group}","Hombre"'
    f = imsma(tmp_path, *(row.format(i=i, age=a, group=g) for i, (a, g) in
                          enumerate([("17", ""), ("18", ""), ("", ""), ("", "Mayor de edad"), ("0", "")])))
    both(f, tmp_path)
    assert [(r["age"], r["age_class"]) for r in stored(tmp_path / "sql.parquet")] == [
        (17, "child"), (18, "adult"), (None, "unknown"), (None, "adult"), (0, "child")]


def test_personal_fields_never_reach_the_parquet_or_the_warehouse(tmp_path):
    f = imsma(tmp_path, IMSMA_OK)
    g, s = both(f, tmp_path)
    for p in ("gx.parquet", "sql.parquet"):
        cols = duckdb.sql(f"describe select * from read_parquet('{tmp_path / p}')").fetchall()
        assert not any(c[0].lower() in ("nombre", "municipio") for c in cols)
        text = duckdb.sql(f"select * from read_parquet('{tmp_path / p}')").df().to_string()
        assert "Persona sintética" not in text
    assert "Nombre" not in SRC.read(f).columns


def test_a_column_neither_mapped_nor_dropped_is_refused(tmp_path):
    f = imsma(tmp_path, IMSMA_OK)
    f.write_text(f.read_text(encoding="utf-8").replace('"Sexo"', '"Sexo","Teléfono"').replace('"Hombre"', '"Hombre","555"'),
                 encoding="utf-8")
    with pytest.raises(SourceReadError, match="Teléfono.*neither mapped nor dropped"):
        load.run(SRC, f, None, engine="sql", log=lambda s: None)


def test_a_mapping_must_say_which_country_and_map_to_record_values(tmp_path):
    d = tmp_path / "m"
    d.mkdir()
    (d / "mapping.yml").write_text("dataset: x\ncolumns: {incident_date: Fecha}\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="which country"):
        M.for_file(d / "f.csv")
    (d / "mapping.yml").write_text("dataset: x\ncountry: COL\ncolumns: {incident_date: F}\n"
                                   "values: {outcome: {Herido: hurt}}\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="values.outcome maps to"):
        M.for_file(d / "f.csv")


def test_hxl_columns_are_found_by_tag_and_flags_give_outcome_and_sex(tmp_path):
    # attributes in another order, upper case: still the same tags
    head = HXL_HEAD.replace("#affected+killed", "#AFFECTED+Killed").replace("#adm1+name", "#adm1 +name")
    f = hxl(tmp_path,
            "H-1,2022-04-01,afg,P,Improvised mine,1,0,Civilian,9,1,,Someone",
            "H-2,2022-04-02,XKX,P,ERW,0,1,Military,40,,1,Someone",
            "H-3,2023-01-02,UKR,P,ERW,0,0,Unknown,,,,Someone",
            head=head)
    g, s = both(f, tmp_path)
    assert g.rows_quarantined == 0
    assert [(r["country"], r["outcome"], r["status"], r["age_class"], r["sex"]) for r in stored(tmp_path / "sql.parquet")] == [
        ("AFG", "killed", "civilian", "child", "female"), ("XKX", "injured", "military", "adult", "male"),
        ("UKR", "unknown", "unknown", "unknown", "unknown")]
    assert "Someone" not in duckdb.sql(f"select * from read_parquet('{tmp_path / 'sql.parquet'}')").df().to_string()


def test_hxl_file_without_a_tag_row_is_refused(tmp_path):
    f = hxl(tmp_path, "H-1,2022-04-01,AFG,P,ERW,1,0,Civilian,9,1,,x",
            head=HXL_HEAD.splitlines()[0])
    with pytest.raises(SourceReadError, match="not a row of #tags"):
        load.run(SRC, f, None, engine="sql", log=lambda s: None)


@pytest.mark.parametrize("rule,row", [
    ("age_is_integer", '"B","x","05/03/2021","Meta","m","d","Herido","Civil","doce","","Hombre"'),
    ("age_in_range", '"B","x","05/03/2021","Meta","m","d","Herido","Civil","130","","Hombre"'),
    ("incident_date_is_date", '"B","x","31/02/2021","Meta","m","d","Herido","Civil","30","","Hombre"'),
    ("incident_year_in_range", '"B","x","05/03/1901","Meta","m","d","Herido","Civil","30","","Hombre"'),
    ("incident_not_in_future", '"B","x","05/03/2999","Meta","m","d","Herido","Civil","30","","Hombre"'),
    ("outcome_known", '"B","x","05/03/2021","Meta","m","d","Herida leve","Civil","30","","Hombre"'),
    ("status_known", '"B","x","05/03/2021","Meta","m","d","Herido","Policía","30","","Hombre"'),
    ("age_group_known", '"B","x","05/03/2021","Meta","m","d","Herido","Civil","","Anciano","Hombre"'),
    ("sex_known", '"B","x","05/03/2021","Meta","m","d","Herido","Civil","30","","X"'),
    ("age_group_matches_age", '"B","x","05/03/2021","Meta","m","d","Herido","Civil","12","Mayor de edad","Hombre"'),
    ("incident_dated", '"B","x","","Meta","m","d","Herido","Civil","30","","Hombre"'),
])
def test_each_rule_quarantines_its_breaking_row_in_both_engines(tmp_path, rule, row):
    f = imsma(tmp_path, IMSMA_OK, row)
    g, s = both(f, tmp_path)
    for o in (g, s):
        assert {k: v for k, v in o.rule_counts().items() if v}.get(rule) == 1, o.rule_counts()
        assert set(o.quarantine["row_number"]) == {2}
        assert rule in set(o.quarantine["rule"])
        assert (o.rows_read, o.rows_loaded, o.rows_quarantined) == (2, 1, 1)


def test_country_must_be_a_known_code(tmp_path):
    f = hxl(tmp_path, "H-1,2022-04-01,KOS,P,ERW,1,0,Civilian,9,1,,x", "H-2,2022-04-01,XSL,P,ERW,1,0,Civilian,9,1,,x")
    g, s = both(f, tmp_path)
    assert s.rule_counts()["country_known"] == 1 and list(s.quarantine["row_number"]) == [1]


def test_several_outcome_flags_set_is_quarantined_not_guessed(tmp_path):
    f = hxl(tmp_path, "H-1,2022-04-01,AFG,P,ERW,1,1,Civilian,9,1,,x", "H-2,2022-04-01,AFG,P,ERW,2,0,Civilian,9,1,,x")
    g, s = both(f, tmp_path)
    assert s.rule_counts()["outcome_known"] == 2
    assert "several flags set" in s.quarantine["values"].iloc[0]


def test_a_record_without_an_identifier_is_kept(tmp_path):
    """Registers such as Colombia's have no record id: identical rows are distinct people."""
    row = '"","x","05/03/2021","Meta","m","d","Herido","Civil","30","","Hombre"'
    f = imsma(tmp_path, IMSMA_OK, row, row)
    g, s = both(f, tmp_path)
    for o in (g, s):
        assert (o.rows_read, o.rows_loaded, o.rows_quarantined) == (3, 3, 0)


def test_validate_file_reads_a_record_file_through_its_mapping(tmp_path):
    """`validate --source casualty_records --file` uses the mapping.yml next to the file, as a build."""
    from conftest import in_process

    src = RAW / "synthetic_imsma"
    res = in_process(["validate", "--source", "casualty_records", "--file", str(src / "imsma_export.csv")], tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "rows read 400 = would load 400 + would quarantine 0" in res.stdout
    # a copy with one age that is not a number: exit 1 and the rule named
    (tmp_path / "mapping.yml").write_bytes((src / "mapping.yml").read_bytes())
    text = (src / "imsma_export.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    rows[1][rows[0].index("Edad")] = "treinta"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (tmp_path / "export.csv").write_text(buf.getvalue(), encoding="utf-8")
    res = in_process(["validate", "--source", "casualty_records", "--file", str(tmp_path / "export.csv")], tmp_path)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "age_is_integer: 1 row(s): row 1" in res.stdout
    # no mapping next to the file: a clear error
    (tmp_path / "mapping.yml").unlink()
    res = in_process(["validate", "--source", "casualty_records", "--file", str(tmp_path / "export.csv")], tmp_path)
    assert res.returncode == 2 and "needs a mapping.yml next to it" in res.stderr and "Traceback" not in res.stderr


def test_an_in_set_rule_over_many_strings_flags_what_not_in_flags():
    """A long in_set rule is checked by an ENUM lookup (one hash probe, not 250 comparisons): it
    flags exactly the rows NOT IN flags, case and spaces included. Run under the oldest DuckDB too."""
    from pipeline.validate import rules as R
    con = duckdb.connect()
    con.execute("create table t (c varchar)")
    codes = [f"K{i:02d}" for i in range(40)]
    rule = R.in_set("c", codes)
    assert "ENUM" in rule.violation_sql()
    con.executemany("insert into t values (?)", [[c] for c in codes + [None, "", "k01", "K01 ", " K01", "K40", "K0", "'"]])
    plain = f"(c IS NOT NULL AND c NOT IN ({', '.join(repr(v) for v in codes)}))"
    diff = con.execute(f"select c from t where ({rule.violation_sql()}) is distinct from ({plain})").fetchall()
    assert diff == []
    assert con.execute(f"select count(*) from t where {rule.violation_sql()}").fetchall() == [(7,)]


CELLS = [None, "", " ", "  ", "a", " a", "a ", " a b ", "\ta", "a\t", "\u00a0a", "a\u00a0", "\u3000x\u3000", "\u2009a",
         "Pública", " Pública ", "Fuerza Pública", "!", "!x", "~x", "\x7fx", "x" * 20, " " + "x" * 20, "é", "a\u202f"]


def test_the_trim_shortcut_is_trim():
    """`trimmed` (a cell already trimmed skips the string copy) is nullif(trim(c), ''): trim()
    strips Unicode space separators, not tabs. Run under the oldest DuckDB too."""
    con = duckdb.connect()
    con.execute("create table t (c varchar)")
    con.executemany("insert into t values (?)", [[c] for c in CELLS])
    got = con.execute(f"select c, {M.trimmed('c')}, nullif(trim(c), '') from t").fetchall()
    assert [(c, a) for c, a, b in got if a != b] == [] and len(got) == len(CELLS)
