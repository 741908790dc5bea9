"""What data/raw/manifest.yml says each raw file is holds against the reference set vendored in
data/reference/ (pipeline/files/provenance.py), and the check names the row and column of a claim
that no longer holds: a changed cell, an undeclared row, a "copied" file that is not. Breaking
cases edit temporary copies; data/raw/ and data/reference/ are only read."""
from __future__ import annotations

import copy
import csv
import shutil
from pathlib import Path

import pytest

from pipeline.files import manifest, paths, provenance

from conftest import FROZEN_RAW

REFERENCE = paths.PROJECT_DIR / "data" / "reference"


def shipped(path: str) -> manifest.Entry:
    """The shipped (frozen) manifest entry of a raw file, as a copy a test may change."""
    return manifest.Entry(path, copy.deepcopy(manifest.load(FROZEN_RAW / "manifest.yml")["files"][path]))


def rows_of(file: Path) -> list[list[str]]:
    with open(file, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def write_rows(file: Path, rows: list[list[str]]) -> None:
    with open(file, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)


@pytest.fixture
def raw(tmp_path, monkeypatch):
    """An empty raw folder the entries under test resolve to; `put` copies a shipped file in."""
    folder = tmp_path / "raw"
    monkeypatch.setenv("LANDMINE_RAW_DIR", str(folder))

    def put(path: str) -> Path:
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(FROZEN_RAW / path, folder / path))
    return put


def edited(put, path: str, change) -> Path:
    """A copy of a shipped raw file with `change(rows)` applied (rows[0] is the header)."""
    f = put(path)
    rows = rows_of(f)
    change(rows)
    write_rows(f, rows)
    return f


# --- the shipped declarations -------------------------------------------------------------------

def test_every_manifest_entry_declares_a_derivation_and_every_declaration_holds():
    entries = manifest.entries()
    assert len(entries) >= 12
    assert [e.path for e in entries if not e.meta.get("derivation")] == []
    assert provenance.problems(entries, REFERENCE) == []


def test_the_declarations_account_for_every_row_of_the_raw_and_the_reference_file():
    """Row by row: raw rows kept + corrected + added = the raw file, kept + corrected + dropped =
    the reference file (the check's own arithmetic, counted here independently)."""
    for e in manifest.entries():
        d = e.meta["derivation"]
        if "copied" in d:
            continue
        count = lambda kind, key: sum(len(provenance.numbers(i[key])) for i in d.get(kind) or [])  # noqa: E731
        kept = len(provenance.numbers(d.get("kept", "")))
        assert kept + count("corrected", "row") + count("added", "rows") == e.meta["rows"], e.path
        ref_rows = len(rows_of(REFERENCE / d["from"].removeprefix("reference/"))) - 1
        assert kept + count("corrected", "reference_row") + count("dropped", "reference_row") == ref_rows, e.path


def test_origins_cite_the_repository_not_the_building_machine():
    for e in manifest.entries():
        assert "shared/reference" not in e.meta["origin"], e.path
        assert f"data/{e.meta['derivation']['from']}" in e.meta["origin"], e.path


def test_the_vendored_snapshot_is_as_copied():
    assert provenance.snapshot_problems(REFERENCE) == []
    assert (REFERENCE / "README.md").is_file() and (REFERENCE / "records/colombia_aicma/SHA256SUMS").is_file()


def test_the_snapshot_is_no_input_of_a_build():
    """data/reference/ is upstream of data/raw/: a build neither reads it nor goes stale with it."""
    from pipeline.build import freshness
    inputs = [str(p) for p in freshness._files().values()]
    assert inputs and not [p for p in inputs if str(REFERENCE) in p]
    assert not [e.path for e in manifest.entries() if e.file.resolve().is_relative_to(REFERENCE)]


# --- the check fails, naming the row and the column -----------------------------------------------

CC = "country_casualties/country_casualties.csv"


def test_an_undeclared_changed_cell_in_a_kept_row_is_named(raw):
    edited(raw, CC, lambda rows: rows[10].__setitem__(4, str(int(rows[10][4]) + 1)))  # row 10, casualties
    assert provenance.check(shipped(CC), REFERENCE) == [
        f"{CC}: row 10 is declared kept but differs from reference row 10 in column casualties"]


def test_a_corrected_row_changed_in_an_undeclared_column_is_named(raw):
    edited(raw, CC, lambda rows: rows[76].__setitem__(4, "1212"))  # row 76 declares state_party, source_url, locator
    assert provenance.check(shipped(CC), REFERENCE) == [
        f"{CC}: row 76 (corrected from reference row 76) differs in undeclared column(s) casualties"]


def test_an_undeclared_added_row_is_named(raw):
    path = "global_casualties/global_casualties.csv"
    appended = len(rows_of(edited(raw, path, lambda rows: rows.append(rows[-1][:])))) - 1  # after the header
    assert provenance.check(shipped(path), REFERENCE) == [
        f"{path}: row(s) {appended} not accounted for (neither kept, corrected nor added)"]


def test_an_undeclared_inserted_row_is_named_once_not_every_row_after_it(raw):
    path = "treaty_status/treaty_status.csv"
    edited(raw, path, lambda rows: rows.insert(3, rows[3][:2] + ["signed", "https://x", "a copy"]))
    problems = provenance.check(shipped(path), REFERENCE)
    assert f"{path}: row(s) 3 declared kept, but equal to no reference row left once the corrected and " \
           "dropped ones are taken out" in problems
    assert f"{path}: row(s) 47 not accounted for (neither kept, corrected nor added)" in problems


def test_a_byte_identical_claim_on_a_changed_file_is_named(raw):
    path = "demographics/demographics.csv"
    edited(raw, path, lambda rows: rows[5].__setitem__(rows[0].index("source_url"), "https://example.org/"))
    assert provenance.check(shipped(path), REFERENCE) == [
        f"{path}: declared byte-identical to data/reference/demographics.csv, but row 5 differs from "
        "reference row 5 in column source_url"]


def test_the_old_verbatim_claim_is_caught_on_the_shipped_file(raw):
    """The issue: global_casualties said "copied verbatim" while it has two rows more."""
    path = "global_casualties/global_casualties.csv"
    n = len(rows_of(raw(path))) - 1
    ref = len(rows_of(REFERENCE / "global_casualties.csv")) - 1
    assert n > ref
    e = shipped(path)
    e.meta["derivation"] = {"from": "reference/global_casualties.csv", "copied": "byte-identical"}
    assert provenance.check(e, REFERENCE) == [
        f"{path}: declared byte-identical to data/reference/global_casualties.csv, but it has {n} rows, "
        f"the reference {ref} (rows {ref + 1}-{n} not in the reference)"]
    e.meta["derivation"] = {"from": "reference/global_casualties.csv", "kept": f"1-{n}"}
    e.meta["origin"] += " Copied verbatim."
    assert provenance.check(e, REFERENCE) == [
        f"{path}: origin says verbatim, but the derivation accounts for it row by row (not copied)",
        f"{path}: row(s) {ref + 1}-{n} declared kept, but equal to no reference row left once the corrected "
        "and dropped ones are taken out"]


def test_a_reference_row_neither_kept_corrected_nor_dropped_is_named(raw):
    path = "demographics/demographics.csv"
    edited(raw, path, lambda rows: rows.pop(3))  # reference row 3 is gone from the raw file
    e = shipped(path)
    e.meta["derivation"] = {"from": "reference/demographics.csv", "kept": "1-14"}
    assert provenance.check(e, REFERENCE) == [f"{path}: reference row(s) 3 neither kept, corrected nor dropped"]
    e.meta["derivation"]["dropped"] = [{"reference_row": 3, "why": "a test"}]
    assert provenance.check(e, REFERENCE) == []


def test_a_corrected_column_that_did_not_change_and_a_stale_origin_are_named(raw):
    raw(CC)
    e = shipped(CC)
    e.meta["derivation"]["corrected"][0]["columns"].append("casualties")
    e.meta["origin"] = "copied from shared/reference/country_casualties.csv"
    assert provenance.check(e, REFERENCE) == [
        f"{CC}: origin does not cite data/reference/country_casualties.csv, the file its derivation is from",
        f"{CC}: origin cites shared/reference/, a folder outside the repository: cite data/reference/",
        f"{CC}: row 76: declared corrected column(s) casualties equal reference row 76's"]


def test_a_register_export_that_differs_from_its_listed_checksum_is_named(raw, tmp_path):
    path = "casualty_records/colombia_aicma/yhxn-eqqw_2017-10_divagant-martian.csv"
    f = tmp_path / "raw" / path
    f.parent.mkdir(parents=True)
    f.write_text("ano,mes\n2017,1\n", encoding="utf-8")
    [problem] = provenance.check(shipped(path), REFERENCE)
    assert problem.startswith(f"{path}: declared byte-identical, but its sha256 is ")
    assert problem.endswith("data/reference/records/colombia_aicma/SHA256SUMS lists 4a3d6a16c8d1…")


def test_an_unreadable_declaration_is_a_problem_not_a_traceback(raw):
    raw(CC)
    e = shipped(CC)
    e.meta["derivation"]["kept"] = "1-75, 78-"
    assert provenance.check(e, REFERENCE) == [
        f"{CC}: derivation: cannot read the row span '1-75, 78-' (write it like \"1-75, 78-81\")"]
    e.meta["derivation"] = {"from": "reference/country_casualties.csv", "copied": "verbatim"}
    assert provenance.check(e, REFERENCE) == [f"{CC}: derivation: `copied` must be 'byte-identical' (got 'verbatim')"]


def test_no_derivation_is_no_claim_unless_the_origin_names_the_reference_set(raw):
    e = manifest.Entry("x/x.csv", {"origin": "https://www.datos.gov.co/api/views/yhxn-eqqw/rows.csv fetched 2027-01-02"})
    assert provenance.check(e, REFERENCE) == []
    e.meta["origin"] = "copied from the project's reference set (data/reference/x.csv)"
    assert provenance.check(e, REFERENCE) == [
        "x/x.csv: origin cites the reference set, but no `derivation` says how the file derives from it"]


def test_an_edited_or_added_file_in_the_snapshot_is_named(tmp_path):
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE, ref)
    with open(ref / "device_types.csv", "a", encoding="utf-8") as f:
        f.write("\n")
    (ref / "notes.txt").write_text("mine\n", encoding="utf-8")
    problems = provenance.snapshot_problems(ref)
    assert problems[0] == ("data/reference/notes.txt: not listed in PROVENANCE.md (the snapshot is copied whole, "
                           "never added to)")
    assert problems[1].startswith("data/reference/device_types.csv: changed since it was copied")
    assert len(problems) == 2


def test_spans_read_and_write_back():
    assert provenance.numbers("1-3, 7, 9-10") == [1, 2, 3, 7, 9, 10]
    assert provenance.numbers(4) == [4] and provenance.numbers("") == []
    assert provenance.span([10, 1, 2, 3, 7, 9]) == "1-3, 7, 9-10"
    with pytest.raises(provenance.Declared):
        provenance.numbers("5-2")
