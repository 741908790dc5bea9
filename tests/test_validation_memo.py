"""GX's verdict is remembered by content (pipeline/validate/memo.py): the same frame under the same
bound rules is not validated twice, and any change to the frame, the rules or the as-of date
validates again. A stored verdict that cannot be read is a miss, never an error."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.sources import get
from pipeline.validate import memo, run as validate

from conftest import fired, frame

SRC = get("demographics")
VALID = {"edition": "2024", "data_year": "2023", "group": "child", "casualties": "10",
         "source_url": "https://ngo.example.org/en/release", "locator": "para 2"}
BAD = {**VALID, "group": "female", "casualties": "-1"}


@pytest.fixture
def gx_runs(tmp_path, monkeypatch):
    """A fresh, empty memo folder, and a count of the frames GX really validated."""
    monkeypatch.setenv("LANDMINE_CACHE_DIR", str(tmp_path / "memo"))
    monkeypatch.setattr(memo, "_seen", {})
    calls = []
    real = validate._gx_validate

    def counted(df, suite_):
        calls.append(suite_.name)
        return real(df, suite_)
    monkeypatch.setattr(validate, "_gx_validate", counted)
    return calls


def run(*rows, as_of=dt.date(2026, 1, 1)):
    return validate.run(SRC, Path("t.csv"), text=frame(list(rows), SRC.column_names), as_of=as_of)


def outcome(o) -> tuple:
    return fired(o), o.rows_loaded, o.rows_quarantined, o.quarantine.to_dict("records")


def test_the_same_frame_is_validated_once_with_the_same_outcome(gx_runs, tmp_path):
    first = run(VALID, BAD)
    assert len(gx_runs) == 2  # the text stage and the typed stage
    assert fired(first) == {"casualties_non_negative": [2]}
    memo._seen.clear()  # a new process: only the folder remembers
    again = run(VALID, BAD)
    assert len(gx_runs) == 2 and outcome(again) == outcome(first)
    assert len(list((tmp_path / "memo").glob("*.json"))) == 2


def test_a_changed_cell_is_validated_again(gx_runs):
    run(VALID, BAD)
    o = run(VALID, {**BAD, "casualties": "-2"})
    assert len(gx_runs) == 4
    assert fired(o) == {"casualties_non_negative": [2]}
    assert run(VALID, {**BAD, "casualties": "3"}).rows_quarantined == 0


def test_another_as_of_year_binds_other_rules_and_validates_again(gx_runs):
    """data_year_in_range ends at the as-of year: another year is another rule, another day of
    the same year the same rules on the same frame."""
    first = run(VALID, BAD, as_of=dt.date(2026, 1, 1))
    assert len(gx_runs) == 2
    run(VALID, BAD, as_of=dt.date(2026, 6, 30))
    assert len(gx_runs) == 2
    assert outcome(run(VALID, BAD, as_of=dt.date(2027, 1, 1))) == outcome(first)
    assert gx_runs[2:] == ["demographics_typed"]  # the text stage's rules do not name the date


def test_off_turns_the_memo_off(gx_runs, monkeypatch, tmp_path):
    monkeypatch.setenv("LANDMINE_CACHE_DIR", "off")
    run(VALID)
    memo._seen.clear()
    run(VALID)
    assert len(gx_runs) == 4
    assert not (tmp_path / "memo").exists()


def test_an_unreadable_stored_verdict_is_a_miss(gx_runs, tmp_path):
    first = run(VALID, BAD)
    for f in (tmp_path / "memo").glob("*.json"):
        f.write_text("{not json", encoding="utf-8")
    memo._seen.clear()
    assert outcome(run(VALID, BAD)) == outcome(first)
    assert len(gx_runs) == 4
