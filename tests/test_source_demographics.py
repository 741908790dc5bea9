"""Rules of the demographics source: a valid row passes; each breaking row fires its rule."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.validate import run as validate
from pipeline.sources import get

from conftest import fired, frame

SRC = get("demographics")
VALID = {"edition": "2024", "data_year": "2023", "group": "child", "casualties": "10",
         "source_url": "https://ngo.example.org/en/release", "locator": "para 2"}


def run(*rows):
    return validate.run(SRC, Path("t.csv"), text=frame(list(rows), SRC.column_names))


def test_valid_row_passes():
    assert fired(run(VALID)) == {}


@pytest.mark.parametrize("rule,change", [
    ("group_known", {"group": "children"}),
    ("group_required", {"group": None}),
    ("casualties_non_negative", {"casualties": "-1"}),
    ("casualties_is_integer", {"casualties": "ten"}),
    ("edition_after_data_year", {"edition": "2023"}),
    ("source_publisher_known", {"source_url": "https://unknown.example.com/x"}),
])
def test_breaking_row(rule, change):
    o = run(VALID, {**VALID, **change, "locator": "other"})
    assert fired(o).get(rule) == [2]
    assert o.rows_quarantined == 1 and o.rows_loaded == 1


def test_duplicate_group_figure_quarantines_the_repeat():
    o = run(VALID, dict(VALID))
    assert fired(o) == {"no_duplicate_figure": [2]}
