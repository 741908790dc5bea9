"""Casualty records in the report: national registers (Colombia's first) beside the Monitor.
Figure functions shared with notebooks/colombia_records.py, and the report section. Everything is
read from contracted marts (record_casualties, record_revisions, casualties_compared,
record_areas). Synthetic datasets (test fixtures only) are labelled as such wherever they appear."""
from __future__ import annotations

import html as _html

import matplotlib.ticker

from .charts import _figure, _footer
from .html import img_png, table

NOTE = ("Records: national registers loaded through a declared mapping (one row per person); each "
        "export (snapshot) is an edition. Monitor: Landmine Monitor country figures, latest edition per year.")

# Older snapshots cycle through 4 dash styles and 9 colours (the grey is the latest's): any number
# of snapshots gets a line each, no two alike up to 36 (lcm of 4 and 9). A style is passed as
# `linestyle=`, never as a format string, which a dash tuple is not.
SNAPSHOT_STYLES = ("--", ":", "-.", (0, (5, 1)))
SNAPSHOT_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf")


def _source(con, source: str | None) -> str | None:
    """The dataset to show: the one asked for, else the first real one, else the first."""
    if source:
        return source
    rows = con.sql("select source, bool_or(is_synthetic) as s from marts.record_casualties "
                   "group by all order by s, source").fetchall()
    return rows[0][0] if rows else None


def _no_records(fig, ax):
    ax.text(0.5, 0.5, "no casualty records loaded", ha="center", va="center", transform=ax.transAxes)
    _footer(fig, NOTE)
    return fig


def records_by_snapshot(con, source: str | None = None, iso3: str | None = None):
    """Records per year, one line per snapshot (the revisions visible), with the Monitor's country
    figure per year (marked with its edition)."""
    source = _source(con, source)
    fig, ax = _figure((10, 5.2))
    if source is None:
        return _no_records(fig, ax)
    df = con.execute("select snapshot, data_year, iso3, total, is_synthetic from marts.record_casualties "
                     "where source = ? and (? is null or iso3 = ?) order by snapshot, data_year",
                     [source, iso3, iso3]).df()
    iso3 = iso3 or (df["iso3"].mode().iloc[0] if len(df) else None)
    df = df[df["iso3"] == iso3]
    synthetic = bool(len(df)) and bool(df["is_synthetic"].all())
    snaps = sorted(df["snapshot"].unique())
    for i, snap in enumerate(reversed(snaps)):  # the latest underneath, thick; older ones on top, dashed
        d = df[df["snapshot"] == snap]
        latest = i == 0
        style = "-" if latest else SNAPSHOT_STYLES[(i - 1) % len(SNAPSHOT_STYLES)]
        colour = "#bbbbbb" if latest else SNAPSHOT_COLOURS[(i - 1) % len(SNAPSHOT_COLOURS)]
        ax.plot(d["data_year"], d["total"].astype(float), linestyle=style, linewidth=3 if latest else 1.2, color=colour,
                label=f"register, snapshot {snap}{' (latest)' if latest else ''}")
    m = con.execute("select data_year, monitor_country_total::double as total, monitor_country_edition as ed "
                    "from marts.casualties_compared where source = ? and iso3 = ? and monitor_country_total is not null "
                    "order by data_year", [source, iso3]).df()
    if len(m):
        ax.plot(m["data_year"], m["total"], "ks", markersize=5, label="Landmine Monitor (its latest edition per year)")
        for r in m.itertuples():
            ax.annotate(f"LM{int(r.ed)}", (r.data_year, r.total), textcoords="offset points", xytext=(0, 6),
                        fontsize=6, ha="center", color="#333")
    ax.set_title(f"{iso3}: casualties per year in each snapshot of {source} vs the Monitor"
                 + (" (SYNTHETIC)" if synthetic else ""), color="#a02c2c" if synthetic else "black")
    ax.set_ylabel("people killed or injured")
    ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.legend(fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.subplots_adjust(bottom=0.2)
    _footer(fig, NOTE)
    return fig


def record_shares(con, source: str | None = None):
    """The latest snapshot's civilian share (of status known) and child share (of age known, and of
    civilians whose age is known) per year: shares where known, never of all records."""
    source = _source(con, source)
    fig, ax = _figure((10, 4.2))
    if source is None:
        return _no_records(fig, ax)
    d = con.execute("select data_year, 100.0 * sum(civilian) / nullif(sum(status_known), 0) as civ, "
                    "100.0 * sum(child) / nullif(sum(age_known), 0) as child "
                    "from marts.record_casualties where source = ? and is_latest_snapshot group by all "
                    "order by data_year", [source]).df()
    ax.plot(d["data_year"], d["civ"].astype(float), "o-", markersize=3, label="civilians, % of status known")
    ax.plot(d["data_year"], d["child"].astype(float), "^:", markersize=3, label="children (under 18), % of age known")
    ax.set_ylim(0, 102)
    ax.set_ylabel("%")
    ax.set_title(f"{source}, latest snapshot: civilian and child shares where known")
    ax.legend(fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.subplots_adjust(bottom=0.22)
    _footer(fig, "Civilian: not the security forces (Colombia: fuerza pública, military and police).")
    return fig


def records_compared(con):
    """The report's chart: records by snapshot against the Monitor (kept under its old name)."""
    return records_by_snapshot(con)


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _count(n: int, one: str, many: str) -> str:
    """'one export', 'five exports', '12 exports': a count as a sentence says it."""
    return f"{NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else f'{n:,}'} {one if n == 1 else many}"


def snapshots_sentence(con, source: str = "colombia_aicma") -> str | None:
    """How many exports (snapshots) of a register are loaded and the years they were taken, from
    marts.record_casualties: 'four exports (snapshots) taken between 2017 and 2025'. None when
    the register is not loaded."""
    snaps = [r[0] for r in con.execute("select distinct snapshot from marts.record_casualties where source = ? "
                                       "order by 1", [source]).fetchall()]
    if not snaps:
        return None
    first, last = snaps[0][:4], snaps[-1][:4]
    when = f"taken in {first}" if first == last else f"taken between {first} and {last}"
    return f"{_count(len(snaps), 'export', 'exports')} (snapshot{'s' if len(snaps) > 1 else ''}) {when}"


def _intro(con) -> str:
    """What the section shows; Colombia's register described only when it is loaded."""
    s = ("<p>Record files are read through a declared mapping (data/raw/casualty_records/&lt;dataset&gt;/mapping.yml), "
         "validated row by row and counted with the Monitor's measures (marts.record_casualties). ")
    exports = snapshots_sentence(con, "colombia_aicma")
    if exports:
        s += ("Colombia's national register of mine/ERW victims (IMSMA, Oficina del Alto Comisionado para la Paz – "
              f"Descontamina Colombia / AICMA, datos.gov.co dataset yhxn-eqqw) is loaded from {exports}; each is "
              "an edition of the register, kept beside the others. The register has no record identifier: "
              "identical rows are distinct people and are all counted. Incidents are dated by year and month.")
    return s + "</p>"


def section(con, img, shares_img=None) -> list[str]:
    ds = con.sql("select source, file, synthetic, engine, rows_read, rows_loaded, rows_quarantined, mapping "
                 "from audit.record_datasets order by source, file").df()
    compared = con.sql("select data_year, record_snapshot, record_total, record_killed, record_injured, "
                       "monitor_country_total, monitor_country_killed, monitor_country_injured, "
                       "monitor_country_edition, record_minus_monitor_country, source, is_synthetic "
                       "from marts.casualties_compared order by source, data_year").df()
    revisions = con.sql("select source, data_year, snapshot, total, previous_snapshot, change_from_previous "
                        "from marts.record_revisions where change_from_previous <> 0 "
                        "order by source, data_year, snapshot").df()
    areas = con.sql("select source, snapshot, admin1, admin1_code, total, killed, injured, civilian, "
                    "security_forces, child, round(civilian_pct, 1) as civilian_pct, "
                    "round(child_pct, 1) as child_pct, municipalities, rank_in_register "
                    "from marts.record_areas where rank_in_register <= 10 order by source, rank_in_register").df()
    warn = ""
    if len(ds) and ds["synthetic"].any():
        warn = ("<p class='warn'><b>Synthetic data.</b> The datasets marked synthetic below are generated "
                "example/test files (pipeline/records/synth.py) that show how a national database is loaded; "
                "they are not casualty data and say nothing about any country.</p>")
    out = [
        "<h2>Casualty records (national databases)</h2>", warn, _intro(con),
        table(ds),
        f"<figure>{img_png(img, 'casualty records per year by snapshot, compared with the Monitor')}<figcaption>"
        f"{_html.escape(NOTE)} Later snapshots revise earlier years (late reports, corrections). "
        "Also as records_compared.svg.</figcaption></figure>",
    ]
    if shares_img is not None:
        out.append(f"<figure>{img_png(shares_img, 'civilian and child shares in the register')}<figcaption>"
                   "Shares where known, latest snapshot. Also as record_shares.svg.</figcaption></figure>")
    out += [
        "<h3>The register's latest snapshot beside the Monitor (marts.casualties_compared)</h3>"
        "<p>Where the two differ both stay: the Monitor quotes the register as it stood when each edition "
        "was written; the register keeps receiving late reports.</p>", table(compared, scroll=True),
        "<h3>How snapshots revised each year (marts.record_revisions, changes only)</h3>",
        table(revisions, scroll=True, max_rows=200),
        "<h3>Top areas in the latest snapshot (marts.record_areas)</h3>"
        "<p>Colombia: departments with their DIVIPOLA code; security forces = fuerza pública (military and "
        "police); child = under 18.</p>", table(areas, scroll=True),
    ]
    snaps = con.sql("select distinct snapshot from marts.record_casualties where source = 'colombia_aicma' "
                    "order by 1").fetchall()
    if snaps:
        out.append("<p class='note'>Fuente: Oficina del Alto Comisionado para la Paz – Descontamina Colombia (AICMA), "
                   f"datos.gov.co yhxn-eqqw, cortes {', '.join(s[0] for s in snaps)} (export dates as known; "
                   "the raw manifest). Licence field of the dataset page unconfirmed; open government data "
                   "under Ley 1712 de 2014.</p>")
    return out
