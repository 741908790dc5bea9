"""HXL-tagged copies of the country-level exports (reports/data/hxl/<mart>.csv): the same rows as
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
