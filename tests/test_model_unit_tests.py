"""The models' unit tests (the `unit_tests:` of each models/<layer>/<model>.yml): inline given rows -> expected rows,
run in-process on an in-memory DuckDB (no build, no subprocess). Plus checks that the runner can
fail, and that the source-kind precedence really comes from its seed."""
from __future__ import annotations

import copy

import pytest

from pipeline.tools import modeltests
from pipeline import seeds
from pipeline.errors import PipelineError

TESTS = modeltests.declared()
TYPES = modeltests.input_types()


@pytest.mark.parametrize("test", TESTS, ids=[t["name"] for t in TESTS])
def test_model_unit_test(test):
    assert modeltests.run(test, TYPES) == []


def _named(name):
    return copy.deepcopy(next(t for t in TESTS if t["name"] == name))


def test_a_wrong_expectation_fails_with_both_sides_shown():
    t = _named("the_split_comes_from_one_statement_with_its_own_total")
    t["expect"]["rows"][0]["killed"] = 1368
    problems = modeltests.run(t, TYPES)
    assert len(problems) == 1 and "expected" in problems[0] and "1368" in problems[0] and "1367" in problems[0]


def test_an_undeclared_input_column_is_a_clear_error():
    t = _named("the_split_comes_from_one_statement_with_its_own_total")
    t["given"][0]["rows"][0]["no_such_column"] = 1
    with pytest.raises(PipelineError, match="no_such_column"):
        modeltests.run(t, TYPES)


def test_the_as_of_date_changes_the_treaty_status():
    t = _named("a_withdrawal_due_after_the_as_of_date_is_pending")
    t["as_of"] = "2026-12-01"  # the same events, a later day: the withdrawal has taken effect
    problems = modeltests.run(t, TYPES)
    assert problems and "withdrawn" in problems[0]


def test_source_kind_precedence_is_read_from_its_seed(monkeypatch):
    """Rank news first in seeds.source_kinds and the models follow: no ranking is repeated in SQL."""
    real = seeds.seed

    def seed(name):
        df = real(name)
        if name == "source_kinds":
            df = df.copy()
            df["precedence"] = df["source_kind"].map({"news": "1", "monitor": "2", "ngo": "3", "official": "4"})
        return df
    monkeypatch.setattr(modeltests, "seed", seed)
    t = _named("latest_edition_then_publisher_kind_then_reported_before_derived")
    problems = modeltests.run(t, TYPES)
    assert problems and "'news'" in problems[0] and "120" in problems[0]


def test_no_model_repeats_the_source_kind_ranking():
    from pipeline.files import paths
    for f in paths.MODELS_DIR.rglob("*.sql"):
        text = f.read_text(encoding="utf-8")
        assert "when 'monitor' then" not in text, f"{f}: join seeds.source_kinds instead of ranking here"
    kinds = seeds.seed("source_kinds")
    assert set(kinds["source_kind"]) == set(seeds.seed("publishers")["source_kind"])
    assert sorted(kinds["precedence"].astype(int)) == list(range(1, len(kinds) + 1))


def test_the_unit_tests_cover_the_named_logic():
    models = {t["model"] for t in TESTS}
    assert {f"marts.{m}" for m in ("casualty_figures", "casualty_revisions", "figure_conflicts", "casualties_by_year",
            "casualties_by_group", "treaty_status_by_country", "states_parties_by_date",
            "contamination_by_country")} <= models
