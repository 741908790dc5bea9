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
# # Colombia's register of mine victims, snapshot by snapshot
#
# Colombia's national mine action database (IMSMA, kept by the Oficina del Alto Comisionado para
# la Paz – Descontamina Colombia / AICMA) publishes one row per person killed or injured by an
# antipersonnel mine, a mine-like improvised device or unexploded ordnance, on datos.gov.co
# (dataset yhxn-eqqw). The project keeps every export of it that it has (the first cell says how
# many and from when; data/raw/manifest.yml gives where each came from). Each export is a
# **snapshot**: an edition of the register, as each Landmine Monitor report is an edition of its
# figures. This notebook reads the warehouse built by
# `make report`; every number comes from the marts.
#
# Fuente: Oficina del Alto Comisionado para la Paz – Descontamina Colombia (AICMA), datos.gov.co
# yhxn-eqqw.

# %%
# %matplotlib inline
from pipeline import connect
from pipeline.report import records as charts

con = connect()  # read-only; reconnect after a rebuild to see new data
print(f"Colombia's register: loaded from {charts.snapshots_sentence(con, 'colombia_aicma')}")
con.sql("select file, rows_read, rows_loaded, rows_quarantined, engine from audit.record_datasets "
        "where source = 'colombia_aicma' order by file").df()

# %% [markdown]
# ## What was not loaded, and why
# Every row is accounted for: rows read = loaded + quarantined. The register says it covers 1990
# on; a row dated earlier is kept in quarantine with the rule it broke, not in the counts.

# %%
con.sql("select file, row_number, rule, values from audit.quarantine "
        "where source = 'casualty_records' order by file, row_number").df()

# %% [markdown]
# ## Each snapshot's totals
# No record identifier: identical rows are distinct people, all counted. Dates have year and
# month, never a day.

# %%
snapshots = con.sql("select snapshot, is_latest_snapshot, sum(total) as total, sum(killed) as killed, "
                    "sum(injured) as injured, min(data_year) as first_year, max(data_year) as last_year "
                    "from marts.record_casualties where source = 'colombia_aicma' group by all "
                    "order by snapshot").df()
for r in snapshots.itertuples():
    print(f"snapshot {r.snapshot}: {int(r.total):,} people ({int(r.killed):,} killed, {int(r.injured):,} injured), "
          f"{r.first_year}-{r.last_year}")
snapshots

# %% [markdown]
# ## How later snapshots revise a year
# Late reports and corrections move a year's count between exports (marts.record_revisions).

# %%
rev = con.sql("select data_year, snapshot, previous_snapshot, previous_total, total, change_from_previous "
              "from marts.record_revisions where source = 'colombia_aicma' and change_from_previous <> 0 "
              "order by data_year, snapshot").df()
print(f"{len(rev)} (year, snapshot) pairs changed from the snapshot before")
rev

# %% [markdown]
# ## The register beside the Landmine Monitor
# The Monitor's Colombia figures come from this register, quoted as it stood when each edition was
# written. Both stay visible, each with its edition.

# %%
fig = charts.records_by_snapshot(con, "colombia_aicma", "COL")
fig

# %%
con.sql("select data_year, record_snapshot, record_total, monitor_country_total, monitor_country_edition, "
        "record_minus_monitor_country, monitor_country_source_url from marts.casualties_compared "
        "where source = 'colombia_aicma' and monitor_country_total is not null order by data_year").df()

# %% [markdown]
# ## Civilians, security forces and children, where known

# %%
fig = charts.record_shares(con, "colombia_aicma")
fig

# %%
con.sql("select admin1 as department, admin1_code as divipola, total, killed, injured, civilian, "
        "security_forces, child, round(civilian_pct, 1) as civilian_pct, round(child_pct, 1) as child_pct, "
        "municipalities from marts.record_areas where source = 'colombia_aicma' "
        "order by rank_in_register limit 10").df()
