-- The headline counts of contamination as each edition states them (states and areas
-- contaminated, with its wording and lower-bound flag), one row per source row, for the report.
select edition, as_of, states_and_areas, states_and_areas_is_lower_bound, states_and_areas_wording,
       states_parties, states_not_party, other_areas, source_kind, publisher, source_url, locator, source_row
from staging.stg_contamination_headline_counts
