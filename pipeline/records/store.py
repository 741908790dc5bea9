"""Where validated casualty records live: Parquet files under data/processed/records/ (written in
the same pass that validates them), exposed in the warehouse as the view raw.casualty_records.
A 10-million-row file is never copied into the DuckDB file; the marts aggregate the Parquet.

During ingest each file's valid rows are written to a staging folder (a validate-only run leaves
nothing behind). A build links them into a folder of its own (records/build-<id>/) that its view
names; a failed build removes that folder, a successful one prunes all but itself and the build
before it (so a reader still holding the previous warehouse can finish). The previous warehouse's
records are never overwritten."""
from __future__ import annotations

import atexit
import os
import shutil
import time
from pathlib import Path

import pandas as pd

from ..files import paths
from .load import OUT_SCHEMA

VIEW = "raw.casualty_records"
DATASETS = "audit.record_datasets"


def records_dir() -> Path:
    return paths.processed_dir() / "records"


def staging_dir() -> Path:
    d = records_dir() / f".staging-{os.getpid()}"
    if not d.exists():
        d.mkdir(parents=True, exist_ok=True)
        atexit.register(shutil.rmtree, d, True)
    return d


def staging_path(raw_path: str) -> Path:
    """data/raw/casualty_records/<dataset>/<file>.csv -> a staging Parquet file name."""
    stem = raw_path.replace("/", "__").rsplit(".", 1)[0]
    return staging_dir() / f"{stem}.parquet"


def _empty_sql() -> str:
    types = {"string": "VARCHAR", "date32[day]": "DATE", "int32": "INTEGER", "int64": "BIGINT"}
    return "select " + ", ".join(f"NULL::{types[str(f.type)]} as \"{f.name}\"" for f in OUT_SCHEMA) + " where false"


_pending: list[Path] = []


def load_into(con, outcomes) -> None:
    """raw.casualty_records (a view over the Parquet files; empty when there are none) and
    audit.record_datasets (one row per record file: dataset, mapping, synthetic or not)."""
    final_dir = records_dir() / f"build-{time.time_ns()}-{os.getpid()}"
    final = []
    for o in outcomes:
        if o.parquet is None or not Path(o.parquet).exists():
            continue
        final_dir.mkdir(parents=True, exist_ok=True)
        _pending.append(final_dir)
        dst = final_dir / Path(o.parquet).name
        try:
            os.link(o.parquet, dst)
        except OSError:
            shutil.copy2(o.parquet, dst)
        final.append(dst)
    con.execute("create schema if not exists raw")
    con.execute("create schema if not exists audit")
    if final:
        files = "[" + ", ".join("'" + f.as_posix().replace("'", "''") + "'" for f in sorted(final)) + "]"
        con.execute(f"create or replace view {VIEW} as select * from read_parquet({files})")
    else:
        con.execute(f"create or replace view {VIEW} as {_empty_sql()}")
    rows = [{"source": o.mapping.dataset, "file": o.file.name, "mapping": paths.rel(o.mapping.path),
             "synthetic": o.mapping.synthetic, "description": o.mapping.description,
             "country": o.mapping.country, "engine": o.engine, "rows_read": o.rows_read,
             "rows_loaded": o.rows_loaded, "rows_quarantined": o.rows_quarantined,
             "parquet": paths.rel(final_dir / Path(o.parquet).name) if o.parquet else None}
            for o in outcomes if o.mapping is not None]  # not yet published: not read (audit.not_yet_published)
    df = pd.DataFrame(rows, columns=["source", "file", "mapping", "synthetic", "description", "country", "engine",
                                     "rows_read", "rows_loaded", "rows_quarantined", "parquet"])
    df = df.astype({"synthetic": "boolean", "rows_read": "int64", "rows_loaded": "int64",
                    "rows_quarantined": "int64"})
    con.register("_ds", df)
    con.execute(f"create or replace table {DATASETS} as select * from _ds")
    con.unregister("_ds")


def finish(ok: bool) -> None:
    """After the warehouse swap (ok) or a failed build (not ok): see the module docstring."""
    current = list(_pending)
    _pending.clear()
    # this build's staging files are linked into its folder (or no longer wanted): not left for
    # exit, so a process that builds again (or a test session) starts clean
    shutil.rmtree(records_dir() / f".staging-{os.getpid()}", ignore_errors=True)
    if not ok:
        for d in current:
            shutil.rmtree(d, ignore_errors=True)
        return
    root = records_dir()
    if not root.exists():
        return
    builds = sorted((d for d in root.glob("build-*") if d.is_dir()),
                    key=lambda d: int(d.name.split("-")[1]))
    keep = set(current) | set(builds[-2:] if current else builds[-1:])
    for d in builds:
        if d not in keep:
            shutil.rmtree(d, ignore_errors=True)
