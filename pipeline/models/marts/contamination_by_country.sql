-- Latest known status per country: whether contaminated comes from the latest edition that
-- reports the country (publisher kind by seeds.source_kinds, then URL); the extent category, the
-- area and the Article 5 deadline are each the latest edition that gives them, with that edition
-- alongside, since a later page often restates the status without the area. A value older than
-- the status row is flagged as carried forward, and a deadline whose year ended before the
-- build's as-of date (audit.build_info) is flagged as passed: never shown as current. Each value
-- carries its own page and kind of source, so its edition is never read as the Monitor's when a
-- Mine Action Review or treaty page gave it.
with ranked as (
    select c.*, k.precedence::int as kind_rank
    from staging.stg_contamination c
    join seeds.source_kinds k on k.source_kind = c.source_kind
),
status as (
    select * from ranked
    qualify row_number() over (partition by iso3 order by edition desc, kind_rank, source_url) = 1
),
extent as (
    select iso3, extent_category, extent_wording, edition as extent_edition,
           source_url as extent_source_url, source_kind as extent_source_kind from ranked
    where extent_category is not null
    qualify row_number() over (partition by iso3 order by edition desc, kind_rank, source_url) = 1
),
area as (
    select iso3, area_km2, edition as area_km2_edition, source_url as area_km2_source_url,
           source_kind as area_km2_source_kind from ranked
    where area_km2 is not null
    qualify row_number() over (partition by iso3 order by edition desc, kind_rank, source_url) = 1
),
deadline as (
    select iso3, article5_deadline, edition as article5_deadline_edition,
           source_url as article5_deadline_source_url, source_kind as article5_deadline_source_kind from ranked
    where article5_deadline is not null
    qualify row_number() over (partition by iso3 order by edition desc, kind_rank, source_url) = 1
),
editions as (
    select iso3, count(distinct edition) as n_editions, min(edition) as first_edition
    from ranked group by iso3
),
b as (select as_of from audit.build_info)
select s.iso3, s.country, s.ap_mine_contamination, x.extent_category, a.area_km2,
       d.article5_deadline, s.edition, s.source_url,
       s.source_kind, s.state_party, s.entity_type,
       x.extent_wording, x.extent_edition, a.area_km2_edition, a.area_km2_source_url,
       d.article5_deadline_edition, d.article5_deadline_source_url,
       (x.extent_edition < s.edition)            as extent_carried_forward,
       (a.area_km2_edition < s.edition)          as area_km2_carried_forward,
       (d.article5_deadline_edition < s.edition) as article5_deadline_carried_forward,
       (d.article5_deadline < year(b.as_of))     as deadline_passed,
       b.as_of,
       e.n_editions, e.first_edition,
       x.extent_source_url, x.extent_source_kind, a.area_km2_source_kind, d.article5_deadline_source_kind
from status s
cross join b
left join extent x using (iso3)
left join area a using (iso3)
left join deadline d using (iso3)
left join editions e using (iso3)
order by s.iso3
