"""Issue 13 item 1: every source, figures or records, answers the same calls, and the pipeline uses
only those (no dispatch on the kind of source; no import cycle between sources/ and records/)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pipeline.files import manifest
from pipeline import sources
from pipeline.validate.outcome import Outcome

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "pipeline"


@pytest.mark.parametrize("name", sources.NAMES)
def test_every_source_answers_the_protocol_on_its_first_file(name):
    src = sources.get(name)
    d = src.describe()
    assert d["name"] == name and d["columns"] and d["rules"]
    assert [c["name"] for c in d["columns"]] == src.column_names
    files = src.files()
    assert files == manifest.entries(name)
    if not files:
        return
    e = files[0]
    o = src.check(e.file, log=lambda _m: None)
    assert isinstance(o, Outcome)
    assert o.rows_read == src.count(e.file) and o.rows_read > 0
    assert o.reconciles and o.rows_read == o.rows_loaded + o.rows_quarantined + o.rows_not_yet_published
    assert o.parquet is None  # not kept: nothing written without `keep`


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            mod = ("." * node.level) + (node.module or "")
            out.add(mod)
            out |= {f"{mod}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return out


def test_records_never_import_sources():
    for f in (PKG / "records").glob("*.py"):
        bad = [m for m in _imports(f) if re.search(r"(^|\.)sources(\.|$)", m)]
        assert not bad, f"{f.name} imports {bad}: pipeline/records/ sits below pipeline/sources/"


def test_no_dispatch_on_the_kind_of_source():
    banned = [r"files_optional", r"hasattr\((src|source|o|outcome),", r"getattr\(o, \"normalisations\"",
              r"isinstance\([^)]*RecordSource", r"RecordOutcome"]
    hits = []
    for f in PKG.rglob("*.py"):
        text = f.read_text(encoding="utf-8")
        hits += [f"{f.relative_to(ROOT)}: {p}" for p in banned if re.search(p, text)]
    assert not hits, hits


def test_a_rule_over_a_column_the_source_does_not_have_is_refused_when_declared():
    """Without `derived={"source_domain": ...}` the publisher rule would check nothing at all."""
    from pipeline.validate import rules as R
    from pipeline.errors import PipelineError
    from pipeline.sources.base import SOURCE_DOMAIN_SQL, Column, Source
    cols = [Column("source_url", "str", True, "page")]
    rule = R.in_set("source_domain", ["the-monitor.org"], name="source_publisher_known", description="known")
    with pytest.raises(PipelineError, match="rule source_publisher_known reads source_domain"):
        Source(name="demo", title="demo", columns=cols, rules=[rule])
    assert Source(name="demo", title="demo", columns=cols, rules=[rule],
                  derived={"source_domain": SOURCE_DOMAIN_SQL}).rules == [rule]
