"""Run a source's rules on its file with Great Expectations and split the rows.

GX validates pandas frames in an ephemeral context (GX cannot validate tables inside DuckDB).
First, rows published after the build's as-of date (the source's `published` expression) are set
aside as "not yet published": a build as of a past day sees only what was public then, and never
quarantines what came later. The rest is validated, with the rules bound to the as-of date. Rows
that break an `error` rule go to quarantine with the rule and the offending values; nothing is
dropped: rows read = loaded + quarantined + not yet published, and `Outcome.reconciles` checks it."""
from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from .. import asof as _asof  # noqa: E402
from ..files import read as inputs  # noqa: E402
from . import memo, rules as R, sqlenv  # noqa: E402
from .outcome import LATER_COLUMNS, QUARANTINE_COLUMNS, Outcome, RuleResult  # noqa: E402,F401 (re-exported)


SAMPLE_ROWS = 5


@cache
def _context():
    # GX here and below, never at import: it takes seconds to load, paid only when a frame is
    # really validated (not by a no-op build, the SQL path or a remembered verdict)
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return ctx


def suite(rules, name: str, stage: str):
    """The GX suite of a source's (bound) rules for one stage (text: types; typed: values and
    cross-column)."""
    import great_expectations as gx  # here: see _context

    _context()  # GX binds suites to the active context
    s = gx.ExpectationSuite(name=f"{name}_{stage}")
    for rule in rules:
        if rule.stage == stage:
            s.add_expectation(rule.expectation())
    return s


def _flagged(df: pd.DataFrame, rules, name: str, stage: str) -> dict[str, list[int]]:
    """Index positions each `stage` rule flags, by rule name: GX's verdict, or the one it gave on
    this very frame and these rules before (memo.py)."""
    k = memo.key(df, rules, stage)
    verdict = memo.get(k)
    if verdict is None:
        verdict = _gx_validate(df, suite(rules, name, stage))
        memo.put(k, verdict)
    return verdict


def _gx_validate(df: pd.DataFrame, suite_) -> dict[str, list[int]]:
    """Index positions each rule flags, by rule name. GX runs the suite for pass/fail first (a
    third of the cost of listing every failing row), then lists the rows of the failed rules only."""
    batch = _batch(df, suite_.name)
    res = batch.validate(suite_, result_format={"result_format": "BOOLEAN_ONLY"})
    out = {r.expectation_config.meta["rule"]: [] for r in res.results}
    failed = [r.expectation_config for r in res.results if not r.success]
    if failed:
        import great_expectations as gx  # here: see _context

        again = gx.ExpectationSuite(name=f"{suite_.name}_failed")
        for config in failed:
            again.add_expectation_configuration(config)
        res = batch.validate(again, result_format={"result_format": "COMPLETE"})
        for r in res.results:
            rule = r.expectation_config.meta["rule"]
            if r.exception_info and r.exception_info.get("raised_exception"):
                raise RuntimeError(f"GX could not evaluate rule {rule}: {r.exception_info.get('exception_message')}")
            out[rule] = [int(i) for i in (r.result.get("unexpected_index_list") or [])]
    return out


def _batch(df: pd.DataFrame, name: str):
    """`df` as a GX batch, in an asset named after the suite (created on first use)."""
    ctx = _context()
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
    return bd.get_batch(batch_parameters={"dataframe": df})


def add_helpers(df: pd.DataFrame, source, rules, con) -> pd.DataFrame:
    """Derived columns, then one `_ok_<rule>` column per check rule, computed by DuckDB over the
    frame (the same SQL the rule uses on a DuckDB table; `con` has the shared macros)."""
    con.register("frame", df)
    derived = "".join(f", ({expr}) AS {R._q(name)}" for name, expr in source.derived.items())
    rel = con.sql(f"SELECT *{derived} FROM frame ORDER BY _row")
    text_cols = [n for n, t in zip(rel.columns, rel.types) if n in source.derived and str(t) == "VARCHAR"]
    out = rel.df()
    checks = [r for r in rules if r.kind == "check"]
    if checks:
        con.register("frame2", out)
        cols = ", ".join(f'({r.params["expr"]}) AS {R._q(r.helper)}' for r in checks)
        out = con.sql(f"SELECT *, {cols} FROM frame2 ORDER BY _row").df()
        con.unregister("frame2")
    con.unregister("frame")
    # DuckDB hands back numpy dtypes; keep the declared nullable types.
    for c in source.columns:
        out[c.name] = df[c.name].values
    for r in checks:
        out[r.helper] = out[r.helper].astype("boolean")
    for c in text_cols:  # text stays text, even with no row: raw.<name> then keeps its VARCHAR columns
        out[c] = out[c].astype("string")
    return out


def published(text: pd.DataFrame, source, con) -> pd.Series:
    """Each row's publication date (the source's `published` SQL over its text; NULL where the
    source declares none or the row's date cannot be told)."""
    if not source.published or not len(text):
        return pd.Series([pd.NaT] * len(text), index=text.index, dtype="datetime64[us]")
    con.register("frame", text)
    dates = con.sql(f"SELECT ({source.published})::DATE AS d FROM frame ORDER BY _row").df()["d"]
    con.unregister("frame")
    return pd.Series(pd.to_datetime(dates).values, index=text.index)


def run(source, file: Path, text: pd.DataFrame | None = None, as_of=None) -> Outcome:
    """Validate one file as `source`, as of `as_of` (a date; default: $LANDMINE_AS_OF or today).
    Raises SourceReadError if it cannot be read at all."""
    file, as_of = Path(file), _asof.resolve(as_of)
    text, notes = _read(source, file, text)
    con = sqlenv.connect(as_of)
    try:
        when = published(text, source, con)
        later = when.notna() & (when > pd.Timestamp(as_of))
        later_rows = pd.DataFrame({"row_number": text.loc[later, "_row"].astype("int64").values,
                                   "published": when[later].dt.date.values}, columns=LATER_COLUMNS)
        text, when = text[~later].reset_index(drop=True), when[~later].reset_index(drop=True)
        rules = source.all_rules(as_of)
        return _validated(source, file, text, when, rules, notes, later_rows, con)
    finally:
        con.close()


def _read(source, file: Path, text):
    """The file's text, numbered from 1, normalised, with every note about what changed."""
    file_notes = None
    if text is None:
        text, file_notes = source.read_with_notes(file)
    text = text.reset_index(drop=True)
    text.insert(0, "_row", range(1, len(text) + 1))
    text, cell_notes = inputs.normalise(source, text)
    notes = [n for n in (file_notes, cell_notes) if n is not None and len(n)]
    return text, (pd.concat(notes, ignore_index=True) if notes else pd.DataFrame(columns=inputs.NOTE_COLUMNS))


def _typed(source, text: pd.DataFrame, when: pd.Series) -> pd.DataFrame:
    typed = source.typed(text)
    typed.insert(0, "_row", text["_row"].values)
    if source.published:  # every row keeps the date it became public (a timestamp here; staging casts it)
        typed["published"] = when.values
    return typed


def _validated(source, file, text, when, rules, notes, later_rows, con) -> Outcome:
    """GX on the text (types), then on the typed frame with its helpers; the split of the rows."""
    if len(text) == 0:  # nothing (yet) to validate: the derived columns still shape raw.<name>
        frame = add_helpers(_typed(source, text, when), source, rules, con)
        loaded = frame[[c for c in frame.columns if not c.startswith("_ok_")]]
        return Outcome(source, file, len(later_rows), pd.DataFrame(columns=QUARANTINE_COLUMNS),
                       [RuleResult(r, [], []) for r in rules], notes, loaded=loaded, later=later_rows)
    flagged = dict(_flagged(text, rules, source.name, "text"))
    frame = add_helpers(_typed(source, text, when), source, rules, con)
    flagged.update(_flagged(frame, rules, source.name, "typed"))
    results, qrows = [], []
    for rule in rules:
        idx = flagged.get(rule.name, [])
        base = text if rule.stage == "text" else frame
        values = [{c: _plain(base.at[i, c]) for c in rule.columns if c in base.columns} for i in idx]
        rows = [int(text.at[i, "_row"]) for i in idx]
        results.append(RuleResult(rule, rows, values))
        if rule.severity == "error":
            qrows += [_quarantined(rule, row, v, {c: text.at[i, c] for c in source.column_names})
                      for i, row, v in zip(idx, rows, values)]
    quarantine = pd.DataFrame(qrows, columns=QUARANTINE_COLUMNS)
    keep = [c for c in frame.columns if not c.startswith("_ok_")]
    loaded = frame.loc[~frame["_row"].isin(set(quarantine["row_number"])), keep].reset_index(drop=True)
    out = Outcome(source, file, len(text) + len(later_rows),
                  quarantine.sort_values(["row_number", "rule"]).reset_index(drop=True),
                  results, notes, loaded=loaded, later=later_rows)
    assert out.reconciles, out.summary()
    return out


def _quarantined(rule, row: int, values: dict, record: dict) -> dict:
    return {"row_number": row, "rule": rule.name, "severity": rule.severity, "message": rule.description,
            "values": json.dumps(values, ensure_ascii=False), "record": json.dumps(record, ensure_ascii=False)}


def _plain(v):
    if v is None or (not isinstance(v, (list, dict)) and pd.isna(v)):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v
