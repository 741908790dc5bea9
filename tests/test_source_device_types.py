"""Rules of the device_types source."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.validate import run as validate
from pipeline.sources import get

from conftest import fired, frame

SRC = get("device_types")
VALID = {"edition": "2025", "data_year": "2024", "device_type": "improvised mines", "casualties": "10",
         "source_url": "https://ngo.example.org/x", "locator": "para 1"}


def run(*rows):
    return validate.run(SRC, Path("t.csv"), text=frame(list(rows), SRC.column_names))


def test_valid_row_passes():
    assert fired(run(VALID)) == {}


@pytest.mark.parametrize("rule,change", [
    ("device_type_known", {"device_type": "landmines of the mind"}),
    ("casualties_non_negative", {"casualties": "-3"}),
    ("data_year_in_range", {"data_year": "1899", "edition": "1999"}),
])
def test_breaking_row(rule, change):
    o = run(VALID, {**VALID, **change, "locator": "other"})
    assert fired(o).get(rule) == [2]
    assert o.rows_quarantined == 1


def test_every_shipped_label_has_a_code():
    o = validate.run(SRC, Path("data/raw/device_types/device_types.csv"))
    assert o.rows_quarantined == 0
