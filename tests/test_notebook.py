"""The analyst notebook runs top to bottom against a real warehouse and reproduces the chart."""
from __future__ import annotations

import os

import jupytext
import nbformat
from nbclient import NotebookClient

from conftest import FROZEN_RAW, ROOT


def test_casualty_trends_notebook_executes(shipped_run, monkeypatch):
    monkeypatch.setenv("LANDMINE_WAREHOUSE", str(shipped_run["warehouse"]))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's own inline backend, as in Jupyter
    nb = jupytext.read(ROOT / "notebooks" / "casualty_trends.py")
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "2024: 6,279 casualties (edition 2025" in text
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 2
    nbformat.validate(nb)


def test_colombia_records_notebook_executes(shipped_run, monkeypatch):
    """The register walk-through runs against the shipped warehouse; its totals are the files'."""
    import csv

    monkeypatch.setenv("LANDMINE_WAREHOUSE", str(shipped_run["warehouse"]))
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nb = jupytext.read(ROOT / "notebooks" / "colombia_records.py")
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    f = FROZEN_RAW / "casualty_records" / "colombia_aicma" / "yhxn-eqqw_2017-10_divagant-martian.csv"
    with open(f, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    killed = sum(r["estado"] == "Muerto" for r in rows)
    assert f"snapshot 2017-10: {len(rows):,} people ({killed:,} killed, {len(rows) - killed:,} injured), 1990-2017" in text
    assert len([o for o in outputs if "image/png" in o.get("data", {})]) >= 2
    nbformat.validate(nb)


def test_mine_action_notebook_executes(shipped_run, monkeypatch):
    """The mine action notebook runs against the shipped warehouse; what it prints is what the
    marts say (the findings, the scope break read off the data) and it draws the three charts."""
    import duckdb

    from pipeline.report import mine_action
    from pipeline.report.findings import mine_action_findings

    monkeypatch.setenv("LANDMINE_WAREHOUSE", str(shipped_run["warehouse"]))
    monkeypatch.delenv("MPLBACKEND", raising=False)
    # the kernel starts in notebooks/: it imports the package of this checkout, whatever is installed
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
    nb = jupytext.read(ROOT / "notebooks" / "mine_action.py")
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    con = duckdb.connect(str(shipped_run["warehouse"]), read_only=True)
    try:
        expected = mine_action_findings(con) + [mine_action.funding_alt(con), mine_action.stockpile_alt(con)]
    finally:
        con.close()
    for line in expected:
        assert line in text, line
    assert "The Monitor's land figures change scope from 2020: States Parties with Article 5 obligations." in text
    assert len([o for o in outputs if "image/png" in o.get("data", {})]) >= 3
    nbformat.validate(nb)
