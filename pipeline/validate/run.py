"""Run a source's rules on its file with Great Expectations and split the rows.

GX validates pandas frames in an ephemeral context (GX cannot validate tables inside DuckDB).
Rows that break an `error` rule go to quarantine with the rule and the offending values; nothing
is dropped: rows read = rows loaded + rows quarantined, and `Outcome.reconciles` checks it."""
from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from ..files import read as inputs
from . import rules as R  # noqa: E402
from .outcome import QUARANTINE_COLUMNS, Outcome, RuleResult  # noqa: E402,F401 (re-exported)


SAMPLE_ROWS = 5


@cache
def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return ctx


def suite(source, stage: str):
    """The GX suite of a source for one stage (text: types; typed: values and cross-column)."""
    import great_expectations as gx

    _context()  # GX binds suites to the active context
    s = gx.ExpectationSuite(name=f"{source.name}_{stage}")
    for rule in source.all_rules():
        if rule.stage == stage:
            s.add_expectation(rule.expectation())
    return s


def _gx_validate(df: pd.DataFrame, suite_) -> dict[str, list[int]]:
    """Index positions each rule flags, by rule name."""
    ctx = _context()
    name = suite_.name
    try:
        ds = ctx.data_sources.get("frames")
    except (KeyError, ValueError, LookupError):
        ds = ctx.data_sources.add_pandas("frames")
    try:
        asset = ds.get_asset(name)
    except (KeyError, ValueError, LookupError):
        asset = ds.add_dataframe_asset(name)
    try:
        bd = asset.get_batch_definition("whole")
    except (KeyError, ValueError, LookupError):
        bd = asset.add_batch_definition_whole_dataframe("whole")
    batch = bd.get_batch(batch_parameters={"dataframe": df})
    res = batch.validate(suite_, result_format={"result_format": "COMPLETE"})
    out: dict[str, list[int]] = {}
    for r in res.results:
        rule = r.expectation_config.meta["rule"]
        if r.exception_info and r.exception_info.get("raised_exception"):
            raise RuntimeError(f"GX could not evaluate rule {rule}: {r.exception_info.get('exception_message')}")
        out[rule] = [int(i) for i in (r.result.get("unexpected_index_list") or [])]
    return out


def add_helpers(df: pd.DataFrame, source) -> pd.DataFrame:
    """Derived columns, then one `_ok_<rule>` column per check rule, computed by DuckDB over the
    frame (the same SQL the rule uses on a DuckDB table)."""
    con = duckdb.connect()
    con.register("frame", df)
    derived = "".join(f", ({expr}) AS {R._q(name)}" for name, expr in source.derived.items())
    out = con.sql(f"SELECT *{derived} FROM frame ORDER BY _row").df()
    checks = [r for r in source.all_rules() if r.kind == "check"]
    if checks:
        con.register("frame2", out)
        cols = ", ".join(f'({r.params["expr"]}) AS {R._q(r.helper)}' for r in checks)
        out = con.sql(f"SELECT *, {cols} FROM frame2 ORDER BY _row").df()
    con.close()
    # DuckDB hands back numpy dtypes; keep the declared nullable types.
    for c in source.columns:
        out[c.name] = df[c.name].values
    for r in checks:
        out[r.helper] = out[r.helper].astype("boolean")
    return out


def run(source, file: Path, text: pd.DataFrame | None = None) -> Outcome:
    """Validate one file as `source`. Raises SourceReadError if it cannot be read at all."""
    file = Path(file)
    file_notes = None
    if text is None:
        text, file_notes = source.read_with_notes(file)
    text = text.reset_index(drop=True)
    text.insert(0, "_row", range(1, len(text) + 1))
    text, cell_notes = inputs.normalise(source, text)
    notes = [n for n in (file_notes, cell_notes) if n is not None and len(n)]
    notes = (pd.concat(notes, ignore_index=True) if notes else pd.DataFrame(columns=inputs.NOTE_COLUMNS))
    if len(text) == 0:
        empty_q = pd.DataFrame(columns=QUARANTINE_COLUMNS)
        typed = source.typed(text)
        typed.insert(0, "_row", pd.Series(dtype="int64"))
        return Outcome(source, file, 0, empty_q, [RuleResult(r, [], []) for r in source.all_rules()],
                       notes, loaded=typed)

    flagged = _gx_validate(text, suite(source, "text"))
    typed = source.typed(text)
    typed.insert(0, "_row", text["_row"].values)
    frame = add_helpers(typed, source)
    flagged.update(_gx_validate(frame, suite(source, "typed")))

    results, qrows = [], []
    for rule in source.all_rules():
        idx = flagged.get(rule.name, [])
        base = text if rule.stage == "text" else frame
        values = [{c: _plain(base.at[i, c]) for c in rule.columns if c in base.columns} for i in idx]
        rows = [int(text.at[i, "_row"]) for i in idx]
        results.append(RuleResult(rule, rows, values))
        if rule.severity == "error":
            for i, row, v in zip(idx, rows, values):
                record = {c: text.at[i, c] for c in source.column_names}
                qrows.append({"row_number": row, "rule": rule.name, "severity": rule.severity,
                              "message": rule.description, "values": json.dumps(v, ensure_ascii=False),
                              "record": json.dumps(record, ensure_ascii=False)})
    quarantine = pd.DataFrame(qrows, columns=QUARANTINE_COLUMNS)
    bad = set(quarantine["row_number"])
    keep = [c for c in frame.columns if not c.startswith("_ok_")]
    loaded = frame.loc[~frame["_row"].isin(bad), keep].reset_index(drop=True)
    out = Outcome(source, file, len(text), quarantine.sort_values(["row_number", "rule"]).reset_index(drop=True),
                  results, notes, loaded=loaded)
    assert out.reconciles, out.summary()
    return out


def _plain(v):
    if v is None or (not isinstance(v, (list, dict)) and pd.isna(v)):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v
