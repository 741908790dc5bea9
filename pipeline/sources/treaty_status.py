"""Mine Ban Treaty events (signature, ratification/accession, entry into force, withdrawal,
announced suspension) and the States Parties counts the sources state. From the reference set
(data/reference/treaty_status.csv), with corrected and added rows: data/raw/manifest.yml says which.

Vocabulary: an event's wording must be in pipeline/seeds/treaty_events.csv (which maps it to a
code, its order in a country's history and its effect on membership) or be a count "States
Parties count: N". Dates: an event has an ISO date; a count may instead be dated by edition
("2019 (LM2019)"). Order per country: no event precedes one of an earlier stage (signature <
deposit < entry into force < domestic steps/suspension < withdrawal notified < effective); a
withdrawal takes effect six months after notification (Article 20.3) and entry into force falls
on the first day of the sixth month after deposit (Article 17.2)."""
from __future__ import annotations

from ..validate import rules as R
from ..seeds import seed
from ._geo_rules import DERIVED, geo_rules
from .base import SOURCE_DOMAIN_SQL, Column, Source

TREATY_WIDE = ["(treaty)", "(all)"]
COUNT_RE = r"^States Parties count: ([0-9]+)$"
EDITION_DATE_RE = r"^([0-9]{4}) \(LM([0-9]{4})\)$"
OPENED = "1997-12-03"  # opened for signature in Ottawa

COLUMNS = [
    Column("date", "str", True, "ISO date of the event; a count may be dated by edition: 'YYYY (LMYYYY)'"),
    Column("country", "str", True, "Country, or (treaty) / (all) for the treaty itself and counts"),
    Column("event", "str", True, "What happened, in the source's wording (vocabulary in pipeline/seeds/treaty_events.csv)"),
    Column("source_url", "str", True, "Page the event was transcribed from"),
    Column("locator", "str", True, "Where on that page it is"),
]

_EV = seed("treaty_events")


def _case(col: str) -> str:
    return "CASE event " + " ".join(f"WHEN {R._lit(w)} THEN {R._lit(v) if col != 'stage' else int(v)}"
                                    for w, v in zip(_EV["wording"], _EV[col])) + " END"


DERIVED_COLS = {
    **DERIVED,
    "source_domain": SOURCE_DOMAIN_SQL,
    "event_code": f"coalesce({_case('event_code')}, CASE WHEN regexp_matches(event, {R._lit(COUNT_RE)}) "
                  f"THEN 'states_parties_count' END)",
    "event_stage": _case("stage"),
    "event_date": "TRY_CAST(CASE WHEN regexp_matches(date, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') THEN date END AS DATE)",
}

# The treaty's dates from a country's deposit and notification (the macros applied inside the
# window, never to a window's result: DuckDB 1.4 cannot expand a macro over a window function).
_deposit = "max(CASE WHEN event_code IN ('ratified', 'acceded') THEN event_date END) OVER (PARTITION BY country)"
_entry = ("max(CASE WHEN event_code IN ('ratified', 'acceded') THEN article17_entry_into_force(event_date) END) "
          "OVER (PARTITION BY country)")
_effective = ("max(CASE WHEN event_code = 'withdrawal_notified' THEN article20_withdrawal_effective(event_date) END) "
              "OVER (PARTITION BY country)")

RULES = [
    R.matches("source_url", R.URL_RE, "source_url_well_formed", "source_url must be an http(s) URL"),
    R.in_set("source_domain", seed("publishers")["domain"], name="source_publisher_known",
             description="the source's web domain must be classified in pipeline/seeds/publishers.csv"),
    *geo_rules(allowed_extra=TREATY_WIDE),
    R.check("event_in_vocabulary", "event_code IS NOT NULL", ["event"],
            "event must be a wording in pipeline/seeds/treaty_events.csv or 'States Parties count: N'"),
    R.check("date_valid",
            f"CASE WHEN event_date IS NOT NULL THEN event_date BETWEEN DATE '{OPENED}' AND {R.AS_OF} + INTERVAL 1 YEAR "
            f"WHEN event_code = 'states_parties_count' THEN regexp_matches(date, {R._lit(EDITION_DATE_RE)}) "
            f"AND regexp_extract(date, {R._lit(EDITION_DATE_RE)}, 1) = regexp_extract(date, {R._lit(EDITION_DATE_RE)}, 2) "
            f"ELSE FALSE END",
            ["date", "event"],
            f"an event needs a valid ISO date (from {OPENED}, when the treaty opened for signature, to a "
            "year after the build's as-of date: a scheduled date may lie ahead); "
            "a count may instead be dated by edition 'YYYY (LMYYYY)'"),
    R.check("treaty_wide_rows_are_treaty_events",
            "CASE WHEN event_code IS NULL THEN NULL ELSE (country IN ('(treaty)', '(all)')) = "
            "(event_code IN ('treaty_entry_into_force', 'states_parties_count')) END",
            ["country", "event"],
            "(treaty) and (all) are for the treaty's own entry into force and counts; a country's event names the country"),
    R.check("events_in_order",
            "CASE WHEN event_stage IS NULL OR event_date IS NULL OR country IN ('(treaty)', '(all)') THEN NULL "
            "ELSE coalesce(event_date >= max(event_date) OVER (PARTITION BY country ORDER BY event_stage "
            "RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), TRUE) END",
            ["date", "country", "event"],
            "a country's events are in treaty order: signature, deposit, entry into force, domestic steps, "
            "withdrawal notified, withdrawal effective (a later step never predates an earlier one)"),
    R.check("withdrawal_effective_six_months_after_notification",
            f"CASE WHEN event_code <> 'withdrawal_effective' THEN NULL "
            f"ELSE coalesce(event_date = {_effective}, FALSE) END",
            ["date", "country", "event"],
            "a withdrawal takes effect six months after the UN is notified (Article 20.3): the effective "
            "date must be the notification date + 6 months, and the notification must be recorded"),
    R.check("entry_into_force_per_article_17",
            f"CASE WHEN event_code <> 'entry_into_force' OR {_deposit} IS NULL THEN NULL "
            f"ELSE event_date = {_entry} END",
            ["date", "country", "event"],
            "entry into force for a state falls on the first day of the sixth month after its deposit "
            "(Article 17.2)", severity="warn"),
    R.first_of_key("one_row_per_event_and_source", ["date", "country", "event", "source_url"],
                   ["date", "country", "event", "source_url"], "an event appears once per source"),
]

# An event is public when it happens (a withdrawal dated ahead is known from its notification,
# which the marts date by Article 20.3); a count dated by edition, from that edition's release.
PUBLISHED = (f"CASE WHEN regexp_full_match(date, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') THEN TRY_CAST(date AS DATE) "
             f"ELSE edition_published('monitor', TRY_CAST(regexp_extract(date, {R._lit(EDITION_DATE_RE)}, 2) AS INTEGER)) END")

SOURCE = Source(
    name="treaty_status",
    title="Mine Ban Treaty events and States Parties counts",
    columns=COLUMNS,
    rules=RULES,
    derived=DERIVED_COLS,
    published=PUBLISHED,
)
