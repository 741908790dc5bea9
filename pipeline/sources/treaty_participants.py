"""Every state that deposited an instrument of consent to the Mine Ban Treaty (UN chapter XXVI-5):
its signature, deposit date and kind. A byte-identical copy of data/reference/treaty_participants.csv
(164 rows from a June 2018 harvest of the UN Office for Disarmament Affairs treaty pages, Marshall
Islands and Tonga from ICBL news). Names are the UN's 2018 names (Swaziland, Czech Republic, ...),
mapped to codes by the crosswalk.

Entry into force is not a column: staging derives it by Article 17 (deposits up to 30 September
1998: 1 March 1999; later: the first day of the sixth month after the month of deposit), with the
one documented exception in pipeline/seeds/entry_into_force_exceptions.csv (South Sudan's
succession). Withdrawals are treaty_status events; a state that withdrew keeps its row here."""
from __future__ import annotations

from .. import geo
from ..validate import rules as R
from ..seeds import seed
from .base import SOURCE_DOMAIN_SQL, Column, Source

OPENED = "1997-12-03"        # opened for signature in Ottawa
TREATY_IN_FORCE = "1999-03-01"  # Article 15: open for signature until entry into force
KINDS = ["ratification", "accession", "acceptance", "approval", "succession"]
WITHOUT_SIGNATURE = ["accession", "succession"]  # a signatory ratifies, accepts or approves
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

COLUMNS = [
    Column("state", "str", True, "State as the UN treaty pages name it (2018 names)"),
    Column("iso3", "str", True, "ISO 3166-1 alpha-3 as transcribed (checked against the crosswalk)"),
    Column("signed", "str", False, "Date of signature (YYYY-MM-DD); empty for a state that never signed"),
    Column("deposited", "str", True, "Date the instrument was deposited with the UN (YYYY-MM-DD)"),
    Column("deposit_kind", "str", True, "ratification, accession, acceptance, approval or succession"),
    Column("source_url", "str", True, "Page (or file) the row was transcribed from"),
    Column("locator", "str", True, "Where in it the dates are"),
]

_name = r"regexp_replace(state, '\s*\*+$', '')"


def _date(col: str) -> str:
    return f"TRY_CAST(CASE WHEN regexp_matches({col}, '{ISO_DATE}') THEN {col} END AS DATE)"


DERIVED_COLS = {
    "source_domain": SOURCE_DOMAIN_SQL,
    "geo_iso3": geo.iso3_case_sql(_name),
    "signed_date": _date("signed"),
    "deposited_date": _date("deposited"),
}

RULES = [
    R.matches("source_url", R.URL_RE, "source_url_well_formed", "source_url must be an http(s) URL"),
    R.in_set("source_domain", seed("publishers")["domain"], name="source_publisher_known",
             description="the source's web domain must be classified in pipeline/seeds/publishers.csv"),
    R.check("country_known", f"CASE WHEN state IS NULL THEN NULL ELSE geo_iso3 IS NOT NULL END", ["state"],
            "state must be a name in the geography crosswalk (pipeline/seeds/geography.csv); "
            "add a new name or variant there with its code, never guess it"),
    R.check("iso3_matches_crosswalk", "CASE WHEN iso3 IS NULL OR geo_iso3 IS NULL THEN NULL ELSE iso3 = geo_iso3 END",
            ["state", "iso3", "geo_iso3"], "the iso3 the file gives must be the crosswalk's code for the state's name"),
    R.in_set("deposit_kind", KINDS, name="deposit_kind_known",
             description="deposit_kind is ratification, accession, acceptance, approval or succession"),
    R.check("deposited_is_date",
            f"CASE WHEN deposited IS NULL THEN NULL ELSE coalesce(deposited_date >= DATE '{OPENED}' "
            f"AND deposited_date <= {R.AS_OF}, FALSE) END", ["deposited"],
            f"deposited is a real date (YYYY-MM-DD) from {OPENED}, when the treaty opened, to the build's "
            "as-of date (a deposit is known only once it is made)"),
    R.check("signed_before_entry_into_force",
            f"CASE WHEN signed IS NULL THEN NULL ELSE coalesce(signed_date BETWEEN DATE '{OPENED}' "
            f"AND DATE '{TREATY_IN_FORCE}', FALSE) END", ["signed"],
            "a signature is a date between 3 December 1997 and 1 March 1999 (Article 15: the treaty was "
            "open for signature until its entry into force; later states accede)"),
    R.check("signed_not_after_deposit",
            "CASE WHEN signed_date IS NULL OR deposited_date IS NULL THEN NULL ELSE signed_date <= deposited_date END",
            ["signed", "deposited"], "a state signs before (or on the day) it deposits its instrument"),
    R.check("deposit_kind_matches_signature",
            "CASE WHEN deposit_kind IS NULL THEN NULL ELSE (signed IS NULL) = (deposit_kind IN ("
            + ", ".join(R._lit(k) for k in WITHOUT_SIGNATURE) + ")) END",
            ["signed", "deposit_kind"],
            "a signatory ratifies, accepts or approves; a state that never signed accedes or succeeds"),
    R.first_of_key("one_row_per_state", ["coalesce(geo_iso3, iso3)"], ["state", "iso3"],
                   "a state deposits once: one row per state (the repeat is quarantined)"),
]

SOURCE = Source(
    published="TRY_CAST(deposited AS DATE)",  # a deposit is public the day it is made
    name="treaty_participants",
    title="Mine Ban Treaty participants: signature and deposit per state",
    columns=COLUMNS,
    rules=RULES,
    derived=DERIVED_COLS,
)
