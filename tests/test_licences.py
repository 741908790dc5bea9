"""data/licences.yml: every source of the manifest has its publishers, and every publisher its
licence as far as it states one ("not stated" where it states none), its attribution and what the
check found; LICENSE is the code's MIT licence and the package metadata says so."""
from __future__ import annotations

import tomllib

import pytest
import yaml

from conftest import FROZEN_RAW, ROOT
from pipeline.files import licences, manifest


def manifest_sources() -> set[str]:
    data = yaml.safe_load((FROZEN_RAW / "manifest.yml").read_text(encoding="utf-8"))
    return {e["source"] for e in data["files"].values()}


def test_every_source_of_the_manifest_has_a_licences_entry():
    sources = manifest_sources() | {e.source for e in manifest.entries()}
    assert len(sources) >= 10
    assert licences.problems(sorted(sources)) == []
    for s in sources:
        assert licences.publishers(s), s


def test_a_licence_is_stated_or_says_not_stated_never_a_guess():
    pubs = licences.load()["publishers"]
    for key, p in pubs.items():
        assert p["licence"] == "not stated" or p.get("url"), key  # a stated licence names where
        assert len(p["found"].split()) >= 15, key  # what was looked at, in words
    colombia = pubs["aicma_colombia"]
    assert "yhxn-eqqw" in colombia["url"] and "Ley 1712" in colombia["found"]
    assert "Fuente:" in colombia["attribution"]


def test_the_check_names_a_missing_source_and_an_unknown_publisher(tmp_path, monkeypatch):
    bad = tmp_path / "licences.yml"
    bad.write_text("publishers:\n  a: {title: A, licence: not stated, url: null, attribution: A}\n"
                   "datasets:\n  one: {publishers: [a, b]}\n", encoding="utf-8")
    monkeypatch.setattr(licences, "path", lambda: bad)
    assert licences.problems(["one", "two"]) == ["one: unknown publisher b", "two: no entry under datasets",
                                                 "publisher a: no found"]


def test_the_code_is_mit_licensed():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Copyright (c) the landmine-pipeline contributors" in text
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["license"] == {"text": "MIT"}


@pytest.mark.parametrize("page", ["README.md", "docs/licences.md"])
def test_the_docs_name_each_publisher_and_its_licence(page):
    text = (ROOT / page).read_text(encoding="utf-8")
    assert "data/licences.yml" in text and "LICENSE" in text
    if page == "docs/licences.md":
        for p in licences.load()["publishers"].values():
            assert p["title"] in text
