"""The model graph comes from the SQL itself (DuckDB's parser): references, build order, and the
errors a broken graph gives before anything is built. In-process, on the real model files and
on tiny made-up graphs."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FROZEN_RAW, run_cli
from pipeline.build import graph
from pipeline.errors import PipelineError

INPUTS = {"raw": {"a"}, "seeds": {"kinds"}, "audit": {"quarantine"}}


def every(nodes) -> dict[str, set[str]]:
    """Every model of `nodes` with its contract file."""
    return {layer: {n.name for n in nodes if n.layer == layer} for layer in graph.MODEL_LAYERS}


def node(key: str, *reads: str) -> graph.Node:
    layer, name = key.split(".")
    return graph.Node(layer, name, Path(f"{layer}/{name}.sql"), tuple(sorted(reads)))


def test_references_come_from_the_parser_not_from_text():
    sql = """-- a comment naming marts.not_a_dependency
             with recent as (select * from staging.stg_a where x = 'marts.nor_this')
             select r.*, k.precedence from recent r
             join seeds.kinds k using (kind)
             where exists (select 1 from marts.other o where o.id = r.id)
             union all select * from (select * from raw.a)"""
    assert graph.references(sql) == {("staging", "stg_a"), ("seeds", "kinds"), ("marts", "other"), ("raw", "a")}


def test_an_unqualified_table_is_refused_but_a_cte_is_not():
    assert graph.references("with t as (select 1 as x) select * from t") == set()
    with pytest.raises(PipelineError, match="table 'stg_a' has no schema"):
        graph.references("select * from stg_a", where="marts.m")


def test_sql_that_does_not_parse_is_a_clear_error():
    with pytest.raises(PipelineError, match="marts.m: SQL does not parse"):
        graph.references("select from where", where="marts.m")


def test_order_follows_the_references_not_the_file_names():
    nodes = [node("marts.a_last", "marts.z_first"), node("marts.z_first", "staging.stg_b"),
             node("staging.stg_b", "staging.stg_c"), node("staging.stg_c", "raw.a", "seeds.kinds"),
             node("checks.c1", "marts.a_last")]
    order = [n.key for n in graph.resolve(nodes, INPUTS, every(nodes))]
    assert order == ["staging.stg_c", "staging.stg_b", "marts.z_first", "marts.a_last", "checks.c1"]


def test_a_cycle_is_an_error_that_names_it():
    nodes = [node("marts.a", "marts.b"), node("marts.b", "marts.c"), node("marts.c", "marts.a")]
    with pytest.raises(PipelineError, match=r"cycle: marts.a -> marts.b -> marts.c -> marts.a"):
        graph.resolve(nodes, INPUTS, every(nodes))


def test_a_model_reading_itself_is_a_cycle():
    with pytest.raises(PipelineError, match="marts.a reads itself"):
        graph.resolve([node("marts.a", "marts.a")], INPUTS, {"marts": {"a"}})


@pytest.mark.parametrize("reads, message", [
    (("marts.missing",), "reads marts.missing, which is not a model"),
    (("raw.nope",), "reads raw.nope, which does not exist"),
    (("seeds.nope",), "reads seeds.nope, which does not exist"),
])
def test_a_reference_to_something_that_does_not_exist_is_an_error(reads, message):
    with pytest.raises(PipelineError, match=message):
        graph.resolve([node("marts.m", *reads)], INPUTS, {"marts": {"m"}})


def test_layers_read_only_what_they_may():
    with pytest.raises(PipelineError, match="staging.stg_x .* reads marts.m: a staging model may read only"):
        nodes = [node("staging.stg_x", "marts.m"), node("marts.m", "raw.a")]
        graph.resolve(nodes, INPUTS, every(nodes))


def test_a_model_and_its_contract_go_together():
    with pytest.raises(PipelineError, match=r"marts.extra has no contract pipeline/models/marts/extra.yml"):
        graph.resolve([node("marts.extra", "raw.a")], INPUTS, {})
    with pytest.raises(PipelineError, match=r"staging.stg_x has no contract"):
        graph.resolve([node("staging.stg_x", "raw.a")], INPUTS, {})
    with pytest.raises(PipelineError, match=r"marts/ghost.yml is a contract without its model .*marts/ghost.sql"):
        graph.resolve([], INPUTS, {"marts": {"ghost"}})


def test_the_real_graph_resolves_and_every_model_comes_after_what_it_reads():
    order = graph.build_order()
    seen = set()
    for n in order:
        for ref in n.reads:
            if ref.split(".")[0] in ("staging", "marts"):
                assert ref in seen, f"{n.key} is built before {ref}"
        seen.add(n.key)
    keys = [n.key for n in order]
    assert keys.index("staging.stg_figures") > keys.index("staging.stg_global_casualties")
    assert {n.layer for n in order[-3:]} == {"checks"}


def test_a_broken_graph_stops_the_build_before_anything_is_read(tmp_path, monkeypatch):
    """A model reading a mart that does not exist: the build fails with the graph's message and
    writes no warehouse (in-process: models_dir points at a copy with the broken model)."""
    import shutil

    from conftest import in_process

    models = tmp_path / "models"
    shutil.copytree(graph.paths.MODELS_DIR, models)
    (models / "marts" / "casualty_figures.sql").write_text("select * from marts.no_such_mart", encoding="utf-8")
    monkeypatch.setattr(graph.paths, "MODELS_DIR", models)
    res = in_process(["build"], tmp_path)
    assert res.returncode == 2
    assert "marts.casualty_figures" in res.stderr and "reads marts.no_such_mart, which is not a model" in res.stderr
    assert "validating" not in res.stdout
    assert not (tmp_path / "processed" / "landmine.duckdb").exists()


def test_make_plan_prints_the_graph_layer_by_layer():
    res = run_cli("plan")
    assert res.returncode == 0, res.stderr
    out = res.stdout
    heads = [out.index(h) for h in ("sources (", "seeds (", "staging (", "intermediate (", "marts (", "checks (",
                                    "reports:")]
    assert heads == sorted(heads)
    assert "raw.global_casualties (" in out and f"{FROZEN_RAW}/global_casualties/global_casualties.csv" in out
    printed, key = {}, None  # node -> what the plan says it reads (wrapped lines joined)
    for ln in out.splitlines():
        if " <- " in ln:
            key, reads = ln.split(" <- ", 1)
            key = key.split()[0]
            printed[key] = reads
        elif key and ln.startswith("    "):
            printed[key] += " " + ln.strip()
        else:
            key = None
    for n in graph.nodes():  # every model and check, with exactly what its SQL reads
        assert {r.strip() for r in printed[n.key].split(",")} == set(n.reads), n.key
    assert {"marts.casualty_figures", "marts.casualty_revisions"} <= set(
        r.strip() for r in printed["marts.casualties_by_year"].split(","))
    assert "notebooks/country_profile.py" in out and "reports/index.html" in out
    from pipeline.build.contracts import contracts
    exports = " ".join(ln.strip() for ln in out.split("reports/data/<mart>.csv|parquet", 1)[1].split("\n  notebooks/")[0]
                       .splitlines())
    assert {f"marts.{m['name']}" for m in contracts()} <= set(re.findall(r"marts\.\w+", exports))
