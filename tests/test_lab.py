"""`make lab`: installs the [lab] extra and opens JupyterLab on notebooks/, where a paired
py:percent file opens as a notebook (Jupytext)."""
from __future__ import annotations

import json
import subprocess
import tomllib

from conftest import ROOT


def test_make_lab_installs_the_extra_and_opens_notebooks():
    res = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "-e '.[dev,lab]'" in out
    assert "notebooks/.jupyter/lab-overrides.json" in out and "share/jupyter/lab/settings/overrides.json" in out
    assert "jupyter lab --notebook-dir=notebooks" in out


def test_the_lab_extra_brings_jupyterlab_and_jupytext():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = {d.split(">")[0].split("=")[0].strip() for d in extras["lab"]}
    assert {"jupyterlab", "jupytext"} <= names


def test_py_notebooks_open_as_notebooks_and_stay_paired():
    overrides = json.loads((ROOT / "notebooks" / ".jupyter" / "lab-overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["python"] == "Jupytext Notebook"
    from jupytext.config import find_jupytext_configuration_file, load_jupytext_configuration_file
    found = find_jupytext_configuration_file(str(ROOT / "notebooks"))
    assert found and found.endswith("jupytext.toml")
    config = load_jupytext_configuration_file(found)
    assert set(config.default_formats(str(ROOT / "notebooks" / "casualty_trends.py")).split(",")) == {"ipynb", "py:percent"}
    for nb in ("casualty_trends.py", "country_profile.py"):
        assert "formats: py:percent,ipynb" in (ROOT / "notebooks" / nb).read_text(encoding="utf-8")
