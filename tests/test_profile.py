"""The parameterised country-profile notebook, executed by the CLI (`make profile COUNTRY=...`)
against a real warehouse: for a country with figures and for an other area with none at all."""
from __future__ import annotations

import nbformat

from conftest import run_cli


def _stream(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []) if o.output_type == "stream")


def test_ukraine_profile_has_its_figures_treaty_status_and_chart(profiles):
    nb = nbformat.read(profiles / "UKR.ipynb", as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) and "COUNTRY = 'UKR'" in c.source
               for c in nb.cells)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    text = _stream(nb)
    assert "Latest casualty figure: 293 in 2024 (edition 2025), down from 580 in 2023" in text
    assert "the treaty does not provide for" in text
    # the Article 5 status is the latest statement, with its day and its source's reliability (issue 20)
    assert "Article 5: deadline, deadline 2033-12-01; stated 2023-11-24 (news, low-reliability source)" in text
    assert "the Meeting of the States Parties held it not permitted" in text and "6 States Parties objected" in text
    assert any("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    html = (profiles / "UKR.html").read_text(encoding="utf-8")
    assert "Country profile: Ukraine (UKR)" in html and "data:image/png;base64," in html


def test_other_area_without_figures_renders_and_says_so(profiles):
    nb = nbformat.read(profiles / "XKX.ipynb", as_version=4)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    text = _stream(nb)
    assert "Kosovo (XKX; other area)" in text and "never merged into Serbia" in text
    assert "No casualty figure in the data." in text
    assert "Never deposited an instrument and no treaty event in the data" in text
    assert (profiles / "XKX.html").is_file()


def test_state_with_a_profile_but_no_casualty_figure_renders(profiles):
    """Estonia: contamination and treaty rows, no casualty figure (NULLs in its profile row)."""
    nb = nbformat.read(profiles / "EST.ipynb", as_version=4)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    text = _stream(nb)
    assert "No casualty figure in the data." in text
    assert "Status on 2026-12-04: withdrawn" in text  # the pinned as-of date (conftest)
    # its dates: the deposit from treaty_participants, entry into force by Article 17, the withdrawal
    assert "Deposited: 12 May 2004 (acceded)" in text
    assert "Entry into force: 01 November 2004 (derived by Article 17 from the deposit)" in text
    assert "Withdrawal notified: 27 June 2025; takes effect 27 December 2025" in text


def test_colombia_shows_the_monitor_and_the_register_side_by_side(profiles):
    nb = nbformat.read(profiles / "COL.ipynb", as_version=4)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert "colombia_aicma: latest snapshot 2025-09" in _stream(nb)
    (cell,) = [c for c in nb.cells if c.cell_type == "code" and "marts.casualties_compared" in c.source]
    table = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
    assert "monitor_country_total" in table and "record_total" in table and "record_snapshot" in table
    assert any("image/png" in o.get("data", {}) for o in cell.outputs)
    # Ukraine has no register loaded: said so, not an error
    ukr = nbformat.read(profiles / "UKR.ipynb", as_version=4)
    assert "No national casualty register for Ukraine is loaded." in _stream(ukr)


def test_unknown_country_is_a_clear_error(shipped_run):
    res = run_cli("profile", "Narnia", env=shipped_run["env"])
    assert res.returncode == 2
    assert "unknown country or area 'Narnia'" in res.stderr and "Traceback" not in res.stderr
