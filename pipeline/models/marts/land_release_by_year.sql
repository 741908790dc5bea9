-- Land release per data year, one row per series and scope: land released and land cleared in
-- separate columns (released = cleared + reduced by technical survey + cancelled by
-- non-technical survey; they are never added or compared), the survey components, the clearance
-- that includes battle areas, and the antipersonnel mines destroyed, each the latest statement
-- with its edition and hedge. The Monitor's series before LM2021 (all mine action programmes)
-- and from LM2021 (States Parties with Article 5 obligations) are different scopes, so different
-- rows; Mine Action Review's own series is its own rows, never spliced into the Monitor's.
with s as (
    select * from intermediate.int_mine_action_statements
    where dataset = 'land_release' and rank_latest = 1
)
select year as data_year, series, scope, any_value(scope_label) as scope_label,
       max(value)      filter (where measure = 'land_released')                        as land_released_km2,
       max(qualifier)  filter (where measure = 'land_released')                        as land_released_qualifier,
       max(edition)    filter (where measure = 'land_released')                        as land_released_edition,
       max(value)      filter (where measure = 'land_cleared')                         as land_cleared_km2,
       max(qualifier)  filter (where measure = 'land_cleared')                         as land_cleared_qualifier,
       max(edition)    filter (where measure = 'land_cleared')                         as land_cleared_edition,
       max(value)      filter (where measure = 'land_reduced_technical_survey')        as reduced_technical_survey_km2,
       max(value)      filter (where measure = 'land_cancelled_nontechnical_survey')   as cancelled_nontechnical_survey_km2,
       max(value)      filter (where measure = 'land_cleared_mined_and_battle_areas')  as cleared_mined_and_battle_areas_km2,
       max(value)      filter (where measure = 'ap_mines_destroyed_in_clearance')::bigint as ap_mines_destroyed,
       max(qualifier)  filter (where measure = 'ap_mines_destroyed_in_clearance')      as ap_mines_destroyed_qualifier,
       max(edition)    filter (where measure = 'ap_mines_destroyed_in_clearance')      as ap_mines_destroyed_edition,
       bool_or(n_statements > 1)                                                       as has_revision,
       list_sort(list_distinct(list(source_url)))                                      as source_urls
from s
group by year, series, scope
order by year, series, scope
