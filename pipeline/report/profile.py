"""Render the country-profile notebook (notebooks/country_profile.py) for one country: inject the
parameter after the cell tagged `parameters` (papermill's convention), execute it with nbclient
against the warehouse, and write reports/profiles/<ISO3>.ipynb and a self-contained .html."""
from __future__ import annotations

import html
import os
import re
from pathlib import Path

from ..files import paths
from ..errors import PipelineError
from ..geo import crosswalk
from .html import page

NOTEBOOK = paths.PROJECT_DIR / "notebooks" / "country_profile.py"


def resolve_country(value: str) -> dict:
    """A code or a name from the crosswalk -> {iso3, country, entity_type, note}; an unknown value
    is a PipelineError naming it (never a guess)."""
    v = (value or "").strip()
    if not v:
        raise PipelineError("say which country: make profile COUNTRY=UKR (an ISO3 code or a crosswalk name)")
    df = crosswalk()
    hit = df[(df["iso3"] == v.upper()) | (df["name"].str.casefold() == v.casefold())]
    if hit.empty:
        raise PipelineError(f"unknown country or area '{v}': not a code or name in pipeline/seeds/geography.csv")
    canon = hit.iloc[0]["iso3"]
    row = df[df["iso3"] == canon].iloc[0]
    note = next((n for n in df.loc[df["iso3"] == canon, "note"] if n and n not in ("variant",)), "")
    return {"iso3": canon, "country": row["country"], "entity_type": row["entity_type"], "note": note}


def _inject(nb, params: dict):
    import nbformat  # here, as in render(): the notebook tools load only for a profile

    src = "# Parameters (injected)\n" + "".join(f"{k} = {v!r}\n" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(src, metadata={"tags": ["injected-parameters"]})
    idx = next((i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])), None)
    if idx is None:
        raise PipelineError(f"{paths.rel(NOTEBOOK)} has no cell tagged 'parameters'")
    nb.cells.insert(idx + 1, cell)
    return nb


def render(country: str, out_dir: Path | None = None, timeout: int = 300) -> dict[str, Path]:
    place = resolve_country(country)
    try:  # here: the notebook tools (seconds to import) load only when a profile is rendered
        import jupytext
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
    except ImportError as exc:  # the dev extras carry the notebook tools
        raise PipelineError(f"the notebook tools are not installed ({exc.name}): run `make setup`") from exc
    if not paths.warehouse_path().exists():
        raise PipelineError(f"no warehouse at {paths.rel(paths.warehouse_path())}: run `make report` first")
    out_dir = Path(out_dir) if out_dir else paths.reports_dir() / "profiles"
    out_dir.mkdir(parents=True, exist_ok=True)
    nb = _inject(jupytext.read(NOTEBOOK), {"COUNTRY": place["iso3"]})
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        nbformat.write(nb, out_dir / f"{place['iso3']}.failed.ipynb")
        last = str(exc).splitlines()[-1] if str(exc) else str(exc)
        last = re.sub(r"\x1b\[[0-9;]*m", "", last)  # the kernel colours its traceback
        raise PipelineError(f"the profile notebook failed for {place['iso3']}: {last}") from exc
    ipynb = out_dir / f"{place['iso3']}.ipynb"
    nbformat.write(nb, ipynb)
    page = out_dir / f"{place['iso3']}.html"
    page.write_text(to_html(nb, f"Country profile: {place['country']} ({place['iso3']})"), encoding="utf-8")
    return {"ipynb": ipynb, "html": page}


REPORT_HIDDEN_TAGS = {"parameters", "injected-parameters", "notebook-only"}


def to_html(nb, title: str) -> str:
    """The executed notebook as a report page: nbconvert's HTML exporter (basic template) with no
    code, no prompts and no parameter or notebook-only cells; markdown rendered; images embedded
    as data URIs; wrapped in the report's own page (inline CSS, no JavaScript, nothing fetched)."""
    # here: nbconvert loads only when a profile is rendered
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    c = Config()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = REPORT_HIDDEN_TAGS
    c.HTMLExporter.exclude_input = True
    c.HTMLExporter.exclude_input_prompt = True
    c.HTMLExporter.exclude_output_prompt = True
    c.HTMLExporter.anchor_link_text = ""
    exporter = HTMLExporter(config=c, template_name="basic")
    exporter.register_preprocessor(TagRemovePreprocessor(config=c), enabled=True)
    body, _ = exporter.from_notebook_node(nb)
    return page(title, f"<h1>{html.escape(title)}</h1>\n{body}")
