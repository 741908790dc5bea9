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
# # Mine action beside the casualties: funding, land release, stockpiles
#
# The Landmine Monitor reports more than casualties: what donors and affected states spend on mine
# action, how much land is cleared or released, and how far States Parties are with destroying
# their stockpiles. This notebook reads the warehouse built by `make report`
# (data/processed/landmine.duckdb); every number below comes from a mart with its edition.
#
# **The traps** (from the reference set's MINE_ACTION.md; every column is described in docs/):
# - *International*, *national* and *total* support are different bases. International is donor
#   contributions; national is affected states' own (few report it); total is the two combined
#   (from 2008 data). Compare a figure only with a figure of its basis: LM2023's "peaked at
#   $696.3 million in 2017" is the revised 2017 *international* figure, not LM2018's 2017 *total*.
# - Land *released* (cleared + reduced by technical survey + cancelled by non-technical survey)
#   is not land *cleared*. Never add or compare the two.
# - The Monitor's land figures changed scope: before LM2021 all mine action programmes, from
#   LM2021 States Parties with Article 5 obligations. Years across that break are not comparable.
# - Mine Action Review (*Clearing the Mines*) is a separate publisher with its own global
#   series: never splice it into the Monitor's.
# - Editions revise each other (2017 international support: 673.2 in LM2018, 696.3 in LM2019).
#   The marts show the latest statement; `marts.mine_action_observations` keeps every edition's.
# - A figure is as printed, with the page's hedge (`more than`, `at least`, `revised`) beside it.
#   A missing figure is missing (NaN / <NA>), never zero.

# %%
# %matplotlib inline
from pipeline import connect
from pipeline.report import mine_action
from pipeline.report.findings import mine_action_findings

con = connect()  # read-only; reconnect after a rebuild to see new data
for sentence in mine_action_findings(con):
    print(sentence)

# %% [markdown]
# ## Support for mine action, by basis
# Four bases in their own columns (US$ million), each the latest edition's figure with that
# edition: never read a total as international support, nor add national support to it.

# %%
funding = con.sql("""
    select data_year, international_usd_million, international_qualifier, international_edition,
           national_usd_million, national_edition, total_usd_million, total_edition,
           victim_assistance_usd_million, victim_assistance_edition, has_revision
    from marts.mine_action_funding_by_year order by data_year
""").df()
funding

# %% [markdown]
# Every edition's statement of one figure, with what it revised: 2017's international support.

# %%
con.sql("""
    select year, edition, value, qualifier, is_current, previous_value, change_from_previous, source_kind
    from marts.mine_action_observations
    where dataset = 'mine_action_funding' and measure = 'international' and year = 2017
    order by published
""").df()

# %% [markdown]
# ## Casualties beside international support
# Two measures, each with its own edition (`marts.casualties_and_funding`: the years that have
# both). Compare the trends; a ratio of the two would mix a count of people with money.

# %%
both = con.sql("select * from marts.casualties_and_funding order by data_year").df()
print(mine_action.funding_alt(con))
mine_action.casualties_and_funding(con)

# %% [markdown]
# ## Land cleared and land released, with their scope
# One row per year, series and scope (`marts.land_release_by_year`). The Monitor's rows before the
# scope break and after it are different series; Mine Action Review's rows are its own.

# %%
land = con.sql("""
    select data_year, series, scope, land_released_km2, land_released_qualifier, land_released_edition,
           land_cleared_km2, land_cleared_qualifier, land_cleared_edition, ap_mines_destroyed
    from marts.land_release_by_year order by series, data_year, scope
""").df()
# where the scope changes, read off the data (the first year of the latest scope)
areas = con.sql("select data_year, scope, scope_label from marts.land_release_by_year where series = 'monitor' "
                "and (land_cleared_km2 is not null or land_released_km2 is not null)").df()
first, label = mine_action.scope_break(areas)
print(f"The Monitor's land figures change scope from {first}: {label}.")
land

# %%
mine_action.land_release(con)

# %% [markdown]
# ## Stockpile destruction
# Article 4 requires each State Party to destroy its stockpiled antipersonnel mines within four
# years of entry into force, with no extension. The Monitor's cumulative count, the Convention's
# count quoted in news and the ICBL's statements to treaty meetings are separate series
# (`series`): two of them can give different counts for the same year, and both stay.

# %%
stocks = con.sql("""
    select as_of_year, measure_label, series, value, qualifier, edition, source_kind
    from marts.stockpile_destruction order by measure_label, as_of_year, series
""").df()
print(mine_action.stockpile_alt(con))
stocks

# %%
mine_action.stockpile_progress(con)

# %%
con.close()
