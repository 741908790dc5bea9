"""Key findings written from the marts, never typed: each sentence is computed, with its source.
A comparison stays on one basis: "highest since" looks back only to the first higher year (recent
years of the Monitor's recorded-casualty series), never across the whole series, whose early
figures were stated on other bases; a share is worded as its source words it; a figure the data
hold only as the earliest statement is called that, not the first report."""
from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd


def _n(v) -> str:
    return f"{int(v):,}"


def _pct(v) -> str:
    return f"{v:g}%"


KIND_WORDS = {"monitor": "the Monitor", "ngo": "an NGO release", "official": "an official page", "news": "news"}


def _domain(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).split("/")[0]


def _wording(text: str | None) -> str:
    """A basis as its source words it, without our note on whose wording it is."""
    return re.sub(r"\s*\([^)]*wording\)\s*$", "", text or "").strip()


def _total(by_year) -> str:
    last = by_year.iloc[-1]
    y, total = int(last["data_year"]), int(last["total"])
    s = (f"{_n(total)} people were recorded killed or injured by mines and explosive remnants of war in {y}"
         f" (Landmine Monitor {int(last['total_edition'])})")
    prev = by_year[by_year["data_year"] == y - 1]
    if len(prev):
        p = int(prev.iloc[0]["total"])
        s += (f", the same total as {y - 1}" if total == p else
              f", {'up' if total > p else 'down'} {_n(abs(total - p))} ({abs(total - p) / p:.0%}) on {y - 1} ({_n(p)})")
    higher = by_year[(by_year["data_year"] < y) & (by_year["total"] > total)]
    z = int(higher["data_year"].max()) if len(higher) else None
    if z is not None and z < y - 1:  # looks back only to the first higher year: recent years, one basis
        s += f"; the highest since {z} ({_n(higher[higher['data_year'] == z].iloc[0]['total'])})"
    return s + "."


def _split(last) -> str | None:
    if pd.isna(last["killed"]):  # NaN: no statement splits the year
        return None
    injured = "" if pd.isna(last["injured"]) else f" and {_n(last['injured'])} injured"
    same = last["split_total"] == last["total"] and last["split_edition"] == last["total_edition"]
    s = (f"Of these, {_n(last['killed'])} were killed{injured}" if same else
         f"Landmine Monitor {int(last['split_edition'])} split its own total of "
         + (f"{_n(last['split_total'])}" if pd.notna(last["split_total"]) else "(not given)")
         + f" into {_n(last['killed'])} killed{injured}")
    if pd.notna(last["outcome_unknown"]):
        s += (f"; {_n(last['outcome_unknown'])} with unknown outcome"
              + (" (derived as total − killed − injured, not reported)" if last["outcome_unknown_is_derived"] else ""))
    return s + "."


def _shares(con, y: int) -> list[str]:
    """The civilian and child shares as their sources word them; a disagreement on the basis of
    the same share is said once."""
    out = []
    civ = con.execute("select value, source_kind, source_url from marts.figure_observations where data_year = ? "
                      "and measure = 'civilian_pct' and precedence = 1", [y]).fetchall()
    if civ:
        v, kind, url = civ[0]
        out.append(f"Civilians were {_pct(v)} of the casualties ({KIND_WORDS.get(kind, kind)}, {_domain(url)})"
                   + _differ(con, y, "civilian_pct") + ".")
    child = con.execute("select value, source_wording, source_kind, source_url from marts.figure_observations "
                        "where data_year = ? and measure = 'child_pct' and precedence_in_edition >= 1 and edition = "
                        "(select max(edition) from marts.figure_observations where data_year = ? and measure = 'child_pct') "
                        "order by precedence_in_edition", [y, y]).fetchall()
    if child:
        v, wording, kind, url = child[0]
        s = f"Children (under 18) were {_pct(v)} {_wording(wording)} ({KIND_WORDS.get(kind, kind)}, {_domain(url)})"
        others = [(w, k, u) for v2, w, k, u in child[1:] if v2 == v and _wording(w) != _wording(wording)]
        if others:
            s += "; other sources give the same figure " + " and ".join(
                f"'{_wording(w)}' ({KIND_WORDS.get(k, k)}, {_domain(u)})" for w, k, u in others)
        out.append(s + ".")
    return out


def _differ(con, year: int, measure: str) -> str:
    """Where the latest edition's sources disagree on a measure: each figure with its source, said
    once (marts.figure_conflicts); '' where they agree."""
    c = con.execute("select \"values\", source_kinds, source_urls from marts.figure_conflicts where data_year = ? "
                    "and measure = ? and conflict_kind <> 'basis' order by edition desc limit 1", [year, measure]).fetchall()
    if not c:
        return ""
    fmt = _pct if measure.endswith("_pct") else _n
    by_value: dict = {}
    for v, k, u in zip(*c[0]):
        by_value.setdefault(v, []).append(f"{KIND_WORDS.get(k, k)}, {_domain(u)}")
    return "; sources differ: " + " against ".join(f"{fmt(v)} ({'; '.join(who)})" for v, who in by_value.items())


def _places(con, last) -> str | None:
    if pd.isna(last["states_areas"]):  # NaN or pandas' NA (whose truth value is an error): no count
        return None
    return (f"Casualties were recorded in {_n(last['states_areas'])} states and other areas"
            + _differ(con, int(last["data_year"]), "states_areas") + ".")


def _revision(con) -> str | None:
    rev = con.sql("select data_year, earliest_total, total, earliest_total_edition, total_edition, earliest_is_first_report "
                  "from marts.casualties_by_year where total is not null and earliest_total is not null "
                  "and total <> earliest_total order by abs(total - earliest_total) desc limit 1").df()
    if not len(rev):
        return None
    r = rev.iloc[0]
    first = ("was first reported as" if r["earliest_is_first_report"] else "appears earliest in the data as")
    return (f"Figures are revised as late reports arrive: {int(r['data_year'])} {first} {_n(r['earliest_total'])} "
            f"(edition {int(r['earliest_total_edition'])}) and now stands at {_n(r['total'])} "
            f"(edition {int(r['total_edition'])}).")


def key_findings(con) -> list[str]:
    by_year = con.sql("select * from marts.casualties_by_year where total is not null order by data_year").df()
    if by_year.empty:
        return ["No global total is in the warehouse."]
    last = by_year.iloc[-1]
    out = [_total(by_year), _split(last), *_shares(con, int(last["data_year"]))]
    out.append(_places(con, last))
    out.append(_revision(con))
    out += mine_action_findings(con)
    return [s for s in out if s]


# --- mine action (issue 19): one basis, one series, one scope per comparison --------------------

UNITS = {"US$ million": ("US$", " million"), "km2": ("", " km²"), "mines": ("", " mines"), "states": ("", "")}
LAND_MEASURES = {"land_cleared_km2": "Land cleared (mined areas; battle-area clearance excluded)",
                 "land_released_km2": "Land released (cleared + reduced by technical survey + cancelled by "
                                      "non-technical survey)"}


def _decimal(v) -> Decimal:
    """A figure as printed: exact decimal arithmetic, so a difference carries no float noise."""
    return Decimal(repr(float(v)))


def number(v) -> str:
    d = _decimal(v) if not isinstance(v, Decimal) else v
    return f"{int(d):,}" if d == d.to_integral_value() else f"{d:,f}"


def amount(v, unit: str, qualifier=None) -> str:
    """'US$798.4 million', 'more than 55,000,000 mines', '146.04 km² (revised)': the page's hedge kept."""
    pre, post = UNITS.get(unit, ("", f" {unit}"))
    s = f"{pre}{number(v)}{post}"
    if not isinstance(qualifier, str) or not qualifier:
        return s
    return f"{s} ({qualifier})" if qualifier == "revised" else f"{qualifier} {s}"


def edition_name(edition, series: str = "monitor") -> str:
    if edition is None or edition != edition:
        return "no edition"
    return f"{'Clearing the Mines' if series == 'mine_action_review' else 'Landmine Monitor'} {int(edition)}"


def _hedged(q) -> bool:
    return isinstance(q, str) and bool(q) and q != "revised"


def change_words(cur, cur_q, prev, prev_q, unit: str) -> str:
    """'up US$254.9 million (47%)', 'unchanged'; a change between hedged figures says so."""
    d = _decimal(cur) - _decimal(prev)
    notes = [f"{abs(d) / _decimal(prev):.0%}"] if d and _decimal(prev) else []
    notes += ["between hedged figures"] if _hedged(cur_q) or _hedged(prev_q) else []
    s = "unchanged" if d == 0 else f"{'up' if d > 0 else 'down'} {amount(abs(d), unit)}"
    return s + (f" ({', '.join(notes)})" if notes else "")


def funding_finding(con) -> str | None:
    """The latest year with international support and its change on the previous year that has a
    figure on the same basis in the same (the Monitor's) series; never a total or a national figure."""
    df = con.sql("select data_year, international_usd_million as value, international_qualifier as qualifier, "
                 "international_edition as edition from marts.mine_action_funding_by_year "
                 "where international_usd_million is not null order by data_year").df()
    if df.empty:
        return None
    last, years = df.iloc[-1], con.sql("select max(data_year) from marts.mine_action_funding_by_year").fetchall()
    y, unit = int(last["data_year"]), "US$ million"
    s = (f"International support for mine action (donor contributions) was "
         f"{amount(last['value'], unit, last['qualifier'])} in {y} ({edition_name(last['edition'])})")
    if len(df) > 1:
        p = df.iloc[-2]
        s += (f", {change_words(last['value'], last['qualifier'], p['value'], p['qualifier'], unit)} on "
              f"{int(p['data_year'])} ({amount(p['value'], unit, p['qualifier'])}, {edition_name(p['edition'])})")
        gap = y - int(p["data_year"]) - 1
        s += f"; the data hold no international figure for the {gap} year(s) between" if gap else ""
    if years[0][0] > y:
        later = f"{y + 1}" if years[0][0] == y + 1 else f"{y + 1}–{years[0][0]}"
        s += f"; no edition in the data gives international support for {later}"
    return s + ". National and total support are other bases and are not compared with it."


def _land_rows(con, series: str, col: str):
    edition = col.replace("_km2", "_edition")
    qualifier = col.replace("_km2", "_qualifier")
    # col is one of LAND_MEASURES' keys (a contracted column), never user input
    return con.execute(f"select data_year, scope, scope_label, {col} as value, {qualifier} as qualifier, "
                       f"{edition} as edition from marts.land_release_by_year where series = ? "
                       f"and {col} is not null order by data_year, edition, scope", [series]).df()


def land_finding(con, col: str, series: str = "monitor") -> str | None:
    """The latest year of one land measure in one publisher's series, with its scope; its change
    on the previous year that has the measure only when both are on the same scope."""
    df = _land_rows(con, series, col)
    if df.empty:
        return None
    last, unit = df.iloc[-1], "km2"
    what = LAND_MEASURES[col] if series == "monitor" else (
        "Mine Action Review, a separate publisher with its own global series, gives land cleared of")
    verb = " was " if series == "monitor" else " "
    s = (f"{what}{verb}{amount(last['value'], unit, last['qualifier'])} in {int(last['data_year'])} "
         f"({edition_name(last['edition'], series)}; scope: {last['scope_label']})")
    if len(df) > 1:
        p = df.iloc[-2]
        before = (f"{int(p['data_year'])} ({amount(p['value'], unit, p['qualifier'])}, "
                  f"{edition_name(p['edition'], series)}")
        if p["scope"] == last["scope"]:
            s += (f", {change_words(last['value'], last['qualifier'], p['value'], p['qualifier'], unit)} "
                  f"on {before}, same scope)")
        else:
            s += (f"; the previous figure, {before}), covers another scope ({p['scope_label']}): "
                  "the two years are not comparable")
    return s + "."


def mine_action_findings(con) -> list[str]:
    out = [funding_finding(con), *(land_finding(con, c) for c in LAND_MEASURES),
           land_finding(con, "land_cleared_km2", "mine_action_review")]
    return [s for s in out if s]
