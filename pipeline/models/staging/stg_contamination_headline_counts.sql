-- One row per source row; a count stated as a lower bound ("57 (at least)") is split into the
-- number and the flag, the wording kept.
select
    h.edition,
    h.as_of,
    cast(nullif(regexp_extract(h.states_and_areas_ap_contaminated, '^([0-9]+)', 1), '') as bigint) as states_and_areas,
    h.states_and_areas_ap_contaminated like '%at least%'  as states_and_areas_is_lower_bound,
    h.states_and_areas_ap_contaminated                     as states_and_areas_wording,
    h.states_parties,
    h.states_not_party,
    h.other_areas,
    h.source_url,
    h.source_domain,
    p.source_kind,
    p.publisher,
    h.locator,
    cast(h.published as date) as published,
    h._row as source_row
from raw.contamination_headline_counts h
left join seeds.publishers p on p.domain = h.source_domain
