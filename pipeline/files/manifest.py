"""The source manifest (data/raw/manifest.yml): provenance and checksum of every raw file.

Raw files are immutable; the manifest is how a build knows it reads exactly what was registered.
Only `python -m pipeline register` (after a deliberate edit) or a refresh changes an entry."""
from __future__ import annotations

import copy
import csv
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from . import paths
from ..errors import ChecksumMismatch, PipelineError

HEADER = """\
# Source manifest: one entry per raw file under data/raw/ (paths relative to data/raw/).
# what / origin / licence / retrieved describe where the file came from; rows, bytes and sha256
# are checked by every build. After a deliberate edit of a raw file, re-register it with
#   python -m pipeline register data/raw/<path>
# Every figure inside a file also carries its own source_url and locator columns.
# derivation = how the file derives from the reference set vendored in data/reference/ (checked by
# pipeline.files.provenance): from = its reference file (path under data/), then either
# copied: byte-identical, or row by row (1 = the first data row): kept = raw rows equal, in order,
# to the reference rows not corrected or dropped; corrected = raw row, its reference_row, the
# columns that differ and why; added = raw rows, why and from which pages; dropped = reference rows.
# Refresh (python -m pipeline refresh; docs/refresh.md): download_url = a machine-readable
# file to fetch, http = its recorded ETag/Last-Modified; watch = pages the figures were transcribed
# from (url, sha256 of their text when checked, changed_sha256 when it changed since: review).
"""


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def count_rows(path: Path) -> int:
    """Data rows of a CSV (records after the header; quoted newlines stay inside a record)."""
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        return max(sum(1 for _ in csv.reader(f)) - 1, 0)


@dataclass
class Entry:
    path: str
    meta: dict

    @property
    def source(self) -> str:
        return self.meta["source"]

    @property
    def file(self) -> Path:
        return paths.raw_dir() / self.path


# libyaml's loader where PyYAML has it (ten times faster on the 500-line manifest), else Python's
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: Path | None = None) -> dict:
    """The manifest as a new dict (callers may change and save it); parsed once per version of
    the file, since a build reads it for every source."""
    path = path or paths.manifest_path()
    if not path.exists():
        raise PipelineError(f"no source manifest at {paths.rel(path)}")
    st = path.stat()
    return copy.deepcopy(_parsed(path, st.st_ino, st.st_mtime_ns, st.st_size))


@lru_cache(maxsize=8)
def _parsed(path: Path, inode: int, mtime_ns: int, size: int) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.load(f, Loader=_Loader) or {}
    except yaml.YAMLError as exc:  # a hand edit gone wrong: say where, not a traceback
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PipelineError(f"{paths.rel(path)} is not valid YAML{where}: {problem}. Fix the edit "
                            f"(`git diff {paths.rel(path)}` shows it); nothing was read or changed") from exc
    if not isinstance(data, dict) or not isinstance(data.get("files", {}), dict):
        raise PipelineError(f"{paths.rel(path)}: expected a mapping with a `files:` mapping of raw files")
    return data


def save(data: dict, path: Path | None = None) -> None:
    path = path or paths.manifest_path()
    tmp = path.with_suffix(".yml.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(HEADER)
        yaml.safe_dump(data, f, sort_keys=False, allow_unicode=True, width=100)
    tmp.replace(path)


def entries(source: str | None = None) -> list[Entry]:
    files = load().get("files", {})
    out = [Entry(p, m) for p, m in files.items()]
    return [e for e in out if source is None or e.source == source]


def verify(entry: Entry) -> None:
    """Refuse a raw file that is missing or differs from what was registered."""
    f = entry.file
    reregister = f"python -m pipeline register {paths.rel(f)}"
    if not f.exists():
        raise ChecksumMismatch(f"raw file {paths.rel(f)} is listed in the manifest but missing")
    found = sha256(f)
    if found != entry.meta.get("sha256"):
        raise ChecksumMismatch(
            f"raw file {paths.rel(f)} does not match the manifest "
            f"(sha256 expected {str(entry.meta.get('sha256'))[:12]}…, found {found[:12]}…).\n"
            f"Raw files are immutable. If you changed it on purpose, record its origin in "
            f"{paths.rel(paths.manifest_path())} and re-register it:\n  {reregister}"
        )


def register(file: Path, source: str | None = None, **meta) -> dict:
    """Record (or update) a raw file's checksum, size and row count in the manifest."""
    file = Path(file).resolve()
    try:
        key = str(file.relative_to(paths.raw_dir()))
    except ValueError as exc:
        raise PipelineError(f"{file} is not under {paths.rel(paths.raw_dir())}") from exc
    if not file.exists():
        raise PipelineError(f"no such file: {paths.rel(file)}")
    data = load() if paths.manifest_path().exists() else {"files": {}}
    files = data.setdefault("files", {})
    entry = files.get(key)
    if entry is None:
        if not source:
            raise PipelineError(f"{key} is new: say which source it belongs to (--source NAME)")
        entry = files[key] = {"source": source}
    entry.update({k: v for k, v in meta.items() if v is not None})
    entry["rows"] = count_rows(file)
    entry["bytes"] = file.stat().st_size
    entry["sha256"] = sha256(file)
    save(data)
    return entry
