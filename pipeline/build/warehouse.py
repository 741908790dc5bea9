"""The DuckDB warehouse: built whole into a temporary file, checked, checkpointed, closed and only
then moved over data/processed/landmine.duckdb, so a reader never sees a half-built database and a
crash leaves the previous one intact. Layers: seeds, raw, audit -> staging -> marts."""
from __future__ import annotations

import datetime as _dt
import json
import os
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from ..files import paths
from ..errors import PipelineError
from ..records import store as records_store
from .faults import pause_point
from ..validate import sqlenv
from ..validate.outcome import LATER_COLUMNS, NOTE_COLUMNS, QUARANTINE_COLUMNS
from ..seeds import names as seed_names, seed
from ..sql import STORAGE_VERSION, quote as _q  # the warehouse's on-disk format (declared there)
from .contracts import _table, check_contract, contract
from .graph import MODEL_LAYERS, build_order
from .. import sources


def connect(read_only: bool = True, path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse; read-only by default, so notebooks never block a build for
    long and cannot change the marts. Reconnect after a rebuild to see the new data."""
    path = Path(path) if path else paths.warehouse_path()
    if not path.exists():
        raise PipelineError(f"no warehouse at {paths.rel(path)}: run `make report` (or `python -m pipeline build`) first")
    return duckdb.connect(str(path), read_only=read_only)


def plan() -> list[tuple[str, str, Path]]:
    """(schema, model, file) in build order, from the SQL's own references (pipeline/build/graph.py)."""
    return [(n.layer, n.name, n.file) for n in build_order() if n.layer in MODEL_LAYERS]


def run_models(con: duckdb.DuckDBPyConnection, order=None, log=print) -> None:
    """Every staging and mart model in graph order (`order`: nodes from graph.build_order())."""
    if order is None:
        order = build_order()
    for node in order:
        if node.layer not in MODEL_LAYERS:
            continue
        schema, name, file = node.layer, node.name, node.file
        sql = file.read_text(encoding="utf-8")
        try:
            con.execute(f"create or replace {node.materialized} {_table(schema, name)} as {sql}")
        except duckdb.Error as exc:
            raise PipelineError(f"model {schema}.{name} ({paths.rel(file)}) failed: {exc}") from exc
        problems = check_contract(con, contract(schema, name))
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


def load(con: duckdb.DuckDBPyConnection, outcomes, manifest_entries, as_of: _dt.date) -> None:
    """Seeds, the shared macros, raw tables (rows that passed), quarantine and the audit of the run."""
    for schema in ("seeds", "raw", "audit", *MODEL_LAYERS):
        con.execute(f"create schema if not exists {_q(schema)}")
    for name in seed_names():
        _load_frame(con, f"seeds.{name}", seed(name))
    sqlenv.define(con, as_of)  # Article 17 and 20.3, dated statements, as_of_date() (models/macros)
    for src in sources.all_sources():  # each source puts its valid rows into raw.<name> its way
        src.load_raw(con, [o for o in outcomes if o.source.name == src.name])
    _load_audit(con, outcomes)
    # The build's as-of date: every model that reads "today" reads it here (pipeline/asof.py).
    con.execute("create or replace table audit.build_info as select ?::date as as_of", [as_of.isoformat()])
    _load_frame(con, "audit.raw_files", pd.DataFrame(
        [{"path": e.path, **{k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else str(v)
                             for k, v in e.meta.items()}} for e in manifest_entries]))  # watch, http: JSON


def _per_file(outcomes, attr: str, columns: list[str], types: dict) -> pd.DataFrame:
    """One audit frame: a per-file frame of every outcome, with its source and file in front."""
    frames = []
    for o in outcomes:
        df = getattr(o, attr)
        if len(df):
            df = df.copy()
            df.insert(0, "source", o.source.name)
            df.insert(1, "file", paths.raw_name(o.file))
            frames.append(df[["source", "file", *columns]])
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["source", "file", *columns])
    return out.astype({c: types.get(c, "string") for c in out.columns})


def _load_audit(con, outcomes) -> None:
    """What validation found, file by file: quarantine, normalisations, rows not yet published at
    the as-of date, every rule's count and the reconciliation."""
    _load_frame(con, "audit.quarantine", _per_file(outcomes, "quarantine", QUARANTINE_COLUMNS, {"row_number": "int64"}))
    # Every value changed on reading (normalised, never silently): see pipeline/files/read.py.
    _load_frame(con, "audit.normalisations", _per_file(outcomes, "normalisations", NOTE_COLUMNS, {"row_number": "int64"}))
    _load_frame(con, "audit.not_yet_published", _per_file(outcomes, "later", LATER_COLUMNS,
                                                          {"row_number": "int64", "published": "datetime64[us]"}))
    con.execute("alter table audit.not_yet_published alter published type date")
    results = [{"source": o.source.name, "rule": r.rule.name, "severity": r.rule.severity, "stage": r.rule.stage,
                "kind": r.rule.kind, "columns": ", ".join(r.rule.columns), "description": r.rule.description,
                "violations": r.count, "sample_rows": ", ".join(map(str, r.rows[:5]))}
               for o in outcomes for r in o.results]
    _load_frame(con, "audit.rule_results", pd.DataFrame(results))
    _load_frame(con, "audit.reconciliation", pd.DataFrame(
        [{"source": o.source.name, "file": str(o.file.name), "rows_read": o.rows_read, "rows_loaded": o.rows_loaded,
          "rows_quarantined": o.rows_quarantined, "rows_not_yet_published": o.rows_not_yet_published,
          "warnings": sum(w.count for w in o.warnings)} for o in outcomes]))


def build(outcomes, manifest_entries, as_of: _dt.date, order=None, log=print) -> tuple[Path, list[dict]]:
    """Build the whole warehouse as of `as_of` into a temporary file and swap it in atomically.
    The caller holds the build lock (pipeline/build/run.py takes it once for the whole build).
    Returns the warehouse and the cross-dataset check results (rule, severity, description,
    violations)."""
    return _build(outcomes, manifest_entries, as_of, order, log)


def remove_stale_temporaries(target: Path, log=print) -> list[Path]:
    """Temporary files (and their WALs) left by a build that was killed, and records it staged
    (pipeline/records/store.py). Only called under the build lock, so no live build owns them."""
    stale = sorted(target.parent.glob(f".{target.name}.building-*")) + records_store.stale(target)
    for p in stale:
        p.unlink(missing_ok=True)
    if stale:
        log(f"  removed {len(stale)} temporary file(s) left by an interrupted build")
    return stale


def _build(outcomes, manifest_entries, as_of, order=None, log=print) -> tuple[Path, list[dict]]:
    target = paths.warehouse_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target, log=log)
    tmp = target.with_name(f".{target.name}.building-{os.getpid()}")
    records_store.adopt(tmp)  # the records validated into a staging database: already in place
    con = duckdb.connect(str(tmp), config={"storage_compatibility_version": STORAGE_VERSION})
    try:
        load(con, outcomes, manifest_entries, as_of)
        run_models(con, order, log=log)
        from .checks import run_checks  # cross-dataset rules (issue 3): audit.cross_checks
        checks = run_checks(con, log=log).to_dict("records")
        con.execute("checkpoint")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        records_store.finish(ok=False)  # this build's staged records, if not yet taken over
        raise
    con.close()
    Path(str(tmp) + ".wal").unlink(missing_ok=True)  # checkpointed: nothing left in it
    # A WAL left by a crashed writer of the old file must not be replayed onto the new one.
    Path(str(target) + ".wal").unlink(missing_ok=True)
    pause_point("replace")
    os.replace(tmp, target)
    pause_point("replaced")
    records_store.finish(ok=True)
    return target, [{**c, "violations": int(c["violations"])} for c in checks]
