"""reports/data/datapackage.json is a valid Frictionless Data Package generated from the marts'
contract and the manifest, and the country-level HXL exports read back with the HXL reference
library (libhxl). Both run on the report of the shipped data."""
from __future__ import annotations

import csv
import json
import shutil

import pytest

from pipeline.files import licences, manifest
from pipeline.report.hxl import TAGS
from pipeline.build.contracts import contracts

frictionless = pytest.importorskip("frictionless", reason="frictionless is in the dev extras: run `make setup`")


@pytest.fixture(scope="module")
def package(shipped_run):
    path = shipped_run["reports"] / "data" / "datapackage.json"
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_the_data_package_validates_with_frictionless(package):
    path, _ = package
    report = frictionless.validate(str(path))
    problems = [(t.name, e.type, e.note) for t in report.tasks for e in t.errors][:10]
    assert report.valid, problems or [e.message for e in report.errors]
    assert len(report.tasks) == len(contracts())  # every mart export was read and checked


def test_the_package_describes_every_mart_from_the_contract(package):
    _, desc = package
    by_name = {r["title"]: r for r in desc["resources"]}
    for m in contracts():
        r = by_name[f"marts.{m['name']}"]
        assert r["path"] == f"{m['name']}.csv"
        fields = r["schema"]["fields"]
        assert [f["name"] for f in fields] == [c["name"] for c in m["columns"]]
        assert [f["description"] for f in fields] == [c["description"] for c in m["columns"]]
        assert r["schema"]["primaryKey"] == m["unique_key"]
        assert r["schema"]["missingValues"] == [""]  # NULL is an empty cell, never 0
        for c, f in zip(m["columns"], fields):
            assert f.get("constraints", {}).get("required", False) == ("not_null" in c.get("tests", []))
    obs = {f["name"]: f for f in by_name["marts.figure_observations"]["schema"]["fields"]}
    assert obs["edition"]["type"] == "integer" and obs["is_derived"]["type"] == "boolean"
    assert obs["source_kind"]["constraints"]["enum"] == ["monitor", "ngo", "official", "news"]


def test_the_package_names_every_raw_file_and_its_licence(package):
    _, desc = package
    assert {s["path"] for s in desc["sources"]} == {f"data/raw/{e.path}" for e in manifest.entries()}
    by_path = {s["path"]: s for s in desc["sources"]}
    for e in manifest.entries():  # each raw file says its publishers' licence and attribution
        said = by_path[f"data/raw/{e.path}"]["description"]
        pubs = licences.publishers(e.source)
        assert pubs and all(licences.sentence(p) in said for _, p in pubs), e.path
    stated = {p["url"]: licences.sentence(p) for p in licences.load()["publishers"].values() if p["url"]}
    assert {lic["path"]: lic["title"] for lic in desc["licenses"]} == stated


def test_each_mart_carries_the_licences_of_the_sources_it_is_built_from(package):
    _, desc = package
    by_name = {r["title"]: r for r in desc["resources"]}
    records = {lic["title"] for lic in by_name["marts.record_casualties"]["licenses"]}
    assert records == {licences.sentence(licences.load()["publishers"]["aicma_colombia"])}
    yearly = by_name["marts.casualties_by_year"]["licenses"]
    assert [lic["title"] for lic in yearly] == [licences.sentence(licences.load()["publishers"]["landmine_monitor"])]
    treaty = {lic["path"] for lic in by_name["marts.states_parties_counts"]["licenses"]}
    assert licences.load()["publishers"]["united_nations"]["url"] in treaty
    assert all(r.get("licenses") for r in desc["resources"])  # every mart quotes some publisher


def test_a_wrong_value_in_an_export_fails_validation(package, tmp_path):
    """The check can fail: a text in an integer column, and a NULL in a required column."""
    path, _ = package
    shutil.copytree(path.parent, tmp_path / "data")
    f = tmp_path / "data" / "casualties_by_year.csv"
    rows = list(csv.reader(f.open(encoding="utf-8")))
    rows[1][rows[0].index("data_year")] = "about 2000"
    with f.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    report = frictionless.validate(str(tmp_path / "data" / "datapackage.json"))
    assert not report.valid
    errors = [e for t in report.tasks for e in t.errors]
    assert {e.type for e in errors} >= {"type-error"}
    assert any(getattr(e, "field_name", "") == "data_year" for e in errors)


def test_hxl_exports_carry_the_tag_row_and_match_the_plain_csv(shipped_run):
    data = shipped_run["reports"] / "data"
    for mart in TAGS:
        tagged = list(csv.reader((data / "hxl" / f"{mart}.csv").open(encoding="utf-8")))
        plain = list(csv.reader((data / f"{mart}.csv").open(encoding="utf-8")))
        assert tagged[0] == plain[0] and tagged[2:] == plain[1:]
        assert tagged[1] == [TAGS[mart].get(c, "") for c in tagged[0]]
        missing = set(TAGS[mart]) - set(tagged[0])
        assert not missing, f"HXL tags for columns {mart} no longer has: {missing}"


def test_hxl_exports_read_back_with_libhxl(shipped_run):
    hxl = pytest.importorskip("hxl", reason="libhxl (the HXL reference library) is in the dev extras")
    path = shipped_run["reports"] / "data" / "hxl" / "casualties_by_country.csv"
    plain = list(csv.DictReader((path.parent.parent / "casualties_by_country.csv").open(encoding="utf-8")))
    src = hxl.data(str(path), hxl.InputOptions(allow_local=True))
    rows = list(src)
    assert {"#country+code", "#country+name", "#date+year", "#affected+killed", "#affected+injured",
            "#affected+total", "#meta+source+url"} <= set(src.display_tags)
    assert len(rows) == len(plain) > 0
    for row, p in zip(rows, plain):
        assert row.get("#country+code") == p["iso3"] and row.get("#date+year") == p["data_year"]
        assert (row.get("#affected+killed") or "") == p["killed"]
        assert (row.get("#affected+total") or "") == p["casualties"]
        assert row.get("#meta+source+url") == p["source_url"]


def test_the_package_describes_the_mine_action_marts(package):
    """Issue 19's marts are resources, typed from the build: amounts are numbers, a list of pages
    is an array, each keyed as its contract says."""
    _, desc = package
    by_name = {r["title"]: r for r in desc["resources"]}
    for mart in ("mine_action_observations", "mine_action_funding_by_year", "land_release_by_year",
                 "stockpile_destruction", "casualties_and_funding"):
        assert f"marts.{mart}" in by_name, mart
    funding = {f["name"]: f for f in by_name["marts.mine_action_funding_by_year"]["schema"]["fields"]}
    assert funding["international_usd_million"]["type"] == "number"
    assert funding["international_edition"]["type"] == "integer"
    land = by_name["marts.land_release_by_year"]["schema"]
    assert land["primaryKey"] == ["data_year", "series", "scope"]
    assert {f["name"]: f["type"] for f in land["fields"]}["source_urls"] == "array"
    series = {f["name"]: f for f in land["fields"]}["series"]
    assert series["constraints"]["enum"] == ["monitor", "mine_action_review"]
    assert "stockpile destruction" in desc["keywords"]


def test_mine_action_hxl_keeps_each_funding_basis_apart(shipped_run):
    """Read back with libhxl: the international column is the plain CSV's, and a tool selecting
    #value+funding+international never gets a total or a national figure."""
    hxl = pytest.importorskip("hxl", reason="libhxl (the HXL reference library) is in the dev extras")
    data = shipped_run["reports"] / "data"
    plain = list(csv.DictReader((data / "mine_action_funding_by_year.csv").open(encoding="utf-8")))
    src = hxl.data(str(data / "hxl" / "mine_action_funding_by_year.csv"), hxl.InputOptions(allow_local=True))
    rows = list(src)
    assert len(rows) == len(plain) > 0
    for row, p in zip(rows, plain):
        assert row.get("#date+year") == p["data_year"]
        assert (row.get("#value+funding+international") or "") == p["international_usd_million"]
        assert (row.get("#value+funding+total") or "") == p["total_usd_million"]
        assert (row.get("#meta+edition+international") or "") == p["international_edition"]
    land = list(hxl.data(str(data / "hxl" / "land_release_by_year.csv"), hxl.InputOptions(allow_local=True)))
    by_year = {(r.get("#date+year"), r.get("#meta+series")): r for r in land}
    assert by_year[("2022", "monitor")].get("#indicator+area+km2+released") == "497.34"
    assert by_year[("2022", "monitor")].get("#indicator+area+km2+cleared") == "219.31"
    # clearance that includes battle areas is another measure: selecting "cleared" never finds it
    assert by_year[("2006", "monitor")].get("#indicator+area+km2+cleared") == "140.0"
    assert by_year[("2006", "monitor")].get("#indicator+area+km2+minedandbattle") == "450.0"
