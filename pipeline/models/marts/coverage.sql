-- What is known, from which kind of source: one row per (dataset, measure, year) that has at
-- least one figure. best_source_kind is the strongest kind that gives it (seeds.source_kinds:
-- monitor, then ngo, official, news); a year absent here has no figure at all. Global measures by data year (device
-- types and groups collapsed per dataset), country figures by data year (with the number of
-- countries), contamination by edition, treaty counts and events by the year of their date,
-- mine action figures by data year (stockpiles by the year they describe), per publisher series.
with obs as (
    select source_name as dataset,
           case when measure like 'device:%' then 'casualties by device type' else measure end as measure,
           data_year as year, 'data_year' as year_kind, source_kind, null::varchar as iso3
    from marts.figure_observations where not is_derived
    union all
    select 'country_casualties', m.measure, c.data_year, 'data_year', c.source_kind, c.iso3
    from staging.stg_country_casualties c,
         (values ('casualties'), ('killed'), ('injured')) m(measure)
    where (m.measure = 'casualties' and c.casualties is not null) or (m.measure = 'killed' and c.killed is not null)
       or (m.measure = 'injured' and c.injured is not null)
    union all
    select 'contamination', m.measure, c.edition, 'edition', c.source_kind, c.iso3
    from staging.stg_contamination c,
         (values ('ap_mine_contamination'), ('extent_category'), ('area_km2'), ('article5_deadline')) m(measure)
    where (m.measure = 'ap_mine_contamination' and c.ap_mine_contamination is not null)
       or (m.measure = 'extent_category' and c.extent_category is not null)
       or (m.measure = 'area_km2' and c.area_km2 is not null)
       or (m.measure = 'article5_deadline' and c.article5_deadline is not null)
    union all
    select 'contamination_headline_counts', m.measure, h.edition, 'edition', h.source_kind, null
    from staging.stg_contamination_headline_counts h,
         (values ('states_and_areas'), ('states_parties'), ('states_not_party'), ('other_areas')) m(measure)
    where (m.measure = 'states_and_areas' and h.states_and_areas is not null)
       or (m.measure = 'states_parties' and h.states_parties is not null)
       or (m.measure = 'states_not_party' and h.states_not_party is not null)
       or (m.measure = 'other_areas' and h.other_areas is not null)
    union all
    select 'treaty_status',
           case when event_code = 'states_parties_count' then 'States Parties count (stated)' else 'country events' end,
           coalesce(year(event_date), edition_ref), 'date', source_kind, iso3
    from staging.stg_treaty_status where event_code <> 'treaty_entry_into_force'
    union all
    select 'treaty_participants', 'deposits', year(deposited), 'date', source_kind, iso3
    from staging.stg_treaty_participants
    union all
    -- mine action: each measure per series (another publisher's figures are its own measure here)
    select dataset, measure || case when series = 'monitor' then '' else ' (' || series || ')' end,
           year, year_kind, source_kind, null
    from intermediate.int_mine_action_statements
)
select o.dataset, o.measure, o.year::integer as year, any_value(o.year_kind) as year_kind,
       count(*)::integer as n_figures,
       count(distinct o.iso3)::integer as n_countries,
       arg_min(o.source_kind, coalesce(kind_rank(o.source_kind), 9)) as best_source_kind,
       list_sort(list_distinct(list(o.source_kind))) as source_kinds
from obs o
where o.year is not null
group by o.dataset, o.measure, o.year
order by o.dataset, o.measure, o.year
