"""Key findings written from the marts, never typed: each sentence is computed, with its source."""
from __future__ import annotations

import re


def _n(v) -> str:
    return f"{int(v):,}"


def _pct(v) -> str:
    return f"{v:g}%"


BASIS_WORDS = {"civilian": "civilian casualties", "all": "all casualties"}
KIND_WORDS = {"monitor": "the Monitor", "ngo": "NGO release", "official": "official page", "news": "news"}


def _domain(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).split("/")[0]


def key_findings(con) -> list[str]:
    by_year = con.sql("select * from marts.casualties_by_year where total is not null order by data_year").df()
    if by_year.empty:
        return ["No global total is in the warehouse."]
    last = by_year.iloc[-1]
    y, total = int(last["data_year"]), int(last["total"])
    out = []
    s = (f"{_n(total)} people were recorded killed or injured by mines and explosive remnants of war in {y}"
         f" (Landmine Monitor {int(last['total_edition'])})")
    prev = by_year[by_year["data_year"] == y - 1]
    if len(prev):
        p = int(prev.iloc[0]["total"])
        if total == p:
            s += f", the same total as {y - 1}"
        else:
            s += f", {'up' if total > p else 'down'} {_n(abs(total - p))} ({abs(total - p) / p:.0%}) on {y - 1} ({_n(p)})"
    higher = by_year[(by_year["data_year"] < y) & (by_year["total"] > total)]
    if len(higher):
        z = int(higher["data_year"].max())
        s += f"; the highest since {z} ({_n(higher[higher['data_year'] == z].iloc[0]['total'])})"
    else:
        s += "; the highest in the series"
    out.append(s + ".")
    if last["killed"] == last["killed"] and last["injured"] == last["injured"]:  # not NaN
        same = last["split_total"] == last["total"] and last["split_edition"] == last["total_edition"]
        s = (f"Of these, {_n(last['killed'])} were killed and {_n(last['injured'])} injured" if same else
             f"Landmine Monitor {int(last['split_edition'])} split its own total of "
             + (f"{_n(last['split_total'])}" if last["split_total"] == last["split_total"] else "(not given)")
             + f" into {_n(last['killed'])} killed and {_n(last['injured'])} injured")
        if last["outcome_unknown"] == last["outcome_unknown"]:
            s += (f"; {_n(last['outcome_unknown'])} with unknown outcome"
                  + (" (derived as total − killed − injured, not reported)" if last["outcome_unknown_is_derived"] else ""))
        out.append(s + ".")
    if last["civilian_pct"] == last["civilian_pct"]:
        out.append(f"Civilians were {_pct(last['civilian_pct'])} of casualties whose civilian/military status was known.")
    if last["child_pct"] == last["child_pct"]:
        basis = {"civilian": "civilian casualties whose age was known",
                 "all": "all casualties whose age was known"}.get(last["child_pct_basis"], "an unstated basis")
        s = f"Children (under 18) were {_pct(last['child_pct'])} of {basis}"
        c = con.execute("select \"values\", bases, source_kinds, source_urls from marts.figure_conflicts "
                        "where data_year = ? and measure = 'child_pct' order by edition desc limit 1", [y]).fetchall()
        if c:
            s += " (sources differ on this share: " + " vs ".join(
                f"{_pct(v)} of {BASIS_WORDS.get(b, 'an unstated basis')} ({KIND_WORDS.get(k, k)}, {_domain(u)})"
                for v, b, k, u in zip(*c[0])) + ")"
        out.append(s + ".")
    if last["states_areas"] == last["states_areas"]:
        out.append(f"Casualties were recorded in {_n(last['states_areas'])} states and other areas.")
    rev = con.sql("select data_year, first_reported_total, total, first_reported_edition, total_edition "
                  "from marts.casualties_by_year where total is not null and first_reported_total is not null "
                  "and total <> first_reported_total order by abs(total - first_reported_total) desc limit 1").df()
    if len(rev):
        r = rev.iloc[0]
        out.append(f"Figures are revised as late reports arrive: {int(r['data_year'])} was first reported as "
                   f"{_n(r['first_reported_total'])} (edition {int(r['first_reported_edition'])}) and now stands at "
                   f"{_n(r['total'])} (edition {int(r['total_edition'])}).")
    peak = by_year.loc[by_year["total"].idxmax()]
    low = by_year.loc[by_year["total"].idxmin()]
    out.append(f"Across {int(by_year['data_year'].min())}–{y}, the highest recorded year is {int(peak['data_year'])} "
               f"({_n(peak['total'])}) and the lowest {int(low['data_year'])} ({_n(low['total'])}).")
    return out
