"""Load a casualty-record file: map, validate every row, quarantine, persist as Parquet.

One declaration of the rules (pipeline/sources/casualty_records.py), two engines:
- `gx`: the mapped file as a pandas frame through Great Expectations (pipeline/validate/run.py), for
  small files, samples and fixtures;
- `sql`: one streaming DuckDB query over the whole file that maps, types and evaluates every rule's
  `violation_sql` in the same pass; Arrow batches of valid rows go straight to Parquet, breaking
  rows to quarantine. Memory stays bounded whatever the file size; nothing loads the file into pandas.
Both give the same per-rule violation counts (tests/test_records_equivalence.py). Either way:
rows read = loaded + quarantined."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .. import asof as _asof
from ..errors import SourceReadError
from ..validate.outcome import QUARANTINE_COLUMNS, Outcome, RuleResult
from . import mapping as M

GX_MAX_BYTES = 2_000_000  # above this a record file is validated by the SQL engine
BATCH_ROWS = 1 << 20
# What reaches Parquet / raw.casualty_records (personal fields never do: the mapping drops them).
from .schema import OUT_COLUMNS, OUT_SCHEMA  # noqa: E402  (declared once: records/schema.py)


def _progress(log, label, done, t0, final=False):
    rate = done / max(time.perf_counter() - t0, 1e-9)
    log(f"  {label}: {done:,} rows {'read' if final else 'done'} ({rate:,.0f} rows/s)")


def choose_engine(file: Path, engine: str = "auto") -> str:
    if engine != "auto":
        return engine
    return "gx" if Path(file).stat().st_size <= GX_MAX_BYTES else "sql"


def run(source, file: Path, parquet: Path | None, engine: str = "auto", log=print,
        label: str | None = None, as_of=None) -> Outcome:
    """Validate one record file and (if `parquet` is given) write its valid rows there."""
    file = Path(file)
    if not file.exists():
        raise SourceReadError(f"{file}: file not found")
    m = M.for_file(file)
    m.check_content(file)  # swapped headers are refused before a row is loaded
    engine = choose_engine(file, engine)
    label = label or file.name
    t0 = time.perf_counter()
    out = (_run_gx if engine == "gx" else _run_sql)(source, file, m, parquet, log, label, t0, _asof.resolve(as_of))
    out.seconds = time.perf_counter() - t0
    assert out.reconciles, out.summary()
    return out


# -- the GX engine ----------------------------------------------------------------------------

def _run_gx(source, file, m, parquet, log, label, t0, as_of):
    import pandas as pd

    from ..validate import run as validate

    text = source.read(file)
    o = validate.run(source, file, text=text, as_of=as_of)
    results = [RuleResult(r.rule, r.rows[:5], r.values[:5], total=r.count) for r in o.results]
    if parquet is not None:
        df = o.loaded.copy()
        df["_file"] = _file_label(file)
        df = df[[c for c in OUT_COLUMNS]]
        con = duckdb.connect()
        con.register("df", df)
        tbl = con.sql("select * from df").arrow()
        if isinstance(tbl, pa.RecordBatchReader):
            tbl = tbl.read_all()
        con.close()
        _write_table(_conform(tbl), parquet)
    _progress(log, label, o.rows_read, t0, final=True)
    q = o.quarantine if len(o.quarantine) else pd.DataFrame(columns=QUARANTINE_COLUMNS)
    return Outcome(source, file, o.rows_read, q, results, rows_loaded_count=o.rows_loaded, parquet=parquet,
                   mapping=m, engine="gx")


# -- the SQL engine ---------------------------------------------------------------------------

def flags_sql(source, mapped_sql: str, as_of) -> tuple[str, list]:
    """One query over the mapped text: text-stage rules on the text, then typing (the SQL twin of
    Source.typed), the derived columns and the typed-stage rules. One boolean `_v<i>` per rule,
    TRUE where the row breaks it (the rule's own `violation_sql`), and `_bad` for any error rule."""
    rules = source.all_rules(as_of)
    text_flags = ", ".join(f"coalesce({r.violation_sql()}, false) AS _v{i}"
                           for i, r in enumerate(rules) if r.stage == "text") or "NULL AS _none"
    retyped = [c for c in source.columns if c.type != "str"]
    replace = (" REPLACE (" + ", ".join(f"{source.typed_sql(c)} AS \"{c.name}\"" for c in retyped) + ")"
               if retyped else "")
    keep_text = "".join(f', "{c.name}" AS "_text_{c.name}"' for c in retyped)
    derived = "".join(f', ({e}) AS "{n}"' for n, e in source.derived.items())
    typed_flags = ", ".join(f"coalesce({r.violation_sql()}, false) AS _v{i}"
                            for i, r in enumerate(rules) if r.stage != "text")
    bad = " OR ".join(f"_v{i}" for i, r in enumerate(rules) if r.severity == "error") or "false"
    sql = (f"WITH m AS ({mapped_sql}),\n"
           f"t AS (SELECT *, {text_flags} FROM m),\n"
           f"ty AS (SELECT *{replace}{keep_text} FROM t),\n"
           f"d AS (SELECT *{derived} FROM ty),\n"
           f"f AS (SELECT *, {typed_flags} FROM d)\n"
           f"SELECT *, ({bad}) AS _bad FROM f")
    return sql, rules


def _run_sql(source, file, m, parquet, log, label, t0, as_of):
    import pandas as pd

    rules = source.all_rules(as_of)
    sql, _ = flags_sql(source, m.select_sql(file), as_of)
    sql = (f"SELECT *, TRY_CAST(incident_date AS DATE) AS _date, {M._lit(_file_label(file))} AS _file "
           f"FROM ({sql})")
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = false")
    counts = [0] * len(rules)
    samples = [[] for _ in rules]
    qrows: list[dict] = []
    read = loaded = 0
    writer = None
    tmp = None
    if parquet is not None:
        parquet.parent.mkdir(parents=True, exist_ok=True)
        tmp = parquet.with_name(parquet.name + f".part-{os.getpid()}")
        writer = _BackgroundWriter(tmp)
    last = t0
    try:
        try:
            rel = con.sql(sql)
            # DuckDB 2 names it to_arrow_reader; 1.4 (the oldest supported) only fetch_arrow_reader
            reader = (rel.to_arrow_reader if hasattr(rel, "to_arrow_reader") else rel.fetch_arrow_reader)(BATCH_ROWS)
        except duckdb.Error as exc:
            raise SourceReadError(f"{file}: cannot be read with its mapping ({exc})") from exc
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except duckdb.Error as exc:
                raise SourceReadError(f"{file}: cannot be read with its mapping ({exc})") from exc
            n = batch.num_rows
            rows = pa.array(np.arange(read + 1, read + n + 1, dtype=np.int64))
            badmask = batch.column("_bad")
            nbad = pc.sum(badmask).as_py() or 0
            for i, r in enumerate(rules):
                c = pc.sum(batch.column(f"_v{i}")).as_py() or 0
                counts[i] += c
            if nbad:
                bad = batch.filter(badmask)
                bad_rows = rows.filter(badmask).to_pylist()
                recs = bad.select([(f"_text_{c.name}" if c.type != "str" else c.name) for c in source.columns]).to_pylist()
                for i, r in enumerate(rules):
                    fl = bad.column(f"_v{i}").to_pylist()
                    for j, hit in enumerate(fl):
                        if not hit:
                            continue
                        rec = {c.name: recs[j][(f"_text_{c.name}" if c.type != "str" else c.name)] for c in source.columns}
                        vals = {c: (rec.get(c) if r.stage == "text" else bad.column(c)[j].as_py()) for c in r.columns
                                if c in bad.schema.names}
                        if len(samples[i]) < 5:
                            samples[i].append((bad_rows[j], vals))
                        if r.severity == "error":
                            qrows.append({"row_number": bad_rows[j], "rule": r.name, "severity": r.severity,
                                          "message": r.description,
                                          "values": json.dumps(vals, ensure_ascii=False, default=str),
                                          "record": json.dumps(rec, ensure_ascii=False)})
            # warn-rule samples from good rows too
            for i, r in enumerate(rules):
                if r.severity == "warn" and len(samples[i]) < 5:
                    hits = rows.filter(batch.column(f"_v{i}")).to_pylist()[:5 - len(samples[i])]
                    samples[i] += [(h, {}) for h in hits]
            good = batch.filter(pc.invert(badmask)) if nbad else batch
            if writer is not None and good.num_rows:
                cols = {c: good.column(c) for c in OUT_COLUMNS[:-2]}
                cols["incident_date"] = good.column("_date")
                cols["_file"] = good.column("_file")
                cols["_row"] = rows.filter(pc.invert(badmask)) if nbad else rows
                tbl = pa.table(cols)
                writer.write(_conform(tbl))
            read += n
            loaded += good.num_rows
            now = time.perf_counter()
            if now - last >= 2.0:
                _progress(log, label, read, t0)
                last = now
        if writer is not None:
            writer.close()
            writer = None
            os.replace(tmp, parquet)
    finally:
        if writer is not None:
            writer.close()
        if tmp is not None and tmp.exists():
            tmp.unlink()
        con.close()
    _progress(log, label, read, t0, final=True)
    results = [RuleResult(r, [s[0] for s in samples[i]], [s[1] for s in samples[i]], total=counts[i])
               for i, r in enumerate(rules)]
    q = pd.DataFrame(qrows, columns=QUARANTINE_COLUMNS)
    if len(q):
        q = q.sort_values(["row_number", "rule"]).reset_index(drop=True)
    return Outcome(source, file, read, q, results, rows_loaded_count=loaded, parquet=parquet, mapping=m,
                   engine="sql")


class _BackgroundWriter:
    """Parquet writing in a thread (pyarrow releases the GIL), so DuckDB keeps producing the next
    batch while the previous one is encoded. At most two batches wait: memory stays bounded."""

    def __init__(self, path: Path):
        import queue
        import threading
        self._q = queue.Queue(maxsize=2)
        self._err = None
        # record_id is unique: dictionary-encoding it would only be tried and abandoned
        self._w = pq.ParquetWriter(path, OUT_SCHEMA, compression="snappy",
                                   use_dictionary=[f.name for f in OUT_SCHEMA if f.name not in ("record_id", "_row")])
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self):
        while True:
            tbl = self._q.get()
            if tbl is None:
                return
            if self._err is None:
                try:
                    self._w.write_table(tbl)
                except BaseException as exc:  # reported by close()
                    self._err = exc

    def write(self, tbl: pa.Table) -> None:
        if self._err is not None:
            raise self._err
        self._q.put(tbl)

    def close(self) -> None:
        self._q.put(None)
        self._t.join()
        self._w.close()
        if self._err is not None:
            raise self._err


def _file_label(file: Path) -> str:
    from ..files import paths
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
