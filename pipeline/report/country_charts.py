"""Country figure functions (issue 3), shared by the report and the country-profile notebook.
Each takes a warehouse connection and returns a matplotlib Figure (made without pyplot) with the
source note; a country or year with no figure gives a figure that says so, never an error."""
from __future__ import annotations

import matplotlib.ticker

from .charts import _figure, _footer

COUNTRY_NOTE = ("Country figures: Monitor country profiles and releases/news quoting the Monitor "
                "(latest edition per year); the country tables are not complete for every year.")
KIND_COLOURS = {"monitor": "#2c6da0", "ngo": "#5b9c4a", "official": "#8c6bb1", "news": "#c77c2e"}


def _empty(fig, ax, message: str):
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#555")
    ax.set_axis_off()
    _footer(fig)
    return fig


def top_countries(con, n: int = 10, data_year: int | None = None):
    """Countries with the most casualties in the latest year the country data cover (or data_year),
    coloured by the kind of source the figure comes from."""
    if data_year is None:
        data_year = con.execute("select max(data_year) from marts.casualties_by_country "
                                "where casualties is not null").fetchall()[0][0]
    df = con.execute("select country, casualties, source_kind, edition, share_of_global_pct "
                     "from marts.casualties_by_country where data_year = ? and casualties is not null "
                     "order by casualties desc, iso3 limit ?", [data_year, n]).df()
    fig, ax = _figure((9, 4.6))
    if df.empty:
        return _empty(fig, ax, "No country casualty figures in the warehouse.")
    df = df.iloc[::-1]
    ax.barh(df["country"], df["casualties"], color=[KIND_COLOURS.get(k, "#777") for k in df["source_kind"]])
    for y, (v, s) in enumerate(zip(df["casualties"], df["share_of_global_pct"])):
        label = f"{int(v):,}" + (f"  ({s:g}% of the global total)" if s == s and s is not None else "")
        ax.text(v, y, " " + label, va="center", fontsize=8)
    ax.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.set_xlim(0, df["casualties"].max() * 1.45)
    ax.set_xlabel("recorded casualties")
    kinds = ", ".join(sorted(set(df["source_kind"])))
    ax.set_title(f"Countries with the most recorded casualties in {data_year} "
                 f"(edition {int(df['edition'].max())}; source: {kinds})")
    ax.spines[["top", "right"]].set_visible(False)
    fig.subplots_adjust(left=0.18, bottom=0.2)
    _footer(fig, COUNTRY_NOTE)
    return fig


def country_trends(con, iso3s: list[str] | None = None, n: int = 5):
    """Casualties over time for the given countries (default: the top n of the latest year).
    Lines break where a year has no figure: nothing is interpolated."""
    if iso3s is None:
        iso3s = [r[0] for r in con.execute(
            "select iso3 from marts.casualties_by_country where casualties is not null and data_year = "
            "(select max(data_year) from marts.casualties_by_country where casualties is not null) "
            "order by casualties desc, iso3 limit ?", [n]).fetchall()]
    fig, ax = _figure((10, 4.8))
    if not iso3s:
        return _empty(fig, ax, "No country casualty figures in the warehouse.")
    df = con.execute("select iso3, country, data_year, casualties::double as casualties "
                     "from marts.casualties_by_country where iso3 in (select unnest(?)) "
                     "and casualties is not null order by data_year", [iso3s]).df()
    if df.empty:
        return _empty(fig, ax, "No casualty figure for " + ", ".join(iso3s) + " in the warehouse.")
    years = list(range(int(df["data_year"].min()), int(df["data_year"].max()) + 1))
    for iso3 in iso3s:
        d = df[df["iso3"] == iso3].set_index("data_year").reindex(years)
        if d["casualties"].notna().any():
            name = df.loc[df["iso3"] == iso3, "country"].iloc[0]
            ax.plot(years, d["casualties"], "o-", label=name, markersize=4)
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years], rotation=90)
    ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.set_ylabel("recorded casualties")
    ax.set_title("Recorded casualties over time (a break in a line: no figure for that year)")
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.subplots_adjust(bottom=0.25)
    _footer(fig, COUNTRY_NOTE)
    return fig


TREATY_NOTE = ("States Parties: every deposit (UN treaty records, 2018 harvest; ICBL for 2025) counted from its "
               "entry into force by Article 17; withdrawals from the day they take effect (treaty_status).")


def states_parties_over_time(con):
    """The number of States Parties as a step line from 1 March 1999, with the days states joined
    (entry into force) and left (withdrawal effective) marked, and every stated count as a dot."""
    sp = con.execute("select date, states_parties, joined, withdrew, events from marts.states_parties_by_date "
                     "order by date").df()
    fig, ax = _figure((10, 4.8))
    if sp.empty:
        return _empty(fig, ax, "No treaty participants in the warehouse.")
    ax.step(sp["date"], sp["states_parties"], where="post", color=KIND_COLOURS["monitor"], lw=1.6,
            label="States Parties (treaty in force)")
    joins = sp[sp["joined"] > 0]
    ax.scatter(joins["date"], joins["states_parties"], s=12, color=KIND_COLOURS["ngo"], zorder=3,
               label="joined (entry into force)")
    leaves = sp[sp["withdrew"] > 0]
    ax.scatter(leaves["date"], leaves["states_parties"], s=40, marker="v", color="#b2182b", zorder=4,
               label="left (withdrawal effective)")
    for r in leaves.itertuples():
        names = ", ".join(e.split(":")[0] for e in r.events.split("; "))
        ax.annotate(names, (r.date, r.states_parties), textcoords="offset points", xytext=(-6, -14 - 10 * (r.Index % 3)),
                    ha="right", fontsize=7, color="#b2182b")
    stated = con.execute("select date, stated_count from marts.states_parties_counts where date is not null").df()
    if not stated.empty:
        ax.scatter(stated["date"], stated["stated_count"], s=22, facecolors="none", edgecolors="#333", zorder=5,
                   label="a count a source states")
    ax.set_ylabel("States Parties")
    ax.set_title(f"Mine Ban Treaty States Parties, {sp['date'].min():%d %b %Y} to {sp['date'].max():%d %b %Y}")
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    fig.subplots_adjust(bottom=0.16)
    fig.text(0.01, 0.01, TREATY_NOTE, fontsize=7, color="#555", ha="left", va="bottom")  # not a casualty chart
    return fig
