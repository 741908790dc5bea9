"""Support for mine action in US$ million, per data year, as each edition (or a page quoting it)
states it: international (donor contributions), national (affected states' own), total (the two
combined) and the international support for victim assistance. Four bases, never mixed: the
Monitor itself once compared a total with an international figure, and 2017's peak of 696.3 is the
revised international figure, not the 771.5 total (data/reference/MINE_ACTION.md).

Copied byte for byte from the project's reference set (data/reference/mine_action_funding.csv).
Every edition's figure is kept: LM2019's revised 696.3 for 2017 stands beside LM2018's 673.2.
The donors and affected states are counts as the page words them ("26 countries and the European
Commission"), kept as text."""
from __future__ import annotations

from ..validate import rules as R
from ._mine_action import (DERIVED, PUBLISHED, QUALIFIER, SOURCE_COLUMNS, common_rules, edition_rules,
                           measures)
from .base import DATA_YEAR, EDITION, Column, Source

COLUMNS = [
    DATA_YEAR,
    EDITION,
    Column("measure", "str", True, "international, national, total or victim_assistance_international "
                                   "(seeds.mine_action_measures: its basis)"),
    Column("value_usd_million", "float", True, "The amount in US$ million, as printed"),
    QUALIFIER,
    Column("donors", "str", False, "Donors as the page counts them (text: '26 countries and the European Commission')"),
    Column("affected_states", "str", False, "Recipient or reporting states as the page counts them (text)"),
    *SOURCE_COLUMNS,
]

RULES = common_rules("mine_action_funding", "value_usd_million") + edition_rules() + [
    R.first_of_key("one_figure_per_statement", ["edition", "data_year", "measure", "source_url"],
                   ["edition", "data_year", "measure", "source_url"],
                   "one figure per (edition, data year, measure, page): a repeat is quarantined"),
]

SOURCE = Source(
    name="mine_action_funding",
    title="Support for mine action (US$ million): international, national, total, victim assistance",
    columns=COLUMNS,
    rules=RULES,
    derived=DERIVED,
    published=PUBLISHED,
)

MEASURES = measures("mine_action_funding")
