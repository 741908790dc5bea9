"""Coverage at a glance: per dataset and measure, which years have a figure and from which kind
of source (the Monitor's own page, an NGO release, an official page, only news), and which years in
the dataset's span have none. Read from marts.coverage; printed by `python -m pipeline coverage`
and shown in the report."""
from __future__ import annotations

import pandas as pd

KINDS = ["monitor", "ngo", "official", "news"]
# Where a year without a row is not a gap: the deposits file is complete (a year without one had
# none), and treaty events happen in some years only.
NO_ROW_MEANS = {"treaty_participants": "no deposit", "treaty_status": "none dated"}


def ranges(years) -> str:
    """1999, 2000, 2001, 2004 -> '1999-2001, 2004' ('' for none)."""
    ys = sorted(set(int(y) for y in years))
    out, start = [], None
    for i, y in enumerate(ys):
        if start is None:
            start = y
        if i + 1 == len(ys) or ys[i + 1] != y + 1:
            out.append(str(start) if start == y else f"{start}-{y}")
            start = None
    return ", ".join(out)


def summary(con) -> pd.DataFrame:
    """One row per (dataset, measure): the span of years the dataset covers, the years whose best
    figure is of each kind, and the years in the span with no figure."""
    df = con.execute("select dataset, measure, year, year_kind, best_source_kind from marts.coverage").df()
    rows = []
    for dataset, d in df.groupby("dataset", sort=True):
        lo, hi = int(d["year"].min()), int(d["year"].max())
        for measure, m in d.groupby("measure", sort=True):
            row = {"dataset": dataset, "measure": measure, "year_kind": m["year_kind"].iloc[0],
                   "span": f"{lo}-{hi}", "years": len(m)}
            for k in KINDS:
                row[k] = ranges(m.loc[m["best_source_kind"] == k, "year"])
            row["missing"] = ranges(set(range(lo, hi + 1)) - set(m["year"].astype(int)))
            rows.append(row)
    return pd.DataFrame(rows, columns=["dataset", "measure", "year_kind", "span", "years", *KINDS, "missing"])


def render_text(df: pd.DataFrame) -> str:
    lines = ["coverage: per dataset and measure, the years with a figure by the best kind of source that "
             "gives it (monitor = the Monitor's own page; news only = no Monitor, NGO or official page), "
             "and the years with none"]
    for dataset, d in df.groupby("dataset", sort=False):
        first = d.iloc[0]
        lines.append(f"\n{dataset} ({first['year_kind'].replace('_', ' ')}s {first['span']})")
        for r in d.itertuples():
            parts = [f"{k}: {getattr(r, k)}" for k in KINDS if getattr(r, k)]
            label = NO_ROW_MEANS.get(dataset, "missing")
            lines.append(f"  {r.measure}: {r.years} year(s); " + "; ".join(parts)
                         + f"; {label}: {r.missing or 'none'}")
    return "\n".join(lines)
