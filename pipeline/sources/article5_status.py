"""The Article 5 (mine clearance) status of each State Party, as the latest page found states it:
an active deadline, an extension requested (the deadline being extended), or completion declared.
Copied from the project's reference set (data/reference/article5_status.csv) with one column
added, `seen_by`, for the one page that carries no date.

Deadlines are dates with their precision kept: a day (2030-12-31), a month (2027-03: Bosnia and
Herzegovina's, "March 2027") or none at all (Guinea-Bissau, Mauritania, Nigeria: back on the
list, date not stated). Each row is dated: the page's own date, else the edition it belongs to
(LM2021, CTM2023), else the day it was last seen (`seen_by`), so a build as of an earlier day does
not use it. A publisher of low reliability (seeds.publishers) is marked in the marts."""
from __future__ import annotations

from ..validate import rules as R
from ._geo_rules import DERIVED, geo_rules, iso3_agrees
from .base import SOURCE_DOMAIN_SQL, Column, Source

STATUSES = ["deadline", "extension_requested", "completed"]
PRECISE_DATE_RE = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"
EDITION_RE = r"^(LM|CTM)([0-9]{4})\b"

COLUMNS = [
    Column("iso3", "str", True, "ISO 3166-1 alpha-3 as transcribed (checked against the crosswalk)"),
    Column("country", "str", True, "State Party as the source names it"),
    Column("status", "str", True, "deadline, extension_requested or completed"),
    Column("deadline_date", "str", False, "The Article 5 deadline (the one being extended, for a request; the "
                                          "last one, for a completion): YYYY-MM-DD, YYYY-MM or YYYY as stated"),
    Column("completion_year", "int", False, "Year completion was declared"),
    Column("decided_at", "str", False, "Where and when the deadline was decided or requested, as worded"),
    Column("source_url", "str", True, "Page the status was transcribed from"),
    Column("publisher", "str", True, "Who published that page, as the reference set words it"),
    Column("edition_or_date", "str", True, "The page's date (YYYY-MM-DD, YYYY-MM, YYYY), or the edition it "
                                           "belongs to (LM2021, CTM2023), or 'undated ...'"),
    Column("locator", "str", True, "Where on that page it is"),
    Column("quote", "str", True, "The page's own words"),
    Column("seen_by", "str", False, "For a page with no date: a day it was public by (when it was last seen)"),
]

_date = f"regexp_extract(edition_or_date, {R._lit(PRECISE_DATE_RE)}, 0)"
_edition = f"TRY_CAST(regexp_extract(edition_or_date, {R._lit(EDITION_RE)}, 2) AS INTEGER)"
_series = f"CASE regexp_extract(edition_or_date, {R._lit(EDITION_RE)}, 1) WHEN 'CTM' THEN 'mine_action_review' ELSE 'monitor' END"
PUBLISHED = (f"coalesce(date_last_day({_date}), edition_published({_series}, {_edition}), "
             f"date_last_day(seen_by))")

RULES = [
    R.matches("source_url", R.URL_RE, "source_url_well_formed", "source_url must be an http(s) URL"),
    *geo_rules(),
    iso3_agrees(),
    R.in_set("status", STATUSES, name="status_known", description="status is deadline, extension_requested or completed"),
    R.check("deadline_is_a_date", "CASE WHEN deadline_date IS NULL THEN NULL ELSE date_precision(deadline_date) IS NOT NULL "
            "AND date_first_day(deadline_date) IS NOT NULL END", ["deadline_date"],
            "deadline_date is a real date to the day, the month or the year (YYYY-MM-DD, YYYY-MM, YYYY)"),
    R.check("deadline_after_entry_into_force", "CASE WHEN deadline_date IS NULL THEN NULL "
            "ELSE date_first_day(deadline_date) >= DATE '2009-03-01' END", ["deadline_date"],
            "an Article 5 deadline is at least ten years after the treaty's entry into force (1 March 1999)"),
    R.check("request_names_the_deadline", "CASE WHEN status = 'extension_requested' THEN deadline_date IS NOT NULL END",
            ["status", "deadline_date"], "an extension request names the deadline it would extend"),
    R.between("completion_year", 1999, R.as_of_year(), name="completion_year_in_range",
              description="a completion is declared from 1999 to the as-of year"),
    R.check("completion_only_when_completed", "CASE WHEN completion_year IS NULL THEN NULL ELSE status = 'completed' END",
            ["status", "completion_year"], "only a completed status has a completion year"),
    R.check("statement_is_dated", "published IS NOT NULL", ["edition_or_date", "seen_by"],
            "a statement is dated (the page's date, its edition, or the day it was seen by): a build as of a "
            "date must know when it became public"),
    R.first_of_key("one_row_per_state", ["coalesce(geo_iso3, iso3)"], ["iso3", "country"],
                   "the latest established status: one row per State Party (the repeat is quarantined)"),
]

SOURCE = Source(
    name="article5_status",
    title="Article 5 (mine clearance) status per State Party: deadline, extension requested or completed",
    columns=COLUMNS,
    rules=RULES,
    derived={"source_domain": SOURCE_DOMAIN_SQL, **DERIVED},
    published=PUBLISHED,
)
