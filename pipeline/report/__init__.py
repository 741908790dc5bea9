"""Build reports/ from the warehouse: index.html (self-contained), charts (PNG + SVG), mart
exports (CSV + Parquet). Deterministic: the same warehouse gives byte-identical CSVs."""
from __future__ import annotations

import html as _html
import json

import pandas as pd

from ..files import paths, provenance
from ..validate.reconcile import of_counts
from ..errors import PipelineError
from ..build.contracts import contracts
from ..build.warehouse import connect
from . import charts, countries, datapackage, hxl, mine_action
from .exports import export_table
from .findings import key_findings
from .html import esc, img_png, page, table
from . import records as records_report
from .coverage import summary as coverage_summary

CHARTS = {"annual_casualties": charts.annual_casualties, "shares_over_time": charts.shares_over_time,
          "records_compared": records_report.records_compared, "record_shares": records_report.record_shares}
OUTPUTS = (["index.html", "validation.html"]
           + [f"{c}.png|.svg" for c in CHARTS]
           + [f"{c}.png|.svg" for c in countries.CHARTS]
           + [f"{c}.png|.svg" for c in mine_action.CHARTS]
           + ["data/<mart>.csv|.parquet", "data/datapackage.json"]
           + [f"data/hxl/{m}.csv" for m in hxl.TAGS])


def _sources(con) -> pd.DataFrame:
    """The Sources table: each raw file's origin and, in one line, the derivation the provenance
    check holds it to (an entry without one, e.g. a refreshed export, shows a dash)."""
    files = con.sql("select * from audit.raw_files order by path").df()
    declared = files["derivation"] if "derivation" in files else [None] * len(files)
    files["derivation"] = [provenance.summary(json.loads(d)) if isinstance(d, str) else None for d in declared]
    # reindex: a file registered without provenance (a test fixture) shows empty cells, not a crash
    return files.reindex(columns=["path", "source", "rows", "sha256", "retrieved", "origin", "derivation"])


def build_report():
    out_dir = paths.reports_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    con = connect()
    try:
        return _build(con, out_dir)
    finally:
        con.close()


def _current(con) -> None:
    """A warehouse built by an older version of the code (other mart columns, no as-of date) is
    refused with a clear message rather than failing half-way through the report."""
    stale = [m["name"] for m in contracts()
             if [r[0] for r in con.execute("select column_name from information_schema.columns where "
                                           "table_schema = 'marts' and table_name = ? order by ordinal_position",
                                           [m["name"]]).fetchall()] != [c["name"] for c in m["columns"]]]
    has_as_of = con.execute("select count(*) from information_schema.tables where table_schema = 'audit' "
                            "and table_name = 'build_info'").fetchall()[0][0]
    if stale or not has_as_of:
        raise PipelineError("the warehouse was built by an older version of the pipeline ("
                            + (f"marts {', '.join(stale[:3])}{' …' if len(stale) > 3 else ''} differ from their contracts"
                               if stale else "no as-of date") + "): rebuild it with `make report` "
                            "(or `python -m pipeline build`)")


def _build(con, out_dir):
    _current(con)
    imgs = {name: charts.save(fn(con), out_dir / name) for name, fn in CHARTS.items()}
    _exports(con, out_dir / "data")
    out = out_dir / "index.html"
    body = _body(con, out_dir, imgs, _tables(con))
    out.write_text(page("Landmine casualties report", "\n".join(body), toc=True), encoding="utf-8")
    return out


def _exports(con, data_dir) -> None:
    """Every contracted mart as CSV + Parquet (and HXL where tagged), the data package, and the
    audit tables a reader checks the figures against."""
    for m in contracts():
        export_table(con, f"marts.{m['name']}", m["unique_key"], data_dir)
        if m["name"] in hxl.TAGS:
            hxl.write_hxl(con, m["name"], m["unique_key"], data_dir / "hxl")
    datapackage.write(con, data_dir)
    for t, key in (("audit.quarantine", ["source", "row_number", "rule"]),
                   ("audit.reconciliation", ["source", "file"]),
                   ("audit.normalisations", ["source", "file", "row_number", "column", "kind"])):
        export_table(con, t, key, data_dir)


# The tables the page shows: name -> query.
TABLES = {
    "recon": "select * from audit.reconciliation order by source",
    "quarantine": "select source, file, row_number, rule, \"values\" from audit.quarantine "
                  "order by source, row_number, rule",
    "warnings": "select source, rule, violations, sample_rows, description from audit.rule_results "
                "where severity = 'warn' and violations > 0 order by source, rule",
    "conflicts": "select data_year, edition, measure, conflict_kind, same_source, observations "
                 "from marts.figure_conflicts order by data_year, edition, measure",
    "derived": "select data_year, edition, measure, value, source_url from marts.figure_observations "
               "where is_derived order by data_year, edition, source_url",
    "by_year": "select data_year, total, total_edition, killed, injured, outcome_unknown, "
               "outcome_unknown_is_derived, split_total, split_edition, civilian_pct, civilian_pct_edition, "
               "child_pct, child_pct_basis, child_pct_edition, states_areas, states_areas_edition, "
               "earliest_total, earliest_total_edition, earliest_is_first_report, has_conflict "
               "from marts.casualties_by_year order by data_year",
    "revisions": "select data_year, edition, total, change_from_previous, source_kind, source_url "
                 "from marts.casualty_revisions order by data_year, edition",
    "devices": "select data_year, device_code, device_label, casualties, edition, source_kind "
               "from marts.casualties_by_device order by data_year, device_code",
    "groups": "select data_year, \"group\", casualties, share_pct, share_basis, edition, source_kind "
              "from marts.casualties_by_group order by data_year, \"group\"",
    "normalised": "select source, file, row_number, \"column\", kind, detail, original, value "
                  "from audit.normalisations order by source, file, row_number, \"column\", kind",
}


def _tables(con) -> dict:
    """The frames the page shows, by name (TABLES, and the Sources table)."""
    return {**{name: con.sql(q).df() for name, q in TABLES.items()}, "files": _sources(con)}


def _body(con, out_dir, imgs, t) -> list[str]:
    """The page, section by section."""
    as_of = con.sql("select as_of from audit.build_info").fetchall()[0][0]
    totals = of_counts(t["recon"].to_dict("records"))
    r, l_, q = totals.read, totals.loaded, totals.quarantined
    return [
        "<h1>Landmine casualties: the Landmine Monitor's figures, reproducible</h1>",
        f'<p class="note">{_html.escape(charts.SOURCE_NOTE)} {_html.escape(charts.CAVEAT)} In the tables '
        "a dash (—) is a figure the sources do not give: missing, never zero.</p>",
        "<h2>Key findings</h2><ul class='findings'>"
        + "".join(f"<li>{_html.escape(s)}</li>" for s in key_findings(con)) + "</ul>",
        "<h2>Annual casualties</h2>",
        f"<figure>{img_png(imgs['annual_casualties'], 'Annual casualties')}<figcaption>Outline: the earliest "
        "total in the data (the first report where the data have it); grey: the latest edition's figure (the Monitor revises past years). Killed, injured "
        "and unknown outcome are one statement's split, stacked to that statement's own total (tick), "
        "labelled with its edition where it is older than the latest total. "
        "Also as annual_casualties.svg.</figcaption></figure>",
        "<h2>Civilian and child shares</h2>",
        f"<figure>{img_png(imgs['shares_over_time'], 'Civilian and child shares')}<figcaption>Each child share "
        "is plotted with the basis its source states. Also as shares_over_time.svg.</figcaption></figure>",
        "<h2>Figures by year</h2><p><b>How a row is assembled.</b> A row states what one source stated: "
        "killed, injured and unknown outcome come together from one statement (one edition, one page), "
        "beside the total that statement gave (<i>split_total</i>, <i>split_edition</i>); unknown outcome "
        "is derived only inside that statement. <i>total</i> is the latest edition's total "
        "(<i>total_edition</i>), which may be a later revision than the split's. Every other figure is the "
        "latest edition that gives it, with its edition beside it. <b>Precedence.</b> Within an edition a "
        "reported figure beats a derived one, then the Monitor's own page beats an NGO release, an official "
        "page, then news; the other figures stay in the revisions and conflicts below. Shares are of the "
        "casualties whose status, age or sex is known; a child is under 18. Anything that depends on today uses the "
        f"build's as-of date ({esc(str(as_of))}).</p>", table(t["by_year"], scroll=True),
        "<h2>Revisions</h2><p>Every edition's total for every year (change against the previous edition "
        "that reported the year).</p>", table(t["revisions"], scroll=True),
        "<h2>Device types</h2>", table(t["devices"], scroll=True),
        "<h2>Groups</h2>", table(t["groups"], scroll=True),
        *countries.sections(con, out_dir),
        *mine_action.sections(con, out_dir),
        "<h2>Coverage: what is known, and from which kind of source</h2><p>Per dataset and measure, the "
        "years with a figure by the strongest kind of source that gives it (monitor: the Monitor's own page; "
        "ngo; official; news: only news gives it), and the years in the dataset's span with none "
        "(marts.coverage; <code>python -m pipeline coverage</code>). For treaty_participants a year without "
        "a row had no deposit; treaty events happen in some years only.</p>", table(coverage_summary(con).replace("", "none"), scroll=True),
        "<h2>Data quality</h2>",
        f"<p>Rows read <b>{esc(r)}</b> = loaded <b>{esc(l_)}</b> + quarantined <b>{esc(q)}</b> "
        "(details: <a href='validation.html'>validation.html</a>).</p>", table(t["recon"]),
        "<h3>Quarantined rows</h3>", table(t["quarantine"], scroll=True),
        "<h3>Warnings (rows loaded, but worth a look)</h3>", table(t["warnings"]),
        f"<h3>Normalised values ({len(t['normalised'])})</h3><p>Values changed on reading (thousands separators, "
        "footnote markers, missing-value marks...), recorded rather than silent.</p>", table(t["normalised"], scroll=True),
        f"<h3>Conflicts between sources ({len(t['conflicts'])})</h3><p>Kept visible, not resolved silently; "
        "the precedence rule (under Figures by year) picks the figure used above.</p>", table(t["conflicts"], scroll=True),
        f"<h3>Derived values ({len(t['derived'])})</h3><p>Unknown outcome computed as total − killed − injured "
        "where a source gives those three but no unknown count. Marked is_derived everywhere.</p>",
        table(t["derived"], scroll=True),
        *countries.cross_checks(con),
        *records_report.section(con, imgs["records_compared"], imgs["record_shares"]),
        "<h2>Sources</h2><p>Raw files and their checksums (data/raw/manifest.yml); every figure carries "
        "its page URL and locator (see data/figure_observations.csv). <i>derivation</i>: how each file "
        "derives from the reference set it was compiled from, a snapshot of which is in data/reference/ "
        "(rows copied, corrected or added; checked by pipeline/files/provenance.py).</p>", table(t["files"]),
    ]
