"""The contracts of the models, one YAML file beside each model's SQL (dbt's `<model>.yml`):
`models/<layer>/<model>.yml` holds its columns (in order; a staging or intermediate column also
its DuckDB type), the tests of a mart's columns, its key and expression tests, and the unit tests
of its logic. The build checks every model against its contract; the unit tests read their input
types from the contracts of the models they give. Kept apart from the warehouse so the model graph
reads them too."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import yaml

from ..errors import PipelineError
from ..files import paths
from ..sql import quote as _q

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster

LAYERS = ("staging", "intermediate", "marts")
STAGING_DIR = paths.MODELS_DIR / "staging"
MARTS_DIR = paths.MODELS_DIR / "marts"
MODEL_KEYS = {"description", "columns", "unique_key", "key_nullable", "expression_tests", "unit_tests"}
COLUMN_KEYS = {"name", "description", "tests", "type"}
TYPED_LAYERS = ("staging", "intermediate")  # their columns declare a type (unit tests' inputs)


def _dir(layer: str) -> Path:
    return MARTS_DIR if layer == "marts" else STAGING_DIR if layer == "staging" else paths.MODELS_DIR / layer


def files(layer: str = "marts") -> list[Path]:
    """The contract files of a layer, by model name."""
    return sorted(_dir(layer).glob("*.yml"))


def _problems(layer: str, name: str, model: dict) -> list[str]:
    """What is malformed in one contract: unknown keys (an unquoted comma in a flow mapping splits
    a description into a new key), a missing column list, a typed layer's column without a type."""
    where = f"{layer}/{name}.yml"
    out = [f"{where}: unexpected keys {sorted(set(model) - MODEL_KEYS)}"] if set(model) - MODEL_KEYS else []
    if not isinstance(model.get("columns"), list) or not model["columns"]:
        return out + [f"{where}: needs a `columns:` list"]
    for t in model.get("expression_tests", []):
        if not {"name", "expression"} <= set(t) or set(t) - {"name", "expression", "where"}:
            out.append(f"{where}: expression test {t} needs name and expression (and optionally where), quoted")
    for c in model["columns"]:
        if set(c) - COLUMN_KEYS or "name" not in c:
            out.append(f"{where}: column {c.get('name')} has unexpected keys {sorted(set(c) - COLUMN_KEYS)} "
                       "(quote a description that has a comma)")
        elif layer in TYPED_LAYERS and not c.get("type"):
            out.append(f"{where}: column {c['name']} needs a type (a {layer} contract types its columns)")
    return out


def _load(path: Path, layer: str) -> dict:
    return _parsed(path, layer, path.stat().st_mtime_ns)


@cache
def _parsed(path: Path, layer: str, mtime_ns: int) -> dict:
    """A contract file, read once per version of it."""
    with open(path, encoding="utf-8") as f:
        try:
            model = yaml.load(f, Loader=_Loader) or {}
        except yaml.YAMLError as exc:
            raise PipelineError(f"{paths.rel(path)} is not valid YAML: {exc}") from None
    name = path.stem
    problems = _problems(layer, name, model)
    if problems:
        raise PipelineError("contract broken: " + "; ".join(problems))
    return {"name": name, "layer": layer, "file": path, **model}


def contracts(layer: str = "marts") -> list[dict]:
    """Every contract of a layer (marts by default), by model name; each with its `name`."""
    return [_load(p, layer) for p in files(layer)]


def contract(layer: str, name: str) -> dict | None:
    p = _dir(layer) / f"{name}.yml"
    return _load(p, layer) if p.exists() else None


def _table(schema: str, name: str) -> str:
    """A quoted schema.table (names come from declared config, still never pasted raw)."""
    return f"{_q(schema)}.{_q(name)}"


def _columns(con, schema: str, name: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(
        "select column_name, data_type from information_schema.columns where table_schema = ? "
        "and table_name = ? order by ordinal_position", [schema, name]).fetchall()]


def check_contract(con: duckdb.DuckDBPyConnection, model: dict) -> list[str]:
    """Problems of a built model against its contract (empty list: it holds)."""
    mismatch = column_mismatch(con, model)
    return [mismatch] if mismatch else shape_problems(con, model) + expression_problems(con, model)


def _names(model: dict) -> tuple[str, str]:
    schema = model.get("layer", "marts")
    return f"{schema}.{model['name']}", _table(schema, model["name"])


def column_mismatch(con, model: dict) -> str | None:
    """The built columns are not the contract's, in its order (or the model is not built at all)."""
    built = [c for c, _ in _columns(con, model.get("layer", "marts"), model["name"])]
    declared = [c["name"] for c in model["columns"]]
    if built == declared:
        return None
    name = _names(model)[0]
    if not built:
        return f"{name}: not in the warehouse (its contract declares columns {declared})"
    return f"{name}: columns {built} differ from the contract {declared}"


def shape_problems(con: duckdb.DuckDBPyConnection, model: dict) -> list[str]:
    """The contract's columns (in order), their types and tests, and its key (unique, not null)."""
    mismatch = column_mismatch(con, model)
    if mismatch:
        return [mismatch]
    name, tbl = _names(model)
    types = dict(_columns(con, model.get("layer", "marts"), model["name"]))
    problems = [f"{name}.{c['name']}: type {types[c['name']]}, the contract says {c['type']}"
                for c in model["columns"] if c.get("type") and c["type"] != types[c["name"]]]
    for c in model["columns"]:
        problems += _column_problems(con, name, tbl, c)
    return problems + _key_problems(con, name, tbl, model)


def expression_problems(con: duckdb.DuckDBPyConnection, model: dict) -> list[str]:
    """The contract's expression tests, each a problem when a row breaks it."""
    name, tbl = _names(model)
    return [p for t in model.get("expression_tests", []) for p in _expression_problems(con, name, tbl, model, t)]


def _column_problems(con, name: str, tbl: str, c: dict) -> list[str]:
    """not_null and accepted_values, dbt's two column tests."""
    out, col = [], _q(c["name"])
    for test in c.get("tests", []):
        if test == "not_null":
            n = con.execute(f"select count(*) from {tbl} where {col} is null").fetchall()[0][0]
            if n:
                out.append(f"{name}.{c['name']}: {n} NULL value(s) (contract: not_null)")
        elif isinstance(test, dict) and "accepted_values" in test:
            vals = test["accepted_values"]
            bad = con.execute(f"select distinct {col}::varchar from {tbl} where {col} is not null "
                              f"and {col}::varchar not in ({', '.join('?' for _ in vals)})", vals).fetchall()
            if bad:
                out.append(f"{name}.{c['name']}: values {[b[0] for b in bad]} not in {vals}")
    return out


def _key_problems(con, name: str, tbl: str, model: dict) -> list[str]:
    """The key is unique and not null, except a column the contract declares a nullable part of it."""
    key = model.get("unique_key")
    if not key:
        return []
    out = []
    for c in [c for c in key if c not in model.get("key_nullable", [])]:
        n = con.execute(f"select count(*) from {tbl} where {_q(c)} is null").fetchall()[0][0]
        if n:
            out.append(f"{name}: {n} row(s) with a NULL key column {c}")
    k = ", ".join(_q(c) for c in key)
    n = con.execute(f"select count(*) from (select {k} from {tbl} group by all having count(*) > 1)").fetchall()[0][0]
    if n:
        out.append(f"{name}: {n} duplicate key(s) on ({', '.join(key)})")
    return out


def _expression_problems(con, name: str, tbl: str, model: dict, test: dict) -> list[str]:
    """A dbt-style `expression_is_true`: every row (matching `where`) must make the expression
    TRUE; NULL fails too. The breaking rows are named by the model's key."""
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
