"""What the three mine action sources share (funding, land release, stockpile destruction): the
columns that say who stated a figure and where, the seeds that give each measure its unit and
basis and each publisher wording its series, and the rules that keep them apart.

A figure's series is whose figure it is (seeds.mine_action_publishers: the Landmine Monitor's,
Mine Action Review's, the Convention's count, the campaign's statements to treaty meetings), told
from the page's publisher as the reference set words it; a series is never spliced into another.
A row is public from its edition's release (a Monitor edition, or a Clearing the Mines edition for
Mine Action Review), else from the last day of the page date it carries."""
from __future__ import annotations

from ..seeds import seed
from ..validate import rules as R
from .base import LOCATOR, SOURCE_DOMAIN_SQL, SOURCE_URL, Column, publication_known, publisher_domains

MEASURES = seed("mine_action_measures")
QUALIFIERS = list(seed("mine_action_qualifiers")["qualifier"])
SERIES_WORDINGS = list(seed("mine_action_publishers")["publisher"])

QUALIFIER = Column("qualifier", "str", False, "The page's own hedge on the figure (more than, approx., revised, ...)")
PUBLISHER = Column("publisher", "str", True, "Who published the page, as the reference set words it "
                                             "(seeds.mine_action_publishers gives its series)")
QUOTE = Column("quote", "str", True, "The page's own words")
SOURCE_COLUMNS = [SOURCE_URL, PUBLISHER, LOCATOR, QUOTE]

DERIVED = {"source_domain": SOURCE_DOMAIN_SQL}
PUBLISHED = "edition_published(statement_series(publisher), TRY_CAST(edition AS INTEGER))"


def measures(dataset: str) -> list[str]:
    return MEASURES.loc[MEASURES["dataset"] == dataset, "measure"].tolist()


def unit_of(dataset: str) -> dict[str, str]:
    m = MEASURES[MEASURES["dataset"] == dataset]
    return dict(zip(m["measure"], m["unit"]))


def common_rules(dataset: str, value: str) -> list[R.Rule]:
    """Rules every mine action source applies: a known measure, a value >= 0, a known hedge, a
    classified page and publisher, a known publication date."""
    return [
        R.in_set("measure", measures(dataset), name="measure_known",
                 description=f"measure must be a {dataset} measure of seeds.mine_action_measures (its unit and basis)"),
        R.between(value, 0, name="value_non_negative", description=f"{value} is an amount: >= 0"),
        R.in_set("qualifier", QUALIFIERS, name="qualifier_known",
                 description="qualifier must be a hedge listed in seeds.mine_action_qualifiers (kept as the page words it)"),
        R.matches("source_url", R.URL_RE, "source_url_well_formed", "source_url must be an http(s) URL"),
        R.in_set("source_domain", publisher_domains(), name="source_publisher_known",
                 description="the page's web domain must be classified (monitor/ngo/official/news) in "
                             "pipeline/seeds/publishers.csv"),
        R.in_set("publisher", SERIES_WORDINGS, name="publisher_series_known",
                 description="the publisher wording must be in seeds.mine_action_publishers, which says whose "
                             "series the figure belongs to (the Monitor's, Mine Action Review's, ...): never guessed"),
        publication_known(),
    ]


def edition_rules() -> list[R.Rule]:
    """For sources whose rows name a data year and an edition."""
    return [
        R.between("data_year", 1999, R.as_of_year(),
                  description="data_year must be within 1999..the as-of year"),
        R.between("edition", 1999, R.as_of_year(1),
                  description="edition must be a report year 1999..the as-of year + 1"),
        R.check("edition_after_data_year", "edition >= data_year + 1", ["edition", "data_year"],
                "an edition reports on earlier years: edition >= data_year + 1"),
    ]
