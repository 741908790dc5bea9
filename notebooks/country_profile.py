# ---
# jupyter:
#   jupytext:
#     formats: py:percent,ipynb
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# Every number below comes from the marts with its edition and source; a figure the data do not
# hold is shown as missing (a dash, with the reason where it is known), never filled.

# %% [markdown] tags=["notebook-only"]
# # Country profile
#
# A parameterised notebook: `make profile COUNTRY=UKR` (or `landmine profile UKR`) executes it for
# one country or area and writes `reports/profiles/<ISO3>.ipynb` and a report page `<ISO3>.html`
# (cells tagged `notebook-only` and all code are left out of the page).
# `COUNTRY` is an ISO3 code or any name in the geography crosswalk (pipeline/seeds/geography.csv);
# the Monitor's "other areas" have their own codes (Kosovo XKX, Somaliland XSL, ...).

# %% tags=["parameters"]
COUNTRY = "UKR"

# %%
# %matplotlib inline
import pandas as pd

from pipeline import connect
from pipeline.report.profile import resolve_country
from pipeline.report import country_charts
from pipeline.report.present import chart, edition_label, fields, show

def known(value) -> bool:
    """A figure the data hold (not NULL/NA/NaN): missing figures are said to be missing."""
    return value is not None and not pd.isna(value)


pd.set_option("display.max_colwidth", None)  # source URLs in full, so they can be followed
place = resolve_country(COUNTRY)
iso3 = place["iso3"]
con = connect()  # read-only
print(f"{place['country']} ({iso3}; {place['entity_type'].replace('_', ' ')})")
if place["note"]:
    print(place["note"])

# %% [markdown]
# ## Summary (marts.country_profile)

# %%
profile = con.execute("select * from marts.country_profile where iso3 = ?", [iso3]).df()
if profile.empty:
    print(f"No casualty, contamination or treaty figure for {place['country']} in the data.")
else:
    row = profile.iloc[0]
    if known(row["latest_casualties"]):
        line = (f"Latest casualty figure: {int(row['latest_casualties']):,} in {int(row['latest_year'])} "
                f"(edition {int(row['latest_edition'])})")
        if known(row["trend"]):
            line += (f", {row['trend']} from {int(row['previous_casualties']):,} "
                     f"in {int(row['previous_year'])}")
        print(line)
    else:
        print("No casualty figure in the data.")
    print(f"Treaty status: {row['treaty_status'] if known(row['treaty_status']) else 'no treaty event in the data'}")
NO_CASUALTY = "no casualty figure in the data"
fields(profile, missing={
    "latest_year": NO_CASUALTY, "latest_casualties": NO_CASUALTY, "latest_edition": NO_CASUALTY,
    "latest_source_url": NO_CASUALTY, "share_of_global_pct": "no global total for that edition",
    "rank_in_edition": "not ranked", "previous_year": "no earlier year with a figure",
    "previous_casualties": "no earlier year with a figure", "trend": "no earlier year with a figure",
    "peak_year": NO_CASUALTY, "peak_casualties": NO_CASUALTY,
    "contamination_status": "no contamination status in the data",
    "extent_category": "not given by any edition", "area_km2": "not given by any edition",
    "article5_deadline": "no Article 5 deadline in the data", "contamination_edition": "no contamination status in the data",
    "treaty_status": "no treaty event in the data", "treaty_status_as_of": "no treaty event in the data",
    "withdrawal_status": "no withdrawal", "suspension_announced": "no treaty event in the data"})

# %% [markdown]
# ## Casualties (marts.casualties_by_country: the chosen figure per year)

# %%
cas = con.execute("select data_year, casualties, killed, injured, rank_in_edition, share_of_global_pct, "
                  "edition, source_kind, source_url from marts.casualties_by_country "
                  "where iso3 = ? order by data_year", [iso3]).df()
print(f"{len(cas)} year(s) with a figure" if len(cas) else "No casualty figure in the data.")
show(cas, missing={"killed": "split not given by the source", "injured": "split not given by the source",
                   "rank_in_edition": "not ranked", "share_of_global_pct": "no global total for that edition"})

# %%
chart(country_charts.country_trends(con, [iso3]))

# %% [markdown]
# ### Every edition's figure (marts.country_casualty_observations: each source row, revisions included)

# %%
show(con.execute("select edition, data_year, casualties, killed, injured, source_kind, source_url, locator "
                 "from marts.country_casualty_observations where iso3 = ? order by data_year, edition",
                 [iso3]).df(),
     missing={c: "not given by the source" for c in ("casualties", "killed", "injured", "locator")})

# %% [markdown]
# ## A national register beside the Monitor (marts.casualties_compared, marts.record_revisions)
#
# Where a national database's records are loaded (Colombia's register of mine victims), its latest
# snapshot's count per year stands beside the Monitor's figure for the same year, each with its
# edition; where they differ, both stay.

# %%
side = con.execute("select source, data_year, monitor_country_total, monitor_country_edition, record_total, "
                   "record_snapshot, record_minus_monitor_country from marts.casualties_compared "
                   "where iso3 = ? order by source, data_year", [iso3]).df()
if side.empty:
    print(f"No national casualty register for {place['country']} is loaded.")
else:
    from pipeline.report import records as records_charts
    print(f"{side['source'].iloc[0]}: latest snapshot {side['record_snapshot'].iloc[0]}; "
          f"{side['monitor_country_total'].notna().sum()} year(s) with a Monitor figure beside it")
    display(records_charts.records_by_snapshot(con, side["source"].iloc[0], iso3))  # noqa: F821 (IPython)
    display(show(side, missing={"monitor_country_total": "no Monitor figure for the year",  # noqa: F821
                                "monitor_country_edition": "no Monitor figure for the year",
                                "record_minus_monitor_country": "no Monitor figure for the year"}))

# %% [markdown]
# ## Contamination

# %%
cont = con.execute("select * from marts.contamination_by_country where iso3 = ?", [iso3]).df()
print("No contamination or Article 5 status in the data." if cont.empty else
      f"As of {cont.iloc[0]['as_of']:%Y-%m-%d}: {cont.iloc[0]['current_status'] or 'status not stated'}")
if not cont.empty:  # every value with its own page and day; a passed deadline is never current
    c = cont.iloc[0]
    for label, value, ed, kind, day in (
            ("extent", c["extent_category"], c["extent_edition"], c["extent_source_kind"], c["extent_published"]),
            ("area (km²)", c["area_km2"], c["area_km2_edition"], c["area_km2_source_kind"], c["area_km2_published"])):
        if known(value):  # LM<edition> only for the Monitor's pages; another page's year says its kind
            text = f"{value:g}" if isinstance(value, float) else str(value)
            print(f"  {label}: {text} (as of {edition_label(ed, kind)}, public from {day:%Y-%m-%d})")
    if known(c["article5_status"]):
        note = (f"  Article 5: {c['article5_status'].replace('_', ' ')}"
                + (f", deadline {c['article5_deadline']}" if known(c["article5_deadline"]) else "")
                + (" (passed)" if c["deadline_passed"] is True else "")
                + f"; stated {c['article5_published']:%Y-%m-%d} ({c['article5_source_kind']}"
                + (", low-reliability source" if c["article5_reliability"] == "low" else "") + ")")
        print(note)
fields(cont, missing={c: "not given by any page" for c in cont.columns})

# %%
show(con.execute("select edition, ap_mine_contamination, extent_wording, area_km2, article5_deadline, "
                 "source_kind, source_url, locator from marts.contamination_observations where iso3 = ? "
                 "order by edition", [iso3]).df(),
     missing={c: "not given by this edition" for c in ("ap_mine_contamination", "extent_wording", "area_km2",
                                                       "article5_deadline", "locator")})

# %% [markdown]
# ## Mine Ban Treaty

# %%
treaty = con.execute("select * from marts.treaty_status_by_country where iso3 = ?", [iso3]).df()
if treaty.empty:
    print("Never deposited an instrument and no treaty event in the data: not a State Party here.")
else:
    t = treaty.iloc[0]
    print(f"Status on {t['as_of']:%Y-%m-%d}: {t['status']}")

    def day(v):
        return f"{v:%d %B %Y}" if known(v) else "not in the data"

    print(f"Signed: {day(t['signed'])}")
    print(f"Deposited: {day(t['deposited'])}" + (f" ({t['deposit_kind']})" if known(t["deposit_kind"]) else ""))
    eif = day(t["entry_into_force"])
    if known(t["entry_into_force"]) and t["entry_into_force_is_derived"]:
        eif += " (derived by Article 17 from the deposit"
        if known(t["entry_into_force_stated"]):
            eif += f"; a source states {day(t['entry_into_force_stated'])}"
        eif += ")"
    print(f"Entry into force: {eif}")
    if known(t["withdrawal_notified"]):
        print(f"Withdrawal notified: {day(t['withdrawal_notified'])}; takes effect {day(t['withdrawal_effective'])}"
              + (" (notification + 6 months, derived)" if t["withdrawal_effective_is_derived"] else ""))
    if known(t["suspension_note"]):
        print(t["suspension_note"])
show(con.execute("select event_date, event, event_code, provided_by_treaty, source_url, locator "
                 "from marts.treaty_events where iso3 = ? order by event_date, event_stage", [iso3]).df(),
     missing={"event_date": "date not given by the source", "locator": "not given by the source"})
