"""The manifest guards raw files: a changed file is refused with a message saying how to
re-register it, and registering records the new checksum."""
from __future__ import annotations

import yaml

from pipeline.files import manifest

from conftest import in_process


def test_shipped_raw_files_match_the_manifest():
    for e in manifest.entries():
        manifest.verify(e)  # raises on mismatch
        assert e.meta["rows"] == manifest.count_rows(e.file)
        for key in ("what", "origin", "licence", "retrieved", "sha256"):
            assert e.meta.get(key), (e.path, key)


def test_every_raw_file_is_in_the_manifest():
    listed = {e.file.resolve() for e in manifest.entries()}
    on_disk = {p.resolve() for p in manifest.paths.raw_dir().rglob("*.csv")}
    assert on_disk == listed


def test_build_refuses_changed_raw_file_and_says_how_to_reregister(raw_copy, tmp_path):
    f = raw_copy / "demographics" / "demographics.csv"
    f.write_text(f.read_text(encoding="utf-8").replace("1407", "1408"), encoding="utf-8")
    res = in_process(["build"], tmp_path, raw=raw_copy)
    assert res.returncode == 2
    assert "does not match the manifest" in res.stderr
    assert "python -m pipeline register" in res.stderr and "demographics.csv" in res.stderr
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "processed" / "landmine.duckdb").exists()

    res = in_process(["register", str(f)], tmp_path, raw=raw_copy)
    assert res.returncode == 0, res.stderr
    entry = yaml.safe_load((raw_copy / "manifest.yml").read_text())["files"]["demographics/demographics.csv"]
    assert entry["sha256"] == manifest.sha256(f)
    assert entry["what"]  # provenance kept
    res = in_process(["ingest"], tmp_path, raw=raw_copy)
    assert res.returncode == 0 and "checksum ok" in res.stdout


def test_a_broken_manifest_edit_is_a_clear_error_for_every_verb(raw_copy, tmp_path):
    """A hand edit that breaks the YAML: each verb that reads the manifest says where, exit 2, no
    traceback, and nothing under raw/ changes."""
    m = raw_copy / "manifest.yml"
    m.write_text(m.read_text(encoding="utf-8") + "files: [unclosed\n", encoding="utf-8")
    before = m.read_bytes()
    for verb in (["refresh"], ["build"], ["sources"], ["validate"]):
        res = in_process(verb, tmp_path, raw=raw_copy)
        assert res.returncode == 2, (verb, res.stdout, res.stderr)
        assert "manifest.yml is not valid YAML (line " in res.stderr and "Traceback" not in res.stderr, verb
    assert m.read_bytes() == before
