"""The contracts of the models: what every mart promises (its columns in order, not-null and
accepted values, expression tests, a unique key), read from the YAML beside the SQL and checked
on every build. Kept apart from the warehouse so the model graph can read them too."""
from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

from ..errors import PipelineError
from ..files import paths
from ..sql import quote as _q

STAGING_DIR = paths.MODELS_DIR / "staging"
MARTS_DIR = paths.MODELS_DIR / "marts"


COLUMN_KEYS = {"name", "description", "tests"}


def contracts() -> list[dict]:
    with open(MARTS_DIR / "schema.yml", encoding="utf-8") as f:
        models = yaml.safe_load(f)["models"]
    for m in models:  # an unquoted comma in a flow mapping splits a description: refuse it
        for t in m.get("expression_tests", []):
            if not {"name", "expression"} <= set(t) or set(t) - {"name", "expression", "where"}:
                raise PipelineError(f"schema.yml: marts.{m['name']} expression test {t} needs name and "
                                    "expression (and optionally where), quoted")
        for c in m["columns"]:
            if set(c) - COLUMN_KEYS:
                raise PipelineError(f"schema.yml: marts.{m['name']}.{c.get('name')} has unexpected keys "
                                    f"{sorted(set(c) - COLUMN_KEYS)} (quote a description that has a comma)")
    return models


def _table(schema: str, name: str) -> str:
    """A quoted schema.table (names come from declared config, still never pasted raw)."""
    return f"{_q(schema)}.{_q(name)}"


def check_contract(con: duckdb.DuckDBPyConnection, model: dict) -> list[str]:
    """Problems of a built mart against its contract (empty list: it holds)."""
    name = f"marts.{model['name']}"
    tbl = _table("marts", model["name"])
    problems = []
    cols = [r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_schema='marts' "
        "and table_name=? order by ordinal_position", [model["name"]]).fetchall()]
    declared = [c["name"] for c in model["columns"]]
    if cols != declared:
        problems.append(f"{name}: columns {cols} differ from the contract {declared}")
        return problems
    for c in model["columns"]:
        for test in c.get("tests", []):
            col = _q(c["name"])
            if test == "not_null":
                n = con.execute(f"select count(*) from {tbl} where {col} is null").fetchall()[0][0]
                if n:
                    problems.append(f"{name}.{c['name']}: {n} NULL value(s) (contract: not_null)")
            elif isinstance(test, dict) and "accepted_values" in test:
                vals = test["accepted_values"]
                bad = con.execute(
                    f"select distinct {col}::varchar from {tbl} where {col} is not null "
                    f"and {col}::varchar not in ({', '.join('?' for _ in vals)})", vals).fetchall()
                if bad:
                    problems.append(f"{name}.{c['name']}: values {[b[0] for b in bad]} not in {vals}")
    for t in model.get("expression_tests", []):
        problems += _expression_problems(con, name, tbl, model, t)
    key = model.get("unique_key")
    if key:
        # keys are not null, except a column the contract declares a nullable part of the key
        for c in [c for c in key if c not in model.get("key_nullable", [])]:
            n = con.execute(f"select count(*) from {tbl} where {_q(c)} is null").fetchall()[0][0]
            if n:
                problems.append(f"{name}: {n} row(s) with a NULL key column {c}")
        k = ", ".join(_q(c) for c in key)
        n = con.execute(f"select count(*) from (select {k} from {tbl} group by all having count(*) > 1)").fetchall()[0][0]
        if n:
            problems.append(f"{name}: {n} duplicate key(s) on ({', '.join(key)})")
    return problems


def _expression_problems(con, name: str, tbl: str, model: dict, test: dict) -> list[str]:
    """A dbt-style `expression_is_true`: every row (matching `where`) must make the expression
    TRUE; NULL fails too. The breaking rows are named by the mart's key."""
    cond = f"not coalesce(({test['expression']}), false)"
    if test.get("where"):
        cond = f"({test['where']}) and {cond}"
    key = [c for c in model.get("unique_key", [])] or [model["columns"][0]["name"]]
    try:
        bad = con.execute(f"select {', '.join(_q(c) for c in key)} from {tbl} where {cond}").fetchall()
    except duckdb.Error as exc:
        return [f"{name}: expression test {test['name']} cannot run: {exc}"]
    if not bad:
        return []
    rows = "; ".join(", ".join(f"{k}={v}" for k, v in zip(key, r)) for r in bad[:5])
    return [f"{name}: {len(bad)} row(s) break {test['name']} ({test['expression']}"
            + (f" where {test['where']}" if test.get("where") else "") + f"): {rows}"
            + (" …" if len(bad) > 5 else "")]
