-- One row per country or area that appears in any of the country data: the latest casualty
-- figure and its trend against the previous year with a figure, contamination and treaty status.
-- The trend compares two figures as the marts give them (possibly from different editions).
with cas as (
    select *, row_number() over (partition by iso3 order by data_year desc) as nth
    from marts.casualties_by_country where casualties is not null
),
peak as (
    select iso3, arg_max(data_year, casualties) as peak_year, max(casualties) as peak_casualties,
           count(*) as n_years_with_casualties
    from cas group by iso3
),
places as (
    select iso3, country, entity_type from staging.stg_country_casualties
    union select iso3, country, entity_type from staging.stg_contamination
    union select iso3, country, entity_type from staging.stg_article5_status
    union select iso3, country, entity_type from staging.stg_treaty_status where iso3 is not null
)
select p.iso3, p.country, p.entity_type,
       l.data_year  as latest_year,
       l.casualties as latest_casualties,
       l.edition    as latest_edition,
       l.source_url as latest_source_url,
       l.share_of_global_pct,
       l.rank_in_edition,
       pr.data_year  as previous_year,
       pr.casualties as previous_casualties,
       case when pr.casualties is null then null
            when l.casualties > pr.casualties then 'up'
            when l.casualties < pr.casualties then 'down' else 'unchanged' end as trend,
       k.peak_year, k.peak_casualties, coalesce(k.n_years_with_casualties, 0)::integer as n_years_with_casualties,
       c.current_status as contamination_status, c.extent_category, c.area_km2,
       c.status_edition as contamination_edition, c.extent_edition, c.area_km2_edition,
       c.article5_status, c.article5_deadline, c.article5_published, c.deadline_passed, c.article5_reliability,
       t.status  as treaty_status, t.as_of as treaty_status_as_of, t.withdrawal_status,
       coalesce(t.suspension_announced, false) as suspension_announced
from (select distinct on (iso3) * from places order by iso3, country) p
left join cas l on l.iso3 = p.iso3 and l.nth = 1
left join cas pr on pr.iso3 = p.iso3 and pr.nth = 2
left join peak k on k.iso3 = p.iso3
left join marts.contamination_by_country c on c.iso3 = p.iso3
left join marts.treaty_status_by_country t on t.iso3 = p.iso3
order by p.iso3
