"""Load a casualty-record file: map, validate every row, quarantine, store the valid rows.

One declaration of the rules (pipeline/sources/casualty_records.py), two engines:
- `gx`: the mapped file as a pandas frame through Great Expectations (pipeline/validate/run.py), for
  small files, samples and fixtures;
- `sql`: one DuckDB statement over the whole file maps, types and evaluates every rule's
  `violation_sql`, and writes every row into a DuckDB table with its rule flags packed into one
  word (and, for a flagged row only, its values as JSON). The flagged rows, a few in a thousand,
  are then read back for the quarantine and the breaking ones deleted. No row passes through
  Python, DuckDB streams the file in parallel: memory stays bounded whatever the file size.
Both give the same per-rule violation counts (tests/test_records_equivalence.py). Either way:
rows read = loaded + quarantined.

Where the valid rows go: `into`, a DuckDB database whose raw.casualty_records receives them (a
build stages them so, pipeline/records/store.py); or `parquet`, a file (tests, ad-hoc use); or
nowhere (validate only: `validate --file`, refresh)."""
from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .. import asof as _asof
from ..errors import SourceReadError
from ..sql import STORAGE_VERSION, text_literal
from ..validate.outcome import QUARANTINE_COLUMNS, Outcome, RuleResult
from . import mapping as M
# What reaches raw.casualty_records (personal fields never do: the mapping drops them).
from .schema import HELPERS, OUT_COLUMNS, OUT_SCHEMA, SQL_TYPES, TABLE, create_sql  # noqa: F401
from ..validate import run as validate
from ..files import paths

GX_MAX_BYTES = 2_000_000  # above this a record file is validated by the SQL engine
SAMPLES = 5  # rows kept per rule as examples (every quarantined row is kept in full)
_batches = itertools.count(time.time_ns())  # tells apart the files staged into one table


def _progress(log, label, done, t0):
    rate = done / max(time.perf_counter() - t0, 1e-9)
    log(f"  {label}: {done:,} rows read ({rate:,.0f} rows/s)")


def choose_engine(file: Path, engine: str = "auto") -> str:
    if engine != "auto":
        return engine
    return "gx" if Path(file).stat().st_size <= GX_MAX_BYTES else "sql"


def connect(db: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB file in the project's storage version (a staged database becomes the warehouse)."""
    con = duckdb.connect(str(db), config={"storage_compatibility_version": STORAGE_VERSION})
    con.execute("SET enable_progress_bar = false")
    return con


def run(source, file: Path, parquet: Path | None = None, engine: str = "auto", log=print,
        label: str | None = None, into: Path | None = None, as_of=None) -> Outcome:
    """Validate one record file as of `as_of` (default: $LANDMINE_AS_OF or today); its valid rows go
    to the DuckDB database `into` (appended to its raw.casualty_records), or to the Parquet file
    `parquet`, or nowhere."""
    file = Path(file)
    if not file.exists():
        raise SourceReadError(f"{file}: file not found")
    if parquet is not None and into is not None:
        raise ValueError("valid rows go to one place: parquet or into")
    m = M.for_file(file)
    engine = choose_engine(file, engine)
    if engine == "gx":  # swapped headers are refused before a row is loaded (sql: in its one pass)
        m.check_content(file)
    label = label or file.name
    t0 = time.perf_counter()
    out = (_run_gx if engine == "gx" else _run_sql)(source, file, m, Path(parquet) if parquet else None,
                                                   Path(into) if into else None, _asof.resolve(as_of))
    out.seconds = time.perf_counter() - t0
    _progress(log, label, out.rows_read, t0)
    assert out.reconciles, out.summary()
    return out


# -- the GX engine ----------------------------------------------------------------------------

def _run_gx(source, file, m, parquet, into, as_of):
    import pandas as pd  # here: the SQL engine (every large file) never loads pandas


    text = source.read(file)
    o = validate.run(source, file, text=text, as_of=as_of)
    results = [RuleResult(r.rule, r.rows[:SAMPLES], r.values[:SAMPLES], total=r.count) for r in o.results]
    batch = None
    if parquet is not None or into is not None:
        df = o.loaded.copy()
        df["_file"] = _file_label(file)
        con = duckdb.connect()
        con.register("df", df[list(OUT_COLUMNS)])
        tbl = con.sql("select * from df").arrow()
        if isinstance(tbl, pa.RecordBatchReader):
            tbl = tbl.read_all()
        con.close()
        tbl = _conform(tbl)
        if parquet is not None:
            _write_table(tbl, parquet)
        else:
            batch = _append(into, tbl)
    q = o.quarantine if len(o.quarantine) else pd.DataFrame(columns=QUARANTINE_COLUMNS)
    return Outcome(source, file, o.rows_read, q, results, rows_loaded_count=o.rows_loaded, parquet=parquet,
                   stored_in=into, batch=batch, mapping=m, engine="gx")


def _append(db: Path, tbl: pa.Table) -> int:
    """Valid rows (already checked) appended to the database's records table, as one batch."""
    batch = next(_batches)
    con = connect(db)
    try:
        con.execute("CREATE SCHEMA IF NOT EXISTS raw")
        con.execute(create_sql(_table()))
        con.register("_valid", tbl)
        cols = ", ".join(f'"{c}"' for c in OUT_COLUMNS)
        con.execute(f"INSERT INTO {_table()} ({cols}, _flags, _batch) SELECT {cols}, 0, {batch} FROM _valid")
    finally:
        con.close()
    return batch


# -- the SQL engine ---------------------------------------------------------------------------

def flags_sql(source, mapped_sql: str, as_of) -> tuple[str, list]:
    """One query over the mapped text: text-stage rules on the text, then typing (the SQL twin of
    Source.typed), the derived columns and the typed-stage rules. One boolean `_v<i>` per rule,
    TRUE where the row breaks it (the rule's own `violation_sql`; NULL: not broken), the text of
    each retyped column as `_text_<name>`, and `_bad` (TRUE: an error rule is broken)."""
    rules = source.all_rules(as_of)
    text_flags = ", ".join(f"({r.violation_sql()}) AS _v{i}"
                           for i, r in enumerate(rules) if r.stage == "text") or "NULL AS _none"
    retyped = [c for c in source.columns if c.type != "str"]
    replace = (" REPLACE (" + ", ".join(f"{source.typed_sql(c)} AS \"{c.name}\"" for c in retyped) + ")"
               if retyped else "")
    keep_text = "".join(f', "{c.name}" AS "_text_{c.name}"' for c in retyped)
    derived = "".join(f', ({e}) AS "{n}"' for n, e in source.derived.items())
    typed_flags = ", ".join(f"({r.violation_sql()}) AS _v{i}"
                            for i, r in enumerate(rules) if r.stage != "text")
    bad = " OR ".join(f"_v{i}" for i, r in enumerate(rules) if r.severity == "error") or "false"
    sql = (f"WITH m AS ({mapped_sql}),\n"
           f"t AS (SELECT *, {text_flags} FROM m),\n"
           f"ty AS (SELECT *{replace}{keep_text} FROM t),\n"
           f"d AS (SELECT *{derived} FROM ty),\n"
           f"f AS (SELECT *{', ' + typed_flags if typed_flags else ''} FROM d)\n"
           f"SELECT *, coalesce({bad}, false) AS _bad FROM f")
    return sql, rules


def stage_sql(source, m, file: Path, batch: int, keep: bool, as_of) -> tuple[str, list, list]:
    """INSERT every row of the file into the records table: (`keep`) its stored columns, and always
    the helpers: `_flags` (bit i set: rule i broken; computed only for a row some rule flags),
    `_q` (that row's text and typed values, JSON), `_swap` (the mapping's swapped-headers check
    terms) and `_batch`. `_row` is set afterwards. Returns the SQL, the rules and the swap terms."""
    swap = m.swap_terms(file)
    sql, rules = flags_sql(source, m.select_sql(file, swap=bool(swap)), as_of)
    if len(rules) > 64:
        raise ValueError(f"{source.name}: {len(rules)} rules; the packed flags hold 64")
    anyv = "coalesce(" + " OR ".join(f"_v{i}" for i in range(len(rules))) + ", false)"
    pack = " | ".join(f"(CASE WHEN _v{i} THEN {1 << i} ELSE 0 END)::UBIGINT" for i in range(len(rules)))
    text = {c.name: (f'"_text_{c.name}"' if c.type != "str" else f'"{c.name}"') for c in source.columns}
    typed = [c.name for c in source.columns if c.type != "str"] + list(source.derived)
    q = ("to_json({'t': {" + ", ".join(f"{M._lit(n)}: {e}" for n, e in text.items()) + "}, 'v': {"
         + ", ".join(f"{M._lit(n)}: \"{n}\"" for n in typed) + "}})")
    cols, exprs = [], []
    if keep:
        for f in OUT_SCHEMA:
            if f.name != "_row":
                cols.append(f.name)
                exprs.append(M._lit(_file_label(file)) if f.name == "_file"
                             else f'TRY_CAST("{f.name}" AS {SQL_TYPES[f.type]})')
    cols += ["_flags", "_q", "_batch"] + (["_swap"] if swap else [])
    exprs += [f"CASE WHEN {anyv} THEN {pack} ELSE 0 END", f"CASE WHEN {anyv} THEN {q} END", str(batch)]
    exprs += ["_swap"] if swap else []
    target = ", ".join(f'"{c}"' for c in cols)
    return f"INSERT INTO {_table()} ({target})\nSELECT {', '.join(exprs)}\nFROM ({sql})", rules, swap


def _table() -> str:
    return ".".join(f'"{p}"' for p in TABLE.split("."))


def _run_sql(source, file, m, parquet, into, as_of):
    """Stage the file into `into` (or a scratch database), read back counts and flagged rows,
    delete the breaking rows; for `parquet`, copy the valid rows out of the scratch database."""
    scratch = None if into is not None else Path(tempfile.mkdtemp(prefix="records-check-"))
    keep = scratch is None or parquet is not None
    batch = next(_batches)
    con = connect(into if into is not None else scratch / "check.duckdb")
    try:
        try:
            rules = _stage(con, source, m, file, batch, keep, as_of)
        except BaseException:
            if into is not None:  # nothing of a refused file stays staged
                with contextlib.suppress(duckdb.Error):
                    con.execute(f"DELETE FROM {_table()} WHERE _batch = {batch}")
            raise
        read, results, quarantine = _read_back(con, source, rules, batch)
        errors = sum(1 << i for i, r in enumerate(rules) if r.severity == "error")
        if keep:
            con.execute(f"DELETE FROM {_table()} WHERE _batch = {batch} AND _flags & {errors} <> 0")
        if parquet is not None:
            _copy_out(con, parquet)
    finally:
        con.close()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    loaded = read - (int(quarantine["row_number"].nunique()) if len(quarantine) else 0)
    return Outcome(source, file, read, quarantine, results, rows_loaded_count=loaded, parquet=parquet,
                   stored_in=into, batch=batch if into is not None else None, mapping=m, engine="sql")


def _stage(con, source, m, file, batch, keep, as_of) -> list:
    """The one pass over the file (stage_sql), the rows numbered, the swapped-headers check."""
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    con.execute(create_sql(_table()) if keep else
                f"CREATE TABLE {_table()} (_row BIGINT, {', '.join(f'{n} {t}' for n, t in HELPERS)})")
    sql, rules, swap = stage_sql(source, m, file, batch, keep, as_of)
    try:
        con.execute(sql)
    except duckdb.Error as exc:
        raise SourceReadError(f"{file}: cannot be read with its mapping ({exc})") from exc
    if swap:
        rows, *counts = con.execute("SELECT count(*), " + ", ".join(
            f"count(*) FILTER (WHERE _swap & {1 << i} <> 0)" for i in range(len(swap)))
                                    + f" FROM {_table()} WHERE _batch = {batch}").fetchall()[0]
        m.refuse_swapped(file, swap, counts, rows)
    # rows are stored in file order: a row's number is its place in the batch
    con.execute(f"UPDATE {_table()} SET _row = rowid - (SELECT min(rowid) FROM {_table()} "
                f"WHERE _batch = {batch}) + 1 WHERE _batch = {batch}")
    return rules


def _read_back(con, source, rules, batch):
    """Rows read, each rule's count and first rows, and the quarantine, from the staged batch:
    counts over the packed flags; values only of the flagged rows (every row an error rule breaks,
    the first SAMPLES of each warn rule)."""
    import pandas as pd  # here: only flagged rows reach pandas (see _run_gx)

    t = _table()
    bits = ", ".join(f"count(*) FILTER (WHERE _flags & {1 << i} <> 0)" for i in range(len(rules)))
    read, *counts = con.execute(f"SELECT count(*), {bits} FROM {t} WHERE _batch = {batch}").fetchall()[0]
    errors = sum(1 << i for i, r in enumerate(rules) if r.severity == "error")
    wanted = [f"_flags & {errors} <> 0"] + [
        f"_row IN (SELECT _row FROM {t} WHERE _batch = {batch} AND _flags & {1 << i} <> 0 ORDER BY _row LIMIT {SAMPLES})"
        for i, r in enumerate(rules) if r.severity != "error" and counts[i]]
    flagged = con.execute(f"SELECT _row, _flags, _q FROM {t} WHERE _batch = {batch} AND _flags <> 0 "
                          f"AND ({' OR '.join(wanted)}) ORDER BY _row").fetchall()
    samples = [[] for _ in rules]
    qrows = []
    for row, flags, q in flagged:
        q = json.loads(q)
        record = q["t"]
        for i, r in enumerate(rules):
            if not flags >> i & 1:
                continue
            vals = {c: (record.get(c) if r.stage == "text" or c not in q["v"] else q["v"][c]) for c in r.columns}
            if len(samples[i]) < SAMPLES:
                samples[i].append((row, vals))
            if r.severity == "error":
                qrows.append({"row_number": row, "rule": r.name, "severity": r.severity, "message": r.description,
                              "values": json.dumps(vals, ensure_ascii=False, default=str),
                              "record": json.dumps(record, ensure_ascii=False)})
    results = [RuleResult(r, [s[0] for s in samples[i]], [s[1] for s in samples[i]], total=counts[i])
               for i, r in enumerate(rules)]
    q = pd.DataFrame(qrows, columns=QUARANTINE_COLUMNS)
    if len(q):
        q = q.sort_values(["row_number", "rule"]).reset_index(drop=True)
    return read, results, q


def finish_table(con) -> None:
    """The staged table as it is published: helper columns dropped (breaking rows are gone)."""
    for name, _ in HELPERS:
        con.execute(f"ALTER TABLE {_table()} DROP COLUMN IF EXISTS {name}")


def _copy_out(con, parquet: Path) -> None:
    finish_table(con)
    parquet.parent.mkdir(parents=True, exist_ok=True)
    tmp = parquet.with_name(parquet.name + f".part-{os.getpid()}")
    cols = ", ".join(f'"{c}"' for c in OUT_COLUMNS)
    con.execute(f"COPY (SELECT {cols} FROM {_table()} ORDER BY _row) TO {text_literal(tmp.as_posix())} "
                "(FORMAT parquet, COMPRESSION snappy)")
    os.replace(tmp, parquet)


def _file_label(file: Path) -> str:
    f = Path(file).resolve()
    return str(f.relative_to(paths.raw_dir())) if f.is_relative_to(paths.raw_dir()) else f.name


def _conform(tbl: pa.Table) -> pa.Table:
    cols = []
    for fld in OUT_SCHEMA:
        c = tbl.column(fld.name)
        cols.append(c if c.type == fld.type else pc.cast(c, fld.type))
    return pa.Table.from_arrays(cols, schema=OUT_SCHEMA)


def _write_table(tbl: pa.Table, parquet: Path) -> None:
    parquet.parent.mkdir(parents=True, exist_ok=True)
    tmp = parquet.with_name(parquet.name + f".part-{os.getpid()}")
    pq.write_table(tbl, tmp, compression="snappy")
    os.replace(tmp, parquet)


def stderr_log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)
