"""The report's mine action section (issue 19): casualties beside international funding, land
cleared and land released (the Monitor's series, its 2020 scope break marked; Mine Action Review
apart), and stockpile destruction. Every figure comes from a mart as it is: each series keeps its
basis, publisher and scope, and nothing is summed, spliced or filled. The figure functions are
shared with notebooks/mine_action.py; each has a text alternative computed from the data."""
from __future__ import annotations

import html as _html

import matplotlib
import matplotlib.ticker
from matplotlib.figure import Figure

from .charts import STYLE, _footer, save
from .findings import LAND_MEASURES, amount, change_words, edition_name, funding_finding, land_finding
from .html import img_png, table

MINE_ACTION_NOTE = ("Source: Landmine Monitor (ICBL-CMC) editions and pages quoting them; Mine Action Review "
                    "(Clearing the Mines) as its own series; latest statement per year, basis, series and scope.")
LAND_COLOURS = {"land_cleared_km2": "#2c6da0", "land_released_km2": "#e8a33d"}
SCOPE_MARKERS = {"all_programmes": "o", "not_stated": "D", "states_parties_article5": "s", "global_mar": "^"}
SERIES_STYLE = {"monitor": ("o", "Landmine Monitor"), "convention": ("s", "the Convention / UN (quoted in news)"),
                "campaign": ("^", "ICBL statements to treaty meetings"), "other": ("D", "another NGO page")}
STOCK_MEASURES = {"stockpiled_mines_destroyed_cumulative": "#2c6da0",
                  "states_parties_completed_stockpile_destruction": "#5b9c4a",
                  "states_parties_holding_stockpiles": "#b2182b"}


def _panels(size, **kw):
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=size)
        return fig, fig.subplots(2, 1, **kw)


def _note(fig, text: str) -> None:
    fig.text(0.01, 0.01, text, fontsize=7, color="#555", ha="left", va="bottom")


def _years_axis(ax, years) -> None:
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years], rotation=90)
    ax.spines[["top", "right"]].set_visible(False)


# --- casualties beside international funding ---------------------------------------------------

def _funding_frame(con):
    return con.sql("select data_year, casualties, casualties_edition, international_usd_million, "
                   "international_qualifier, international_edition from marts.casualties_and_funding "
                   "order by data_year").df()


def casualties_and_funding(con):
    """Two panels on one year axis: the recorded casualty total (the latest edition's) and
    international support for mine action (the Monitor's donor basis, US$ million as published),
    each with its own edition. Years without both figures stay empty."""
    df = _funding_frame(con)
    fig, (top, bottom) = _panels((10, 6.6), sharex=True)
    if df.empty:
        top.text(0.5, 0.5, "No year has both figures in the warehouse.", ha="center", transform=top.transAxes)
        return fig
    years = list(range(int(df["data_year"].min()), int(df["data_year"].max()) + 1))
    top.bar(df["data_year"], df["casualties"], color="#a02c2c", label="recorded casualties (latest edition)")
    top.set_ylabel("people killed or injured")
    top.set_title("Recorded casualties (killed, injured or unknown outcome): the latest edition's total per year",
                  fontsize=9)
    top.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    bottom.bar(df["data_year"], df["international_usd_million"], color="#2c6da0",
               label="international support (donor contributions)")
    for r in df[df["international_qualifier"].notna()].itertuples():
        bottom.text(r.data_year, r.international_usd_million, f" {r.international_qualifier}", rotation=90,
                    fontsize=6, ha="center", va="bottom", color="#333")
    bottom.set_ylabel("US$ million (as published)")
    bottom.set_title("International support for mine action (donor basis; national and total support are other "
                     "bases, not shown)", fontsize=9)
    for ax in (top, bottom):
        for y in sorted(set(years) - set(df["data_year"].astype(int))):
            ax.text(y, 0, "no figure", rotation=90, fontsize=6, ha="center", va="bottom", color="#777")
        _years_axis(ax, years)
        ax.set_ylim(0, ax.get_ylim()[1] * 1.2)
        ax.legend(loc="upper center", fontsize=7, frameon=False)
    fig.suptitle(f"Casualties beside international funding for mine action, {years[0]}–{years[-1]}")
    fig.subplots_adjust(bottom=0.2, top=0.9, hspace=0.3)
    _footer(fig, "Two measures, two bases, each the latest edition's: compare the trends, never the figures as one. "
                 "A year without both figures is empty.")
    return fig


def _trend(df, year: str, value: str, unit: str, edition: str, qualifier: str | None = None) -> str:
    d = df[df[value].notna()].sort_values(year)
    if d.empty:
        return "no figure"
    last = d.iloc[-1]
    q = (lambda r: r[qualifier]) if qualifier else (lambda r: None)
    s = f"{amount(last[value], unit, q(last))} in {int(last[year])} ({edition_name(last[edition])})"
    if len(d) > 1:
        p = d.iloc[-2]
        s += (f", {change_words(last[value], q(last), p[value], q(p), unit)} on {int(p[year])} "
              f"({amount(p[value], unit, q(p))})")
    return s


def funding_alt(con) -> str:
    df = _funding_frame(con)
    if df.empty:
        return "No year has both a casualty total and international funding."
    span = f"{int(df['data_year'].min())}–{int(df['data_year'].max())}"
    return (f"Two panels, {span}, years with both figures. Recorded casualties: "
            f"{_trend(df, 'data_year', 'casualties', 'people', 'casualties_edition')}. International support: "
            f"{_trend(df, 'data_year', 'international_usd_million', 'US$ million', 'international_edition', 'international_qualifier')}")


# --- land cleared and land released ---------------------------------------------------------------

def _land_frame(con):
    return con.sql("select data_year, series, scope, scope_label, land_released_km2, land_cleared_km2 "
                   "from marts.land_release_by_year where land_released_km2 is not null "
                   "or land_cleared_km2 is not null order by data_year, series, scope").df()


def scope_break(monitor) -> tuple[int, str] | None:
    """Where the Monitor's land figures change scope, read off the data: the first year of the
    latest scope, if an earlier year is on another scope; with that scope's label."""
    if monitor.empty:
        return None
    d = monitor.sort_values("data_year")
    latest = d.iloc[-1]["scope"]
    first = int(d.loc[d["scope"] == latest, "data_year"].min())
    if not (d["data_year"] < first).any():
        return None
    return first, str(d.loc[d["scope"] == latest, "scope_label"].iloc[0])


def _plot_land(ax, df, years, cols) -> None:
    """One line per measure and scope: a line never joins two scopes, nor a gap between years."""
    for col in cols:
        for scope, d in df.groupby("scope", sort=False):
            d = d.set_index("data_year").reindex(years)
            if d[col].notna().any():
                label = f"{LAND_MEASURES[col].split(' (')[0].lower()}: {d['scope_label'].dropna().iloc[0]}"
                ax.plot(years, d[col], marker=SCOPE_MARKERS.get(scope, "o"), color=LAND_COLOURS[col], label=label)


def land_release(con):
    """The Monitor's land cleared and land released, separate series (never summed), the scope
    break marked where the data put it; Mine Action Review's land cleared in its own panel."""
    df = _land_frame(con)
    fig, (mon, mar) = _panels((10, 7.4), sharex=True, gridspec_kw={"height_ratios": [3, 1.4]})
    if df.empty:
        mon.text(0.5, 0.5, "No land release figures in the warehouse.", ha="center", transform=mon.transAxes)
        return fig
    years = list(range(int(df["data_year"].min()), int(df["data_year"].max()) + 1))
    monitor, review = df[df["series"] == "monitor"], df[df["series"] == "mine_action_review"]
    _plot_land(mon, monitor, years, LAND_MEASURES)
    mon.set_ylim(0, monitor[list(LAND_MEASURES)].max().max() * 1.7)
    brk = scope_break(monitor)
    if brk:
        mon.axvline(brk[0] - 0.5, color="#333", linestyle="--", linewidth=1)
        mon.text(brk[0] - 0.45, mon.get_ylim()[1] * 0.62, f"scope break: from {brk[0]},\n{brk[1]}",
                 fontsize=7, va="top", ha="left", color="#333")
    mon.set_title("Landmine Monitor: land cleared and land released (separate measures, never added)", fontsize=9)
    mon.set_ylabel("km²")
    mon.legend(loc="upper left", fontsize=7, frameon=False)
    _plot_land(mar, review, years, ["land_cleared_km2"])
    mar.set_title("Mine Action Review (Clearing the Mines): its own global series, not spliced into the Monitor's",
                  fontsize=9)
    mar.set_ylabel("km²")
    if not review.empty:
        mar.set_ylim(0, review["land_cleared_km2"].max() * 1.3)
        mar.legend(loc="upper left", fontsize=7, frameon=False)
    for ax in (mon, mar):
        _years_axis(ax, years)
    fig.suptitle(f"Land cleared and land released, {years[0]}–{years[-1]} (a gap: no figure)")
    fig.subplots_adjust(bottom=0.17, top=0.91, hspace=0.3)
    _note(fig, MINE_ACTION_NOTE + "\nReleased = cleared + reduced by technical survey + cancelled by non-technical "
               "survey. Series on different scopes are not comparable.")
    return fig


def land_alt(con) -> str:
    df = _land_frame(con)
    brk = scope_break(df[df["series"] == "monitor"])
    parts = [s for s in (land_finding(con, c) for c in LAND_MEASURES) if s]
    mar = land_finding(con, "land_cleared_km2", "mine_action_review")
    return " ".join(parts + ([f"Dashed line: the Monitor's scope changes from {brk[0]} ({brk[1]})."] if brk else [])
                    + ([mar] if mar else []))


# --- stockpile destruction ------------------------------------------------------------------------

def _stock_frame(con):
    return con.execute("select as_of_year, measure, measure_label, unit, series, value, qualifier, edition "
                       "from marts.stockpile_destruction where measure in (select unnest(?)) "
                       "order by as_of_year, series", [list(STOCK_MEASURES)]).df()


def stockpile_progress(con):
    """Stockpiled mines destroyed (cumulative) and the States Parties that completed destruction or
    still hold stocks, each series (whose count) with its own marker: points, never joined across
    publishers."""
    df = _stock_frame(con)
    fig, (mines, states) = _panels((10, 6.6), sharex=True)
    if df.empty:
        mines.text(0.5, 0.5, "No stockpile figures in the warehouse.", ha="center", transform=mines.transAxes)
        return fig
    years = list(range(int(df["as_of_year"].min()), int(df["as_of_year"].max()) + 1))
    for (measure, series), d in df.groupby(["measure", "series"], sort=True):
        marker, who = SERIES_STYLE.get(series, ("x", series))
        ax = mines if d["unit"].iloc[0] == "mines" else states
        ax.plot(d["as_of_year"], d["value"], marker, color=STOCK_MEASURES[measure], markersize=6,
                label=f"{d['measure_label'].iloc[0]} ({who})")
    mines.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v / 1e6:g} million"))
    mines.set_ylabel("stockpiled mines destroyed")
    mines.set_title("Stockpiled antipersonnel mines destroyed by States Parties since 1999 (cumulative)", fontsize=9)
    states.set_ylabel("States Parties")
    states.set_title("States Parties that completed stockpile destruction / still hold stocks (Article 4)",
                     fontsize=9)
    for ax in (mines, states):
        _years_axis(ax, years)
        ax.legend(fontsize=7, frameon=False, loc="best")
    fig.suptitle(f"Stockpile destruction, {years[0]}–{years[-1]}: each publisher's count apart")
    fig.subplots_adjust(bottom=0.17, top=0.9, hspace=0.3)
    _note(fig, MINE_ACTION_NOTE + "\nMost counts are lower bounds ('more than N'); the Monitor's and the "
               "Convention's cumulative counts are two bases.")
    return fig


def stockpile_alt(con) -> str:
    df = _stock_frame(con)
    df = df[df["series"] == "monitor"]
    out = []
    for measure in STOCK_MEASURES:
        d = df[df["measure"] == measure]
        if len(d):
            unit = d["unit"].iloc[0]
            out.append(f"{d['measure_label'].iloc[0]} (Landmine Monitor series): "
                       + _trend(d, "as_of_year", "value", unit, "edition", "qualifier") + ".")
    return " ".join(out) or "No stockpile figures in the Monitor's series."


CHARTS = {"casualties_and_funding": casualties_and_funding, "land_release": land_release,
          "stockpile_destruction": stockpile_progress}
ALTS = {"casualties_and_funding": funding_alt, "land_release": land_alt, "stockpile_destruction": stockpile_alt}


# --- the section ------------------------------------------------------------------------------------

LAND_TABLE = ("select data_year as \"year\", scope_label as \"scope\", land_released_km2 as \"land released (km²)\", "
              "land_released_qualifier as \"released: hedge\", land_released_edition as \"released: edition\", "
              "land_cleared_km2 as \"land cleared (km²)\", land_cleared_qualifier as \"cleared: hedge\", "
              "land_cleared_edition as \"cleared: edition\", ap_mines_destroyed as \"AP mines destroyed in clearance\", "
              "ap_mines_destroyed_qualifier as \"mines: hedge\", ap_mines_destroyed_edition as \"mines: edition\" "
              "from marts.land_release_by_year where series = ? order by data_year, scope")
TABLES = {
    "both": ("select data_year as \"year\", casualties as \"recorded casualties\", casualties_edition as "
             "\"casualties: edition\", international_usd_million as \"international support (US$ million)\", "
             "international_qualifier as \"support: hedge\", international_edition as \"support: edition\" "
             "from marts.casualties_and_funding order by data_year", []),
    "funding": ("select data_year as \"year\", international_usd_million as \"international (US$ million)\", "
                "international_qualifier as \"international: hedge\", international_edition as \"international: edition\", "
                "national_usd_million as \"national (US$ million)\", national_edition as \"national: edition\", "
                "total_usd_million as \"total (US$ million)\", total_edition as \"total: edition\", "
                "victim_assistance_usd_million as \"victim assistance (US$ million)\", "
                "victim_assistance_edition as \"victim assistance: edition\" "
                "from marts.mine_action_funding_by_year order by data_year", []),
    "monitor_land": (LAND_TABLE, ["monitor"]),
    "review_land": (LAND_TABLE, ["mine_action_review"]),
    "stocks": ("select as_of_year as \"year\", measure_label as \"measure\", series as \"whose count\", "
               "value as \"figure\", qualifier as \"hedge\", unit, edition as \"edition\", "
               "source_kind as \"kind of source\" from marts.stockpile_destruction "
               "order by as_of_year, measure, series", []),
}
CAPTIONS = {
    "casualties_and_funding": "Source: Landmine Monitor editions (marts.casualties_and_funding). Top: recorded "
    "casualties, the latest edition's total; bottom: international support for mine action (donor contributions, "
    "US$ million as published, the page's hedge above the bar), the latest edition's. Two bases, each with its own "
    "edition: compare trends, not figures. Also as casualties_and_funding.svg.",
    "land_release": "Source: Landmine Monitor editions and NGO summaries of them; Mine Action Review's Clearing the "
    "Mines (marts.land_release_by_year). Land released (cleared + reduced by technical survey + cancelled by "
    "non-technical survey) and land cleared (mined areas only) are separate measures, in km², never added. The "
    "dashed line is where the Monitor's scope changes (all mine action programmes before; States Parties with "
    "Article 5 obligations after); marker shapes show the scope. Also as land_release.svg.",
    "stockpile_destruction": "Source: Landmine Monitor editions, the Convention's figures quoted in news, ICBL "
    "statements (marts.stockpile_destruction). Each publisher's count is its own series (marker shape); counts "
    "of mines are mostly lower bounds. Also as stockpile_destruction.svg.",
}


def _figure_html(imgs, alts, name) -> str:
    return f"<figure>{img_png(imgs[name], alts[name])}<figcaption>{_html.escape(CAPTIONS[name])}</figcaption></figure>"


def _table(df, edition_why: str = "no figure") -> str:
    """A table whose dashes say why: no hedge (none), no edition (no figure, or a page tied
    to none), a figure no source gives."""
    why = {c: ("none" if "hedge" in c else edition_why if "edition" in c else "not given")
           for c in df.columns}
    return table(df, scroll=True, missing=why)


def sections(con, out_dir) -> list[str]:
    imgs = {name: save(fn(con), out_dir / name) for name, fn in CHARTS.items()}
    alts = {name: fn(con) for name, fn in ALTS.items()}
    t = {name: con.execute(sql, params).df() for name, (sql, params) in TABLES.items()}
    return [
        "<h2>Mine action: funding, land release and stockpiles</h2><p>What the Landmine Monitor reports beside "
        "the casualties. Each measure keeps its basis: international, national and total support are different "
        "bases; land <i>released</i> is not land <i>cleared</i>; the Monitor's land figures cover all mine action "
        "programmes before LM2021 and States Parties with Article 5 obligations from LM2021; Mine Action Review is "
        "a separate publisher whose series is never spliced into the Monitor's. Every figure is the latest "
        "statement with its edition; earlier editions' figures are in data/mine_action_observations.csv. "
        "A hedge is the page's own (more than, at least, revised).</p>",
        "<h3>Casualties beside international funding</h3>", _figure_html(imgs, alts, "casualties_and_funding"),
        _table(t["both"]),
        "<h3>Support for mine action, by basis</h3><p>Four bases in their own columns (US$ million): "
        "international (donor contributions), national (affected states' own; under-reported), total (the two "
        "combined, from 2008 data) and international support for victim assistance (part of international).</p>",
        _table(t["funding"]),
        "<h3>Land cleared and land released</h3>", _figure_html(imgs, alts, "land_release"),
        "<h4>Landmine Monitor</h4>", _table(t["monitor_land"]),
        "<h4>Mine Action Review (its own series: all states and areas)</h4>", _table(t["review_land"]),
        "<h3>Stockpile destruction</h3><p>Article 4 requires a State Party to destroy its stockpiled "
        "antipersonnel mines within four years of entry into force, with no extension.</p>",
        _figure_html(imgs, alts, "stockpile_destruction"), _table(t["stocks"], "page tied to no edition"),
    ]
