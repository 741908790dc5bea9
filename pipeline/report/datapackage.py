"""reports/data/datapackage.json: a Frictionless Data Package describing the mart exports, so a
humanitarian-data user (HDX, frictionless, R's `frictionless`) loads them typed, with the meaning of
every column, its key and where the figures came from, without reading the README.

Descriptions, keys, required columns and accepted values come from the marts' contract
(pipeline/models/marts/<mart>.yml); column types from the built tables (the contract is checked
against them on every build); sources from data/raw/manifest.yml; licences and attribution from
data/licences.yml, per mart for the raw sources it is built from (the model graph)."""
from __future__ import annotations

import json
from pathlib import Path

from ..files import licences, manifest, paths
from ..build import graph
from ..build.contracts import contracts
from ..build.warehouse import STORAGE_VERSION

# DuckDB type -> Table Schema type. Lists are written to the CSV as JSON arrays (exports._cell).
TYPES = {"BIGINT": "integer", "INTEGER": "integer", "SMALLINT": "integer", "TINYINT": "integer",
         "HUGEINT": "integer", "UBIGINT": "integer", "UINTEGER": "integer", "DOUBLE": "number",
         "FLOAT": "number", "REAL": "number", "BOOLEAN": "boolean", "DATE": "date", "VARCHAR": "string"}
MISSING = [""]  # a NULL is an empty cell in the CSV exports: "not given", never zero


def field_type(duckdb_type: str) -> str:
    t = duckdb_type.upper()
    if t.endswith("[]"):
        return "array"
    if t.startswith("DECIMAL"):
        return "number"
    if t.startswith("TIMESTAMP"):
        return "datetime"
    return TYPES.get(t, "string")


def _field(col: dict, duckdb_type: str) -> dict:
    f = {"name": col["name"], "type": field_type(duckdb_type), "description": col["description"]}
    constraints = {}
    for test in col.get("tests", []):
        if test == "not_null":
            constraints["required"] = True
        elif isinstance(test, dict) and "accepted_values" in test:
            constraints["enum"] = [str(v) for v in test["accepted_values"]]
    if constraints:
        f["constraints"] = constraints
    if f["type"] == "boolean":  # pandas writes True/False
        f.update(trueValues=["True", "true"], falseValues=["False", "false"])
    return f


def _column_types(con, mart: str) -> dict[str, str]:
    return dict(con.execute("select column_name, data_type from information_schema.columns "
                            "where table_schema = 'marts' and table_name = ?", [mart]).fetchall())


def _sources() -> list[dict]:
    """Each raw file where the repository keeps it (data/raw/...), wherever this build read it
    from (a published package never carries a path of the machine that built it), with its
    publishers' licence and attribution."""
    out = []
    raw = "data/raw"
    for e in manifest.entries():
        s = {"title": f"{raw}/{e.path}: {e.meta.get('what', e.source)}".strip(), "path": f"{raw}/{e.path}"}
        said = [str(e.meta["origin"])] if e.meta.get("origin") else []
        said += [f"{licences.sentence(p)}." for _, p in licences.publishers(e.source)]
        if said:
            s["description"] = " ".join(said)
        out.append(s)
    return out


def licence_objects(source_names) -> list[dict]:
    """Frictionless licence objects for the publishers of these sources, most-cited first: `path`
    is the page where the publisher's statement (or the lack of one) was checked, `title` says the
    licence ("not stated" where none is) and the attribution. A publisher with no such page (the
    many pages quoted row by row) is in each source's description instead."""
    seen, out = set(), []
    for name in source_names:
        for key, p in licences.publishers(name):
            if key not in seen and p.get("url"):
                seen.add(key)
                out.append({"path": p["url"], "title": licences.sentence(p)})
    return out


def upstream_sources(mart: str, nodes=None) -> list[str]:
    """The raw sources a mart is built from, following the model graph down, in declared order."""
    reads = {n.key: n.reads for n in (nodes if nodes is not None else graph.nodes())}
    found, todo, seen = set(), [f"marts.{mart}"], set()
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        for ref in reads.get(key, ()):
            schema, table = ref.split(".", 1)
            if schema == "raw":
                found.add(table)
            todo.append(ref)
    declared = list(licences.load().get("datasets") or {})
    return [s for s in declared if s in found] + sorted(found - set(declared))


def describe(con) -> dict:
    """The package descriptor for the marts as exported to CSV by this report."""
    resources, nodes = [], graph.nodes()
    for m in contracts():
        types = _column_types(con, m["name"])
        schema = {"fields": [_field(c, types.get(c["name"], "VARCHAR")) for c in m["columns"]],
                  "missingValues": MISSING}
        if m.get("unique_key"):
            schema["primaryKey"] = list(m["unique_key"])
        resource = {
            "name": m["name"].replace("_", "-"), "title": f"marts.{m['name']}",
            "path": f"{m['name']}.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "description": " ".join(m["description"].split()), "profile": "tabular-data-resource"}
        lic = licence_objects(upstream_sources(m["name"], nodes))
        if lic:  # a mart built from seeds alone quotes no publisher
            resource["licenses"] = lic
        resources.append({**resource, "schema": schema})
    return {
        "profile": "tabular-data-package",
        "name": "landmine-monitor-casualties",
        "title": "Landmine casualties: the Landmine Monitor's figures, reproducible",
        "description": ("Marts of the landmine casualty-data pipeline: every edition's figure with its "
                        "source page and locator, the figure chosen by the precedence rule, shares "
                        "where known, conflicts between sources, country, contamination and Mine Ban "
                        "Treaty tables, and mine action (support by basis, land cleared and released "
                        "by series and scope, stockpile destruction by publisher). An empty cell is a figure the source does not give (never 0). "
                        "Warehouse: data/processed/landmine.duckdb, DuckDB storage version "
                        f"{STORAGE_VERSION}."),
        "keywords": ["landmines", "explosive remnants of war", "casualties", "Landmine Monitor",
                     "Mine Ban Treaty", "humanitarian", "mine action funding", "land release",
                     "stockpile destruction"],
        "licenses": licence_objects(e.source for e in manifest.entries()),
        "sources": _sources(),
        "resources": resources,
    }


def write(con, folder: Path) -> Path:
    out = folder / "datapackage.json"
    out.write_text(json.dumps(describe(con), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out
