"""The geography crosswalk (pipeline/seeds/geography.csv): every country/area name the data use,
and common variants, to one code. ISO 3166-1 alpha-3 where the place has one; the Monitor's
"other areas" keep their own code (user-assigned X.. codes where ISO has none) and are never
merged into a parent state. Names are matched exactly (after trimming a trailing footnote `*`,
which the staging keeps as a flag): an unknown name is a validation error, never a guess."""
from __future__ import annotations

from .validate.rules import _lit
from .seeds import seed

FOOTNOTE_SQL = r"regexp_replace(country, '\s*\*+$', '')"


def crosswalk():
    return seed("geography")


def names() -> list[str]:
    return crosswalk()["name"].tolist()


def iso3_case_sql(name_expr: str = FOOTNOTE_SQL) -> str:
    """SQL: the crosswalk's code for a name (NULL for an unknown name). Used in validation, where
    only the frame is in scope; staging joins seeds.geography instead."""
    whens = " ".join(f"WHEN {_lit(n)} THEN {_lit(c)}"
                     for n, c in zip(crosswalk()["name"], crosswalk()["iso3"]))
    return f"CASE {name_expr} {whens} END"


def check_crosswalk() -> list[str]:
    """Problems of the crosswalk against pycountry (empty: it holds). An `iso3166` code must be a
    current ISO 3166-1 alpha-3 code; a `user_assigned` code must be in the X.. range ISO leaves to
    users and unknown to pycountry; one code has one display name; one name has one code."""
    import pycountry  # here: it loads the ISO tables, needed only by this check

    df = crosswalk()
    problems = []
    for r in df.itertuples():
        iso = pycountry.countries.get(alpha_3=r.iso3)
        if r.code_kind == "iso3166" and iso is None:
            problems.append(f"{r.name}: {r.iso3} is not an ISO 3166-1 alpha-3 code")
        if r.code_kind == "user_assigned" and (iso is not None or not r.iso3.startswith("X")):
            problems.append(f"{r.name}: {r.iso3} must be a user-assigned X.. code unknown to ISO")
        if r.code_kind not in ("iso3166", "user_assigned"):
            problems.append(f"{r.name}: code_kind {r.code_kind!r} (iso3166 | user_assigned)")
        if r.entity_type not in ("state", "other_area"):
            problems.append(f"{r.name}: entity_type {r.entity_type!r} (state | other_area)")
    dup = df[df["name"].duplicated()]["name"].tolist()
    if dup:
        problems.append(f"names listed twice: {dup}")
    per_code = df.groupby("iso3")[["country", "entity_type"]].nunique()
    bad = per_code[(per_code > 1).any(axis=1)].index.tolist()
    if bad:
        problems.append(f"codes with more than one display name or type: {bad}")
    return problems
