"""Casualty records in the report: a chart of a national database's counts and shares beside the
Monitor's (marts.casualties_compared, marts.record_casualties, marts.casualties_by_year) and the
section that presents them. Synthetic datasets are labelled as such on the chart and in the text."""
from __future__ import annotations

import html as _html

import matplotlib.ticker

from .charts import _figure, _footer
from .html import table

NOTE = ("Records: national casualty databases loaded through a declared mapping (one row per person). "
        "Monitor: Landmine Monitor figures (country where available, and the global total).")


def records_compared(con):
    """Left: records per year (per dataset) beside the Monitor's country figure and global total (log
    scale). Right: civilian share of status known and child share of age known, records vs Monitor."""
    per_year = con.sql("""
        select source, data_year, bool_or(is_synthetic) as synthetic, sum(record_total) as records,
               -- like with like: the records of exactly the countries that have a Monitor figure
               sum(record_total) filter (where monitor_country_total is not null) as records_matched,
               count(*) filter (where monitor_country_total is not null) as n_matched,
               sum(monitor_country_total) as monitor_country, max(monitor_global_total) as monitor_global
        from marts.casualties_compared group by all order by source, data_year""").df()
    shares = con.sql("""
        select r.source, r.data_year, 100.0 * sum(civilian) / nullif(sum(status_known), 0) as civilian_pct,
               100.0 * sum(child) / nullif(sum(age_known), 0) as child_pct
        from marts.record_casualties r group by all order by 1, 2""").df()
    monitor = con.sql("select data_year, total::double as total, civilian_pct::double as civilian_pct "
                      "from marts.casualties_by_year order by data_year").df()
    with matplotlib.rc_context({"font.size": 9}):
        fig, _ = _figure((11, 6.2))
    fig.clear()
    ax1, ax2 = fig.subplots(1, 2)
    synthetic = bool(len(per_year)) and bool(per_year["synthetic"].all())
    if len(per_year):
        for src, d in per_year.groupby("source"):
            tag = " (SYNTHETIC)" if d["synthetic"].all() else ""
            ax1.plot(d["data_year"], d["records"].astype(float), "o-", markersize=3,
                     label=f"records: {src}{tag}, every country in the dataset")
            mc = d.dropna(subset=["monitor_country"])
            if len(mc):  # both series over the same countries: those with a Monitor country figure
                line = ax1.plot(mc["data_year"], mc["records_matched"].astype(float), "^", markersize=5,
                                label=f"records: {src}, only the countries with a Monitor figure")
                ax1.plot(mc["data_year"], mc["monitor_country"].astype(float), "s", markersize=5,
                         color=line[0].get_color(), markerfacecolor="none",
                         label=f"Monitor, those same countries ({src})")
        lo = int(per_year["data_year"].min())
        g = monitor[monitor["data_year"] >= lo].dropna(subset=["total"])
        ax1.plot(g["data_year"], g["total"], "k--", linewidth=1, label="Monitor, global total")
        ax1.set_yscale("log")
        ax1.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    else:
        ax1.text(0.5, 0.5, "no casualty records loaded", ha="center", va="center", transform=ax1.transAxes)
    ax1.set_title("Casualties per year: records vs the Monitor (log scale)")
    ax1.set_ylabel("casualties")
    ax1.legend(fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=1)
    ax1.spines[["top", "right"]].set_visible(False)
    for src, d in shares.groupby("source"):
        ax2.plot(d["data_year"], d["civilian_pct"], "o-", markersize=3, label=f"civilians, records: {src}")
        ax2.plot(d["data_year"], d["child_pct"], "^:", markersize=3, label=f"children (of age known), records: {src}")
    if len(shares):
        m = monitor[monitor["data_year"] >= shares["data_year"].min()].dropna(subset=["civilian_pct"])
        ax2.plot(m["data_year"], m["civilian_pct"], "k--", linewidth=1, label="civilians, Monitor (global)")
    ax2.set_ylim(0, 102)  # room for a 100% point
    ax2.set_ylabel("% of casualties whose status / age is known")
    ax2.set_title("Shares where known: records vs the Monitor")
    ax2.legend(fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=1)
    ax2.spines[["top", "right"]].set_visible(False)
    if synthetic:
        fig.suptitle("SYNTHETIC EXAMPLE DATA (generated test records, not real casualties) beside the Monitor's "
                     "real figures", color="#a02c2c", fontsize=10)
    fig.subplots_adjust(bottom=0.36, wspace=0.3, top=0.88)
    _footer(fig, NOTE)
    return fig


def section(con, img) -> list[str]:
    from .html import img_png
    ds = con.sql("select source, file, synthetic, engine, rows_read, rows_loaded, rows_quarantined, mapping, description "
                 "from audit.record_datasets order by source, file").df()
    compared = con.sql("select source, data_year, iso3, record_total, monitor_country_total, "
                       "record_minus_monitor_country, monitor_global_total, is_synthetic "
                       "from marts.casualties_compared order by source, data_year, iso3").df()
    warn = ""
    if len(ds) and ds["synthetic"].any():
        warn = ("<p class='warn'><b>Synthetic data.</b> The datasets marked synthetic below are generated "
                "example/test files (pipeline/records/synth.py) that show how a national database is loaded; "
                "they are not casualty data and say nothing about any country.</p>")
    return [
        "<h2>Casualty records (national databases)</h2>", warn,
        "<p>Record files are read through a declared mapping (data/raw/casualty_records/&lt;dataset&gt;/mapping.yml), "
        "validated row by row and counted with the Monitor's measures (marts.record_casualties).</p>",
        table(ds),
        f"<figure>{img_png(img, 'casualty records compared with the Monitor')}<figcaption>"
        f"{_html.escape(NOTE)} Also as records_compared.svg.</figcaption></figure>",
        "<h3>Records beside the Monitor (marts.casualties_compared)</h3>", table(compared, scroll=True),
    ]
