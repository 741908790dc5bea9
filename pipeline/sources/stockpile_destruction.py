"""The treaty's stockpile obligation (Article 4: destroy within four years, no extension), as each
page states it: mines destroyed (cumulative since 1999, or in a year), States Parties that
completed or still hold stocks, and the stocks that remain (all States Parties, Ukraine, Greece,
the world). Counts of mines or of states (seeds.mine_action_measures). The Monitor's cumulative
count and the Convention's, quoted in news, are two bases; the campaign's statements to treaty
meetings are a third voice between editions: each keeps its series.

From the project's reference set (data/reference/stockpile_destruction.csv): every row kept, one
column added (page_date: the date of a page tied to no edition, as the reference set's publisher
column gives it) and two rows added (the Monitor FAQ of LM2017: more than 53 million destroyed,
more than 2.2 million in 2016); data/raw/manifest.yml says which."""
from __future__ import annotations

from ..validate import rules as R
from ._mine_action import DERIVED, PUBLISHED, QUALIFIER, SOURCE_COLUMNS, common_rules, measures
from .base import Column, Source

PAGE_DATE_RE = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"

COLUMNS = [
    Column("as_of_year", "int", True, "The year the figure describes (end of, or during)"),
    Column("edition", "int", False, "Landmine Monitor edition the figure comes from (empty: a page tied to no edition)"),
    Column("measure", "str", True, "What is counted (seeds.mine_action_measures: mines or states)"),
    Column("value", "int", True, "The count as printed ('48 million' written out as 48000000)"),
    QUALIFIER,
    *SOURCE_COLUMNS,
    Column("page_date", "str", False, "For a page tied to no edition: its date (YYYY-MM-DD, YYYY-MM or YYYY) "
                                      "as the reference set's publisher column gives it"),
]

RULES = common_rules("stockpile_destruction", "value") + [
    R.between("as_of_year", 1999, R.as_of_year(), description="as_of_year must be within 1999..the as-of year"),
    R.between("edition", 1999, R.as_of_year(1), description="edition must be a report year 1999..the as-of year + 1"),
    R.check("edition_not_before_its_year", "CASE WHEN edition IS NULL THEN NULL ELSE edition >= as_of_year END",
            ["edition", "as_of_year"], "an edition states figures up to its own year: edition >= as_of_year"),
    R.check("page_date_is_a_date", "CASE WHEN page_date IS NULL THEN NULL ELSE "
            f"regexp_matches(page_date, {R._lit(PAGE_DATE_RE)}) AND date_first_day(page_date) IS NOT NULL END",
            ["page_date"], "page_date is a real date to the day, the month or the year (YYYY-MM-DD, YYYY-MM, YYYY)"),
    R.check("dated_by_edition_or_page", "(edition IS NULL) <> (page_date IS NULL)", ["edition", "page_date"],
            "a row is dated by its edition or, tied to none, by its page's date: exactly one of the two"),
    R.first_of_key("one_figure_per_statement", ["as_of_year", "measure", "source_url", "coalesce(edition, 0)"],
                   ["as_of_year", "measure", "source_url", "edition"],
                   "one figure per (year, measure, page, edition): a repeat is quarantined"),
]

SOURCE = Source(
    name="stockpile_destruction",
    title="Stockpile destruction (Article 4): mines destroyed and remaining, States Parties completed or holding",
    columns=COLUMNS,
    rules=RULES,
    derived=DERIVED,
    published=f"coalesce({PUBLISHED}, date_last_day(page_date))",
)

MEASURES = measures("stockpile_destruction")
