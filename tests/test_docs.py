"""The generated docs (docs/marts.md from the contract, docs/rules.md from the source
declarations) are current, and every relative link in README.md and docs/ lands: the file exists
and, for a #fragment, the heading does."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, shown_lines
from pipeline.tools import docs

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped (not - or _), spaces -> -."""
    text = re.sub(r"`|\*\*|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip()).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(md: Path) -> set[str]:
    text = FENCE.sub("", md.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    out = set()
    for h in re.findall(r"^#{1,6} (.+?)\s*#*$", text, flags=re.M):
        s = slug(h)
        out.add(s if s not in seen else f"{s}-{seen[s]}")
        seen[s] = seen.get(s, 0) + 1
    out |= set(re.findall(r'<a (?:name|id)="([^"]+)"', text))
    return out


def dead_links(md: Path) -> list[str]:
    dead = []
    text = FENCE.sub("", md.read_text(encoding="utf-8"))
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        path, _, fragment = target.partition("#")
        dest = (md.parent / path).resolve() if path else md
        if not dest.exists():
            dead.append(f"{md.name}: {target} (no such file)")
        elif fragment and dest.suffix == ".md" and fragment not in anchors(dest):
            dead.append(f"{md.name}: {target} (no heading #{fragment} in {dest.name})")
    return dead


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_generated_docs_are_current():
    assert docs.stale() == [], "stale generated docs: run `landmine docs --write` and commit docs/"


def test_a_changed_or_missing_generated_doc_is_stale(tmp_path):
    docs.write(tmp_path)
    assert docs.stale(tmp_path) == []
    (tmp_path / "rules.md").write_text(docs.rules_page().replace("| error |", "| warn |", 1), encoding="utf-8")
    (tmp_path / "marts.md").unlink()
    assert sorted(docs.stale(tmp_path)) == ["marts.md", "rules.md"]


def test_generated_docs_cover_every_mart_and_rule():
    from pipeline import sources
    marts = docs.marts_page()
    for m in docs.contracts():
        assert f"## `marts.{m['name']}`" in marts
    rules = docs.rules_page()
    for s in sources.all_sources():
        for r in s.all_rules():
            assert f"| {r.name} | {r.severity} | {r.stage} |" in rules


def test_every_relative_link_in_the_docs_lands():
    dead = [d for md in pages() for d in dead_links(md)]
    assert dead == []


def test_the_link_check_finds_a_dead_link(tmp_path):
    (tmp_path / "a.md").write_text("# Top\n\n## Real heading\n\n[ok](#real-heading) [ok](b.md#b-two) "
                                   "[gone](missing.md) [bad](#nowhere) [bad](b.md#nope) "
                                   "[web](https://example.org/x)\n```\n[in code](nothere.md)\n```\n",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_text("# B\n\n## B two\n", encoding="utf-8")
    assert dead_links(tmp_path / "a.md") == ["a.md: missing.md (no such file)",
                                             "a.md: #nowhere (no heading #nowhere in a.md)",
                                             "a.md: b.md#nope (no heading #nope in b.md)"]


README_BUDGET = 15 * 1024  # issue 12: what a reader starts with, the rest in docs/


def test_readme_fits_its_budget():
    size = len((ROOT / "README.md").read_bytes())
    assert size <= README_BUDGET, f"README.md is {size:,} bytes (budget {README_BUDGET:,})"


def test_generated_docs_do_not_depend_on_the_as_of_date():
    """Rule descriptions name the build's as-of date; the generated page must not change with it."""
    import subprocess
    import sys
    code = "from pipeline.tools import docs; import sys; sys.stdout.write(docs.rules_page() + docs.marts_page())"
    pages = {d: subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                               env={**__import__("os").environ, "LANDMINE_AS_OF": d}, timeout=120).stdout
             for d in ("2025-06-30", "2031-01-01")}
    assert pages["2025-06-30"] and pages["2025-06-30"] == pages["2031-01-01"]


# Samples of real output: a code block right after CHECKED lists `$ <command>` lines, each followed
# by lines its output must contain (`...` elides). The test runs every command on a fresh build of
# the shipped data, so a page cannot show output the program no longer prints.
CHECKED = "<!-- checked: tests/test_docs.py runs these commands -->"
SAMPLE = re.compile(re.escape(CHECKED) + r"\n+```[a-z]*\n(.*?)```", re.S)


def samples(text: str) -> list[tuple[dict, list[str], list[str]]]:
    """(env, pipeline arguments, expected lines) for each `$ ` command of each checked block."""
    import shlex
    out = []
    for block in SAMPLE.findall(text):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, *expected = chunk.splitlines()
            words = shlex.split(command.split("  #", 1)[0])
            env = dict(w.split("=", 1) for w in words[:next(i for i, w in enumerate(words) if "=" not in w)])
            words = words[len(env):]
            args = words[1:] if words[0] == "landmine" else words[3:]  # landmine ... | python -m pipeline ...
            out.append((env, args, shown_lines(expected)))
    return out


def sample_mismatches(text: str, base_env: dict) -> list[str]:
    """Each sample's command run as the CLI runs it (in this process: the exit code, stdout and
    stderr are the command's own), its expected lines looked for in what it printed."""
    from conftest import in_process
    bad = []
    for env, args, expected in samples(text):
        res = in_process(args, env={**base_env, **env})
        printed = set((res.stdout + res.stderr).splitlines())
        bad += [f"{' '.join(args)}: {ln!r} not printed" for ln in expected if ln not in printed]
    return bad


def test_the_output_samples_in_the_docs_are_what_the_commands_print(shipped_run, tmp_path):
    """Each page's samples run on its own copy of the shipped build (a sample may rebuild it, as
    of another day), never on the build the other tests share."""
    import shutil
    from conftest import scratch_env
    checked = {md.name: samples(md.read_text(encoding="utf-8")) for md in pages()}
    assert sum(len(s) for s in checked.values()) >= 5, checked  # the checked samples are found
    bad = []
    for md in pages():
        work = tmp_path / md.stem
        for d in ("processed", "reports"):
            shutil.copytree(shipped_run["tmp"] / d, work / d)
        bad += [f"{md.name}: {b}" for b in sample_mismatches(md.read_text(encoding="utf-8"), scratch_env(work))]
    assert bad == []


def test_the_sample_check_finds_a_line_the_command_does_not_print(shipped_run):
    text = (f"{CHECKED}\n\n```\n$ LANDMINE_LOCK_TIMEOUT=0 landmine sources  # a comment\nglobal_casualties\n...\n"
            "$ python -m pipeline frobnicate\nno such line\n```\n")
    assert samples(text) == [({"LANDMINE_LOCK_TIMEOUT": "0"}, ["sources"], ["global_casualties"]),
                             ({}, ["frobnicate"], ["no such line"])]
    bad = sample_mismatches(text, shipped_run["env"])
    assert any("'no such line' not printed" in b for b in bad)


def test_every_make_target_and_verb_is_in_the_command_line_page():
    from pipeline.cli import _parser
    page = (ROOT / "docs" / "command-line.md").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z-]+):.*?##", (ROOT / "Makefile").read_text(encoding="utf-8"), flags=re.M)
    assert len(targets) >= 10
    assert [t for t in targets if f"`make {t}" not in page] == []
    verbs = next(a for a in _parser()._actions if a.dest == "verb").choices
    assert [v for v in verbs if f"| `{v}" not in page] == []
