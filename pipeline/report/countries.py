"""The report's country sections (issue 3): casualties by country, contamination, the treaty's
membership and the states leaving or suspending it. Every table comes from a mart as it is."""
from __future__ import annotations

import pandas as pd

from . import country_charts
from .charts import save
from .html import img_png, table
from .present import edition_label

CHARTS = {"top_countries": country_charts.top_countries, "country_trends": country_charts.country_trends,
          "states_parties": country_charts.states_parties_over_time}

LEAVING_SQL = """
select t.country, t.iso3, t.status, t.withdrawal_notified, t.withdrawal_effective,
       t.withdrawal_effective_is_derived, t.suspension_note, t.suspension_objections, t.objecting_states,
       t.meeting_decision, t.meeting_decision_date,
       p.latest_year, p.latest_casualties, p.latest_edition, p.trend,
       p.contamination_status, p.extent_category, p.area_km2, p.article5_status, p.article5_deadline,
       p.deadline_passed, p.contamination_edition
from marts.treaty_status_by_country t
left join marts.country_profile p using (iso3)
where t.withdrawal_notified is not null or t.suspension_announced
order by t.withdrawal_effective nulls last, t.country
"""


def sections(con, out_dir) -> list[str]:
    imgs = {name: save(fn(con), out_dir / name) for name, fn in CHARTS.items()}
    latest = con.sql("select data_year, country, iso3, casualties, killed, injured, rank_in_edition, "
                     "share_of_global_pct, global_total, edition, source_kind, source_url "
                     "from marts.casualties_by_country where data_year = (select max(data_year) from "
                     "marts.casualties_by_country) order by rank_in_edition nulls last, iso3").df()
    contamination = aged(con.sql(
        "select country, iso3, current_status, extent_category, extent_edition, extent_source_kind, "
        "area_km2, area_km2_edition, area_km2_source_kind, article5_status, article5_deadline, deadline_passed, "
        "article5_published, article5_source_kind, article5_reliability, as_of, "
        "status_edition, status_source_kind, status_source_url from marts.contamination_by_country "
        "order by area_km2 desc nulls last, country").df())
    headline = con.sql("select edition, as_of, states_and_areas_wording as states_and_areas, states_parties, "
                       "states_not_party, other_areas, source_kind, source_url "
                       "from marts.contamination_headline_counts order by edition, source_row").df()
    sp = con.sql("select date, states_parties, change, joined, withdrew, events, is_derived, confirmed_by, "
                 "is_scheduled "
                 "from marts.states_parties_by_date order by date").df()
    counts = con.sql("select date_as_given, stated_count, basis, in_force_low, in_force_high, joined_low, "
                     "joined_high, source_kind, source_url from marts.states_parties_counts "
                     "order by coalesce(date, make_date(edition_ref, 12, 31)), source_row").df()
    leaving = con.sql(LEAVING_SQL).df()
    return [
        "<h2>Casualties by country</h2>",
        f"<figure>{img_png(imgs['top_countries'], 'Top countries')}<figcaption>Colour: the kind of source "
        "(blue Monitor, green NGO, orange news). Share: of the same edition's global total. "
        "Also as top_countries.svg.</figcaption></figure>",
        f"<figure>{img_png(imgs['country_trends'], 'Casualties over time')}<figcaption>The latest year's top "
        "countries over time; the country tables are complete only for some editions, so a missing year "
        "is unknown, not zero. Also as country_trends.svg.</figcaption></figure>",
        "<h3>The latest year</h3>", table(latest, scroll=True),
        "<h2>Contamination</h2><p>Latest known status per country (marts.contamination_by_country): the "
        "extent category, area and Article 5 deadline are each the latest edition that gives them; a value "
        "from an older edition than the country's status says <i>as of LM&lt;edition&gt;</i> (or the year and "
        "kind of a page that is not the Monitor's, e.g. <i>as of 2019, ngo</i>), and a deadline "
        "whose year ended before the build's as-of date is marked <i>passed</i>: a deadline the data hold, "
        "not a current one (it may have been extended since).</p>",
        table(contamination, scroll=True),
        "<h3>States and areas contaminated, per edition</h3>", table(headline, scroll=True),
        "<h2>Mine Ban Treaty: States Parties</h2><p>Every state that deposited an instrument counts from its "
        "entry into force (Article 17: 1 March 1999 for deposits up to 30 September 1998, else the first day "
        "of the sixth month after the month of deposit; South Sudan, a successor state, from independence on "
        "9 July 2011), every withdrawal from the day it takes effect (six months after notification). "
        "<i>is_derived</i> marks a number no source states for its period; <i>is_scheduled</i> a date after "
        "the build's as-of date (not yet effective).</p>",
        f"<figure>{img_png(imgs['states_parties'], 'States Parties over time')}<figcaption>Green dots: days "
        "states joined; red triangles: withdrawals taking effect; open circles: counts a source states (ICBL "
        "often counts a state at deposit, months before entry into force). Also as states_parties.svg."
        "</figcaption></figure>", table(sp, scroll=True),
        "<h3>Every stated count against the events</h3><p>ICBL often counts a state when it deposits its "
        "instrument (joined), the treaty when it enters into force (in force).</p>", table(counts, scroll=True),
        "<h2>States leaving or suspending the treaty</h2><p>Withdrawals (pending or effective on the latest "
        "dated event) and Ukraine's announced suspension, which the treaty does not provide for, with the "
        "latest casualty and contamination figures the data hold (—: not in the data).</p>",
        table(leaving, scroll=True),
    ]


def aged(df):
    """Contamination values with their age in the cell: 'as of LM<edition>' (or 'as of <year>,
    <kind>' for a page that is not the Monitor's) where a value is older than the status; the
    Article 5 deadline with its statement's day, 'passed' when the as-of date is past its last
    day, and 'low-reliability source' where the publisher is flagged."""
    df = df.astype(object).where(df.notna(), None)

    def tag(value, ed, kind, status_ed):
        if value is None:
            return None
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return text + (f" (as of {edition_label(ed, kind)})" if ed is not None and status_ed is not None
                       and ed < status_ed else "")

    for col, stem in (("extent_category", "extent"), ("area_km2", "area_km2")):
        df[col] = [tag(v, e, k, s) for v, e, k, s in
                   zip(df[col], df[f"{stem}_edition"], df[f"{stem}_source_kind"], df["status_edition"])]
    df["article5_deadline"] = [
        None if d is None else d + "; ".join(
            [""] + [n for n in ((f"stated {pd.Timestamp(p):%Y-%m-%d}" if p is not None else ""),
                                ("passed" if passed is True else ""),
                                ("low-reliability source" if rel == "low" else "")) if n])
        .replace("; ", " (", 1) + (")" if (p is not None or passed is True or rel == "low") else "")
        for d, p, passed, rel in zip(df["article5_deadline"], df["article5_published"], df["deadline_passed"],
                                     df["article5_reliability"])]
    return df.drop(columns=["deadline_passed", "as_of", "extent_source_kind", "area_km2_source_kind",
                            "article5_published", "article5_reliability"])


def cross_checks(con) -> list[str]:
    checks = con.sql("select rule, severity, violations, description from audit.cross_checks order by rule").df()
    rows = con.sql("select rule, severity, details from audit.cross_check_rows order by rule").df()
    return ["<h3>Cross-dataset checks</h3><p>Run as SQL after the marts; they do not quarantine (the data "
            "cannot say which of two sources is wrong), error-level ones fail <code>--strict</code>.</p>",
            table(checks), "<h4>Rows breaking a cross-dataset check</h4>", table(rows, scroll=True)]
