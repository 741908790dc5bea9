"""Where things live. Every path can be moved with an environment variable so tests and
scheduled jobs can build into a scratch folder without touching the checkout."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PROJECT_DIR = Path(os.environ.get("LANDMINE_PROJECT_DIR", PACKAGE_DIR.parent)).resolve()


def _dir(env: str, default: Path) -> Path:
    return Path(os.environ.get(env, default)).resolve()


def raw_dir() -> Path:
    return _dir("LANDMINE_RAW_DIR", PROJECT_DIR / "data" / "raw")


def processed_dir() -> Path:
    return _dir("LANDMINE_PROCESSED_DIR", PROJECT_DIR / "data" / "processed")


def reports_dir() -> Path:
    return _dir("LANDMINE_REPORTS_DIR", PROJECT_DIR / "reports")


def site_dir() -> Path:
    """site/: the static site `landmine site` writes (what GitHub Pages publishes)."""
    return _dir("LANDMINE_SITE_DIR", PROJECT_DIR / "site")


def warehouse_path() -> Path:
    return Path(os.environ.get("LANDMINE_WAREHOUSE", processed_dir() / "landmine.duckdb")).resolve()


def manifest_path() -> Path:
    return raw_dir() / "manifest.yml"


MODELS_DIR = PACKAGE_DIR / "models"


def reference_dir() -> Path:
    """data/reference/: the vendored snapshot of the reference set data/raw/ was compiled from.
    Builds never read it (it is not an input); only the provenance check does."""
    return PROJECT_DIR / "data" / "reference"


def rel(path: Path) -> str:
    """A path as a user would type it from the project folder."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def raw_name(file: Path) -> str:
    """A raw file as recorded in the warehouse: its path under data/raw/ (else as given)."""
    file = Path(file)
    return str(file.relative_to(raw_dir())) if file.is_relative_to(raw_dir()) else str(file)


def published_raw(file: Path | None = None) -> str:
    """The raw folder, or a raw file, as the repository keeps it (data/raw/...), wherever this run
    read it from: a published page never names a path of the machine that built it."""
    kept = "data/raw"
    if file is None:
        return kept
    file = Path(file).resolve()
    return f"{kept}/{file.relative_to(raw_dir()).as_posix()}" if file.is_relative_to(raw_dir()) else file.name
