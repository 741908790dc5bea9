"""Where validated casualty records live: the table raw.casualty_records inside the warehouse file
itself, so a warehouse copied alone answers every query and stores no path of this machine.

A build's ingest validates each record file with DuckDB straight into a staging database beside
the warehouse (.<warehouse>.records-<pid>, pipeline/records/load.py): the rows land in their final
table in the same pass that validates them. The build then takes that file over as its temporary
warehouse (a rename, not a copy: ten million rows are written once), drops the staging helper
columns and builds everything else into it, then swaps it in atomically as before. A failed build
removes it; one killed half-way leaves it for the next build to remove (pipeline/build/warehouse.py)."""
from __future__ import annotations

import atexit
import os
import shutil
from pathlib import Path

import pandas as pd

from ..errors import PipelineError
from ..files import paths
from .load import finish_table
from .schema import TABLE, create_sql

DATASETS = "audit.record_datasets"
_STAGING = ".{name}.records-{pid}"
_ours: set[Path] = set()  # staging databases this process created (any other one is stale)


def staging_db() -> Path:
    """This process's staging database for the next build (created on first use; one left by a
    dead process that had the same pid is removed first)."""
    target = paths.warehouse_path()
    db = target.with_name(_STAGING.format(name=target.name, pid=os.getpid()))
    if db not in _ours:
        _remove(db)
        target.parent.mkdir(parents=True, exist_ok=True)
        _ours.add(db)
        atexit.register(_remove, db)
    return db


def stale(target: Path) -> list[Path]:
    """Staging databases (and their WALs) of other processes: left by a killed build. Only called
    under the build lock, when no live build can own one."""
    mine = target.with_name(_STAGING.format(name=target.name, pid=os.getpid()))
    pattern = _STAGING.format(name=target.name, pid="*")
    return sorted(p for p in target.parent.glob(pattern) if p != mine and p.name != mine.name + ".wal")


def adopt(tmp: Path) -> bool:
    """Move this process's staged records to `tmp`, the build's temporary warehouse."""
    db = paths.warehouse_path().with_name(_STAGING.format(name=paths.warehouse_path().name, pid=os.getpid()))
    if db not in _ours or not db.exists():
        return False
    Path(str(db) + ".wal").unlink(missing_ok=True)  # every connection to it was closed (checkpointed)
    os.replace(db, tmp)
    _ours.discard(db)
    return True


def load_into(con, outcomes) -> None:
    """raw.casualty_records (the staged table published, or an empty one when there is no record
    file) and audit.record_datasets (one row per record file: dataset, mapping, synthetic or not)."""
    con.execute("create schema if not exists raw")
    con.execute("create schema if not exists audit")
    schema, name = TABLE.split(".")
    cols = {r[0] for r in con.execute("select column_name from information_schema.columns "
                                      "where table_schema = ? and table_name = ?", [schema, name]).fetchall()}
    table = f'"{schema}"."{name}"'
    if not cols:
        con.execute(create_sql(table, helpers=False))
    elif "_batch" in cols:
        # rows of a file staged by this process for an ingest that never reached a build
        batches = ", ".join(str(o.batch) for o in outcomes if o.batch is not None) or "NULL"
        con.execute(f"DELETE FROM {table} WHERE _batch NOT IN ({batches})")
        finish_table(con)
    expected = sum(o.rows_loaded for o in outcomes)
    have = con.execute(f"select count(*) from {table}").fetchall()[0][0]
    if have != expected:
        raise PipelineError(f"{TABLE}: {have:,} staged rows, but the record files validated for this build "
                            f"have {expected:,} valid rows (were they validated without being kept, or "
                            "already built into another warehouse?)")
    rows = [{"source": o.mapping.dataset, "file": o.file.name, "mapping": _portable(o.mapping.path),
             "synthetic": o.mapping.synthetic, "description": o.mapping.description,
             "country": o.mapping.country, "engine": o.engine, "rows_read": o.rows_read,
             "rows_loaded": o.rows_loaded, "rows_quarantined": o.rows_quarantined}
            for o in outcomes if o.mapping is not None]  # not yet published: not read (audit.not_yet_published)
    df = pd.DataFrame(rows, columns=["source", "file", "mapping", "synthetic", "description", "country", "engine",
                                     "rows_read", "rows_loaded", "rows_quarantined"])
    # typed even when empty (no record file): an untyped empty column would be DuckDB's NULL type
    df = df.astype({"source": "string", "file": "string", "mapping": "string", "synthetic": "boolean",
                    "description": "string", "country": "string", "engine": "string", "rows_read": "int64",
                    "rows_loaded": "int64", "rows_quarantined": "int64"})
    con.register("_ds", df)
    con.execute(f"create or replace table {DATASETS} as select * from _ds")
    con.unregister("_ds")


def finish(ok: bool) -> None:
    """After the warehouse swap (ok) or a failed build: this process's staging database, if still
    there, is removed; after a swap, so are the Parquet folders of builds before records moved
    into the warehouse (data/processed/records/), which nothing reads any more."""
    for db in list(_ours):
        _remove(db)
        _ours.discard(db)
    legacy = paths.processed_dir() / "records"
    if ok and legacy.is_dir():
        for d in legacy.iterdir():
            if d.is_dir() and (d.name.startswith("build-") or d.name.startswith(".staging-")):
                shutil.rmtree(d, ignore_errors=True)
        if not any(legacy.iterdir()):
            legacy.rmdir()


def _portable(path: Path) -> str:
    """A path as the warehouse records it: under data/raw/ (as the manifest names files), never
    an absolute path of this machine."""
    p = Path(path).resolve()
    raw = paths.raw_dir().resolve()
    return str(p.relative_to(raw)) if p.is_relative_to(raw) else f"{p.parent.name}/{p.name}"


def _remove(db: Path) -> None:
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
