"""Colombia's national register of mine/ERW victims (datos.gov.co yhxn-eqqw), four real exports.
The expected figures are computed here from the files themselves with the csv module, not by the
pipeline: rows per snapshot, killed and injured (reading whichever of estado/genero holds the
outcome), a year's revision between snapshots, the 1984 row. The pipeline must agree with them,
through its mappings, in the engines, the marts, `validate --file` and a refresh on loopback."""
from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from pipeline.errors import SourceReadError
from pipeline.records import load, mapping as M
from pipeline.sources import get

from conftest import FROZEN_RAW, ROOT, run_cli

SRC = get("casualty_records")
DIR = FROZEN_RAW / "casualty_records" / "colombia_aicma"
FILES = sorted(DIR.glob("yhxn-eqqw_*.csv"))
SNAPSHOT = {"yhxn-eqqw_2017-10_divagant-martian.csv": "2017-10", "yhxn-eqqw_2022-02_juanpintovargas.csv": "2022-02",
            "yhxn-eqqw_20240103_ypochoag.csv": "2024-01-03", "yhxn-eqqw_2025-09_ardominguezm.csv": "2025-09"}
QUIET = dict(log=lambda _m: None)


def independent(path: Path) -> dict:
    """What the file says, read with the csv module and nothing from the pipeline."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    outcome_col = next(c for c in ("estado", "genero") if {r[c] for r in rows} <= {"Herido", "Muerto"})
    years = Counter(int(r["ano"].replace(",", "")) for r in rows)
    by_year: dict[int, Counter] = {}
    for r in rows:
        by_year.setdefault(int(r["ano"].replace(",", "")), Counter())[r[outcome_col]] += 1
    return {"rows": len(rows), "outcome_col": outcome_col,
            "killed": sum(r[outcome_col] == "Muerto" for r in rows),
            "injured": sum(r[outcome_col] == "Herido" for r in rows),
            "before_1990": sum(n for y, n in years.items() if y < 1990), "years": years, "by_year": by_year,
            "child": sum(r["rangoedad"] == "Menor de 18 años" for r in rows),
            "civilian": sum(r["condicion"] == "Civil" for r in rows)}


TRUTH = {p.name: independent(p) for p in FILES}


def test_the_four_exports_are_shipped_bytes_unchanged():
    sums = dict(line.split()[::-1] for line in
                (ROOT.parent.parent / "shared" / "reference" / "records" / "colombia_aicma" / "SHA256SUMS")
                .read_text().splitlines()) if (ROOT.parent.parent / "shared").exists() else {}
    from pipeline.files import manifest
    entries = {Path(e.path).name: e for e in manifest.entries("casualty_records")}
    assert set(SNAPSHOT) <= set(entries)
    for name in SNAPSHOT:
        e = entries[name]
        assert manifest.sha256(e.file) == e.meta["sha256"]
        if sums:
            assert sums[name] == e.meta["sha256"]
        assert e.meta["dataset_id"] == "yhxn-eqqw" and e.meta["commit"] and "github.com" in e.meta["repository"]
        assert "datos.gov.co" in e.meta["portal_url"] and "UNCONFIRMED" in e.meta["licence"]
        assert e.meta["rows"] == TRUTH[name]["rows"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_snapshot_loads_every_row_through_its_mapping(path, tmp_path):
    t = TRUTH[path.name]
    o = load.run(SRC, path, tmp_path / "out.parquet", **QUIET)
    assert o.rows_read == t["rows"]
    assert o.rows_quarantined == t["before_1990"]
    assert o.rows_read == o.rows_loaded + o.rows_quarantined
    if t["before_1990"]:
        assert set(o.quarantine["rule"]) == {"incident_within_dataset_scope"}
    con = duckdb.connect()
    got = con.sql(f"select count(*) filter (where outcome = 'killed'), count(*) filter (where outcome = 'injured'), "
                  f"count(*) filter (where age_class = 'child'), count(*) filter (where status = 'civilian'), "
                  f"count(distinct snapshot), min(snapshot), count(*) filter (where incident_date is not null), "
                  f"min(length(admin2_code)), max(length(admin2_code)), min(length(admin1_code)), "
                  f"count(*) filter (where record_id is not null) "
                  f"from read_parquet('{tmp_path / 'out.parquet'}')").fetchall()[0]
    old_row = t["before_1990"]  # the quarantined 1984 row (an adult civilian? counted out, whatever it is)
    assert got[0] + got[1] == t["rows"] - old_row
    if not old_row:
        assert (got[0], got[1], got[2], got[3]) == (t["killed"], t["injured"], t["child"], t["civilian"])
    assert got[4:6] == (1, SNAPSHOT[path.name])
    assert got[6] == 0  # month precision: no invented day
    assert got[7:10] == (5, 5, 2)  # "5,313" -> "05313", "5" -> "05"
    assert got[10] == 0  # no record id: identical rows are all kept


def test_identical_rows_are_distinct_people():
    path = DIR / "yhxn-eqqw_2025-09_ardominguezm.csv"
    with open(path, encoding="utf-8-sig", newline="") as f:
        dupes = sum(n - 1 for n in Counter(tuple(r) for r in csv.reader(f)).values() if n > 1)
    assert dupes > 0  # the file really has identical rows ...
    o = load.run(SRC, path, None, **QUIET)
    assert o.rows_loaded == TRUTH[path.name]["rows"]  # ... and every one is loaded


@pytest.mark.parametrize("engine", ["gx", "sql"])  # sql: counted in its one pass over the file
def test_swapped_outcome_and_sex_headers_are_refused_not_loaded_as_unknown(tmp_path, engine):
    d = tmp_path / "col"
    d.mkdir()
    f = d / "yhxn-eqqw_2025-09_x.csv"
    shutil.copy2(DIR / "yhxn-eqqw_2025-09_ardominguezm.csv", f)
    text = (DIR / "mapping.yml").read_text(encoding="utf-8")
    (d / "mapping.yml").write_text(text.replace("  outcome: genero\n  sex: estado\n",
                                                "  outcome: estado\n  sex: genero\n"), encoding="utf-8")
    staged = tmp_path / "staged.duckdb"
    with pytest.raises(SourceReadError, match="column 'estado' is mapped to outcome.*sex values.*swapped"):
        load.run(SRC, f, engine=engine, into=staged, **QUIET)
    if staged.exists():  # nothing of the refused file stays staged for a build
        assert duckdb.connect(str(staged)).execute("select count(*) from raw.casualty_records").fetchall() == [(0,)]
    # and the older exports, whose headers are the right way round, under the current mapping
    g = d / "yhxn-eqqw_2022-03_y.csv"
    raw = (DIR / "yhxn-eqqw_2022-02_juanpintovargas.csv").read_bytes()
    g.write_bytes(b"\xef\xbb\xbf" + raw)
    shutil.copy2(DIR / "mapping.yml", d / "mapping.yml")
    with pytest.raises(SourceReadError, match="swapped"):
        load.run(SRC, g, None, engine=engine, **QUIET)


def _resave(src: Path, dst: Path) -> None:
    """What a Colombian analyst's spreadsheet does: semicolons, Windows-1252, no BOM."""
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    with open(dst, "w", encoding="cp1252", newline="") as f:
        csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(rows)


def test_semicolon_cp1252_resave_loads_when_declared_and_is_refused_when_not(tmp_path):
    orig = DIR / "yhxn-eqqw_2022-02_juanpintovargas.csv"
    d = tmp_path / "resave"
    d.mkdir()
    f = d / orig.name
    _resave(orig, f)
    assert "Ñ".encode("cp1252") in f.read_bytes() and b";" in f.read_bytes()[:300]
    shutil.copy2(DIR / "mapping.yml", d / "mapping.yml")
    with pytest.raises(SourceReadError, match="not utf-8 text"):
        load.run(SRC, f, None, **QUIET)  # undeclared: refused with the reason
    text = (DIR / "mapping.yml").read_text(encoding="utf-8")
    text = text.replace('delimiter: ","', 'delimiter: ";"').replace("encoding: utf-8", "encoding: cp1252")
    (d / "mapping.yml").write_text(text, encoding="utf-8")
    a = load.run(SRC, orig, tmp_path / "a.parquet", **QUIET)
    b = load.run(SRC, f, tmp_path / "b.parquet", **QUIET)
    assert (b.rows_read, b.rows_loaded, b.rule_counts()) == (a.rows_read, a.rows_loaded, a.rule_counts())
    con = duckdb.connect()
    cols = "* exclude (_file)"
    diff = con.sql(f"select count(*) from (select {cols} from read_parquet('{tmp_path / 'a.parquet'}') except all "
                   f"select {cols} from read_parquet('{tmp_path / 'b.parquet'}'))").fetchall()[0][0]
    assert diff == 0


def test_bom_declared_but_missing_is_refused(tmp_path):
    d = tmp_path / "c"
    d.mkdir()
    f = d / "yhxn-eqqw_2025-10_z.csv"
    f.write_bytes((DIR / "yhxn-eqqw_2025-09_ardominguezm.csv").read_bytes()[3:])
    shutil.copy2(DIR / "mapping.yml", d / "mapping.yml")
    with pytest.raises(SourceReadError, match="byte order mark"):
        load.run(SRC, f, None, **QUIET)


def test_mapping_overrides_are_checked():
    m = M.for_file(DIR / "yhxn-eqqw_2017-10_divagant-martian.csv")
    assert m.columns["outcome"] == "estado" and "activity" not in m.columns and m.bom is True
    m = M.for_file(DIR / "yhxn-eqqw_2025-09_ardominguezm.csv")
    assert m.columns["outcome"] == "genero" and m.snapshot_of(DIR / "yhxn-eqqw_20240103_ypochoag.csv") == "2024-01-03"


def test_validate_file_reads_a_colombian_export_through_its_mapping():
    res = run_cli("validate", "--source", "casualty_records", "--file",
                  str(DIR / "yhxn-eqqw_20240103_ypochoag.csv"))
    assert res.returncode == 1, res.stdout + res.stderr
    assert f"mapping: {FROZEN_RAW}/casualty_records/colombia_aicma/mapping.yml (dataset colombia_aicma" in res.stdout
    assert "incident_within_dataset_scope: 1 row(s)" in res.stdout
    t = TRUTH["yhxn-eqqw_20240103_ypochoag.csv"]
    assert f"rows read {t['rows']} = would load {t['rows'] - 1} + would quarantine 1" in res.stdout
    res = run_cli("validate", "--source", "casualty_records", "--file", str(DIR / "yhxn-eqqw_2025-09_ardominguezm.csv"))
    assert res.returncode == 0 and "result: valid (exit 0)" in res.stdout


# -- the marts, on the shipped data (one `python -m pipeline all`, shared with other tests) -----

@pytest.fixture(scope="module")
def wh(shipped_run):
    con = duckdb.connect(str(shipped_run["warehouse"]), read_only=True)
    yield con
    con.close()


def test_record_casualties_per_snapshot_match_the_files(wh):
    got = {r[0]: r[1:] for r in wh.execute(
        "select snapshot, sum(total), sum(killed), sum(injured), bool_and(is_latest_snapshot) "
        "from marts.record_casualties where source = 'colombia_aicma' group by 1").fetchall()}
    for name, snap in SNAPSHOT.items():
        t = TRUTH[name]
        total = t["rows"] - t["before_1990"]
        killed = t["killed"] - sum(c["Muerto"] for y, c in t["by_year"].items() if y < 1990)
        injured = t["injured"] - sum(c["Herido"] for y, c in t["by_year"].items() if y < 1990)
        assert got[snap][:3] == (total, killed, injured), snap
        assert got[snap][3] == (snap == "2025-09")
    assert wh.execute("select rows_read, rows_loaded, rows_quarantined from audit.record_datasets "
                      "where file = 'yhxn-eqqw_20240103_ypochoag.csv'").fetchall() == [(12364, 12363, 1)]


def test_a_years_revision_between_snapshots(wh):
    # 2021 in the 2022-02 export (weeks after the year ended) against the 2024-01-03 export
    before = sum(TRUTH["yhxn-eqqw_2022-02_juanpintovargas.csv"]["by_year"][2021].values())
    after = sum(TRUTH["yhxn-eqqw_20240103_ypochoag.csv"]["by_year"][2021].values())
    assert before != after
    assert wh.execute("select previous_snapshot, previous_total, total, change_from_previous "
                      "from marts.record_revisions where source = 'colombia_aicma' and data_year = 2021 "
                      "and snapshot = '2024-01-03'").fetchall() == [("2022-02", before, after, after - before)]
    # a year the first snapshot did not have yet: NULL, not 0
    assert wh.execute("select previous_total, change_from_previous from marts.record_revisions "
                      "where source = 'colombia_aicma' and data_year = 2019 and snapshot = '2022-02'"
                      ).fetchall() == [(None, None)]


def test_compared_with_the_monitor_year_by_year(wh):
    rows = {r[0]: r[1:] for r in wh.execute(
        "select data_year, record_snapshot, record_total, monitor_country_total, monitor_country_edition, "
        "record_minus_monitor_country from marts.casualties_compared where source = 'colombia_aicma'").fetchall()}
    latest = TRUTH["yhxn-eqqw_2025-09_ardominguezm.csv"]["years"]
    # The Monitor's figures as data/raw/country_casualties gives them, latest edition per year
    with open(FROZEN_RAW / "country_casualties" / "country_casualties.csv", encoding="utf-8", newline="") as f:
        monitor = {}
        for r in csv.DictReader(f):
            if r["iso3"] == "COL" and r["casualties"]:
                y, ed = int(r["data_year"]), int(r["edition"])
                if y not in monitor or ed > monitor[y][1]:
                    monitor[y] = (int(r["casualties"]), ed)
    assert set(range(2008, 2017)) <= set(monitor)
    for y in range(2008, 2017):
        snap, rec, mon, ed, diff = rows[y]
        assert (snap, rec, mon, ed) == ("2025-09", latest[y], monitor[y][0], monitor[y][1])
        assert diff == latest[y] - monitor[y][0]
    assert rows[2023][2] is None  # no Monitor figure: NULL, never 0


def test_departments_of_the_latest_snapshot(wh):
    with open(DIR / "yhxn-eqqw_2025-09_ardominguezm.csv", encoding="utf-8-sig", newline="") as f:
        dep = Counter(r["departamento"] for r in csv.DictReader(f))
    top = wh.execute("select admin1, admin1_code, total, rank_in_register from marts.record_areas "
                     "where source = 'colombia_aicma' order by rank_in_register limit 3").fetchall()
    assert [(a, n) for a, _, n, _ in top] == dep.most_common(3)
    assert top[0][1] == "05" and top[0][3] == 1  # ANTIOQUIA, DIVIPOLA 05


def test_personal_fields_never_reach_the_warehouse(wh):
    assert "grupoetnico" not in {r[0] for r in wh.execute(
        "select column_name from information_schema.columns").fetchall()}
    n = wh.execute("select count(*) from raw.casualty_records where activity in ('Indigena', 'Afrodescendiente') "
                   "or admin2 in ('Indigena', 'Afrodescendiente')").fetchall()[0][0]
    assert n == 0


def test_report_shows_colombia_and_no_synthetic_data(shipped_run):
    html = (shipped_run["reports"] / "index.html").read_text(encoding="utf-8")
    assert "colombia_aicma" in html and "datos.gov.co" in html and "ANTIOQUIA" in html
    assert "Synthetic data." not in html and "synthetic_imsma" not in html


# -- refresh: the portal's CSV export, served on loopback -------------------------------------

from test_refresh import FAST, project, server  # noqa: E402,F401 (fixtures: loopback server, raw copy)

from pipeline.files import manifest  # noqa: E402
from pipeline.refresh import fetch as RF  # noqa: E402

LATEST = "casualty_records/colombia_aicma/yhxn-eqqw_2025-09_ardominguezm.csv"


def _serve(project, server, body: bytes):
    server.routes["/rows.csv"] = {"body": body}
    project.set(LATEST, download_url=server.base + "/rows.csv")


def _snapshots():
    return sorted(e.path for e in manifest.entries("casualty_records"))


def test_refresh_new_content_becomes_a_new_snapshot_beside_the_others(project, server):
    before = _snapshots()
    old_bytes = (project.raw / LATEST).read_bytes()
    body = old_bytes + old_bytes.splitlines(keepends=True)[-1]  # one more victim reported
    _serve(project, server, body)
    results, summary = RF.run(FAST, log=lambda *_: None)
    (r,) = [r for r in results if r.target == LATEST]
    assert r.status == "new", r.message
    new = r.detail["snapshot"]
    assert _snapshots() == sorted(before + [new]) and new.startswith("casualty_records/colombia_aicma/yhxn-eqqw_20")
    assert (project.raw / LATEST).read_bytes() == old_bytes  # editions: the old snapshot is kept
    assert (project.raw / new).read_bytes() == body
    e = manifest.load()["files"]
    assert e[new]["rows"] == TRUTH["yhxn-eqqw_2025-09_ardominguezm.csv"]["rows"] + 1
    assert e[new]["download_url"] and "download_url" not in e[LATEST]
    for entry in manifest.entries():
        manifest.verify(entry)
    o = get("casualty_records").check(project.raw / new, log=lambda _m: None)
    assert o.rows_loaded == TRUTH["yhxn-eqqw_2025-09_ardominguezm.csv"]["rows"] + 1
    assert M.for_file(project.raw / new).snapshot_of(project.raw / new) == new.split("_")[-2]


def test_refresh_same_content_changes_nothing(project, server):
    _serve(project, server, (project.raw / LATEST).read_bytes())
    before = project.manifest_bytes()
    results, summary = RF.run(FAST, log=lambda *_: None)
    (r,) = [r for r in results if r.target == LATEST]
    assert r.status == "unchanged" and not summary["new_snapshots"]
    assert project.manifest_bytes() == before


@pytest.mark.parametrize("breakage", ["swapped", "missing_column"])
def test_refresh_refuses_swapped_or_broken_columns_and_keeps_the_last_good(project, server, breakage):
    text = (project.raw / LATEST).read_bytes().decode("utf-8")
    head, rest = text.split("\n", 1)
    if breakage == "swapped":  # the portal "fixes" its headers: outcome under estado again
        head = head.replace("estado", "TMP").replace("genero", "estado").replace("TMP", "genero")
    else:
        head = head.replace("departamento,", "depto,", 1)
    _serve(project, server, (head + "\n" + rest).encode("utf-8"))
    before = project.manifest_bytes()
    files = sorted(p.name for p in (project.raw / "casualty_records" / "colombia_aicma").iterdir())
    results, summary = RF.run(FAST, log=lambda *_: None)
    (r,) = [r for r in results if r.target == LATEST]
    assert r.status == "failed" and "kept the last good snapshot" in r.message
    assert ("swapped" if breakage == "swapped" else "departamento named in mapping.yml are not in the file") in r.message
    assert project.manifest_bytes() == before
    assert sorted(p.name for p in (project.raw / "casualty_records" / "colombia_aicma").iterdir()) == files


def test_both_engines_agree_on_a_slice_of_a_real_export(tmp_path):
    """GX (pandas) and SQL (DuckDB) give the same verdicts on real rows, the 1984 one included."""
    src = DIR / "yhxn-eqqw_20240103_ypochoag.csv"
    lines = src.read_bytes().splitlines(keepends=True)
    old = next(ln for ln in lines if b'"1,984"' in ln)
    d = tmp_path / "slice"
    d.mkdir()
    shutil.copy2(DIR / "mapping.yml", d / "mapping.yml")
    f = d / "yhxn-eqqw_2024-01-03_slice.csv"
    f.write_bytes(b"".join(lines[:1500]) + old)
    g = load.run(SRC, f, tmp_path / "g.parquet", engine="gx", **QUIET)
    s = load.run(SRC, f, tmp_path / "s.parquet", engine="sql", **QUIET)
    assert g.rule_counts() == s.rule_counts() and g.rule_counts()["incident_within_dataset_scope"] == 1
    assert (g.rows_read, g.rows_loaded) == (s.rows_read, s.rows_loaded) == (1500, 1499)
    con = duckdb.connect()
    cols = "* exclude (_file)"
    assert con.sql(f"select count(*) from (select {cols} from read_parquet('{tmp_path / 'g.parquet'}') except all "
                   f"select {cols} from read_parquet('{tmp_path / 's.parquet'}'))").fetchall()[0][0] == 0
