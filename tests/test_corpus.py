"""The bad-input corpus (tests/corpus/, expected outcomes in manifest.yml): every file is checked
with `python -m pipeline validate --source NAME --file PATH` and must give exactly its expected exit
code, rules, normalisations and reconciliation, or its rejection message, never a traceback."""
from __future__ import annotations

import hashlib
import re
import sys

import pytest
import yaml

from pipeline import cli
from pipeline.validate import run as validate
from pipeline.report.exports import safe_frame
from pipeline.sources import get

from conftest import ROOT, run_cli

CORPUS = ROOT / "tests" / "corpus"
sys.path.insert(0, str(CORPUS))
import build_corpus  # noqa: E402

CASES = yaml.safe_load((CORPUS / "manifest.yml").read_text(encoding="utf-8"))["cases"]
RULE_LINE = re.compile(r"^(error|warn) (\S+): (\d+) row\(s\): row (\d+)", re.M)
RECON = re.compile(r"^rows read (\d+) = would load (\d+) \+ would quarantine (\d+)$", re.M)


def corpus_path(case, tmp_path):
    if case.get("generated"):
        return build_corpus.generated(case["file"], tmp_path)
    return CORPUS / case["file"]


def test_corpus_is_big_enough_and_every_file_has_an_expected_outcome():
    listed = {c["file"] for c in CASES if not c.get("generated") and not c.get("absent")}
    on_disk = {p.name for p in CORPUS.glob("*.csv")}
    assert listed == on_disk
    assert len(CASES) >= 25
    assert {c["decision"] for c in CASES} == {"normalise", "quarantine", "reject", "accept"}
    for c in CASES:
        assert c["exit"] == {"normalise": 0, "accept": 0, "quarantine": 1, "reject": 2}[c["decision"]] or \
            (c["decision"] == "normalise" and c["exit"] == 1), c


def test_corpus_files_are_what_build_corpus_writes():
    for name, data in build_corpus.FILES.items():
        assert (CORPUS / name).read_bytes() == data, name


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_corpus_case(case, tmp_path, capsys):
    path = corpus_path(case, tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    rc = cli.main(["validate", "--source", case["source"], "--file", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert rc == case["exit"], out + err
    if before is not None:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # validation never writes the file
    if case["exit"] == 2:
        assert err.startswith("error: ") and case["message"] in err, err
        assert "rows read" not in out
        return
    assert err == ""
    read, loaded, quarantined = map(int, RECON.search(out).groups())
    assert [read, loaded, quarantined] == case["rows"]
    assert read == loaded + quarantined
    fired = {m[1]: int(m[3]) for m in RULE_LINE.findall(out) if m[0] == "error"}
    assert fired == case.get("rules", {}), out
    kinds = set(re.findall(r"^  (?:row \d+ \S+|file): (\w+)", out, re.M))
    assert kinds == set(case.get("normalisations", [])), out


def _outcome(name, source="demographics"):
    return validate.run(get(source), CORPUS / name)


def test_normalisations_keep_the_original_and_the_footnote_marker_as_detail():
    o = _outcome("footnote_markers.csv")
    assert o.loaded["casualties"].tolist() == [1015, 2029]
    n = o.normalisations
    marks = n[n["kind"] == "footnote_marker"][["row_number", "column", "detail", "original", "value"]]
    assert marks.values.tolist() == [[1, "casualties", "[12]", "1,015[12]", "1015"],
                                     [2, "casualties", "*", "2029*", "2029"]]


def test_missing_markers_become_null_never_zero():
    o = _outcome("missing_markers.csv", "global_casualties")
    row = o.loaded.iloc[0]
    assert row["total"] == 6279
    assert row[["killed", "injured", "outcome_unknown", "civilian_pct"]].isna().all()


def test_formula_like_text_is_kept_verbatim_and_neutralised_on_export():
    o = _outcome("formula_cells.csv")
    assert o.loaded["locator"].tolist() == ['=HYPERLINK("http://x.test","click")', "@SUM(A1:A9)"]
    assert safe_frame(o.loaded)["locator"].tolist() == ["'=HYPERLINK(\"http://x.test\",\"click\")", "'@SUM(A1:A9)"]


def test_huge_cell_is_quarantined_whole_but_printed_short(tmp_path, capsys):
    path = build_corpus.generated("one_mb_field.csv", tmp_path)
    o = validate.run(get("demographics"), path)
    assert len(o.quarantine) == 1 and len(o.quarantine.iloc[0]["record"]) > 1 << 20  # nothing lost
    cli.main(["validate", "--source", "demographics", "--file", str(path)])
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) < 400 and "(1,048,576 chars)" in out


def test_a_real_process_never_shows_a_traceback_and_verbose_adds_one():
    res = run_cli("validate", "--source", "demographics", "--file", str(CORPUS / "xlsx_renamed.csv"))
    assert res.returncode == 2 and res.stderr.startswith("error: ") and "Traceback" not in res.stderr
    res = run_cli("--verbose", "validate", "--source", "demographics", "--file", str(CORPUS / "empty.csv"))
    assert res.returncode == 2 and "Traceback" in res.stderr and "the file is empty" in res.stderr


def test_validate_file_arguments_are_checked(capsys):
    assert cli.main(["validate", "--source", "../../etc/passwd", "--file", str(CORPUS / "utf8_bom.csv")]) == 2
    assert "unknown source '../../etc/passwd'" in capsys.readouterr().err
    assert cli.main(["validate", "--file", str(CORPUS / "utf8_bom.csv")]) == 2
    assert "needs --source NAME" in capsys.readouterr().err
    assert cli.main(["validate", "--source", "demographics", "--file", str(CORPUS)]) == 2
    assert "is a folder" in capsys.readouterr().err
