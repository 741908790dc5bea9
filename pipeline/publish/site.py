"""`landmine site`: the static site GitHub Pages publishes, in one folder (site/). It holds the
report as `make report` wrote it (index.html, validation.html, the charts, country profiles where
they were rendered), the downloads (reports/data/: CSV, Parquet, HXL, the data package), a copy of
the warehouse (landmine.duckdb, self-contained), a page listing every download and a
SHA256SUMS file (`sha256sum -c SHA256SUMS` checks a download). Every link is relative, so the
folder works the same opened from disk, served by any web server or published on Pages.

Built beside the target and then swapped in: a failed run leaves the previous site as it was."""
from __future__ import annotations

import hashlib
import html
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..build import freshness
from ..errors import PipelineError
from ..files import paths

SUMS = "SHA256SUMS"
DOWNLOADS = "downloads.html"
WAREHOUSE = "landmine.duckdb"  # where `landmine diff` finds the published one (make diff)
# Left out of the site: hidden files (the report's input stamp, .gitkeep, checkpoints), scratch and
# lock files, and the screenshots the browser test saves.
IGNORE = shutil.ignore_patterns(".*", "*.lock", "*.tmp", "*.screenshot.png")


def nav(stage: Path) -> str:
    """Links between the site's pages (the validation report only where the build wrote one)."""
    links = [("index.html", "Report"), ("validation.html", "Validation report"),
             (DOWNLOADS, "Downloads (CSV, Parquet, data package, DuckDB warehouse)")]
    return ('<nav class="site" aria-label="Site">'
            + " · ".join(f'<a href="{h}">{t}</a>' for h, t in links if h == DOWNLOADS or (stage / h).exists())
            + "</nav>")


@dataclass(frozen=True)
class Site:
    path: Path
    files: int
    bytes: int


def build(out: Path | None = None) -> Site:
    """Write the site into `out` (default site/, or $LANDMINE_SITE_DIR) from reports/ and the
    warehouse; refuse clearly when either is missing or the report is older than the warehouse."""
    out = (Path(out) if out else paths.site_dir()).resolve()
    reports, warehouse = paths.reports_dir(), paths.warehouse_path()
    _require(reports, warehouse, out)
    stage = out.with_name(f".{out.name}.tmp")
    shutil.rmtree(stage, ignore_errors=True)
    try:
        shutil.copytree(reports, stage, ignore=IGNORE)
        shutil.copy2(warehouse, stage / WAREHOUSE)
        (stage / ".nojekyll").write_text("", encoding="utf-8")  # Pages serves the files as they are
        _link_pages(stage)
        (stage / DOWNLOADS).write_text(downloads_page(stage), encoding="utf-8")
        (stage / SUMS).write_text(checksums(stage), encoding="utf-8")
        _replace(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    files = [p for p in out.rglob("*") if p.is_file()]
    return Site(out, len(files), sum(p.stat().st_size for p in files))


def _require(reports: Path, warehouse: Path, out: Path) -> None:
    if not (reports / "index.html").is_file():
        raise PipelineError(f"no report to publish: {paths.rel(reports / 'index.html')} does not exist; "
                            "build it first with `make report` (python -m pipeline all)")
    if not warehouse.is_file():
        raise PipelineError(f"no warehouse to publish: {paths.rel(warehouse)} does not exist; "
                            "build it first with `make report` (python -m pipeline all)")
    built, reported = freshness.read(freshness.stamp_path(warehouse)), freshness.read(freshness.report_stamp_path())
    if built and reported and not freshness.same(built, reported):
        raise PipelineError("the report was written from an older warehouse than the one in "
                            f"{paths.rel(warehouse)}: rewrite it with `make report` first, so the site's "
                            "report and its downloads agree")
    if out == reports or out in reports.parents or reports in out.parents:
        raise PipelineError(f"the site folder {paths.rel(out)} overlaps the report folder {paths.rel(reports)}: "
                            "choose another folder")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / SUMS).exists())):
        raise PipelineError(f"{paths.rel(out)} exists and is not a site this command wrote (no {SUMS} in it): "
                            "not replacing it; remove it or choose another folder")


def _link_pages(stage: Path) -> None:
    """The report and the validation report link to each other and to the downloads page."""
    for name in ("index.html", "validation.html"):
        page = stage / name
        if page.exists():
            text = page.read_text(encoding="utf-8")
            page.write_text(text.replace("<body>", "<body>" + nav(stage), 1), encoding="utf-8")


def _size(n: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return str(n)


def _downloadable(stage: Path) -> list[Path]:
    """Every file a reader may download: the warehouse, the data folder, the country profiles (page
    and executed notebook), in path order."""
    def wanted(p: Path) -> bool:
        rel = p.relative_to(stage)
        return p.is_file() and (rel.as_posix() == WAREHOUSE or rel.parts[0] in ("data", "profiles"))
    return sorted((p for p in stage.rglob("*") if wanted(p)), key=lambda p: p.relative_to(stage).as_posix())


def downloads_page(stage: Path) -> str:
    """downloads.html: each download with its size and SHA-256, linked by a relative path."""
    rows = []
    for p in _downloadable(stage):
        rel = p.relative_to(stage).as_posix()
        rows.append(f'<tr><td><a href="{html.escape(rel)}">{html.escape(rel)}</a></td>'
                    f'<td class="num">{_size(p.stat().st_size)}</td><td><code>{sha256(p)}</code></td></tr>')
    body = (f"<h1>Downloads</h1>{nav(stage)}"
            "<p>The marts as CSV and Parquet, described by the Frictionless data package "
            '(<a href="data/datapackage.json">data/datapackage.json</a>: columns, keys, sources and '
            f'licences), the HXL-tagged country tables, and the whole warehouse (<a href="{WAREHOUSE}">'
            f"{WAREHOUSE}</a>: one self-contained DuckDB file; open it with DuckDB 1.4 or newer). "
            f'Check a download with <code>sha256sum -c {SUMS}</code> (<a href="{SUMS}">{SUMS}</a>).</p>'
            "<table><thead><tr><th>file</th><th>size</th><th>SHA-256</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1"><title>Downloads</title>'
            "<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
            "table{border-collapse:collapse;font-size:.85em}th,td{border:1px solid #ddd;padding:3px 7px}"
            "td.num{text-align:right}code{font-size:.85em}</style></head>"
            f"<body>{body}</body></html>\n")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def checksums(stage: Path) -> str:
    """`sha256sum` format, every file of the site but this one, by relative path."""
    files = sorted((p for p in stage.rglob("*") if p.is_file() and p.name != SUMS),
                   key=lambda p: p.relative_to(stage).as_posix())
    return "".join(f"{sha256(p)}  {p.relative_to(stage).as_posix()}\n" for p in files)


def _replace(stage: Path, out: Path) -> None:
    """The new site in place of the old one (the old one removed only once the new one is whole)."""
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    stage.rename(out)
    shutil.rmtree(old, ignore_errors=True)
