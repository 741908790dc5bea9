"""The project's conventions, checked by walking it (after OWID's test_etl_step_code.py): every
source has its raw folder, manifest entry, staging model, contract and test file; reports and
notebooks read only contracted marts (and the audit tables); no model repeats a fact that lives
in a seed; one quoting helper; no literal data/raw/ path in code that LANDMINE_RAW_DIR can move.
Each rule is a function returning the offences, so a test can show it catches a breach."""
from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import pytest

from conftest import ROOT
from pipeline.build import graph
from pipeline.files import manifest
from pipeline import sources
from pipeline.build.contracts import contracts

PKG = ROOT / "pipeline"
SEEDS = PKG / "seeds"


def source_offences(names, raw_dir: Path, tests_dir: Path, nodes, contracted) -> list[str]:
    """What each declared source lacks of its shape (STYLE.md point 2)."""
    out = []
    by_key = {n.key: n for n in nodes}
    feeds = {}  # model -> marts that read it, directly or not
    for n in nodes:
        for r in n.reads:
            feeds.setdefault(r, set()).add(n.key)

    def reaches_a_contract(key, seen=()):
        return any(k.split(".", 1)[1] in contracted and k.startswith("marts.") or
                   (k not in seen and reaches_a_contract(k, (*seen, k))) for k in feeds.get(key, ()))

    for name in names:
        if not (raw_dir / name).is_dir():
            out.append(f"{name}: no raw folder {raw_dir.name}/{name}/")
        if not manifest.entries(name):
            out.append(f"{name}: no file in the manifest")
        stg = f"staging.stg_{name}"
        if stg not in by_key:
            out.append(f"{name}: no staging model pipeline/models/staging/stg_{name}.sql")
        elif f"raw.{name}" not in by_key[stg].reads:
            out.append(f"{name}: {stg} does not read raw.{name}")
        elif not reaches_a_contract(stg):
            out.append(f"{name}: {stg} reaches no contracted mart")
        if not (tests_dir / f"test_source_{name}.py").is_file():
            out.append(f"{name}: no test file tests/test_source_{name}.py")
    return out


def read_offences(files, contracted) -> list[str]:
    """Reports and notebooks read contracted marts and the audit tables, nothing else."""
    out = []
    for f in files:
        for ref in graph.python_reads([f]):
            schema, table = ref.split(".", 1)
            if schema in ("staging", "raw", "seeds"):
                out.append(f"{f.name} reads {ref}: read a contracted mart instead")
            elif schema == "marts" and table not in contracted:
                out.append(f"{f.name} reads {ref}, which has no contract (models/marts/<mart>.yml)")
    return out


def seed_values() -> dict[str, set[str]]:
    """seed.column -> its values, for columns whose values are codes (no spaces, not numbers,
    not yes/no flags): the facts a model must read from the seed rather than repeat."""
    out = {}
    for p in sorted(SEEDS.glob("*.csv")):
        with open(p, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for col in rows[0] if rows else []:
            vals = {r[col] for r in rows if r[col] and re.fullmatch(r"[a-z][a-z0-9_:]*", r[col])}
            vals -= {"true", "false", "yes", "no"}
            if vals:
                out[f"{p.stem}.{col}"] = vals
    return out


def seed_fact_offences(model_files, seeds: dict[str, set[str]]) -> list[str]:
    """A CASE or IN list naming two or more codes of one seed column repeats that seed."""
    out = []
    for f in model_files:
        for lst in graph.literal_lists(f.read_text(encoding="utf-8")):
            cols = [c for c, vals in seeds.items() if len(set(lst) & vals) >= 2]
            if cols:
                out.append(f"{f.parent.name}/{f.name}: {sorted(set(lst))} repeat the seed column(s) "
                           f"{', '.join(cols)}: join the seed instead")
    return out


def code_offences(py_files) -> list[str]:
    """One quoting helper (pipeline/sql.py); no f-string that writes data/raw/ (wrong when
    LANDMINE_RAW_DIR moves the folder: use paths.raw_dir())."""
    out = []
    for f in py_files:
        text = f.read_text(encoding="utf-8")
        tree = ast.parse(text)
        for n in ast.walk(tree):
            if isinstance(n, ast.JoinedStr):
                s = "".join(v.value for v in n.values if isinstance(v, ast.Constant))
                if "data/raw" in s:
                    out.append(f"{f.relative_to(f.parents[1])}:{n.lineno}: literal data/raw/ in an f-string")
            if isinstance(n, ast.FunctionDef) and f.name != "sql.py" and \
                    "replace('\"', '\"\"')" in (ast.get_source_segment(text, n) or ""):
                out.append(f"{f.relative_to(f.parents[1])}:{n.lineno}: {n.name} quotes identifiers: use pipeline.sql.quote")
    return out


MAX_FUNCTION_LINES = 60
LONG_REASON = re.compile(r"^\s*# long: \S")


def _comments_above(lines: list[str], lineno: int) -> list[str]:
    """The comment lines directly above line `lineno` (1-based), nearest first."""
    out, i = [], lineno - 2
    while i >= 0 and lines[i].strip().startswith("#"):
        out.append(lines[i])
        i -= 1
    return out


def length_offences(py_files) -> list[str]:
    """No function over MAX_FUNCTION_LINES lines unless a `# long: <reason>` comment stands
    directly above it (or above its decorators)."""
    out = []
    for f in py_files:
        text = f.read_text(encoding="utf-8")
        lines = text.splitlines()
        for n in ast.walk(ast.parse(text)):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = n.end_lineno - n.lineno + 1
                first = min([n.lineno] + [d.lineno for d in n.decorator_list])
                if length > MAX_FUNCTION_LINES and not any(LONG_REASON.match(c) for c in _comments_above(lines, first)):
                    out.append(f"{f.relative_to(f.parents[1])}:{n.lineno}: {n.name} is {length} lines "
                               f"(over {MAX_FUNCTION_LINES}: split it, or say why above it with '# long: ...')")
    return out


def import_offences(py_files) -> list[str]:
    """An import inside a function says why it is there (keeping start-up fast, usually): a comment
    on its line, directly above its group of imports, or ending the line that opens its block."""
    out = []
    for f in py_files:
        text = f.read_text(encoding="utf-8")
        lines = text.splitlines()
        for fn in ast.walk(ast.parse(text)):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for n in ast.walk(fn):
                if not isinstance(n, (ast.Import, ast.ImportFrom)):
                    continue
                first = n.lineno  # the first import line of its group
                while first > 1 and re.match(r"\s*(import|from)\s", lines[first - 2]):
                    first -= 1
                opener = lines[first - 2].rstrip() if first > 1 else ""
                said = ("#" in lines[n.lineno - 1] or _comments_above(lines, first)
                        or ("#" in opener and opener.split("#")[0].rstrip().endswith(":")))
                if not said:
                    out.append(f"{f.relative_to(f.parents[1])}:{n.lineno}: import inside {fn.name}() with "
                               "no comment saying why (move it to the top, or say why it is here)")
    return out


# The treaty's law and the statements' precedence are written once (pipeline/models/macros/*.sql):
# these patterns are their arithmetic, so a copy anywhere else is named.
LAW_PATTERNS = {
    "Article 17's cut-off (use article17_entry_into_force)": re.compile(r"1998-09-30"),
    "a date + 6 months, Article 17.2 or 20.3 (use article17_entry_into_force / article20_withdrawal_effective)":
        re.compile(r"interval\s*'?6'?\s*month", re.I),
    "a ranking by the kind of publisher (use statement_order, pipeline/models/macros/precedence.sql)":
        re.compile(r"precedence\s*::\s*int|cast\s*\(\s*\w+\.precedence\s+as\s+integer\)", re.I),
}


def law_offences(files, macros_dir: Path) -> list[str]:
    """Model SQL and source declarations that repeat what a macro writes once."""
    out = []
    for f in files:
        if f.is_relative_to(macros_dir):
            continue
        text = f.read_text(encoding="utf-8")
        out += [f"{f.parent.name}/{f.name}: {what}" for what, pat in LAW_PATTERNS.items() if pat.search(text)]
    return out


def _contracted():
    return {m["name"] for m in contracts()}


def _report_files():
    return sorted((PKG / "report").glob("*.py")) + sorted((ROOT / "notebooks").glob("*.py"))


# --- the project as it is -------------------------------------------------------------------

def test_every_source_has_its_raw_folder_manifest_entry_staging_model_contract_and_tests():
    assert source_offences(sources.NAMES, ROOT / "data" / "raw", ROOT / "tests",
                           graph.nodes(), _contracted()) == []


def test_reports_and_notebooks_read_only_contracted_marts():
    files = _report_files()
    assert len(files) > 5
    assert read_offences(files, _contracted()) == []


def test_no_model_repeats_a_fact_that_lives_in_a_seed():
    models = sorted((PKG / "models").rglob("*.sql"))
    seeds = seed_values()
    assert {"source_kinds.source_kind", "treaty_events.event_code", "demographic_groups.group"} <= set(seeds)
    assert seed_fact_offences(models, seeds) == []


def test_the_treaty_law_and_the_precedence_are_written_once():
    files = sorted((PKG / "models").rglob("*.sql")) + sorted((PKG / "sources").glob("*.py"))
    macros = PKG / "models" / "macros"
    assert law_offences(sorted(macros.glob("*.sql")), PKG / "nowhere")  # the macros do hold the arithmetic
    assert law_offences(files, macros) == []


def test_one_quoting_helper_and_no_literal_raw_folder_in_code():
    assert code_offences(sorted(PKG.rglob("*.py"))) == []


# --- each rule catches what it is for ---------------------------------------------------------

def test_a_source_missing_its_pieces_is_named(tmp_path):
    (tmp_path / "raw").mkdir()
    out = source_offences(["global_casualties"], tmp_path / "raw", tmp_path, graph.nodes(), _contracted())
    assert out == ["global_casualties: no raw folder raw/global_casualties/",
                   "global_casualties: no test file tests/test_source_global_casualties.py"]
    nodes = [n for n in graph.nodes() if n.key != "staging.stg_demographics"]
    out = source_offences(["demographics"], ROOT / "data" / "raw", ROOT / "tests", nodes, _contracted())
    assert out == ["demographics: no staging model pipeline/models/staging/stg_demographics.sql"]
    out = source_offences(["demographics"], ROOT / "data" / "raw", ROOT / "tests", graph.nodes(), set())
    assert out == ["demographics: staging.stg_demographics reaches no contracted mart"]


def test_a_report_reading_staging_or_an_uncontracted_mart_is_named(tmp_path):
    f = tmp_path / "nb.py"
    f.write_text('con.sql("select * from staging.stg_treaty_status join marts.scratch using (iso3)")\n'
                 'con.sql("select * from marts.casualties_by_year, audit.quarantine")\n', encoding="utf-8")
    assert read_offences([f], _contracted()) == [
        "nb.py reads marts.scratch, which has no contract (models/marts/<mart>.yml)",
        "nb.py reads staging.stg_treaty_status: read a contracted mart instead"]


@pytest.mark.parametrize("sql", [
    "select case source_kind when 'monitor' then 1 when 'ngo' then 2 else 3 end from staging.stg_figures",
    "select * from staging.stg_treaty_status where event_code in ('ratified', 'acceded')",
    "select case when measure = 'child_casualties' then 1 when measure = 'female_casualties' then 2 end "
    "from marts.casualty_figures",
])
def test_a_model_repeating_a_seed_is_named(tmp_path, sql):
    f = tmp_path / "m.sql"
    f.write_text(sql, encoding="utf-8")
    assert len(seed_fact_offences([f], seed_values())) == 1


@pytest.mark.parametrize("sql", [
    "select case when d <= date '1998-09-30' then date '1999-03-01' end from staging.stg_treaty_participants",
    "select cast(notified + interval 6 month as date) from staging.stg_treaty_status",
    "select * from staging.stg_x s join seeds.source_kinds k using (source_kind) order by k.precedence::int",
])
def test_a_copy_of_the_law_or_the_precedence_is_named(tmp_path, sql):
    f = tmp_path / "marts" / "m.sql"
    f.parent.mkdir()
    f.write_text(sql, encoding="utf-8")
    assert len(law_offences([f], PKG / "models" / "macros")) == 1


def test_a_copied_quoting_helper_and_a_literal_raw_path_are_named(tmp_path):
    f = tmp_path / "pkg" / "mod.py"
    f.parent.mkdir()
    f.write_text("def _q(x):\n    return '\"' + x.replace('\"', '\"\"') + '\"'\n\n\n"
                 "def label(p):\n    return f\"data/raw/{p}\"\n", encoding="utf-8")
    assert sorted(code_offences([f])) == ["pkg/mod.py:1: _q quotes identifiers: use pipeline.sql.quote",
                                          "pkg/mod.py:6: literal data/raw/ in an f-string"]


def test_no_function_is_over_60_lines_without_a_reason():
    assert length_offences(sorted(PKG.rglob("*.py"))) == []


def test_every_import_inside_a_function_says_why():
    assert import_offences(sorted(PKG.rglob("*.py"))) == []


def test_a_long_function_and_an_unexplained_late_import_are_named(tmp_path):
    f = tmp_path / "pkg" / "mod.py"
    f.parent.mkdir()
    body = "".join(f"    x{i} = {i}\n" for i in range(60))
    f.write_text(f"def long_one():\n{body}\n\n# long: one table of cases, read top to bottom\n"
                 f"def long_but_said():\n{body}\n\n"
                 "def late():\n    import json\n    return json\n\n\n"
                 "def late_but_said():\n    # here: keeps start-up fast\n    import json\n    import csv\n"
                 "    from os import path  # lazy\n    return json, csv, path\n", encoding="utf-8")
    assert length_offences([f]) == [
        "pkg/mod.py:1: long_one is 61 lines (over 60: split it, or say why above it with '# long: ...')"]
    line = f.read_text(encoding="utf-8").splitlines().index("    import json") + 1  # late()'s
    assert import_offences([f]) == [
        f"pkg/mod.py:{line}: import inside late() with no comment saying why (move it to the top, or say why it is here)"]
