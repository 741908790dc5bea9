"""`make bench`: how fast casualty records go through the pipeline, against DuckDB alone.

For each size (default 1M then 10M rows) a seeded generator writes a SYNTHETIC IMSMA-style file
(pipeline/records/synth.py, ~1 in 1,000 rows breaking a rule) into a scratch folder outside the
repository (LANDMINE_BENCH_DIR, default $TMPDIR/landmine-bench; reused when present), then runs,
each in a fresh process (wall time and peak RSS measured by the parent with wait4):

  (a) raw_read  the floor: DuckDB reads the CSV and computes the yearly civilian/child breakdown;
                nothing is stored, nothing validated;
  (b) pipeline  the pipeline's own path: map, validate every row (the declared rules as SQL),
                quarantine, store the valid rows as the table raw.casualty_records in the
                warehouse file (written as the build writes it), build marts.record_casualties;
  (c) duckdb    a minimal hand-written DuckDB path: read, the same rules as SQL counts, load into
                a DuckDB table in a file, aggregate.

First, the build itself on the shipped data (outputs in the scratch folder), each in a fresh
process: `all --force` (a full build and report: what `make report` does on a fresh clone with the
venv in place, Colombia's ~49,000 records included; target under 15 s on 2 cores), `all` again
(nothing changed: up to date), and the interpreter starting and doing nothing, the floor a no-op
cannot beat; ratios against it.

It ends with `ratio pipeline/raw_read: X.XX` per size. A benchmark, not a test: numbers depend on
the machine and its load; nothing here asserts a time."""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..asof import resolve
from ..files import paths
from ..sql import quote

SIZES = [1_000_000, 10_000_000]
SEED = 20241
BAD_SHARE = 0.001
MAPPING = paths.PROJECT_DIR / "tests" / "fixtures" / "casualty_records" / "synthetic_imsma" / "mapping.yml"
PATHS = ("raw_read", "pipeline", "duckdb")


def bench_dir() -> Path:
    return Path(os.environ.get("LANDMINE_BENCH_DIR") or Path(tempfile.gettempdir()) / "landmine-bench")


def dataset(rows: int, folder: Path, log=print) -> Path:
    """The synthetic file of `rows` rows (generated once per size and seed), with its mapping."""
    from ..records import synth  # here: only a bench generates data
    d = folder / f"records-{rows}-seed{SEED}"
    f = d / "imsma_export.csv"
    d.mkdir(parents=True, exist_ok=True)
    shutil.copy2(MAPPING, d / "mapping.yml")
    if not f.exists():
        t = time.perf_counter()
        synth.write(f, rows, shape="imsma", seed=SEED, bad_share=BAD_SHARE)
        log(f"generated {f} ({rows:,} rows, {f.stat().st_size / 2**20:,.0f} MiB) in {time.perf_counter() - t:.1f}s")
    return f


# -- the three paths (each runs in its own process: python -m pipeline.tools.bench run <path> <file> <work>)
# Each imports what it uses inside its function: a measured process loads only its own path's
# modules (the raw-read floor never pays for the pipeline's).

def _floor(file: Path, work: Path) -> dict:
    # here: see above (a measured process loads only its own path)
    import duckdb
    from ..records import mapping as M
    m = M.for_file(file)
    c, v = m.columns, m.values
    civ = [k for k, x in v["status"].items() if x == "civilian"]
    kid = [k for k, x in v["age_group"].items() if x == "child"]
    lit = lambda xs: ", ".join(M._lit(x) for x in xs)  # noqa: E731
    q = quote
    # (DuckDB would push a bare try_cast into the CSV reader and fail on a bad cell: guard it)
    age = f"CASE WHEN regexp_full_match({q(c['age'])}, '[0-9]+') THEN {q(c['age'])}::integer END"
    sql = (f"select year(try_strptime({q(c['incident_date'])}, {M._lit(m.date_format)})) as data_year, "
           f"count(*) as total, count(*) filter (where {q(c['status'])} in ({lit(civ)})) as civilian, "
           f"count(*) filter (where {age} < 18 or "
           f"({age} is null and {q(c['age_group'])} in ({lit(kid)}))) as child "
           f"from read_csv({M._lit(str(file))}, header=true, all_varchar=true) group by all order by 1")
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    rows = con.execute(sql).fetchall()
    return {"rows": sum(r[1] for r in rows), "years": len(rows)}


def _pipeline(file: Path, work: Path) -> dict:
    os.environ["LANDMINE_PROCESSED_DIR"] = str(work / "processed")
    os.environ.pop("LANDMINE_WAREHOUSE", None)
    # here: see above (a measured process loads only its own path)
    from ..records import load, store
    from ..sources import get
    from ..build.contracts import MARTS_DIR, STAGING_DIR, check_contract, contracts
    src = get("casualty_records")
    # as a build: validated straight into the staging database, which becomes the warehouse file
    o = load.run(src, file, engine="sql", log=lambda s: print(s, file=sys.stderr), into=store.staging_db())
    db = work / "processed" / "records.duckdb"
    db.unlink(missing_ok=True)
    store.adopt(db)
    con = load.connect(db)
    store.load_into(con, [o])
    q = o.quarantine.copy()
    q.insert(0, "source", src.name)
    con.register("_q", q)
    con.execute("create table audit.quarantine as select * from _q")
    con.execute("create schema staging")  # the records' staging model is a view over raw.casualty_records
    con.execute("create view staging.stg_casualty_records as "
                + (STAGING_DIR / "stg_casualty_records.sql").read_text(encoding="utf-8"))
    con.execute("create schema intermediate")  # the register's snapshots, ranked once
    con.execute("create table intermediate.int_register_snapshots as "
                + (MARTS_DIR.parent / "intermediate" / "int_register_snapshots.sql").read_text(encoding="utf-8"))
    con.execute("create schema marts")
    con.execute("create table marts.record_casualties as "
                + (MARTS_DIR / "record_casualties.sql").read_text(encoding="utf-8"))
    problems = check_contract(con, next(m for m in contracts() if m["name"] == "record_casualties"))
    assert not problems, problems
    con.execute("checkpoint")
    con.close()
    return {"rows": o.rows_read, "loaded": o.rows_loaded, "quarantined": o.rows_quarantined,
            "rule_counts": {k: v for k, v in o.rule_counts().items() if v}}


def _duckdb(file: Path, work: Path) -> dict:
    # here: see above (a measured process loads only its own path)
    import duckdb
    from ..records import load, mapping as M
    from ..sources import get
    src = get("casualty_records")
    sql, rules = load.flags_sql(src, M.for_file(file).select_sql(file), resolve())
    db = work / "handwritten.duckdb"
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    con.execute("SET enable_progress_bar = false")
    con.execute(f"create table records as {sql}")
    counts = con.execute("select count(*), " + ", ".join(f"sum(_v{i}::int)" for i in range(len(rules)))
                         + " from records").fetchall()[0]
    con.execute("create table yearly as select source, data_year, country, count(*) as total, "
                "count(*) filter (where status = 'civilian') as civilian, "
                "count(*) filter (where age_class = 'child') as child from records where not _bad group by all")
    con.execute("checkpoint")
    con.close()
    return {"rows": counts[0], "rule_counts": {r.name: counts[i + 1] for i, r in enumerate(rules) if counts[i + 1]}}


def _peak_rss_kib() -> int | None:
    """This process's peak resident set (VmHWM). Unlike the parent's wait4 ru_maxrss it does not
    include the parent's memory copied at fork, which is reset by exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _child(argv) -> int:
    path, file, work = argv[0], Path(argv[1]), Path(argv[2])
    work.mkdir(parents=True, exist_ok=True)
    res = {"raw_read": _floor, "pipeline": _pipeline, "duckdb": _duckdb}[path](file, work)
    res["vmhwm_kib"] = _peak_rss_kib()
    print(json.dumps(res))
    return 0


def measure(path: str, file: Path, work: Path) -> dict:
    """Run one path in a fresh process; wall time and the child's own peak RSS (wait4)."""
    env = dict(os.environ, GX_ANALYTICS_ENABLED="False")
    with tempfile.TemporaryFile() as out_f, tempfile.TemporaryFile() as err_f:
        t = time.perf_counter()
        p = subprocess.Popen([sys.executable, "-m", "pipeline.tools.bench", "run", path, str(file), str(work)],
                             stdout=out_f, stderr=err_f, env=env, cwd=paths.PROJECT_DIR)
        _, status, usage = os.wait4(p.pid, 0)  # this child's own rusage (peak RSS), not all children's
        wall = time.perf_counter() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        out_f.seek(0)
        err_f.seek(0)
        out, err = out_f.read(), err_f.read()
    if p.returncode:
        raise RuntimeError(f"bench path {path} failed:\n{err.decode()[-3000:]}")
    res = json.loads(out.decode().strip().splitlines()[-1])
    res.update({"path": path, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                "rss_mib": (res.pop("vmhwm_kib") or usage.ru_maxrss) / 1024})
    return res


def _timed(argv, env) -> tuple[float, str]:
    t = time.perf_counter()
    p = subprocess.run([sys.executable, *argv], env=env, cwd=paths.PROJECT_DIR, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode:
        raise RuntimeError(f"bench: {' '.join(argv)} failed:\n{(p.stdout + p.stderr)[-3000:]}")
    return wall, p.stdout


REPORT_TARGET_S = 15.0  # make report on the shipped data, venv in place, 2 cores (issue 10)


def build_times(folder: Path, log=print) -> dict:
    """Full build and report, then the same with nothing changed, then a bare interpreter."""
    work = folder / "build"
    shutil.rmtree(work, ignore_errors=True)
    env = dict(os.environ, GX_ANALYTICS_ENABLED="False", MPLBACKEND="Agg",
               LANDMINE_PROCESSED_DIR=str(work / "processed"), LANDMINE_REPORTS_DIR=str(work / "reports"))
    env.pop("LANDMINE_WAREHOUSE", None)
    full, full_out = _timed(["-m", "pipeline", "all", "--force"], env)
    noop, out = _timed(["-m", "pipeline", "all"], env)
    floor, _ = _timed(["-c", "pass"], env)
    up_to_date = "warehouse up to date" in out and "report up to date" in out
    shutil.rmtree(work, ignore_errors=True)
    log(f"  build (shipped data)  full `all --force` {full:7.2f} s   no-op `all` {noop:6.2f} s"
        f"{'  (up to date)' if up_to_date else '  (NOT up to date)'}   python startup {floor:5.2f} s")
    log(f"  ratio no-op/startup: {noop / floor:.2f}; full/no-op: {full / noop:.1f}")
    m = re.search(r"rows read (\d+) = loaded (\d+) \+ quarantined (\d+)", full_out)
    log(f"  make report (all shipped data, {int(m.group(1)) if m else 0:,} rows read): full {full:.2f} s "
        f"(target < {REPORT_TARGET_S:.0f} s on 2 cores; {os.cpu_count()} CPU(s) here)")
    return {"full": full, "noop": noop, "startup": floor, "up_to_date": up_to_date}


def run(sizes=SIZES, folder: Path | None = None, log=print) -> list[dict]:
    folder = folder or bench_dir()
    log(f"benchmark files in {folder} (synthetic, seed {SEED}; never committed); "
        f"{os.cpu_count()} CPU(s), shared with whatever else runs")
    build_times(folder, log)
    results = []
    for n in sizes:
        f = dataset(n, folder, log)
        rows = []
        for path in PATHS:
            work = folder / f"work-{n}-{path}"
            shutil.rmtree(work, ignore_errors=True)
            r = measure(path, f, work)
            shutil.rmtree(work, ignore_errors=True)
            r["size"] = n
            rows.append(r)
            extra = (f"  loaded {r['loaded']:,} + quarantined {r['quarantined']:,}" if path == "pipeline" else "")
            log(f"  {n:>11,} rows  {path:<9} {r['rows'] / r['wall']:>12,.0f} rows/s  {r['wall']:7.2f} s  "
                f"peak RSS {r['rss_mib']:7.0f} MiB  cpu {r['cpu']:6.2f} s{extra}")
        a, b, c = (next(r for r in rows if r["path"] == p) for p in PATHS)
        if b.get("rule_counts") != c.get("rule_counts"):
            log(f"  WARNING: rule counts differ: pipeline {b.get('rule_counts')} vs duckdb {c.get('rule_counts')}")
        log(f"  rule violations (both paths): {b.get('rule_counts')}")
        log(f"  ratio duckdb/raw_read: {c['wall'] / a['wall']:.2f}; in CPU seconds (less sensitive to other "
            f"load on the machine): pipeline/raw_read {b['cpu'] / a['cpu']:.2f}, duckdb/raw_read {c['cpu'] / a['cpu']:.2f}")
        results.append({"size": n, "ratio": b["wall"] / a["wall"], "rows": rows})
    for r in results:  # the headline lines, smallest size first, the largest last
        log(f"ratio pipeline/raw_read: {r['ratio']:.2f}  ({r['size']:,} rows)")
    return results


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "run":
        return _child(argv[1:])
    p = argparse.ArgumentParser(prog="python -m pipeline bench")
    p.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated row counts")
    p.add_argument("--dir", help="scratch folder for the generated files (default $LANDMINE_BENCH_DIR or "
                                 "$TMPDIR/landmine-bench)")
    a = p.parse_args(argv)
    run([int(s) for s in a.sizes.split(",")], Path(a.dir) if a.dir else None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
