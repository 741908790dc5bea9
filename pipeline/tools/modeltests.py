"""Unit tests of the mart logic, dbt-style (pipeline/models/marts/unit_tests.yml): small inline
`given` rows for a model's inputs, `expect`ed rows of its output. Each runs in-process on an
in-memory DuckDB: the checked-in seeds, audit.build_info with the test's as-of date, the given
tables, then every model the target reads (parsed from its SQL by DuckDB, pipeline/build/graph.py) that is not given, then the
target. No subprocess and no build, so the whole set takes seconds."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

import duckdb
import yaml

from ..build import graph, warehouse
from ..files import paths
from ..build.asof import as_of as default_as_of
from ..errors import PipelineError
from ..seeds import names as seed_names, seed

FILE = paths.MODELS_DIR / "marts" / "unit_tests.yml"


def load(file: Path = FILE) -> dict:
    with open(file, encoding="utf-8") as f:
        return yaml.safe_load(f)


def declared(file: Path = FILE) -> list[dict]:
    return load(file)["unit_tests"]


def _models() -> dict[str, Path]:
    return {f"{schema}.{name}": file for schema, name, file in warehouse.plan()}


def _create(con, table: str, columns: dict[str, str], rows: list[dict]) -> None:
    unknown = {k for r in rows for k in r} - set(columns)
    if unknown:
        raise PipelineError(f"unit test input {table}: columns {sorted(unknown)} are not declared in `inputs`")
    schema, name = table.split(".", 1)
    cols = ", ".join(f'"{c}" {t}' for c, t in columns.items())
    con.execute(f'create or replace table "{schema}"."{name}" ({cols})')
    if rows:
        ph = ", ".join("?" for _ in columns)
        con.executemany(f'insert into "{schema}"."{name}" values ({ph})',
                        [[r.get(c) for c in columns] for r in rows])


def _build(con, target: str, models: dict[str, Path], present: set[str], stack=()) -> None:
    if target in present:
        return
    if target not in models:
        raise PipelineError(f"unit test: {target} is neither given nor a model")
    if target in stack:
        raise PipelineError(f"unit test: models form a cycle: {' -> '.join(stack + (target,))}")
    sql = models[target].read_text(encoding="utf-8")
    for schema, name in sorted(graph.references(sql, where=target)):  # DuckDB's parser (pipeline/build/graph.py)
        if schema not in ("staging", "marts"):
            continue
        ref = f"{schema}.{name}"
        if ref != target:
            _build(con, ref, models, present, stack + (target,))
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


def run(test: dict, inputs: dict[str, dict[str, str]]) -> list[str]:
    """Problems (empty: the model gave the expected rows)."""
    con = duckdb.connect()
    try:
        for schema in ("seeds", "raw", "audit", "staging", "marts"):
            con.execute(f"create schema {schema}")
        for name in seed_names():
            con.register("_seed", seed(name))
            con.execute(f'create table seeds."{name}" as select * from _seed')
            con.unregister("_seed")
        con.execute("create table audit.build_info as select ?::date as as_of",
                    [str(test.get("as_of") or default_as_of().isoformat())])
        present = {f"seeds.{n}" for n in seed_names()} | {"audit.build_info"}
        for g in test.get("given", []):
            table = g["input"]
            if table not in inputs:
                raise PipelineError(f"unit test {test['name']}: input {table} has no column types in `inputs`")
            _create(con, table, inputs[table], [{**g.get("defaults", {}), **r} for r in g.get("rows", [])])
            present.add(table)
        target = f"marts.{test['model']}"
        _build(con, target, _models(), present)
        exp = test["expect"]
        cols = list(dict.fromkeys(k for r in exp["rows"] for k in r)) or ["1"]
        ragged = [r for r in exp["rows"] if set(r) != set(cols)]
        if ragged:  # a missing key would silently compare as NULL
            raise PipelineError(f"unit test {test['name']}: every expected row must give the same columns {cols}")
        where = f" where {exp['where']}" if exp.get("where") else ""
        got = con.execute(f"select {', '.join(chr(34) + c + chr(34) for c in cols)} "
                          f"from {target}{where}").fetchall()
    finally:
        con.close()
    got_rows = sorted((tuple(_norm(v) for v in r) for r in got), key=repr)
    want_rows = sorted((tuple(_norm(r.get(c)) for c in cols) for r in exp["rows"]), key=repr)
    if got_rows == want_rows:
        return []
    return [f"unit test {test['name']} (marts.{test['model']}{where}): columns {cols}\n"
            f"    expected {want_rows}\n    got      {got_rows}"]


def run_all(file: Path = FILE, log=print) -> int:
    spec = load(file)
    failed = 0
    for t in spec["unit_tests"]:
        problems = run(t, spec["inputs"])
        failed += bool(problems)
        log(("FAIL " if problems else "ok   ") + f"{t['model']}: {t['name']}")
        for p in problems:
            log("  " + p)
    return failed
