"""Builds that skip what has not changed. A build records the hashes of everything it read (raw
files, seeds, models and contract, the package's code and version, the as-of date) beside the
warehouse; the next build with the same inputs says it is up to date and stops. The report keeps
a copy of the same record, so `make report` with nothing changed does nothing (under a second).

Deliberately light: only the standard library, so a no-op run never imports pandas, DuckDB or
Great Expectations. A file whose size and modification time are unchanged keeps the hash the
last build recorded; any other file is hashed again."""
from __future__ import annotations

import json
import os
from importlib.metadata import version
from pathlib import Path

from ..files import paths
from ..files.manifest import sha256  # light: yaml and csv only, so a no-op build stays fast

STAMP_SUFFIX = ".inputs.json"
REPORT_STAMP = ".report-inputs.json"


def _package_version() -> str:
    try:
        return version("landmine-pipeline")
    except Exception:  # not installed (running from a plain checkout)
        return "unknown"


def _files() -> dict[str, Path]:
    """Every input file, by a stable key (group/relative path)."""
    out = {}
    raw = paths.raw_dir()
    if raw.exists():
        for p in sorted(raw.rglob("*")):
            rel = p.relative_to(raw)
            if p.is_file() and not any(part.startswith(".") for part in rel.parts):
                out[f"raw/{rel.as_posix()}"] = p
    pkg = paths.PACKAGE_DIR
    for pattern in ("seeds/*.csv", "models/**/*.sql", "models/**/*.yml", "**/*.py"):
        for p in sorted(pkg.glob(pattern)):
            if "__pycache__" not in p.parts:
                out[f"pipeline/{p.relative_to(pkg).as_posix()}"] = p
    return out


def current(previous: dict | None = None, as_of: str | None = None) -> dict:
    """The inputs of a build now: {"files": {key: {"sha256", "size", "mtime_ns"}}, "version",
    "as_of"}. `previous` (a recorded stamp) lends hashes of files that did not change on disk."""
    old = (previous or {}).get("files", {})
    files = {}
    for key, p in _files().items():
        st = p.stat()
        was = old.get(key)
        if was and was.get("size") == st.st_size and was.get("mtime_ns") == st.st_mtime_ns:
            digest = was["sha256"]
        else:
            digest = sha256(p)
        files[key] = {"sha256": digest, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    return {"version": _package_version(), "as_of": as_of, "files": files}


def same(a: dict | None, b: dict | None) -> bool:
    """Same inputs (content, version, as-of date; modification times do not matter)."""
    if not a or not b:
        return False
    digests = lambda s: {k: v["sha256"] for k, v in s.get("files", {}).items()}  # noqa: E731
    return (a.get("version"), a.get("as_of"), digests(a)) == (b.get("version"), b.get("as_of"), digests(b))


def changed(a: dict | None, b: dict) -> list[str]:
    """What differs between a recorded stamp and the current inputs (for the build's message)."""
    if not a:
        return ["no record of a previous build"]
    out = [f"{k} changed" for k in ("version", "as_of") if a.get(k) != b.get(k)]
    fa, fb = a.get("files", {}), b.get("files", {})
    out += [f"{k} is new" for k in sorted(set(fb) - set(fa))]
    out += [f"{k} was removed" for k in sorted(set(fa) - set(fb))]
    out += [f"{k} changed" for k in sorted(set(fa) & set(fb)) if fa[k]["sha256"] != fb[k]["sha256"]]
    return out


def stamp_path(warehouse: Path | None = None) -> Path:
    w = warehouse or paths.warehouse_path()
    return w.with_name(w.name + STAMP_SUFFIX)


def report_stamp_path() -> Path:
    return paths.reports_dir() / REPORT_STAMP


def read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(path: Path, stamp: dict) -> None:
    """Written whole to a temporary file and then replaced: a half-written stamp never exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(json.dumps(stamp, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def forget(path: Path) -> None:
    """Called before the thing a stamp describes is replaced: a crash in between leaves no stamp
    (so the next run rebuilds) rather than a stamp that lies."""
    path.unlink(missing_ok=True)
