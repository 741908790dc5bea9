"""data/licences.yml: the licence and attribution of each dataset, as far as its publisher states
one ("not stated" where it states none; never invented). The data package carries them per mart
(pipeline/report/datapackage.py); docs/licences.md explains them."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import PipelineError
from . import paths

FIELDS = ("title", "licence", "url", "attribution", "found")


def path() -> Path:
    return paths.PROJECT_DIR / "data" / "licences.yml"


@lru_cache(maxsize=4)
def _load(file: str) -> dict:
    try:
        data = yaml.safe_load(Path(file).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PipelineError(f"cannot read {paths.rel(Path(file))}: {exc}") from exc
    return data


def load() -> dict:
    return _load(str(path()))


def problems(sources: list[str]) -> list[str]:
    """What is missing: a source without an entry, an unknown publisher, a publisher without its
    licence (or "not stated"), attribution or what was found."""
    data, out = load(), []
    pubs, datasets = data.get("publishers") or {}, data.get("datasets") or {}
    for s in sources:
        if s not in datasets:
            out.append(f"{s}: no entry under datasets")
            continue
        out += [f"{s}: unknown publisher {p}" for p in datasets[s].get("publishers") or [] if p not in pubs]
        if not datasets[s].get("publishers"):
            out.append(f"{s}: no publishers")
    for key, p in pubs.items():
        out += [f"publisher {key}: no {f}" for f in FIELDS if f != "url" and not (p or {}).get(f)]
    return out


def publishers(source: str) -> list[tuple[str, dict]]:
    """The publishers of a source's rows, most-cited first, as (key, entry)."""
    data = load()
    entry = (data.get("datasets") or {}).get(source) or {}
    return [(k, data["publishers"][k]) for k in entry.get("publishers") or [] if k in data.get("publishers", {})]


def sentence(p: dict) -> str:
    """One publisher's licence and attribution in a line."""
    return f"{p['title']}: licence {p['licence']}; attribution: {p['attribution']}"
