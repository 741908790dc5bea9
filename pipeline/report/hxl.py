"""HXL-tagged copies of the country-level and mine action exports (reports/data/hxl/<mart>.csv): the same rows as
the plain CSV, with a row of HXL hashtags after the header, the convention of HDX and the tools
around it (https://hxlstandard.org). A column without a tag here is left untagged (empty cell),
which HXL tools skip."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ..sql import quote
from .exports import safe_frame

TAGS = {
    "casualties_by_country": {
        "iso3": "#country+code", "country": "#country+name", "entity_type": "#country+type",
        "data_year": "#date+year", "casualties": "#affected+total", "killed": "#affected+killed",
        "injured": "#affected+injured", "rank_in_edition": "#indicator+rank",
        "share_of_global_pct": "#indicator+share+pct", "global_total": "#affected+global",
        "edition": "#meta+edition", "source_url": "#meta+source+url", "source_kind": "#meta+source+type",
        "locator": "#meta+source+locator"},
    "contamination_by_country": {
        "iso3": "#country+code", "country": "#country+name", "entity_type": "#country+type",
        "current_status": "#status+contamination", "extent_category": "#severity+extent",
        "area_km2": "#indicator+area+km2", "article5_status": "#status+article5", "article5_deadline": "#date+deadline",
        "status_edition": "#meta+edition", "status_source_url": "#meta+source+url",
        "status_source_kind": "#meta+source+type"},
    "country_profile": {
        "iso3": "#country+code", "country": "#country+name", "entity_type": "#country+type",
        "latest_year": "#date+year", "latest_casualties": "#affected+total",
        "latest_edition": "#meta+edition", "latest_source_url": "#meta+source+url",
        "trend": "#indicator+trend", "treaty_status": "#status+treaty"},
    # mine action (issue 19): each basis, series and scope keeps its own attribute, so a tool that
    # selects #value+funding+international never picks up a total or a national figure
    "mine_action_funding_by_year": {
        "data_year": "#date+year",
        **{f"{b}_{suffix}": f"{tag}+{b.replace('_', '')}" for b in ("international", "national", "total",
                                                                     "victim_assistance")
           for suffix, tag in (("usd_million", "#value+funding+usd+millions"), ("qualifier", "#meta+qualifier"),
                               ("edition", "#meta+edition"), ("source_url", "#meta+source+url"))},
        "has_revision": "#meta+revised"},
    "casualties_and_funding": {
        "data_year": "#date+year", "casualties": "#affected+total", "casualties_edition": "#meta+edition+casualties",
        "international_usd_million": "#value+funding+usd+millions+international",
        "international_qualifier": "#meta+qualifier+international",
        "international_edition": "#meta+edition+international",
        "international_source_url": "#meta+source+url+international"},
    "land_release_by_year": {
        "data_year": "#date+year", "series": "#meta+series", "scope": "#meta+scope+code",
        "scope_label": "#meta+scope+name",
        "land_released_km2": "#indicator+area+km2+released", "land_released_qualifier": "#meta+qualifier+released",
        "land_released_edition": "#meta+edition+released",
        "land_cleared_km2": "#indicator+area+km2+cleared", "land_cleared_qualifier": "#meta+qualifier+cleared",
        "land_cleared_edition": "#meta+edition+cleared",
        "reduced_technical_survey_km2": "#indicator+area+km2+reduced",
        "cancelled_nontechnical_survey_km2": "#indicator+area+km2+cancelled",
        "cleared_mined_and_battle_areas_km2": "#indicator+area+km2+minedandbattle",
        "ap_mines_destroyed": "#indicator+mines+destroyed", "ap_mines_destroyed_qualifier": "#meta+qualifier+mines",
        "ap_mines_destroyed_edition": "#meta+edition+mines", "has_revision": "#meta+revised",
        "source_urls": "#meta+source+url"},
    "stockpile_destruction": {
        "as_of_year": "#date+year", "measure": "#indicator+code", "measure_label": "#indicator+name",
        "unit": "#indicator+unit", "series": "#meta+series", "value": "#indicator+num", "qualifier": "#meta+qualifier",
        "edition": "#meta+edition", "published": "#date+published", "source_kind": "#meta+source+type",
        "source_url": "#meta+source+url"},
    "mine_action_observations": {
        "dataset": "#meta+dataset", "year": "#date+year", "measure": "#indicator+code",
        "measure_label": "#indicator+name", "unit": "#indicator+unit", "basis": "#indicator+basis",
        "series": "#meta+series", "scope": "#meta+scope+code", "value": "#indicator+num",
        "qualifier": "#meta+qualifier", "edition": "#meta+edition", "published": "#date+published",
        "is_current": "#meta+current", "source_kind": "#meta+source+type", "source_url": "#meta+source+url",
        "locator": "#meta+source+locator"},
}


def write_hxl(con, mart: str, order_by: list[str], folder: Path) -> Path:
    """`mart` and `order_by` come from TAGS and the contract; quoted as identifiers."""
    folder.mkdir(parents=True, exist_ok=True)
    order = ", ".join(quote(c) for c in order_by)
    df = safe_frame(con.sql(f"select * from marts.{quote(mart)} order by {order}").df())
    tags = TAGS[mart]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(df.columns)
    w.writerow([tags.get(c, "") for c in df.columns])
    df.to_csv(buf, index=False, header=False, lineterminator="\n")
    out = folder / f"{mart}.csv"
    out.write_text(buf.getvalue(), encoding="utf-8")
    return out
