"""The model graph, declared by the SQL itself: every model's inputs are the tables its query
reads, found by DuckDB's own parser (`json_serialize_sql`, no regex), then sorted topologically.
A reference to a model or table that does not exist, an unqualified table name or a cycle is an
error before anything is built. `python -m pipeline plan` prints the graph.

Layers: sources (raw.<name>, audit.*) and seeds (seeds.<name>) -> staging -> marts -> checks ->
reports. Staging reads raw and seeds; marts read staging, marts, seeds and audit; checks read
anything built; reports and notebooks read marts and audit only (tests/test_conventions.py)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..files import paths
from ..errors import PipelineError
from .. import sources
from ..seeds import names as seed_names
from .contracts import files

MODEL_LAYERS = ("staging", "intermediate", "marts")
# Tables the load step writes before any model runs (pipeline/build/warehouse.py, pipeline/records/store.py).
AUDIT_TABLES = ("quarantine", "normalisations", "not_yet_published", "rule_results", "reconciliation",
                "raw_files", "record_datasets", "build_info")
# What each layer may read (schemas).
READS = {"staging": {"raw", "seeds", "staging"},
         "intermediate": {"staging", "intermediate", "seeds", "audit"},
         "marts": {"staging", "intermediate", "marts", "seeds", "audit", "raw"},
         "checks": {"staging", "intermediate", "marts", "seeds", "audit", "raw"}}


@dataclass(frozen=True)
class Node:
    layer: str  # staging | marts | checks
    name: str
    file: Path
    reads: tuple[str, ...]  # "schema.table", sorted
    materialized: str = "table"  # or "view" (a `-- materialized: view` line in the model)

    @property
    def key(self) -> str:
        return f"{self.layer}.{self.name}"


@lru_cache(maxsize=256)
def _parse_text(sql: str) -> str:
    """DuckDB's parse tree of a query, as JSON text (cached: the same model is parsed once)."""
    return _parser().execute("select json_serialize_sql(?)", [sql]).fetchall()[0][0]


@lru_cache(maxsize=1)
def _parser():
    """One in-memory DuckDB for parsing (a new connection per model cost ~20 ms each)."""
    return duckdb.connect()


def _parse(sql: str) -> dict:
    return json.loads(_parse_text(sql))


def references(sql: str, where: str = "query") -> set[tuple[str, str]]:
    """(schema, table) pairs a query reads; CTE names are not tables. An unqualified table name
    is refused: a model says which layer it reads."""
    tree = _parse(sql)
    if tree.get("error"):
        raise PipelineError(f"{where}: SQL does not parse: {tree.get('error_message', tree)}")
    tables, ctes = set(), set()

    def walk(n):
        if isinstance(n, dict):
            if n.get("type") == "BASE_TABLE":
                tables.add((n.get("schema_name") or "", n["table_name"]))
            cte_map = n.get("cte_map")
            if isinstance(cte_map, dict):
                ctes.update(e["key"] for e in cte_map.get("map", []))
            for v in n.values():
                walk(v)
        elif isinstance(n, list):
            for v in n:
                walk(v)

    walk(tree)
    out = set()
    for schema, table in tables:
        if not schema:
            if table in ctes:
                continue
            raise PipelineError(f"{where}: table '{table}' has no schema: write staging.{table}, "
                                f"marts.{table}, seeds.{table}, ... (or define it in a WITH clause)")
        out.add((schema, table))
    return out


def literal_lists(sql: str) -> list[list[str]]:
    """The string literals a query compares one expression with, list by list: each CASE's
    WHEN values and each IN (...) list. The conventions test uses it to find a fact (a set of
    codes, a ranking) written into a model when it lives in a seed."""
    out = []

    def strings(nodes):
        return [n["literal"]["text"] for n in nodes
                if isinstance(n, dict) and n.get("class") == "CONSTANT" and n.get("literal", {}).get("kind") == "STRING"]

    def walk(n):
        if isinstance(n, dict):
            if n.get("type") == "CASE_EXPR":
                whens = [c["when_expr"] for c in n.get("case_checks", [])]
                out.append(strings([w.get("right") for w in whens] + [w.get("left") for w in whens]))
            elif n.get("type") in ("COMPARE_IN", "COMPARE_NOT_IN"):
                out.append(strings(n.get("children", [])[1:]))
            for v in n.values():
                walk(v)
        elif isinstance(n, list):
            for v in n:
                walk(v)

    walk(_parse(sql))
    return [x for x in out if x]


def _models_in(layer: str) -> list[Path]:
    return sorted((paths.MODELS_DIR / layer).glob("*.sql"))


def _available_inputs() -> dict[str, set[str]]:
    """Tables that exist before any model runs, by schema."""
    return {"raw": set(sources.NAMES), "seeds": set(seed_names()), "audit": set(AUDIT_TABLES)}


def _contracted() -> dict[str, set[str]]:
    """The models that have a contract file, by layer."""
    return {layer: {f.stem for f in files(layer)} for layer in MODEL_LAYERS}


def nodes() -> list[Node]:
    """Every model and check with the tables it reads."""
    out = []
    for layer in (*MODEL_LAYERS, "checks"):
        for f in _models_in(layer):
            sql = f.read_text(encoding="utf-8")
            refs = references(sql, where=f"{layer}.{f.stem} ({paths.rel(f)})")
            view = re.search(r"^-- materialized: view\s*$", sql, re.M)
            out.append(Node(layer, f.stem, f, tuple(sorted(f"{s}.{t}" for s, t in refs)),
                            "view" if view else "table"))
    return out


def resolve(nodes_: list[Node], inputs: dict[str, set[str]], contracted: dict[str, set[str]]) -> list[Node]:
    """Check every reference and return the models (staging, marts) in build order, then the
    checks. Raises PipelineError naming every problem; nothing is built before this passes."""
    problems = []
    models = {n.key: n for n in nodes_ if n.layer in MODEL_LAYERS}
    for layer in MODEL_LAYERS:
        built = {n.name for n in nodes_ if n.layer == layer}
        folder = paths.MODELS_DIR / layer
        for name in sorted(contracted.get(layer, set()) - built):
            problems.append(f"{paths.rel(folder / (name + '.yml'))} is a contract without its model "
                            f"{paths.rel(folder / (name + '.sql'))}")
        for name in sorted(built - contracted.get(layer, set())):
            problems.append(f"{layer}.{name} has no contract {paths.rel(folder / (name + '.yml'))}")
    for n in nodes_:
        for ref in n.reads:
            schema, table = ref.split(".", 1)
            if schema not in READS[n.layer]:
                problems.append(f"{n.key} ({paths.rel(n.file)}) reads {ref}: a {n.layer} model may read only "
                                f"{', '.join(sorted(READS[n.layer]))}")
            elif schema in MODEL_LAYERS:
                if ref not in models:
                    problems.append(f"{n.key} ({paths.rel(n.file)}) reads {ref}, which is not a model "
                                    f"(no {schema}/{table}.sql)")
            elif table not in inputs.get(schema, set()):
                problems.append(f"{n.key} ({paths.rel(n.file)}) reads {ref}, which does not exist "
                                f"(known {schema} tables: {', '.join(sorted(inputs.get(schema, ())))})")
    if problems:
        raise PipelineError("the model graph is broken:\n  " + "\n  ".join(problems))
    order = _toposort({k: [r for r in n.reads if r in models] for k, n in models.items()})
    return [models[k] for k in order] + sorted((n for n in nodes_ if n.layer == "checks"), key=lambda n: n.name)


def _toposort(deps: dict[str, list[str]]) -> list[str]:
    """Depth-first, in a stable order (staging before marts, then by name); a cycle is an error
    that names it."""
    order, state = [], {}  # state: 1 = on the current path, 2 = done

    def visit(k, path):
        if state.get(k) == 2:
            return
        if state.get(k) == 1:
            cycle = path[path.index(k):] + [k]
            raise PipelineError("the model graph has a cycle: " + " -> ".join(cycle))
        state[k] = 1
        for d in sorted(deps[k], key=_rank):
            if d != k:
                visit(d, path + [k])
            else:
                raise PipelineError(f"the model graph has a cycle: {k} reads itself")
        state[k] = 2
        order.append(k)

    for k in sorted(deps, key=_rank):
        visit(k, [])
    return order


def _rank(key: str) -> tuple[int, str]:
    layer, name = key.split(".", 1)
    return (MODEL_LAYERS.index(layer) if layer in MODEL_LAYERS else 9, name)


def build_order() -> list[Node]:
    """The checked graph: staging and marts models in dependency order, then the checks."""
    return resolve(nodes(), _available_inputs(), _contracted())


TABLE_REF = re.compile(r"\b(raw|seeds|audit|staging|marts)\.([a-z_][a-z0-9_]*)\b")


def python_reads(files: list[Path]) -> list[str]:
    """Tables named in Python code (report modules, notebooks): their SQL is assembled in Python,
    so it is read as text. Only used to print the plan and by the conventions test."""
    found = set()
    for f in files:
        found.update(f"{s}.{t}" for s, t in TABLE_REF.findall(f.read_text(encoding="utf-8")))
    return sorted(found)
