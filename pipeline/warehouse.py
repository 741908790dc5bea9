"""The DuckDB warehouse: built whole into a temporary file, checked, checkpointed, closed and only
then moved over data/processed/landmine.duckdb, so a reader never sees a half-built database and a
crash leaves the previous one intact. Layers: seeds, raw, audit -> staging -> marts."""
from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from . import paths
from .asof import as_of
from .errors import PipelineError
from .records import store as records_store
from .faults import pause_point
from .outcome import NOTE_COLUMNS, QUARANTINE_COLUMNS
from .seeds import names as seed_names, seed
from .sql import quote as _q

# The on-disk format the warehouse is written in. DuckDB 2 writes its own v2 format by default,
# which DuckDB 1.x (the CLI, R and database-browser builds many analysts still carry) refuses.
# v1.0.0 is the oldest format that holds everything the build uses; DuckDB 1.0 and every later
# release open it. The oldest-versions run of `make test` opens a fresh build with DuckDB 1.4.0.
STORAGE_VERSION = "v1.0.0"

STAGING_DIR = paths.MODELS_DIR / "staging"
MARTS_DIR = paths.MODELS_DIR / "marts"


def connect(read_only: bool = True, path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse; read-only by default, so notebooks never block a build for
    long and cannot change the marts. Reconnect after a rebuild to see the new data."""
    path = Path(path) if path else paths.warehouse_path()
    if not path.exists():
        raise PipelineError(f"no warehouse at {paths.rel(path)}: run `make report` (or `python -m pipeline build`) first")
    return duckdb.connect(str(path), read_only=read_only)


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


def plan() -> list[tuple[str, str, Path]]:
    """(schema, model, file) in build order, from the SQL's own references (pipeline/graph.py)."""
    from .graph import build_order

    return [(n.layer, n.name, n.file) for n in build_order() if n.layer in ("staging", "marts")]


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


def run_models(con: duckdb.DuckDBPyConnection, order=None, log=print) -> None:
    """Every staging and mart model in graph order (`order`: nodes from graph.build_order())."""
    models = {m["name"]: m for m in contracts()}
    if order is None:
        from .graph import build_order
        order = build_order()
    for node in order:
        if node.layer not in ("staging", "marts"):
            continue
        schema, name, file = node.layer, node.name, node.file
        sql = file.read_text(encoding="utf-8")
        try:
            con.execute(f"create or replace {node.materialized} {_table(schema, name)} as {sql}")
        except duckdb.Error as exc:
            raise PipelineError(f"model {schema}.{name} ({paths.rel(file)}) failed: {exc}") from exc
        if schema == "marts":
            problems = check_contract(con, models[name])
            if problems:
                raise PipelineError("contract broken:\n  " + "\n  ".join(problems))
        n = con.execute(f"select count(*) from {_table(schema, name)}").fetchall()[0][0]
        log(f"  built {schema}.{name} ({n} rows)")
        if schema == "marts":
            pause_point("models")


def _load_frame(con, table: str, df: pd.DataFrame) -> None:
    """`table` is "schema.name" from declared config; both parts are quoted."""
    con.register("_frame", df)
    con.execute(f"create or replace table {_table(*table.split('.', 1))} as select * from _frame")
    con.unregister("_frame")


def load(con: duckdb.DuckDBPyConnection, outcomes, manifest_entries) -> None:
    """Seeds, raw tables (rows that passed), quarantine and the audit of the run."""
    for schema in ("seeds", "raw", "audit", "staging", "marts"):
        con.execute(f"create schema if not exists {_q(schema)}")
    for name in seed_names():
        _load_frame(con, f"seeds.{name}", seed(name))
    q_frames, results, log_rows, notes = [], [], [], []
    from . import sources
    for src in sources.all_sources():  # each source puts its valid rows into raw.<name> its way
        src.load_raw(con, [o for o in outcomes if o.source.name == src.name])
    for o in outcomes:
        file = paths.raw_name(o.file)
        q = o.quarantine.copy()
        q.insert(0, "source", o.source.name)
        q.insert(1, "file", file)
        q_frames.append(q)
        if len(o.normalisations):
            n = o.normalisations.copy()
            n.insert(0, "source", o.source.name)
            n.insert(1, "file", file)
            notes.append(n)
        for r in o.results:
            results.append({"source": o.source.name, "rule": r.rule.name, "severity": r.rule.severity,
                            "stage": r.rule.stage, "kind": r.rule.kind,
                            "columns": ", ".join(r.rule.columns), "description": r.rule.description,
                            "violations": r.count, "sample_rows": ", ".join(map(str, r.rows[:5]))})
        log_rows.append({"source": o.source.name, "file": str(o.file.name), "rows_read": o.rows_read,
                         "rows_loaded": o.rows_loaded, "rows_quarantined": o.rows_quarantined,
                         "warnings": sum(w.count for w in o.warnings)})
    cols = ["source", "file", *QUARANTINE_COLUMNS]
    qdf = pd.concat(q_frames, ignore_index=True) if q_frames else pd.DataFrame(columns=cols)
    _load_frame(con, "audit.quarantine", qdf.astype({"row_number": "int64"}) if len(qdf) else
                pd.DataFrame({c: pd.Series(dtype="int64" if c == "row_number" else "string") for c in cols}))
    ncols = ["source", "file", *NOTE_COLUMNS]
    ndf = (pd.concat(notes, ignore_index=True)[ncols] if notes else pd.DataFrame(columns=ncols))
    # Every value changed on reading (normalised, never silently): see pipeline/inputs.py.
    _load_frame(con, "audit.normalisations", ndf.astype({c: ("int64" if c == "row_number" else "string")
                                                           for c in ncols}))
    # The build's as-of date: every model that reads "today" reads it here (pipeline/asof.py).
    con.execute("create or replace table audit.build_info as select ?::date as as_of", [as_of().isoformat()])
    _load_frame(con, "audit.rule_results", pd.DataFrame(results))
    _load_frame(con, "audit.reconciliation", pd.DataFrame(log_rows))
    _load_frame(con, "audit.raw_files", pd.DataFrame(
        [{"path": e.path, **{k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else str(v)
                             for k, v in e.meta.items()}} for e in manifest_entries]))  # watch, http: JSON


def build(outcomes, manifest_entries, order=None, log=print) -> tuple[Path, list[dict]]:
    """Build the whole warehouse into a temporary file and swap it in atomically. The caller
    holds the build lock (pipeline/build.py takes it once for the whole build). Returns the
    warehouse and the cross-dataset check results (rule, severity, description, violations)."""
    return _build(outcomes, manifest_entries, order, log)


def remove_stale_temporaries(target: Path, log=print) -> list[Path]:
    """Temporary files (and their WALs) left by a build that was killed. Only called under the
    build lock, so no live build owns them."""
    stale = sorted(target.parent.glob(f".{target.name}.building-*"))
    for p in stale:
        p.unlink(missing_ok=True)
    if stale:
        log(f"  removed {len(stale)} temporary file(s) left by an interrupted build")
    return stale


def _build(outcomes, manifest_entries, order=None, log=print) -> tuple[Path, list[dict]]:
    target = paths.warehouse_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target, log=log)
    tmp = target.with_name(f".{target.name}.building-{os.getpid()}")
    con = duckdb.connect(str(tmp), config={"storage_compatibility_version": STORAGE_VERSION})
    try:
        load(con, outcomes, manifest_entries)
        run_models(con, order, log=log)
        from .checks import run_checks  # cross-dataset rules (issue 3): audit.cross_checks
        checks = run_checks(con, log=log).to_dict("records")
        con.execute("checkpoint")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        records_store.finish(ok=False)  # this build's record Parquet folder, if any
        raise
    con.close()
    Path(str(tmp) + ".wal").unlink(missing_ok=True)  # checkpointed: nothing left in it
    # A WAL left by a crashed writer of the old file must not be replayed onto the new one.
    Path(str(target) + ".wal").unlink(missing_ok=True)
    pause_point("replace")
    os.replace(tmp, target)
    pause_point("replaced")
    records_store.finish(ok=True)  # prune record Parquet folders of older builds
    return target, [{**c, "violations": int(c["violations"])} for c in checks]
