"""Checked-in lookup tables (CSV) that both validation and the SQL models read: one declaration.

Test fixtures hold made-up figures, so they must never cite a real page: they use reserved
example domains (RFC 2606: example.org, example.com, example.net, *.example, *.test). Those
domains are classified only in a separate file that the tests name in LANDMINE_FIXTURE_PUBLISHERS;
the real seed never lists them, so shipped data citing an example domain is still quarantined."""
from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pandas as pd

from ..errors import PipelineError

SEEDS_DIR = Path(__file__).resolve().parent
FIXTURE_PUBLISHERS_ENV = "LANDMINE_FIXTURE_PUBLISHERS"
EXAMPLE_DOMAIN_RE = re.compile(r"^([a-z0-9-]+\.)*(example\.(org|com|net)|example|test)$")


def names() -> list[str]:
    return sorted(p.stem for p in SEEDS_DIR.glob("*.csv"))


def _fixture_publishers(base: pd.DataFrame) -> pd.DataFrame:
    """Extra publisher rows for test fixtures; every domain must be a reserved example domain."""
    path = os.environ.get(FIXTURE_PUBLISHERS_ENV)
    if not path:
        return base

    extra = pd.read_csv(path, dtype=str, keep_default_na=False)
    bad = [d for d in extra["domain"] if not EXAMPLE_DOMAIN_RE.match(d)]
    if bad:
        raise PipelineError(f"{FIXTURE_PUBLISHERS_ENV} ({path}) may only classify reserved example "
                            f"domains (example.org, example.com, example.net, .example, .test), not {bad}")
    return pd.concat([base, extra[base.columns]], ignore_index=True)


@cache
def seed(name: str) -> pd.DataFrame:
    df = pd.read_csv(SEEDS_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
    return _fixture_publishers(df) if name == "publishers" else df


# The column that names a row of each seed: a repeated key would make a join double a row (or a
# lookup macro fail), so a build refuses it before anything is read.
KEYS = {"publishers": "domain", "publications": "publication", "geography": "name", "source_kinds": "source_kind",
        "share_bases": "basis", "treaty_events": "wording", "treaty_reaction_actions": "action",
        "treaty_event_groups": "event_code", "measures": "measure", "child_pct_basis": "wording",
        "extent_categories": "wording", "device_types": "label", "demographic_groups": "group",
        "entry_into_force_exceptions": "iso3", "record_areas": "code", "mine_action_measures": "measure",
        "mine_action_publishers": "publisher", "mine_action_qualifiers": "qualifier", "land_release_scopes": "wording"}


def problems() -> list[str]:
    """Seeds whose key repeats (KEYS), each with the repeated values."""
    out = []
    for name, key in KEYS.items():
        df = seed(name)
        dup = sorted(set(df.loc[df[key].duplicated(), key]))
        if dup:
            out.append(f"pipeline/seeds/{name}.csv: {key} {', '.join(dup)} listed more than once")
    return out
