"""Rules of the country_casualties source: a valid row passes; each breaking row fires its rule;
an unknown country name is an error that names the value and the row (never a guess)."""
from __future__ import annotations


import json
from pathlib import Path

import pytest

from pipeline.validate import run as validate
from pipeline.sources import get

from conftest import fired, frame, in_process

SRC = get("country_casualties")
VALID = {"edition": "2025", "data_year": "2024", "country": "Myanmar (Burma)", "iso3": "MMR",
         "casualties": "10", "killed": "4", "injured": "6", "state_party": "no",
         "source_url": "https://monitor.example.org/en-gb/reports/2025/x.aspx", "locator": "para 1"}


def run(*rows):
    return validate.run(SRC, Path("t.csv"), text=frame(list(rows), SRC.column_names))


def test_valid_rows_pass_including_name_variants_and_other_areas():
    rows = [VALID, {**VALID, "country": "Lao PDR", "iso3": "LAO"}, {**VALID, "country": "Laos", "iso3": "LAO",
            "source_url": "https://news.example.org/x"},
            {**VALID, "country": "Somaliland", "iso3": "XSL"}, {**VALID, "country": "Türkiye", "iso3": "TUR"}]
    assert fired(run(*rows)) == {}


@pytest.mark.parametrize("rule,change", [
    ("country_known", {"country": "Narnia", "iso3": None}),
    ("country_required", {"country": None}),
    ("iso3_matches_crosswalk", {"iso3": "SOM", "country": "Somaliland"}),  # never merged into Somalia
    ("casualties_non_negative", {"casualties": "-1", "killed": None, "injured": None}),
    ("casualties_is_integer", {"casualties": "1.015"}),  # "1,015" is normalised and recorded (tests/corpus)
    ("outcome_within_casualties", {"killed": "8", "injured": "6"}),
    ("state_party_known", {"state_party": "maybe"}),
    ("edition_after_data_year", {"edition": "2024"}),
    ("source_publisher_known", {"source_url": "https://unknown.example.com/x"}),
])
def test_breaking_row(rule, change):
    o = run(VALID, {**VALID, "country": "Syria", "iso3": "SYR", **change})
    assert fired(o).get(rule) == [2]
    assert o.rows_quarantined == 1 and o.rows_loaded == 1


def test_unknown_name_is_quarantined_with_its_value_and_row():
    o = run(VALID, {**VALID, "country": "Narnia", "iso3": None})
    q = o.quarantine[o.quarantine["rule"] == "country_known"]
    assert q["row_number"].tolist() == [2]
    assert json.loads(q["values"].iloc[0]) == {"country": "Narnia"}


def test_country_appears_once_per_edition_year_and_source():
    o = run(VALID, {**VALID, "country": "Myanmar", "casualties": "11"})  # the same country by another name
    assert fired(o) == {"one_row_per_country_and_source": [2]}
    assert fired(run(VALID, {**VALID, "source_url": "https://news.example.org/x", "casualties": "11"})) == {}


def test_validate_names_an_unknown_country_with_its_file_and_row(raw_copy, tmp_path):
    f = raw_copy / "country_casualties" / "country_casualties.csv"
    n = len(f.read_text(encoding="utf-8").splitlines()) - 1  # shipped rows
    with open(f, "a", encoding="utf-8") as fh:
        fh.write("2025,2024,Narnia,,5,,,no,https://news.example.org/x,test\n")
    assert in_process(["register", str(f)], tmp_path, raw=raw_copy).returncode == 0
    res = in_process(["validate", "--strict"], tmp_path, raw=raw_copy)
    assert res.returncode == 1
    assert f"country_casualties: read {n + 1} = loaded {n} + quarantined 1" in res.stdout
    assert f"country_casualties/country_casualties.csv row {n + 1}: {{'country': 'Narnia'}}" in res.stdout
