"""Cross-dataset rules, run as SQL after the marts are built (pipeline/models/checks/*.sql: each
file returns the rows that break its rule; a `-- severity:` and a `-- description:` header say
how bad and why). They do not quarantine: when a sum of country figures exceeds a global total,
the data cannot say which figure is wrong, so both stay loaded and visible. Every result goes to
audit.cross_checks (one row per rule, with its violations) and audit.cross_check_rows (the
offending rows as JSON); the build prints them and `--strict` exits 1 on an error-level one."""
from __future__ import annotations

import json
import re

import duckdb
import pandas as pd

from ..files import paths
from ..errors import PipelineError

CHECKS_DIR = paths.MODELS_DIR / "checks"


def declared() -> list[dict]:
    out = []
    for f in sorted(CHECKS_DIR.glob("*.sql")):
        sql = f.read_text(encoding="utf-8")
        sev = re.search(r"^-- severity: (error|warn)\s*$", sql, re.M)
        desc = re.search(r"^-- description: (.+)$", sql, re.M)
        if not sev or not desc:
            raise PipelineError(f"{paths.rel(f)}: needs '-- severity: error|warn' and '-- description:' lines")
        out.append({"check": f.stem, "severity": sev.group(1), "description": desc.group(1).strip(),
                    "file": f, "sql": sql})
    return out


def evaluate(con: duckdb.DuckDBPyConnection, log=print) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run every declared check, read-only: (one row per rule with its violations, the
    offending rows as JSON). `landmine check` runs them on a built warehouse this way."""
    summary, rows = [], []
    for c in declared():
        try:
            df = con.execute(c["sql"]).df()
        except duckdb.Error as exc:
            raise PipelineError(f"check {c['check']} ({paths.rel(c['file'])}) failed: {exc}") from exc
        for rec in json.loads(df.to_json(orient="records", date_format="iso")):
            rows.append({"rule": c["check"], "severity": c["severity"], "details": json.dumps(rec, ensure_ascii=False)})
        summary.append({"rule": c["check"], "severity": c["severity"], "description": c["description"],
                        "violations": len(df)})
        if len(df):
            log(f"  cross-check {c['severity']} {c['check']}: {len(df)} violation(s): {c['description']}")
            for rec in rows[-len(df):][:5]:
                log(f"    {rec['details']}")
    return (pd.DataFrame(summary, columns=["rule", "severity", "description", "violations"]),
            pd.DataFrame(rows, columns=["rule", "severity", "details"]))


def counts(summary: pd.DataFrame) -> tuple[int, int]:
    """(error violations, warnings) of a summary from `evaluate`."""
    if not len(summary):
        return 0, 0
    return (int(summary.loc[summary["severity"] == "error", "violations"].sum()),
            int(summary.loc[summary["severity"] == "warn", "violations"].sum()))


def run_checks(con: duckdb.DuckDBPyConnection, log=print) -> pd.DataFrame:
    """Run the checks in the build and keep their results in audit.cross_checks and
    audit.cross_check_rows."""
    s, r = evaluate(con, log=log)
    for table, frame in (("audit.cross_checks", s), ("audit.cross_check_rows", r)):
        con.register("_frame", frame)
        con.execute(f"create or replace table {table} as select * from _frame")
        con.unregister("_frame")
    n_err, n_warn = counts(s)
    log(f"  cross-dataset checks: {len(s)} run, {n_err} error violation(s), {n_warn} warning(s)")
    return s
