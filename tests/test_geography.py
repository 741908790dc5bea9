"""The geography crosswalk (pipeline/seeds/geography.csv), checked with pycountry: ISO codes are
real, the Monitor's other areas keep their own codes and are never merged into a parent state."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline import geo
from pipeline.sources import get

from conftest import FROZEN_RAW, ROOT

CW = geo.crosswalk().set_index("name")


def test_crosswalk_holds_against_pycountry():
    assert geo.check_crosswalk() == []


@pytest.mark.parametrize("bad,problem", [
    ({"name": "Ruritania", "iso3": "RUR", "code_kind": "iso3166"}, "not an ISO 3166-1 alpha-3 code"),
    ({"name": "Somaliland2", "iso3": "SOM", "code_kind": "user_assigned"}, "user-assigned X.. code"),
    ({"name": "Kosovo", "iso3": "XKX", "code_kind": "user_assigned"}, "names listed twice"),
])
def test_check_crosswalk_catches_a_bad_row(monkeypatch, bad, problem):
    row = {"country": bad["name"], "entity_type": "other_area", "note": "", **bad}
    df = pd.concat([geo.crosswalk(), pd.DataFrame([row])], ignore_index=True)
    monkeypatch.setattr(geo, "crosswalk", lambda: df)
    assert any(problem in p for p in geo.check_crosswalk())


@pytest.mark.parametrize("names,iso3", [
    (["Lao PDR", "Laos", "Lao People's Democratic Republic"], "LAO"),
    (["Türkiye", "Turkiye", "Turkey"], "TUR"),
    (["Myanmar", "Myanmar (Burma)", "Burma"], "MMR"),
    (["Syria", "Syrian Arab Republic"], "SYR"),
    (["DR Congo", "DRC", "Democratic Republic of the Congo"], "COD"),
])
def test_common_variants_map_to_one_code_and_one_display_name(names, iso3):
    assert {CW.loc[n, "iso3"] for n in names} == {iso3}
    assert CW.loc[names, "country"].nunique() == 1


@pytest.mark.parametrize("area,parent", [
    ("Kosovo", "Serbia"), ("Western Sahara", "Morocco"), ("Somaliland", "Somalia"),
    ("Nagorno-Karabakh", "Azerbaijan"), ("Abkhazia", "Georgia"), ("Taiwan", None),
])
def test_other_areas_keep_their_own_code(area, parent):
    assert CW.loc[area, "entity_type"] == "other_area"
    if parent:
        assert CW.loc[area, "iso3"] != CW.loc[parent, "iso3"]


def test_every_name_in_the_shipped_data_is_in_the_crosswalk():
    for name in ("country_casualties", "contamination", "treaty_status"):
        src = get(name)
        df = src.read(FROZEN_RAW / name / f"{name}.csv")
        names = set(df["country"].str.replace(r"\s*\*+$", "", regex=True)) - {"(treaty)", "(all)"}
        assert names <= set(CW.index), names - set(CW.index)


def test_every_seed_key_is_unique_and_a_repeat_is_named(monkeypatch):
    """A repeated key would double a joined row or break a lookup macro: the build refuses it."""
    import pandas as pd
    from pipeline import seeds
    assert seeds.problems() == []
    real = seeds.seed

    def doubled(name):
        df = real(name)
        return pd.concat([df, df.head(1)], ignore_index=True) if name == "publishers" else df
    monkeypatch.setattr(seeds, "seed", doubled)
    assert seeds.problems() == ["pipeline/seeds/publishers.csv: domain the-monitor.org listed more than once"]
