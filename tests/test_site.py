"""`landmine site` (make site): one folder with the report, the validation report, the country
profiles, the downloads and the warehouse, every link relative and landing on a file of the site,
every file listed in SHA256SUMS with its real hash, and no path of the machine that built it."""
from __future__ import annotations

import hashlib
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import duckdb
import pytest

from conftest import FROZEN_RAW, ROOT, in_process


class Links(HTMLParser):
    """Every href and src of a page (any tag), with the tag that carries it."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))


def links_of(page: Path) -> list[tuple[str, str, str]]:
    p = Links()
    p.feed(page.read_text(encoding="utf-8"))
    return p.links


def site_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file())


def test_the_site_holds_the_report_profiles_downloads_and_the_warehouse(site_run):
    site = site_run["site"]
    names = {p.relative_to(site).as_posix() for p in site_files(site)}
    for expected in ("index.html", "validation.html", "downloads.html", "SHA256SUMS", "data/datapackage.json",
                     "data/casualties_by_year.csv", "data/casualties_by_year.parquet", "landmine.duckdb",
                     "profiles/UKR.html", "annual_casualties.svg"):
        assert expected in names, expected
    hidden = [n for n in names if "/." in "/" + n and n != ".nojekyll"]  # stamps, .gitkeep, checkpoints
    assert hidden == [] and not [n for n in names if n.endswith((".lock", ".tmp"))]
    assert "site: " in site_run["stdout"] and "SHA256SUMS" in site_run["stdout"]
    downloads = {v for _, _, v in links_of(site / "downloads.html")}
    assert {"landmine.duckdb", "data/datapackage.json", "data/casualties_by_year.csv",
            "profiles/UKR.html"} <= downloads
    assert "downloads.html" in {v for _, _, v in links_of(site / "index.html")}


def test_every_link_of_every_page_is_relative_and_lands_on_a_file_of_the_site(site_run):
    site = site_run["site"]
    pages = [p for p in site_files(site) if p.suffix == ".html"]
    assert len(pages) >= 7  # report, validation, downloads, four profiles
    checked = 0
    for page in pages:
        for tag, attr, value in links_of(page):
            url = urlsplit(value)
            if url.scheme == "data" or (not url.scheme and not url.path):  # inline image, #fragment
                continue
            if tag == "a" and url.scheme in ("http", "https"):  # a source's own page: a link out, not a file
                continue
            where = f"{page.relative_to(site)}: <{tag} {attr}={value!r}>"
            assert not url.scheme and not url.netloc and not url.path.startswith("/"), f"not relative: {where}"
            target = (page.parent / unquote(url.path)).resolve()
            assert target.is_relative_to(site.resolve()), f"leaves the site: {where}"
            assert target.is_file(), f"no such file in the site: {where}"
            checked += 1
    assert checked >= 80  # the downloads page alone links every export


def test_no_file_names_a_path_of_the_machine_that_built_it(site_run):
    site = site_run["site"]
    needles = {str(ROOT), str(FROZEN_RAW), *map(str, site_run["built_in"]), "file://"}
    found = []
    for p in site_files(site):
        data = p.read_bytes()
        found += [f"{p.relative_to(site)}: {n}" for n in needles if n.encode() in data]
    assert found == []


def test_sha256sums_lists_every_file_with_its_hash(site_run):
    site = site_run["site"]
    listed = {}
    for line in (site / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = {p.relative_to(site).as_posix(): p for p in site_files(site) if p.name != "SHA256SUMS"}
    assert set(listed) == set(files)
    assert all(hashlib.sha256(files[n].read_bytes()).hexdigest() == d for n, d in listed.items())


def test_the_warehouse_in_the_site_answers_alone(site_run, tmp_path):
    copy = tmp_path / "landmine.duckdb"
    shutil.copy2(site_run["site"] / "landmine.duckdb", copy)
    con = duckdb.connect(str(copy), read_only=True)
    try:
        assert con.execute("select count(*) from raw.casualty_records").fetchall()[0][0] > 0
        assert con.execute("select count(*) from marts.casualties_by_year").fetchall()[0][0] > 0
    finally:
        con.close()


def test_a_second_run_replaces_the_site_and_a_foreign_folder_is_never_replaced(site_run, tmp_path):
    env = dict(site_run["env"], LANDMINE_SITE_DIR=str(tmp_path / "site"))
    for _ in range(2):
        res = in_process(["site"], env=env)
        assert res.returncode == 0, res.stdout + res.stderr
    assert (tmp_path / "site" / "SHA256SUMS").read_text() == (site_run["site"] / "SHA256SUMS").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left behind
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    res = in_process(["site", "--out", str(mine)], env=env)
    assert res.returncode == 2 and "not replacing it" in res.stderr and "Traceback" not in res.stderr
    assert (mine / "notes.txt").read_text() == "keep me"


@pytest.mark.parametrize("missing", ["report", "warehouse"])
def test_without_a_report_or_a_warehouse_it_says_to_build_them(site_run, tmp_path, missing):
    env = dict(site_run["env"], LANDMINE_SITE_DIR=str(tmp_path / "site"))
    env["LANDMINE_REPORTS_DIR" if missing == "report" else "LANDMINE_PROCESSED_DIR"] = str(tmp_path / "empty")
    res = in_process(["site"], env=env)
    assert res.returncode == 2, res.stdout + res.stderr
    assert f"no {missing} to publish" in res.stderr and "make report" in res.stderr
    assert "Traceback" not in res.stderr and not (tmp_path / "site").exists()
