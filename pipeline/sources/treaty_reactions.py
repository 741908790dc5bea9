"""How states and the States Parties answered a state's "suspension" of the Mine Ban Treaty (the
treaty has no suspension clause): formal objections to the depositary, statements at a Meeting of
the States Parties, the Meeting's decision, the depositary's notification. One row per state,
action and source, as that source reports it. Copied from the project's reference set
(data/reference/treaty_reactions.csv) with two columns added: `page_date`, for rows the page dates
only by its context (e.g. "on Tuesday", "last week": the month is given, never a guessed day), and
`regarding_iso3`, the state whose suspension the row answers (the reference file's subject).

Each is a treaty event (pipeline/seeds/treaty_reaction_actions.csv maps the wording to its code);
several rows are undated or come from an NGO only, and the marts say so."""
from __future__ import annotations

from .. import geo
from ..validate import rules as R
from ..seeds import seed
from .base import SOURCE_DOMAIN_SQL, Column, Source

COLUMNS = [
    Column("date", "str", False, "Date of the action as the page gives it (YYYY-MM-DD or YYYY-MM); empty when it "
                                 "gives none (the locator says what it does give)"),
    Column("state", "str", False, "The state that acted; empty for a decision of the States Parties"),
    Column("iso3", "str", False, "ISO 3166-1 alpha-3 as transcribed"),
    Column("action", "str", True, "What was done, in the reference set's wording (seeds.treaty_reaction_actions)"),
    Column("addressed_to", "str", False, "To whom, as worded"),
    Column("source_url", "str", True, "Page the action was transcribed from"),
    Column("publisher", "str", True, "Who published that page, as the reference set words it"),
    Column("locator", "str", True, "Where on that page it is"),
    Column("quote", "str", True, "The page's own words"),
    Column("page_date", "str", False, "For an undated action: the month (or day) the page was public by, from its own "
                                      "context"),
    Column("regarding_iso3", "str", True, "The state whose suspension the action answers (the reference set's file "
                                          "is about Ukraine's July 2025 'suspension': UKR on every row)"),
]

_name = "regexp_replace(state, '\\s*\\*+$', '')"
DERIVED_COLS = {"source_domain": SOURCE_DOMAIN_SQL, "geo_iso3": geo.iso3_case_sql(_name)}
PUBLISHED = "coalesce(date_last_day(date), date_last_day(page_date))"

RULES = [
    R.matches("source_url", R.URL_RE, "source_url_well_formed", "source_url must be an http(s) URL"),
    R.in_set("source_domain", seed("publishers")["domain"], name="source_publisher_known",
             description="the source's web domain must be classified in pipeline/seeds/publishers.csv"),
    R.check("country_known", "CASE WHEN state IS NULL THEN NULL ELSE geo_iso3 IS NOT NULL END", ["state"],
            "state must be a name in the geography crosswalk (pipeline/seeds/geography.csv)"),
    R.check("iso3_matches_crosswalk", "CASE WHEN iso3 IS NULL OR geo_iso3 IS NULL THEN NULL ELSE iso3 = geo_iso3 END",
            ["state", "iso3"], "the iso3 the file gives must be the crosswalk's code for the state's name"),
    R.in_set("regarding_iso3", geo.crosswalk()["iso3"], name="regarding_known",
             description="regarding_iso3 is a code of the geography crosswalk"),
    R.in_set("action", seed("treaty_reaction_actions")["action"], name="action_known",
             description="action must be a wording in pipeline/seeds/treaty_reaction_actions.csv"),
    R.check("date_is_a_date", "CASE WHEN date IS NULL THEN NULL ELSE date_first_day(date) IS NOT NULL "
            "AND date_first_day(date) >= DATE '1997-12-03' AND date_first_day(date) <= $AS_OF END", ["date"],
            "date is a real day or month (YYYY-MM-DD or YYYY-MM) from the treaty's opening for signature to the "
            "build's as-of date"),
    R.check("action_is_dated", "published IS NOT NULL", ["date", "page_date"],
            "an action is dated, by its own date or its page's: a build as of a date must know when it became public"),
    R.check("a_state_acts_unless_the_meeting_decides",
            "(state IS NULL) = (action = 'meeting decision')", ["state", "action"],
            "every action names the state that took it, except a decision of the States Parties"),
    R.first_of_key("one_row_per_state_action_and_source", ["coalesce(state, '')", "action", "source_url", "coalesce(date, '')"],
                   ["state", "action", "source_url"], "an action appears once per source"),
]

SOURCE = Source(
    name="treaty_reactions",
    title="Reactions to a suspension of the Mine Ban Treaty: objections, statements, the Meeting's decision",
    columns=COLUMNS,
    rules=RULES,
    derived=DERIVED_COLS,
    published=PUBLISHED,
)
