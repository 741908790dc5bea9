"""`make report` on the shipped data, in a fresh copy of the project: the real figures come out."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

RUN_FIRST = True  # `make report` in a copy of the project, cold: start it with the shared build

from conftest import FROZEN_RAW, ROOT, copy_raw, shown_lines



def project_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split("\n")
    return [f for f in out if f and (ROOT / f).is_file()]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A copy of the project (what git would clone, its data/raw/ the frozen shipped data) where
    `make report` is run, reading its own data/raw/."""
    dst = tmp_path_factory.mktemp("clone") / "project"
    for f in project_files():
        if not f.startswith("data/raw/"):
            (dst / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, dst / f)
    copy_raw(dst / "data" / "raw")
    # a user's first run: its own raw data, no fixture publishers, no remembered GX verdicts
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANDMINE_RAW_DIR", "LANDMINE_FIXTURE_PUBLISHERS", "LANDMINE_CACHE_DIR")}
    venv = Path(sys.prefix)
    stamp = venv / ".installed-stamp"
    stamp.touch()
    # -o: the shared venv is already installed; do not reinstall it from the copy.
    res = subprocess.run(["make", "-o", str(stamp), "report", f"VENV={venv}"], cwd=dst, env=env,
                         capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    con = duckdb.connect(str(dst / "data" / "processed" / "landmine.duckdb"), read_only=True)
    yield {"dir": dst, "out": res.stdout, "con": con}
    con.close()


def one(made, sql, *p):
    rows = made["con"].execute(sql, list(p)).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_make_report_prints_the_reconciliation_and_where_the_report_is(made):
    out = made["out"]
    n = len((FROZEN_RAW / "global_casualties" / "global_casualties.csv").read_text(
        encoding="utf-8").splitlines()) - 1
    assert f"global_casualties: read {n} = loaded {n} + quarantined 0" in out
    # every shipped row is loaded but one: the 1984 row of Colombia's 2024-01-03 export, before the
    # register's stated scope (1990 on), quarantined and counted
    m = re.search(r"rows read (\d+) = loaded (\d+) \+ quarantined 1\n", out)
    assert m and int(m.group(1)) == int(m.group(2)) + 1, out
    assert "error incident_within_dataset_scope: 1 row(s), first rows [12238]" in out
    assert "report: reports/index.html" in out
    for f in ("index.html", "validation.html", "annual_casualties.png", "annual_casualties.svg",
              "shares_over_time.png", "data/casualties_by_year.csv", "data/casualties_by_year.parquet"):
        assert (made["dir"] / "reports" / f).is_file(), f


def test_2024_figures(made):
    assert one(made, "select total, killed, injured, outcome_unknown, outcome_unknown_is_derived, civilian_pct, "
                     "child_pct, child_pct_basis, total_edition from marts.casualties_by_year where data_year = 2024") == (
        6279, 1945, 4325, 9, True, 90.0, 46.0, "civilian", 2025)


def test_2016_revisions_first_reported_8605_in_2017(made):
    assert one(made, "select earliest_total, earliest_total_edition, earliest_is_first_report "
                     "from marts.casualties_by_year where data_year = 2016") == (8605, 2017, True)
    # 2002's earliest figure in the data is LM2007's, not a first report (issue 20)
    assert one(made, "select earliest_total_edition, earliest_is_first_report from marts.casualties_by_year "
                     "where data_year = 2002") == (2007, False)
    revs = made["con"].execute("select edition, total from marts.casualty_revisions where data_year = 2016 "
                               "order by edition").fetchall()
    assert revs[:3] == [(2017, 8605), (2018, 9437), (2019, 9439)]
    assert revs[-1][1] == 9440


def test_2013_low_point_conflict_is_visible(made):
    row = one(made, "select conflict_kind, \"values\" from marts.figure_conflicts where data_year = 2013 "
                    "and measure = 'total' and edition = 2021")
    assert row == ("value", [3465.0, 3456.0])


def test_2024_child_share_basis_conflict_is_visible(made):
    row = one(made, "select conflict_kind, bases, source_kinds from marts.figure_conflicts "
                    "where data_year = 2024 and measure = 'child_pct'")
    assert row == ("basis", ["civilian", "all"], ["ngo", "news"])


def test_every_year_1999_to_2024_has_a_row_and_gaps_stay_empty(made):
    years = [r[0] for r in made["con"].execute("select data_year from marts.casualties_by_year order by 1").fetchall()]
    assert years == list(range(1999, 2025))
    # 2005's total comes only from a news report of LM2006 (BBC: 7,328); its split is given by no source
    assert one(made, "select total, total_source_kind, killed, injured from marts.casualties_by_year "
                     "where data_year = 2005") == (7328, "news", None, None)


def test_report_tables_show_a_missing_figure_as_a_dash_never_an_empty_cell(made):
    html = (made["dir"] / "reports" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<td[^>]*></td>", html) == []
    assert '<td class="missing">—' in html and "a dash (—) is a figure the sources do not give" in html


def test_key_findings_are_computed(made):
    html = (made["dir"] / "reports" / "index.html").read_text(encoding="utf-8")
    assert "6,279 people were recorded killed or injured" in html
    assert "up 522 (9%) on 2023 (5,757)" in html
    assert "the highest since 2020" in html
    # each basis worded as its source words it, a disagreement said once; no superlative over the
    # whole series, whose early figures are on other bases (issue 20)
    assert "Civilians were 90% of the casualties (an NGO release, hi-us.org)" in html
    assert ("Children (under 18) were 46% of civilian casualties (an NGO release, hi-us.org); other sources give "
            "the same figure &#x27;of casualties where age known&#x27; (news, world-today-news.com)") in html
    assert "whose age was known" not in html.split("Key findings")[1].split("</ul>")[0]
    assert "highest recorded year" not in html and "11,700" not in html.split("Key findings")[1].split("</ul>")[0]


def test_report_sources_say_how_each_file_derives_from_the_reference_set(made):
    """The Sources table shows each file's true origin and its checked derivation, citing the
    repository's data/reference/, never a folder of the building machine."""
    html = (made["dir"] / "reports" / "index.html").read_text(encoding="utf-8")
    sources = html[html.index(">Sources</h2>"):]
    assert ("from data/reference/country_casualties.csv: kept rows 1-75, 78-81; corrected rows 76-77; "
            "added rows 82-131") in sources
    assert "copied byte-identical from data/reference/demographics.csv" in sources
    assert "Rows 1-105 are the project&#x27;s reference set (data/reference/global_casualties.csv)" in sources
    assert "verbatim" not in html and "shared/reference" not in html


def test_report_is_self_contained(made):
    for name in ("index.html", "validation.html"):
        html = (made["dir"] / "reports" / name).read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), name
        assert "<script" not in html and "<link" not in html
    assert "data:image/png;base64," in (made["dir"] / "reports" / "index.html").read_text(encoding="utf-8")


def test_make_report_again_with_nothing_changed_is_up_to_date_and_writes_nothing(made):
    outputs = [made["dir"] / "data" / "processed" / "landmine.duckdb", made["dir"] / "reports" / "index.html",
               made["dir"] / "reports" / "validation.html", made["dir"] / "reports" / "data" / "casualties_by_year.csv"]
    before = [p.stat().st_mtime_ns for p in outputs]
    res = subprocess.run([sys.executable, "-m", "pipeline", "all"], cwd=made["dir"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "warehouse up to date: no input changed" in res.stdout
    first = re.search(r"rows read \d+ = loaded \d+ \+ quarantined \d+", made["out"]).group(0)
    assert first in res.stdout  # the reconciliation the build recorded, still said
    assert "report up to date: reports/index.html" in res.stdout
    assert [p.stat().st_mtime_ns for p in outputs] == before


def test_csv_exports_are_byte_identical_from_another_build(made, shipped_run):
    """Two builds of the same data in separate processes and folders (this fresh copy's and the
    session's shipped_run) write the same bytes."""
    ours = {p.name: p.read_bytes() for p in (made["dir"] / "reports" / "data").glob("*.csv")}
    theirs = {p.name: p.read_bytes() for p in (shipped_run["reports"] / "data").glob("*.csv")}
    assert ours == theirs and len(ours) >= 7


def test_raw_data_untouched_by_the_build(made):
    for f in (made["dir"] / "data" / "raw").rglob("*"):
        if f.is_file():
            assert f.read_bytes() == (FROZEN_RAW / f.relative_to(made["dir"] / "data" / "raw")).read_bytes()


def readme_examples(readme: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """(code, header, rows) for each query of the README's analyst quick start: a python block
    whose expression returns a frame, followed by the Markdown table it shows."""
    section = readme.split("## Analyst quick start", 1)[1].split("\n## ", 1)[0]
    out = []
    for code, table in re.findall(r"```python\n(con\.sql\(.*?)```\n\n((?:\|[^\n]*\|\n)+)", section, flags=re.S):
        lines = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in table.strip().splitlines()]
        out.append((code, lines[0], lines[2:]))
    return out


def test_readme_quick_start_queries_give_the_tables_it_shows(made, monkeypatch):
    """The README's three queries, run as written on the fresh build, print what the README shows
    (an empty cell is NULL)."""
    import pandas as pd
    readme = (made["dir"] / "README.md").read_text(encoding="utf-8")
    setup = re.search(r"```python\n(from pipeline import connect\n.*?)```", readme, flags=re.S).group(1)
    examples = readme_examples(readme)
    assert len(examples) == 3
    monkeypatch.setenv("LANDMINE_PROCESSED_DIR", str(made["dir"] / "data" / "processed"))
    ns: dict = {}
    exec(setup, ns)
    try:
        for code, header, rows in examples:
            df = eval(code, ns)
            assert list(df.columns) == header, code
            got = [["" if pd.isna(v) else str(v) for v in r] for r in df.itertuples(index=False)]
            assert got == rows, code
    finally:
        ns["con"].close()


def test_the_readme_example_check_reads_every_table_cell():
    readme = ("## Analyst quick start\n\n```python\ncon.sql('select 1 as a, null as b').df()\n```\n\n"
              "| a | b |\n|---|---|\n| 1 | |\n| 2 | x |\n\n## Next\n")
    assert readme_examples(readme) == [("con.sql('select 1 as a, null as b').df()\n", ["a", "b"],
                                        [["1", ""], ["2", "x"]])]


def test_the_readme_shows_what_make_report_prints(made):
    """Every line of the README's sample `make report` output (`...` elides) is printed by a real
    run on the shipped data: the reconciliation figures there cannot go stale."""
    readme = (made["dir"] / "README.md").read_text(encoding="utf-8")
    sample = readme.split("where the report is:\n\n```\n", 1)[1].split("```", 1)[0]
    lines = shown_lines(sample.splitlines())
    assert len(lines) >= 4
    printed = made["out"].splitlines()
    assert [ln for ln in lines if ln not in printed] == []


def test_a_first_run_remembers_gx_verdicts_in_a_folder_git_ignores(made):
    """GX's verdicts are stored by content in data/interim/validation/ (the next build re-validates
    only what changed); generated, so never committed."""
    stored = sorted((made["dir"] / "data" / "interim" / "validation").glob("*.json"))
    assert stored
    subprocess.run(["git", "init", "-q"], cwd=made["dir"], check=True)
    ignored = subprocess.run(["git", "check-ignore", "-q", str(stored[0].relative_to(made["dir"]))],
                             cwd=made["dir"])
    assert ignored.returncode == 0
