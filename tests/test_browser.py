"""The report as a browser shows it: reports/index.html, reports/validation.html and a country
profile opened in headless Chromium (Debian's `chromium`, driven by Playwright through
`executable_path`; nothing here downloads a browser). Asserts: no request leaves the machine,
no console error, every image decoded and described, every table-of-contents link lands on its
heading; the mine action charts are drawn. A screenshot of each page is saved beside it (<page>.screenshot.png)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "/usr/bin/chromium", "/usr/lib/chromium/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL = ("file:", "data:", "about:", "blob:")


def _chromium() -> str | None:
    found = os.environ.get("LANDMINE_CHROMIUM")
    if found:
        return found
    for c in CANDIDATES:
        path = shutil.which(c) or (c if os.path.isabs(c) and os.access(c, os.X_OK) else None)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the browser test needs the `playwright` package (dev extras): run `make setup`")
    exe = _chromium()
    if not exe:
        pytest.skip("no Chromium on this machine: install Debian's package (`apt-get install -y chromium`, "
                    "which .ci/run does when run as root) or set LANDMINE_CHROMIUM=/path/to/chromium; "
                    "the test never downloads a browser")
    with tempfile.TemporaryDirectory(prefix="landmine-chromium-") as profile, sync_playwright() as p:
        try:
            ctx = p.chromium.launch_persistent_context(profile, executable_path=exe, headless=True, args=FLAGS,
                                                       viewport={"width": 1200, "height": 900})
        except Exception as exc:  # a broken install: say what failed instead of a Playwright trace
            pytest.skip(f"Chromium at {exe} did not start: {str(exc).splitlines()[0]}")
        yield ctx
        ctx.close()


def open_page(ctx, path: Path) -> dict:
    """Load a page with every non-local request blocked and recorded; return what was seen."""
    page = ctx.new_page()
    seen = {"outside": [], "console": [], "page_errors": []}

    def route(r):
        if r.request.url.startswith(LOCAL):
            return r.continue_()
        seen["outside"].append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["page_errors"].append(str(e)))
    page.goto(path.resolve().as_uri(), wait_until="load")
    seen["images"] = page.evaluate("""async () => Promise.all(Array.from(document.images).map(async img => {
        let decoded = true; try { await img.decode(); } catch (e) { decoded = false; }
        return {alt: img.getAttribute('alt') || '', decoded: decoded && img.naturalWidth > 0,
                src: img.src.slice(0, 40)}; }))""")
    seen["page"] = page
    return seen


def check_page(ctx, path: Path, min_images: int) -> dict:
    seen = open_page(ctx, path)
    page = seen["page"]
    assert seen["outside"] == [], f"{path.name} asked for something outside the machine: {seen['outside']}"
    assert seen["console"] == [] and seen["page_errors"] == [], (seen["console"], seen["page_errors"])
    assert len(seen["images"]) >= min_images, seen["images"]
    for img in seen["images"]:
        assert img["decoded"], f"{path.name}: an image did not decode ({img['src']}...)"
        assert len(img["alt"].split()) >= 3, f"{path.name}: an image without a useful alt text: {img}"
    shot = path.with_name(path.stem + ".screenshot.png")
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    return seen


def check_toc(page, min_links: int) -> None:
    links = page.evaluate("Array.from(document.querySelectorAll('nav.toc a')).map(a => a.getAttribute('href'))")
    assert len(links) >= min_links, links
    for href in links:
        page.evaluate("window.scrollTo(0, 0)")
        page.click(f"nav.toc a[href='{href}']")
        landed = page.evaluate("""href => { const t = document.getElementById(href.slice(1));
            if (!t) return null; return {hash: location.hash, top: t.getBoundingClientRect().top,
                                         tag: t.tagName}; }""", href)
        assert landed is not None, f"table of contents link {href} has no target"
        assert landed["hash"] == href and landed["tag"] == "H2"
        # the heading is at the top of the window (or as high as the page lets it scroll)
        at_bottom = page.evaluate("Math.ceil(window.scrollY + window.innerHeight) >= document.body.scrollHeight")
        assert abs(landed["top"]) < 5 or (at_bottom and 0 <= landed["top"] < 900), (href, landed)


def test_report_in_a_browser(browser, shipped_run):
    seen = check_page(browser, shipped_run["reports"] / "index.html", min_images=5)
    check_mine_action_charts(seen["page"])
    check_toc(seen["page"], min_links=10)


def check_mine_action_charts(page) -> None:
    """The mine action section's three charts (issue 19) are loaded and drawn, each described."""
    imgs = page.evaluate("""() => {
        const h = Array.from(document.querySelectorAll('h2')).find(e => e.textContent.startsWith('Mine action'));
        const out = [];
        for (let el = h && h.nextElementSibling; el && el.tagName !== 'H2'; el = el.nextElementSibling)
            el.querySelectorAll('img').forEach(i => out.push({complete: i.complete, width: i.naturalWidth,
                                                             height: i.naturalHeight, alt: i.alt}));
        return out; }""")
    assert len(imgs) == 3, imgs
    for img in imgs:
        assert img["complete"] and img["width"] > 0 and img["height"] > 0, img
    assert imgs[0]["alt"].startswith("Two panels") and "International support: US$" in imgs[0]["alt"]
    assert "scope changes from" in imgs[1]["alt"] and "Stockpiled mines destroyed" in imgs[2]["alt"]


def test_validation_report_in_a_browser(browser, shipped_run):
    seen = check_page(browser, shipped_run["reports"] / "validation.html", min_images=0)
    check_toc(seen["page"], min_links=5)


def test_country_profile_reads_as_a_report_in_a_browser(browser, profiles):
    seen = check_page(browser, profiles / "UKR.html", min_images=1)
    page = seen["page"]
    text = page.inner_text("body")
    # markdown rendered, not shown as source; no code, no parameter cell, no pandas index
    assert page.locator("h2", has_text="Summary").count() == 1
    assert "# Country profile" not in text and "## Summary" not in text
    assert "COUNTRY =" not in text and "import " not in text and "con.execute" not in text
    assert page.locator("pre code, .jp-InputArea, .input_area, .highlight").count() == 0
    assert "<NA>" not in text and "NaN" not in text and "None" not in text
    assert page.locator("table.dataframe").count() == 0  # pandas' own table carries the index
    assert "Latest casualty figure: 293 in 2024" in text
    # a missing value is a dash with its reason where known
    missing = page.locator("td.missing")
    assert missing.count() > 0
    assert any(len(m.split()) > 1 for m in missing.all_inner_texts()), missing.all_inner_texts()


def test_the_site_opens_from_disk_and_its_links_work(browser, site_run):
    """site/ as `make site` writes it, opened from disk: the report with its images, then its links
    followed by clicking, to the downloads page, the validation report and a country profile."""
    site = site_run["site"]
    seen = check_page(browser, site / "index.html", min_images=5)
    page = seen["page"]
    page.click("nav.site a[href='downloads.html']")
    page.wait_for_load_state("load")
    assert page.url.endswith("/downloads.html") and page.locator("h1").inner_text() == "Downloads"
    hrefs = page.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))")
    assert "landmine.duckdb" in hrefs and "profiles/UKR.html" in hrefs
    for target, heading in (("validation.html", "Validation of data/raw/"), ("profiles/UKR.html", None)):
        page.goto((site / "downloads.html").resolve().as_uri(), wait_until="load")
        page.click(f"a[href='{target}']")
        page.wait_for_load_state("load")
        assert page.url.endswith("/" + target), page.url
        assert page.locator("h1").count() >= 1
        if heading:
            assert page.locator("h1").first.inner_text() == heading
