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
# # Country profile
#
# A parameterised notebook: `make profile COUNTRY=UKR` (or `python -m pipeline profile UKR`)
# executes it for one country or area and writes `reports/profiles/<ISO3>.ipynb` and `.html`.
# `COUNTRY` is an ISO3 code or any name in the geography crosswalk (pipeline/seeds/geography.csv);
# the Monitor's "other areas" have their own codes (Kosovo XKX, Somaliland XSL, ...).
# Every number comes from the marts with its edition and source; a figure the data do not hold is
# said to be missing, never filled.

# %% tags=["parameters"]
COUNTRY = "UKR"

# %%
# %matplotlib inline
import pandas as pd

from pipeline import connect
from pipeline.profile import resolve_country
from pipeline.report import country_charts

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
profile.T

# %% [markdown]
# ## Casualties (marts.casualties_by_country: the chosen figure per year)

# %%
cas = con.execute("select data_year, casualties, killed, injured, rank_in_year, share_of_global_pct, "
                  "edition, source_kind, source_url from marts.casualties_by_country "
                  "where iso3 = ? order by data_year", [iso3]).df()
print(f"{len(cas)} year(s) with a figure" if len(cas) else "No casualty figure in the data.")
cas

# %%
fig = country_charts.country_trends(con, [iso3])
fig

# %% [markdown]
# ### Every edition's figure (marts.country_casualty_observations: each source row, revisions included)

# %%
con.execute("select edition, data_year, casualties, killed, injured, source_kind, source_url, locator "
            "from marts.country_casualty_observations where iso3 = ? order by data_year, edition",
            [iso3]).df()

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
side

# %% [markdown]
# ## Contamination

# %%
cont = con.execute("select * from marts.contamination_by_country where iso3 = ?", [iso3]).df()
print("No contamination status in the data." if cont.empty else "Latest known status:")
if not cont.empty:  # a value from an older edition says so; a passed deadline is never current
    c = cont.iloc[0]
    for label, value, ed in (("extent", c["extent_category"], c["extent_edition"]),
                             ("area (km²)", c["area_km2"], c["area_km2_edition"]),
                             ("Article 5 deadline", c["article5_deadline"], c["article5_deadline_edition"])):
        if known(value):
            note = f" (as of LM{int(ed)}" + (", older than the status of LM" + str(int(c["edition"])) if ed < c["edition"] else "") + ")"
            if label.startswith("Article 5") and c["deadline_passed"]:
                note += f": passed before {c['as_of']:%Y-%m-%d}; not a current deadline"
            print(f"  {label}: {value:g}{note}" if isinstance(value, float) else f"  {label}: {value}{note}")
cont.T

# %%
con.execute("select edition, ap_mine_contamination, extent_wording, area_km2, article5_deadline, "
            "source_kind, source_url, locator from marts.contamination_observations where iso3 = ? "
            "order by edition", [iso3]).df()

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
con.execute("select event_date, event, event_code, provided_by_treaty, source_url, locator "
            "from marts.treaty_events where iso3 = ? order by event_date, event_stage", [iso3]).df()
