-- Every country or area with a contamination or Article 5 statement, as it stood on the build's
-- as-of date. Each value is the latest that gives it (intermediate.int_contamination_statements:
-- contaminated or not, the extent category, the area, each from its own page and edition, since a
-- later page often restates the status without the area; marts.article5_status: the Article 5
-- status with its deadline to the day, month or year), and each keeps its day of publication and
-- its age. current_status says what holds now: a completion declared after the latest
-- contamination statement makes the country completed, never contaminated.
with b as (select as_of from audit.build_info),
v as (select * from intermediate.int_contamination_statements where rank_latest = 1),
st as (select * from v where field = 'ap_mine_contamination'),
ex as (select * from v where field = 'extent_category'),
ar as (select * from v where field = 'area_km2'),
a5 as (select * from marts.article5_status),
places as (select distinct iso3, country, entity_type from staging.stg_contamination),
editions as (
    select iso3, count(distinct edition) as n_editions, min(edition) as first_edition
    from staging.stg_contamination group by iso3
),
codes as (select iso3 from places union select iso3 from a5)
select c.iso3, coalesce(p.country, a5.country) as country, coalesce(p.entity_type, 'state') as entity_type,
       case when a5.status = 'completed' and (st.published is null or a5.published >= st.published) then 'completed'
            when st.value_text = 'yes' then 'contaminated'
            when st.value_text = 'no' then 'not contaminated' end          as current_status,
       st.value_text = 'yes'                                               as ap_mine_contamination,
       st.edition as status_edition, st.published as status_published, st.source_url as status_source_url,
       st.source_kind as status_source_kind, st.state_party,
       ex.value_text as extent_category, ex.wording as extent_wording, ex.edition as extent_edition,
       ex.published as extent_published, ex.source_url as extent_source_url, ex.source_kind as extent_source_kind,
       ex.published < st.published                                         as extent_carried_forward,
       ar.value_num as area_km2, ar.edition as area_km2_edition, ar.published as area_km2_published,
       ar.source_url as area_km2_source_url, ar.source_kind as area_km2_source_kind,
       ar.published < st.published                                         as area_km2_carried_forward,
       a5.status as article5_status, a5.deadline as article5_deadline, a5.deadline_precision as article5_deadline_precision,
       a5.deadline_last_day as article5_deadline_last_day, a5.deadline_passed, a5.completion_year as article5_completion_year,
       a5.published as article5_published, a5.source_url as article5_source_url, a5.source_kind as article5_source_kind,
       a5.reliability as article5_reliability,
       datediff('day', st.published, b.as_of) as status_age_days,
       datediff('day', ex.published, b.as_of) as extent_age_days,
       datediff('day', ar.published, b.as_of) as area_km2_age_days,
       a5.age_days as article5_age_days,
       e.n_editions, e.first_edition, b.as_of
from codes c
cross join b
left join places p using (iso3)
left join st using (iso3)
left join ex using (iso3)
left join ar using (iso3)
left join a5 using (iso3)
left join editions e using (iso3)
order by c.iso3
