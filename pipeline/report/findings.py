"""Key findings written from the marts, never typed: each sentence is computed, with its source.
A comparison stays on one basis: "highest since" looks back only to the first higher year (recent
years of the Monitor's recorded-casualty series), never across the whole series, whose early
figures were stated on other bases; a share is worded as its source words it; a figure the data
hold only as the earliest statement is called that, not the first report."""
from __future__ import annotations

import re

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
    if len(higher):  # looks back only to the first higher year: recent years, one basis
        z = int(higher["data_year"].max())
        s += f"; the highest since {z} ({_n(higher[higher['data_year'] == z].iloc[0]['total'])})"
    return s + "."


def _split(last) -> str | None:
    if pd.isna(last["killed"]):  # NaN or NA: no statement splits the year
        return None
    injured = "" if pd.isna(last["injured"]) else f" and {_n(last['injured'])} injured"
    same = last["split_total"] == last["total"] and last["split_edition"] == last["total_edition"]
    s = (f"Of these, {_n(last['killed'])} were killed{injured}" if same else
         f"Landmine Monitor {int(last['split_edition'])} split its own total of "
         + (f"{_n(last['split_total'])}" if not pd.isna(last["split_total"]) else "(not given)")
         + f" into {_n(last['killed'])} killed{injured}")
    if not pd.isna(last["outcome_unknown"]):
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
    if pd.isna(last["states_areas"]):
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
    return [s for s in out if s]
