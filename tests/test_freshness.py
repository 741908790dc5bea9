"""Builds that skip what has not changed (pipeline/build/freshness.py, pipeline/build/run.py): the recorded
inputs, what counts as a change, and the build and report saying they are up to date. In-process
on the fixture data; the no-op `make report` on the shipped data is in test_end_to_end.py."""
from __future__ import annotations

import os
import shutil

import pytest

from conftest import FIXTURES, build_fixture, in_process, mini_raw_rows, register_raw
from pipeline.build import freshness


@pytest.fixture
def raw(tmp_path, monkeypatch):
    d = tmp_path / "raw"
    shutil.copytree(FIXTURES / "mini_raw", d)
    monkeypatch.setenv("LANDMINE_RAW_DIR", str(d))
    return d


def test_inputs_are_raw_files_seeds_models_code_version_and_as_of(raw):
    s = freshness.current(as_of="2025-12-31")
    keys = set(s["files"])
    assert "raw/global_casualties/global_casualties.csv" in keys
    assert "pipeline/seeds/publishers.csv" in keys and "pipeline/models/marts/casualties_by_year.yml" in keys
    assert "pipeline/models/marts/casualties_by_year.sql" in keys and "pipeline/build/warehouse.py" in keys
    assert not [k for k in keys if "__pycache__" in k]
    assert s["as_of"] == "2025-12-31" and s["version"]


def test_a_touched_file_is_unchanged_an_edited_one_is_named(raw):
    before = freshness.current()
    f = raw / "demographics" / "demographics.csv"
    f.write_bytes(f.read_bytes())  # same content, new modification time
    after = freshness.current(before)
    assert freshness.same(before, after) and freshness.changed(before, after) == []
    f.write_text(f.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edited = freshness.current(before)  # size changed: hashed again, not lent from `before`
    assert not freshness.same(before, edited)
    assert freshness.changed(before, edited) == ["raw/demographics/demographics.csv changed"]
    (raw / "demographics" / "more.csv").write_text("x\n", encoding="utf-8")
    assert "raw/demographics/more.csv is new" in freshness.changed(before, freshness.current(before))


def test_another_as_of_date_or_no_record_is_a_change(raw):
    a = freshness.current(as_of="2024-12-31")
    assert not freshness.same(a, freshness.current(a, as_of="2025-12-31"))
    assert freshness.changed(a, freshness.current(a, as_of="2025-12-31")) == ["as_of changed"]
    assert freshness.changed(None, a) == ["no record of a previous build"] and not freshness.same(None, a)


def test_hidden_files_in_raw_are_not_inputs(raw):
    (raw / ".refresh-journal.yml").write_text("x", encoding="utf-8")
    assert not [k for k in freshness.current()["files"] if "journal" in k]


def test_build_then_nothing_changed_then_an_edit_then_force(tmp_path, monkeypatch):
    from pipeline.build import run as build, lock as buildlock

    taken = []

    def counting_lock(*a, **k):
        taken.append(1)
        return buildlock.build_lock(*a, **k)

    monkeypatch.setattr(build, "build_lock", counting_lock)
    first = build_fixture(tmp_path, "--strict")
    assert len(taken) == 1  # one build, one acquisition of the build lock (it is not re-entrant)
    first.con.close()
    assert first.res.returncode == 1  # the fixture quarantines one row: --strict says so
    stamp = freshness.read(first.db.with_name("landmine.duckdb.inputs.json"))
    read = mini_raw_rows()
    assert stamp["totals"] == {"read": read, "loaded": read - 1, "quarantined": 1, "not_yet_published": 0,
                               "as_of": os.environ["LANDMINE_AS_OF"]}
    assert [c["rule"] for c in stamp["cross_checks"]] == [
        "country_sum_within_global_total", "entry_into_force_matches_article_17",
        "state_party_agrees_with_treaty_events", "stated_count_matches_events"]
    mtime = first.db.stat().st_mtime_ns

    again = in_process(["build", "--strict"], tmp_path, raw=first.raw)
    assert f"warehouse up to date: no input changed since it was built (rows read {read} = loaded {read - 1} + quarantined 1; " \
           "0 cross-dataset error(s)); --force rebuilds" in again.stdout
    assert "validating" not in again.stdout
    assert again.returncode == 1  # --strict still holds on a no-op: the recorded quarantine counts
    assert first.db.stat().st_mtime_ns == mtime

    f = first.raw / "demographics" / "demographics.csv"
    lines = f.read_text(encoding="utf-8").splitlines(keepends=True)
    f.write_text("".join(lines[:-1]), encoding="utf-8")
    register_raw(first.raw)
    edited = in_process(["build"], tmp_path, raw=first.raw)
    assert "(rebuilding: raw/demographics/demographics.csv changed; raw/manifest.yml changed)" in edited.stdout
    assert f"rows read {read - 1} = loaded {read - 2} + quarantined 1" in edited.stdout
    assert first.db.stat().st_mtime_ns != mtime

    forced = in_process(["build", "--force"], tmp_path, raw=first.raw)
    assert "(rebuilding: --force)" in forced.stdout and "built marts.casualties_by_year" in forced.stdout


def test_report_written_from_the_same_inputs_is_up_to_date_and_force_rewrites_it(shipped_run, tmp_path):
    """On a copy of the session's `make report` outputs (the shipped data)."""
    for d in ("processed", "reports"):
        shutil.copytree(shipped_run["tmp"] / d, tmp_path / d)
    index = tmp_path / "reports" / "index.html"
    mtime = index.stat().st_mtime_ns
    again = in_process(["all"], tmp_path)
    assert "warehouse up to date" in again.stdout and "report up to date" in again.stdout
    assert index.stat().st_mtime_ns == mtime
    forced = in_process(["report", "--force"], tmp_path)
    assert "report: " in forced.stdout and index.stat().st_mtime_ns != mtime
    assert "report up to date" in in_process(["report"], tmp_path).stdout


def test_a_build_without_its_validation_report_is_not_up_to_date(tmp_path):
    """validation.html is written by the build: if it is gone, the build runs again."""
    b = build_fixture(tmp_path)
    b.con.close()
    (tmp_path / "reports" / "validation.html").unlink()
    res = in_process(["build"], tmp_path, raw=b.raw)
    assert "up to date" not in res.stdout and (tmp_path / "reports" / "validation.html").is_file()
