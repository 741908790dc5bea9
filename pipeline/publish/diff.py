"""`landmine diff OLD NEW`: what a refresh changed, as its reviewer needs it (Our World in Data's
`etl diff` for this warehouse). Markdown for a pull request body or a job summary: new, revised and
withdrawn figures (old -> new, with edition and source), new register snapshots with their rows
and casualties, records revised between snapshots, the key-findings sentences that changed, and
rows newly quarantined. Both warehouses are attached read-only to one in-memory DuckDB, so the
comparison is SQL across the two files and neither is ever written."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..build.contracts import contract
from ..errors import PipelineError
from ..files import paths
from ..report.findings import key_findings
from ..sql import quote, text_literal

OLD, NEW = "wh_old", "wh_new"  # the attached catalogs
LIMIT = 50  # rows shown per table; the heading gives the full count
# A figure's identity across builds: the contract's key without the raw file's row number, which
# moves when a row is added above it.
MOVES = ("source_row",)


@dataclass
class Section:
    title: str
    count: str  # "2 new, 1 revised" (empty: nothing changed)
    body: list[str] = field(default_factory=list)


def _attach(old: Path, new: Path) -> duckdb.DuckDBPyConnection:
    for side, p in (("old", old), ("new", new)):
        if not p.is_file():
            hint = (" (the published warehouse: the site's landmine.duckdb; `make diff PUBLISHED=path` names "
                    "another)" if side == "old" else " (`make build` builds it)")
            raise PipelineError(f"no warehouse at {paths.rel(p)} to compare{hint}")
    if old.resolve() == new.resolve():
        raise PipelineError(f"{paths.rel(old)} is compared with itself: name two warehouses")
    con = duckdb.connect()
    try:
        for name, p in ((OLD, old), (NEW, new)):
            con.execute(f"attach {text_literal(p.resolve())} as {quote(name)} (read_only)")
    except duckdb.Error as exc:
        con.close()
        raise PipelineError(f"cannot open both warehouses read-only: {exc}") from None
    return con


def _num(v) -> str:
    if v is None:
        return "–"
    return f"{int(v):,}" if float(v).is_integer() else f"{v:g}"


def _cell(v) -> str:
    """A value in a Markdown table cell (no pipe or newline breaks the row)."""
    return ("" if v is None else str(v)).replace("|", "\\|").replace("\n", " ")


def _table(head: list[str], rows: list[list], total: int) -> list[str]:
    """A Markdown table of the first LIMIT rows, then a blank line (a line right after a table
    would be read as one more row)."""
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows[:LIMIT]]
    if total > LIMIT:
        out += ["", f"… and {total - LIMIT:,} more"]
    return out + [""]


def _figure_key() -> list[str]:
    return [c for c in contract("marts", "figure_observations")["unique_key"] if c not in MOVES]


def figures(con) -> Section:
    """marts.figure_observations: a figure (its key less the row number) only in NEW is new, only
    in OLD withdrawn, in both with another value revised."""
    key = _figure_key()
    cols = ", ".join(quote(c) for c in key)
    side = "select {cols}, list(value order by value) as v from {db}.marts.figure_observations group by all"
    on = " and ".join(f"o.{quote(c)} is not distinct from n.{quote(c)}" for c in key)
    pick = ", ".join(f"coalesce(n.{quote(c)}, o.{quote(c)}) as {quote(c)}" for c in key)
    cur = con.execute(
        f"with o as ({side.format(cols=cols, db=OLD)}), n as ({side.format(cols=cols, db=NEW)}) "
        f"select {pick}, o.v as old, n.v as new from o full join n on {on} where o.v is distinct from n.v "
        "order by data_year, measure, edition, source_url")
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    kinds = {"new": [r for r in rows if r["old"] is None], "withdrawn": [r for r in rows if r["new"] is None],
             "revised": [r for r in rows if r["old"] is not None and r["new"] is not None]}
    body = []
    for kind, part in kinds.items():
        if part:
            body += [f"**{kind.capitalize()} ({len(part):,})**", ""] + _table(
                ["year", "measure", "edition", "old → new", "source"],
                [[r["data_year"], _measure(r), r["edition"], f"{_values(r['old'])} → {_values(r['new'])}",
                  r["source_url"]] for r in part], len(part))
    count = ", ".join(f"{len(part):,} {kind}" for kind, part in kinds.items() if part)
    return Section("Figures (marts.figure_observations)", count, body)


def _measure(r: dict) -> str:
    basis = f" ({r['basis']})" if r.get("basis") else ""
    return f"{r['measure']}{basis}" + (" (derived)" if r.get("is_derived") else "")


def _values(v) -> str:
    return "–" if v is None else ", ".join(_num(x) for x in v)


def snapshots(con) -> Section:
    """Register snapshots only in NEW (or only in OLD): each with its file, rows read, loaded and
    quarantined (audit.record_datasets) and the casualties it counts (marts.record_casualties)."""
    q = ("with s as (select source, snapshot, sum(total) as casualties, sum(killed) as killed, "
         "sum(injured) as injured from {db}.marts.record_casualties group by all), "
         "f as (select source, snapshot, regexp_extract(any_value(_file), '[^/]+$') as file "
         "from {db}.raw.casualty_records group by all) "
         "select s.source, s.snapshot, f.file, d.rows_read, d.rows_loaded, d.rows_quarantined, s.casualties, "
         "s.killed, s.injured from s left join f using (source, snapshot) "
         "left join {db}.audit.record_datasets d on d.source = s.source and d.file = f.file")
    head = ["register", "snapshot", "file", "rows read", "loaded", "quarantined", "casualties", "killed", "injured"]
    body, counts = [], []
    for kind, a, b in (("new", NEW, OLD), ("withdrawn", OLD, NEW)):
        rows = con.execute(f"select * from ({q.format(db=a)}) x where (source, snapshot) not in "
                           f"(select source, snapshot from {b}.marts.record_casualties) order by 1, 2").fetchall()
        if rows:
            counts.append(f"{len(rows)} {kind}")
            body += [f"**{kind.capitalize()} snapshots ({len(rows)})**", ""] + _table(
                head, [[*r[:3], *(_num(x) for x in r[3:])] for r in rows], len(rows))
    return Section("Register snapshots", ", ".join(counts), body)


def record_revisions(con) -> Section:
    """Years a snapshot revised (marts.record_revisions, change_from_previous <> 0) that OLD did
    not have that way: what the new export changed in the register's past."""
    cols = "source, iso3, data_year, snapshot, previous_snapshot, previous_total, total, change_from_previous"
    rows = con.execute(f"select {cols} from {NEW}.marts.record_revisions where change_from_previous <> 0 "
                       f"except select {cols} from {OLD}.marts.record_revisions "
                       "order by source, snapshot, data_year").fetchall()
    body = _table(["register", "country", "year", "snapshot", "previous snapshot", "previous → now", "change"],
                  [[s, c, y, snap, prev, f"{_num(pt)} → {_num(t)}", f"{ch:+,}"]
                   for s, c, y, snap, prev, pt, t, ch in rows], len(rows)) if rows else []
    return Section("Records revised between snapshots (marts.record_revisions)",
                   f"{len(rows):,} year(s) revised" if rows else "", body)


def findings(con) -> Section:
    """The key findings (pipeline/report/findings.py) written from each warehouse: sentences
    that went and came, as a diff."""
    said = {}
    for db in (OLD, NEW):
        con.execute(f"use {quote(db)}")
        said[db] = key_findings(con)
    gone = [s for s in said[OLD] if s not in said[NEW]]
    came = [s for s in said[NEW] if s not in said[OLD]]
    body = ["```diff", *(f"- {s}" for s in gone), *(f"+ {s}" for s in came), "```"] if gone or came else []
    return Section("Key findings", f"{max(len(gone), len(came))} sentence(s) changed" if gone or came else "", body)


def quarantine(con) -> Section:
    """Rows in NEW's audit.quarantine that OLD did not quarantine (compared without the row
    number, which moves when rows are added above)."""
    same = " and ".join(f"o.{c} is not distinct from q.{c}" for c in ("source", "file", "rule", "message",
                                                                        '"values"', "record"))
    rows = con.execute(f"select q.source, q.file, q.rule, q.severity, q.message, q.\"values\", q.row_number "
                       f"from {NEW}.audit.quarantine q anti join {OLD}.audit.quarantine o on {same} "
                       "order by q.source, q.file, q.row_number").fetchall()
    body = _table(["source", "file", "rule", "severity", "message", "values", "row"], rows, len(rows)) if rows else []
    return Section("Newly quarantined rows (audit.quarantine)", f"{len(rows):,} row(s)" if rows else "", body)


SECTIONS = (figures, snapshots, record_revisions, findings, quarantine)


def markdown(old: Path, new: Path) -> str:
    """The whole diff as Markdown."""
    con = _attach(old, new)
    try:
        sections = [f(con) for f in SECTIONS]
    except duckdb.Error as exc:  # an older warehouse without a table this version reads
        raise PipelineError(f"cannot compare the warehouses ({exc}); were both built by this version?") from None
    finally:
        con.close()
    out = [f"## Data diff: `{paths.rel(old)}` → `{paths.rel(new)}`", ""]
    changed = [s for s in sections if s.count]
    if not changed:
        return "\n".join(out + ["No changes: every figure, snapshot, revision, key finding and quarantined row "
                                "is as it was.", ""])
    out += [f"- {s.title}: {s.count}" for s in changed]
    for s in changed:
        out += ["", f"### {s.title}", "", *s.body]
    return "\n".join(out).rstrip("\n") + "\n"


def report(old: Path, new: Path, output: Path | None = None) -> int:
    """Print the diff (and write it to `output`); 0 whether or not anything changed."""
    text = markdown(old, new)
    sys.stdout.write(text)
    if output:
        output.write_text(text, encoding="utf-8")
    return 0
