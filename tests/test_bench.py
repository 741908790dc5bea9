"""`make bench` code on a tiny size (it proves the three paths run and agree; no time is asserted:
speed is measured by `make bench`, never by a test)."""
from __future__ import annotations

import re
import subprocess

from conftest import ROOT, run_cli


def test_bench_runs_the_three_paths_and_prints_the_ratio_lines(tmp_path):
    res = run_cli("bench", "--sizes", "2000,3000", "--dir", str(tmp_path), timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    out = res.stdout
    for size in ("2,000", "3,000"):
        for path in ("raw_read", "pipeline", "duckdb"):
            assert re.search(rf"{size} rows\s+{path}\s+[\d,]+ rows/s\s+[\d.]+ s\s+peak RSS\s+\d+ MiB", out), (path, out)
    assert "WARNING" not in out  # pipeline and hand-written DuckDB found the same violations
    # the build's own figures: a full build, a no-op one that is up to date, the interpreter floor
    assert re.search(r"build \(shipped data\)  full `all --force` +[\d.]+ s   no-op `all` +[\d.]+ s  \(up to date\)"
                     r"   python startup +[\d.]+ s", out), out
    assert re.search(r"ratio no-op/startup: \d+\.\d\d; full/no-op: \d+\.\d", out)
    lines = out.strip().splitlines()
    assert re.fullmatch(r"ratio pipeline/raw_read: \d+\.\d\d  \(2,000 rows\)", lines[-2])
    assert re.fullmatch(r"ratio pipeline/raw_read: \d+\.\d\d  \(3,000 rows\)", lines[-1])
    # the generated files stay in the scratch folder, with the mapping they are read through
    assert (tmp_path / "records-2000-seed20241" / "imsma_export.csv").is_file()
    assert (tmp_path / "records-2000-seed20241" / "mapping.yml").is_file()


def test_bench_is_not_part_of_make_test():
    makefile = (ROOT / "Makefile").read_text()
    test_recipe = makefile.split("\ntest:")[1].split("\n\n")[0]
    assert "bench" not in test_recipe
    assert "-m pipeline bench" in makefile
    res = subprocess.run(["make", "help"], cwd=ROOT, capture_output=True, text=True)
    assert "make bench" in res.stdout
