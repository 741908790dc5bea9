"""Great Expectations' verdict on a frame, remembered by content.

GX is a pure function of (frame, suite): the same rows under the same rules flag the same rows.
Its cost is per expectation (tens of milliseconds each, about 450 in a build), not per row, so
re-validating files that did not change is most of a rebuild. The verdict (the row positions each
rule flagged) is stored under a key hashing the frame's columns, types and values, the suite's
expectations (already bound to the as-of date) and the GX version; any change to one of them is
another key, and GX runs. A verdict is stored only after GX ran, written whole (rename).

Where: data/interim/validation/ (LANDMINE_CACHE_DIR moves it; `off` turns the memo off). Deleting
the folder is always safe: `make clean` does.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from ..files import paths
from . import rules as R

_seen: dict[str, dict[str, list[int]]] = {}  # this process's verdicts, before the disk


def folder() -> Path | None:
    """The memo's folder, or None when LANDMINE_CACHE_DIR=off."""
    setting = os.environ.get("LANDMINE_CACHE_DIR", "")
    if setting.lower() == "off":
        return None
    return Path(setting).resolve() if setting else paths.PROJECT_DIR / "data" / "interim" / "validation"


def key(df: pd.DataFrame, rules, stage: str) -> str | None:
    """The content key of GX validating `df` with the `stage` rules of `rules` (None: the frame
    cannot be hashed, so no memo: GX runs). Computed without importing GX: a build whose files did
    not change never pays for it."""
    h = hashlib.sha256(_code_version().encode())
    for r in rules:
        if r.stage == stage:
            params = {k: sorted(map(str, v)) if isinstance(v, (set, frozenset, list, tuple)) else str(v)
                      for k, v in sorted(r.params.items())}
            h.update(json.dumps([r.name, r.kind, list(r.columns), r.severity, r.description, params],
                                sort_keys=True).encode())
    h.update(json.dumps([[str(c), str(t)] for c, t in df.dtypes.items()]).encode())
    try:
        h.update(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
    except TypeError:  # a cell pandas cannot hash (a list, say): validate without the memo
        return None
    return h.hexdigest()


@cache
def _code_version() -> str:
    """GX's version and the text of the code that turns a rule into an expectation: a new GX or
    a changed mapping is a new key."""
    return metadata.version("great-expectations") + hashlib.sha256(Path(R.__file__).read_bytes()).hexdigest()


def get(k: str | None) -> dict[str, list[int]] | None:
    """The stored verdict for key `k`, or None."""
    if k is None:
        return None
    if k in _seen:
        return _seen[k]
    where = folder()
    if where is None:
        return None
    try:
        verdict = json.loads((where / f"{k}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    _seen[k] = verdict
    return verdict


def put(k: str | None, verdict: dict[str, list[int]]) -> None:
    """Remember a verdict GX just gave (a failed write only costs the next run a GX pass)."""
    if k is None:
        return
    _seen[k] = verdict
    where = folder()
    if where is None:
        return
    tmp = None
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(verdict, f)
        os.replace(tmp, where / f"{k}.json")
    except OSError:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
