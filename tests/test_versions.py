"""The oldest-versions run really runs on the lower bounds (constraints-oldest.txt), and the
default install is not capped below the current releases."""
from __future__ import annotations

import os
import re
from importlib.metadata import version

import pytest

from conftest import ROOT


def pins() -> dict[str, str]:
    text = (ROOT / "constraints-oldest.txt").read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, flags=re.M))


def test_the_oldest_run_has_exactly_the_lower_bounds():
    if os.environ.get("LANDMINE_OLDEST") != "1":
        pytest.skip("only in the oldest-versions run of `make test` (.venv-oldest)")
    for name, pinned in pins().items():
        assert version(name) == pinned, name


def test_the_lower_bounds_are_the_declared_minimums():
    import tomllib

    from packaging.requirements import Requirement
    from packaging.version import Version
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = {Requirement(d).name: Requirement(d) for d in project["dependencies"]}
    for name, pinned in pins().items():
        lower = [Version(s.version) for s in reqs[name].specifier if s.operator == ">="]
        assert lower == [Version(pinned)], (name, str(reqs[name].specifier), pinned)
    assert reqs["pandas"].specifier.contains("3.1.1"), "pandas 3 must be allowed"
    assert "<" not in project["requires-python"], "no upper cap on Python"
