"""Unit tests of the models' logic, dbt-style: the `unit_tests:` of each model's contract
(`models/<layer>/<model>.yml`): small inline `given` rows for the model's inputs, the `expect`ed
rows of its output. Each runs in-process on an in-memory DuckDB: the checked-in seeds,
audit.build_info with the test's as-of date, the given tables (typed by their own contracts; a
model over raw tables that is not given is an empty table of its contract), then every model the target reads
that is not given (parsed from its SQL, pipeline/build/graph.py), then the target. No subprocess
and no build, so the whole set takes seconds."""
from __future__ import annotations

import datetime as _dt
from functools import cache
from pathlib import Path

import duckdb

from ..build import contracts as C, graph, warehouse
from ..asof import resolve as default_as_of
from ..errors import PipelineError
from ..files import paths
from ..seeds import names as seed_names, seed
from ..validate import sqlenv

INPUT_LAYERS = C.TYPED_LAYERS  # a test gives rows of staging or intermediate models


def declared() -> list[dict]:
    """Every unit test of every model, each with its `model` ("layer.name")."""
    return [{**t, "model": f"{c['layer']}.{c['name']}"}
            for layer in C.LAYERS for c in C.contracts(layer) for t in c.get("unit_tests", [])]


def input_types() -> dict[str, dict[str, str]]:
    """Column types of every model a test may give, from its contract."""
    return {f"{layer}.{c['name']}": {col["name"]: col["type"] for col in c["columns"]}
            for layer in INPUT_LAYERS for c in C.contracts(layer)}


@cache
def _models() -> dict[str, Path]:
    return {f"{schema}.{name}": file for schema, name, file in warehouse.plan()}


def _create(con, table: str, columns: dict[str, str], rows: list[dict]) -> None:
    unknown = {k for r in rows for k in r} - set(columns)
    if unknown:
        raise PipelineError(f"unit test input {table}: columns {sorted(unknown)} are not in its contract")
    schema, name = table.split(".", 1)
    cols = ", ".join(f'"{c}" {t}' for c, t in columns.items())
    con.execute(f'create or replace table "{schema}"."{name}" ({cols})')
    if rows:
        ph = ", ".join("?" for _ in columns)
        con.executemany(f'insert into "{schema}"."{name}" values ({ph})',
                        [[r.get(c) for c in columns] for r in rows])


def _build(con, target: str, models: dict[str, Path], present: set[str], types, stack=()) -> None:
    """Build `target` after what it reads: a given table is kept; a model that reads raw tables
    and is not given is an empty table of its contract; any other model is built from its SQL."""
    if target in present:
        return
    if target not in models:
        raise PipelineError(f"unit test: {target} is neither given nor a model")
    if target in stack:
        raise PipelineError(f"unit test: models form a cycle: {' -> '.join(stack + (target,))}")
    sql = models[target].read_text(encoding="utf-8")
    refs = sorted(graph.references(sql, where=target))  # DuckDB's parser (pipeline/build/graph.py)
    if target in types and any(schema == "raw" for schema, _ in refs):
        _create(con, target, types[target], [])
        present.add(target)
        return
    for schema, name in refs:
        ref = f"{schema}.{name}"
        if schema in graph.MODEL_LAYERS and ref != target:
            _build(con, ref, models, present, types, stack + (target,))
    schema, name = target.split(".", 1)
    try:
        con.execute(f'create or replace table "{schema}"."{name}" as {sql}')
    except duckdb.Error as exc:
        raise PipelineError(f"unit test: model {target} ({paths.rel(models[target])}) failed: {exc}") from exc
    present.add(target)


def _norm(v):
    if isinstance(v, _dt.datetime):
        return v.date() if v.time() == _dt.time() else v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, (list, tuple)):
        return [_norm(x) for x in v]
    return v


def _prepare(con, test: dict, types: dict) -> set[str]:
    """Schemas, seeds, the as-of date and the given tables; returns what is present."""
    for schema in ("seeds", "raw", "audit", *graph.MODEL_LAYERS):
        con.execute(f"create schema if not exists {schema}")
    for name in seed_names():
        con.register("_seed", seed(name))
        con.execute(f'create table seeds."{name}" as select * from _seed')
        con.unregister("_seed")
    as_of = default_as_of(str(test["as_of"]) if test.get("as_of") else None)
    sqlenv.define(con, as_of)  # the shared macros (pipeline/models/macros), as a build has them
    con.execute("create table audit.build_info as select ?::date as as_of", [as_of.isoformat()])
    present = {f"seeds.{n}" for n in seed_names()} | {"audit.build_info"}
    for g in test.get("given", []):
        table = g["input"]
        if table not in types:
            raise PipelineError(f"unit test {test['name']}: input {table} is not a staging or intermediate "
                                "model with a typed contract")
        _create(con, table, types[table], [{**g.get("defaults", {}), **r} for r in g.get("rows", [])])
        present.add(table)
    return present


def run(test: dict, types: dict[str, dict[str, str]] | None = None) -> list[str]:
    """Problems (empty: the model gave the expected rows)."""
    types = input_types() if types is None else types
    target, exp = test["model"], test["expect"]
    cols = list(dict.fromkeys(k for r in exp["rows"] for k in r)) or ["1"]
    if any(set(r) != set(cols) for r in exp["rows"]):  # a missing key would silently compare as NULL
        raise PipelineError(f"unit test {test['name']}: every expected row must give the same columns {cols}")
    where = f" where {exp['where']}" if exp.get("where") else ""
    con = duckdb.connect()
    try:
        present = _prepare(con, test, types)
        _build(con, target, _models(), present, types)
        got = con.execute(f"select {', '.join(chr(34) + c + chr(34) for c in cols)} from {target}{where}").fetchall()
    finally:
        con.close()
    got_rows = sorted((tuple(_norm(v) for v in r) for r in got), key=repr)
    want_rows = sorted((tuple(_norm(r.get(c)) for c in cols) for r in exp["rows"]), key=repr)
    if got_rows == want_rows:
        return []
    return [f"unit test {test['name']} ({target}{where}): columns {cols}\n"
            f"    expected {want_rows}\n    got      {got_rows}"]


def run_all(log=print) -> int:
    types, failed = input_types(), 0
    for t in declared():
        problems = run(t, types)
        failed += bool(problems)
        log(("FAIL " if problems else "ok   ") + f"{t['model']}: {t['name']}")
        for p in problems:
            log("  " + p)
    return failed
