"""Figure functions shared by the report and the notebooks: each takes a warehouse connection and
returns a matplotlib Figure with the source note and the under-reporting caveat on it."""
from __future__ import annotations

import io

import matplotlib
import matplotlib.ticker
from matplotlib.figure import Figure

SOURCE_NOTE = ("Source: Landmine Monitor (ICBL-CMC) report editions and releases quoting them; "
               "latest edition's figure per year.")
CAVEAT = ("Recorded casualties only: the Monitor stresses that the true number is higher.")

# Figures are made without pyplot (no global state): they render in notebooks and in the report
# alike, whatever the backend.
STYLE = {"svg.hashsalt": "landmine", "font.size": 9}


def _figure(size):
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=size)
        return fig, fig.subplots()


def _footer(fig, extra: str = "") -> None:
    fig.text(0.01, 0.01, "\n".join(x for x in (SOURCE_NOTE, CAVEAT, extra) if x),
             fontsize=7, color="#555", ha="left", va="bottom")


def annual_casualties(con):
    """Annual casualties: latest figure per year (bar) beside the first-reported figure (outline).
    The killed / injured / unknown split is one statement's: it is stacked to that statement's own
    total (split_total, a tick), never onto another edition's bar, and labelled with its edition
    where that is not the latest total's."""
    df = con.sql("select data_year, total, total_edition, earliest_total, killed, injured, "
                 "outcome_unknown, split_total, split_edition "
                 "from marts.casualties_by_year order by data_year").df().astype(float)
    fig, ax = _figure((10, 5.2))
    x = df["data_year"].astype(int)
    w = 0.4
    ax.bar(x - w / 2, df["earliest_total"], width=w, facecolor="white", edgecolor="#444",
           label="earliest total in the data")
    ax.bar(x + w / 2, df["total"], width=w, color="#c8c8c8", label="total, latest edition")
    # a statement may give killed or injured alone (2021: killed only): what it gives is stacked
    split = df[df["killed"].notna() | df["injured"].notna()]
    sx, sw = split["data_year"] + w / 2, w * 0.5
    killed, injured, unknown = (split[c].fillna(0) for c in ("killed", "injured", "outcome_unknown"))
    ax.bar(sx, killed, width=sw, color="#a02c2c", label="killed (one statement)")
    ax.bar(sx, injured, bottom=killed, width=sw, color="#e8a33d", label="injured (same statement)")
    ax.bar(sx, unknown, bottom=killed + injured, width=sw, color="#6b6b6b",
           label="unknown outcome (same statement)")
    st = split.dropna(subset=["split_total"])
    ax.hlines(st["split_total"], st["data_year"] + w / 2 - sw, st["data_year"] + w / 2 + sw, color="black",
              linewidth=1.2, label="that statement's own total")
    for _, r in split.iterrows():
        if r["split_edition"] != r["total_edition"]:
            top = max(v for v in (r["split_total"], (r["killed"] if r["killed"] == r["killed"] else 0)
                                  + (r["injured"] if r["injured"] == r["injured"] else 0), r["total"]) if v == v)
            ax.text(r["data_year"] + w / 2, top * 1.01, f"split LM{int(r['split_edition'])}", rotation=90,
                    fontsize=6, ha="center", va="bottom", color="#333")
    for yr in df.loc[df["total"].isna(), "data_year"]:
        ax.text(yr, 150, "no total", rotation=90, fontsize=7, ha="center", va="bottom", color="#777")
    ax.set_xticks(list(x))
    ax.set_xticklabels([str(v) for v in x], rotation=90)
    ax.set_ylabel("recorded casualties (killed or injured)")
    ax.set_title(f"Mine/ERW casualties recorded by the Landmine Monitor, {x.min()}–{x.max()}")
    ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.set_title(ax.get_title(), pad=38)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.subplots_adjust(bottom=0.24, top=0.84)
    _footer(fig, "Killed / injured / unknown outcome: one statement (one edition, one page), stacked to its own\n"
                 "total (tick); 'split LM<edition>' where that edition is older than the latest total's.")
    return fig


def shares_over_time(con):
    """Civilian share (of casualties whose status is known) and child share with its basis."""
    df = con.sql("select data_year, civilian_pct::double as civilian_pct, child_pct::double as child_pct, "
                 "child_pct_basis from marts.casualties_by_year order by data_year").df()
    fig, ax = _figure((10, 4.6))
    # every year on the axis, NaN where unknown: the line breaks at gaps instead of bridging them
    ax.plot(df["data_year"], df["civilian_pct"], "o-", color="#2c6da0",
            label="civilians, % of casualties whose status is known")
    labels = {"civilian": ("s", "#a02c2c", "children, % of civilian casualties whose age is known"),
              "all": ("^", "#e8a33d", "children, % of all casualties whose age is known")}
    for basis, (marker, color, label) in labels.items():
        d = df[df["child_pct_basis"] == basis]
        if len(d):
            ax.plot(d["data_year"], d["child_pct"], marker, color=color, label=label, markersize=7)
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    years = df["data_year"].astype(int)
    ax.set_xticks(list(years))
    ax.set_xticklabels([str(v) for v in years], rotation=90)
    ax.set_title("Civilian and child shares of recorded casualties (bases as stated by the sources)")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.subplots_adjust(bottom=0.25)
    _footer(fig, "A child is under 18. Shares are of casualties whose status/age is known, never of the total.")
    return fig


def alt_text(fig) -> str:
    """A text alternative read off the figure itself (titles, axis labels, series), so every
    chart in the report and the profiles has one that says what it shows."""
    parts = [fig._suptitle.get_text()] if getattr(fig, "_suptitle", None) else []
    for ax in fig.axes:
        bits = [ax.get_title()]
        if ax.get_ylabel():
            bits.append(f"vertical axis: {ax.get_ylabel()}")
        if ax.get_xlabel():
            bits.append(f"horizontal axis: {ax.get_xlabel()}")
        labels = [h for h in ax.get_legend_handles_labels()[1] if not h.startswith("_")]
        if labels:
            bits.append("series: " + ", ".join(labels))
        parts.append("; ".join(b for b in bits if b))
    return "Chart. " + ". ".join(p for p in parts if p) + "."


def save(fig, stem) -> dict:
    """Write <stem>.png and <stem>.svg; return the PNG bytes for embedding and the alt text."""
    png = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(png, format="png", dpi=110, metadata={"Software": None})
        fig.savefig(f"{stem}.svg", format="svg", metadata={"Date": None, "Creator": None})
    with open(f"{stem}.png", "wb") as f:
        f.write(png.getvalue())
    return {"png": png.getvalue(), "alt": alt_text(fig)}
