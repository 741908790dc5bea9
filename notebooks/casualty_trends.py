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
# # Casualty trends from the Landmine Monitor
#
# This notebook reads the warehouse built by `make report` (data/processed/landmine.duckdb).
# It never edits figures: every number below comes from the marts, with its edition and source.
# Open it with `make notebook` (writes the .ipynb from this paired .py file) and Jupyter.

# %%
# %matplotlib inline

from pipeline import connect
from pipeline.report import charts

con = connect()  # read-only; reconnect after a rebuild to see new data
by_year = con.sql("select * from marts.casualties_by_year order by data_year").df()
# A row states what one source stated: killed / injured / outcome_unknown are one statement's
# split, beside that statement's own total (split_total, split_edition); total is the latest.
by_year[["data_year", "total", "total_edition", "killed", "injured", "outcome_unknown",
         "split_total", "split_edition", "civilian_pct", "child_pct", "child_pct_basis",
         "earliest_total", "earliest_is_first_report"]]

# %% [markdown]
# ## Annual casualties, earliest in the data and latest
# The Monitor revises past years as late reports arrive; the outline bar is the earliest figure
# the data hold (the first report where the data have it), the grey bar the latest edition's; killed / injured / unknown outcome are stacked to
# their own statement's total (tick), labelled with that statement's edition where it is older.

# %%
fig = charts.annual_casualties(con)
fig

# %% [markdown]
# ## How much did the figures move?
# Every edition's total for the years revised most.

# %%
revisions = con.sql("""
    select data_year, edition, total, change_from_previous, source_kind
    from marts.casualty_revisions order by data_year, edition
""").df()
moved = (by_year.dropna(subset=["total", "earliest_total"])
         .assign(revision=lambda d: d["total"] - d["earliest_total"])
         .sort_values("revision", ascending=False)
         [["data_year", "earliest_total", "earliest_total_edition", "earliest_is_first_report", "total",
           "total_edition", "revision"]])
moved.head(5)

# %%
latest = by_year.dropna(subset=["total"]).iloc[-1]
print(f"{int(latest.data_year)}: {int(latest.total):,} casualties "
      f"(edition {int(latest.total_edition)}, {latest.total_source_kind}); "
      f"civilians {latest.civilian_pct:g}% of those whose status is known; "
      f"children {latest.child_pct:g}% ({latest.child_pct_basis} basis).")

# %% [markdown]
# ## Civilian and child shares
# Shares are of casualties whose status or age is known, with the basis each source states.

# %%
charts.shares_over_time(con)

# %% [markdown]
# ## Where the sources disagree
# Conflicts are kept, not resolved silently; the precedence rule (docs/warehouse.md) picks the figure used above.

# %%
con.sql("select data_year, edition, measure, conflict_kind, observations "
        "from marts.figure_conflicts order by data_year").df()

# %%
con.close()
