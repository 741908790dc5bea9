"""reports/validation.html: what every rule found, per source, readable offline (GX's Data Docs
pull CSS/JS from the internet, so this summary is our own, self-contained)."""
from __future__ import annotations

import html

import pandas as pd

from ..files import paths
from .html import esc, page, table
from ..validate.reconcile import of_counts


def write_validation_report(outcomes, totals=None) -> "paths.Path":
    """`totals`: the run's reconciliation (pipeline/validate/reconcile.py), computed once by the caller."""
    out = paths.reports_dir() / "validation.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    t = totals or of_counts(outcomes)
    r, l_, q = t.read, t.loaded, t.quarantined
    raw = html.escape(paths.published_raw())
    body = [f"<h1>Validation of {raw}/</h1>",
            f'<p>Great Expectations suites declared in <code>pipeline/sources/</code>, run on every row. '
            f"Rows read <b>{esc(r)}</b> = loaded <b>{esc(l_)}</b> + quarantined <b>{esc(q)}</b>.</p>",
            table(pd.DataFrame([{"source": o.source.name, "file": paths.published_raw(o.file), "rows read": o.rows_read,
                                 "loaded": o.rows_loaded, "quarantined": o.rows_quarantined,
                                 "warnings": sum(w.count for w in o.warnings)} for o in outcomes]))]
    several = {o.source.name for o in outcomes if sum(p.source.name == o.source.name for p in outcomes) > 1}
    for o in outcomes:
        name = o.source.name + (f" ({o.file.parent.name}/{o.file.name})" if o.source.name in several else "")
        body.append(f"<h2>{html.escape(name)}</h2><p class='note'>{html.escape(o.source.title)}</p>")
        rules = pd.DataFrame([{"rule": x.rule.name, "severity": x.rule.severity, "checks": ", ".join(x.rule.columns),
                               "what it protects": x.rule.description, "rows broken": x.count,
                               "first rows": ", ".join(map(str, x.rows[:5]))} for x in o.results])
        body.append(table(rules, scroll=True))
        if len(o.quarantine):
            body.append("<h3>Quarantined rows</h3>")
            body.append(table(o.quarantine[["row_number", "rule", "values", "record"]], max_rows=200, scroll=True))
        notes = o.normalisations
        if len(notes):
            body.append(f"<h3>Normalised values ({len(notes)})</h3><p class='note'>Changed on reading, "
                        "never silently (pipeline/files/read.py); also in audit.normalisations.</p>")
            body.append(table(notes, max_rows=200, scroll=True))
        for w in o.warnings:
            body.append(f"<p class='warn'>warning {html.escape(w.rule.name)}: rows {', '.join(map(str, w.rows))}"
                        f" — {html.escape(w.rule.description)}</p>")
    out.write_text(page(f"Validation of {paths.published_raw()}/", "\n".join(body), toc=True), encoding="utf-8")
    return out
