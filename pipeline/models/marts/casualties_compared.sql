-- The latest snapshot of a national register next to the Monitor's figure for the same country
-- and year (marts.casualties_by_country: the latest edition that gives one), each side with its
-- edition (the register's snapshot, the Monitor's report year), and the Monitor's global total of
-- the year. Where they differ both stay: the difference is a column, never a correction.
with r as (select * from marts.record_casualties where is_latest_snapshot),
c as (select data_year, iso3, country, casualties, killed, injured, edition, source_url, source_kind, locator,
             n_editions
      from marts.casualties_by_country),
g as (select data_year, total, total_edition, total_source_url from marts.casualties_by_year)
select r.source, r.data_year, r.iso3,
       c.country                              as country,
       r.snapshot                             as record_snapshot,
       r.total                                as record_total,
       r.killed                               as record_killed,
       r.injured                              as record_injured,
       c.casualties                           as monitor_country_total,
       c.killed                               as monitor_country_killed,
       c.injured                              as monitor_country_injured,
       c.edition                              as monitor_country_edition,
       c.source_kind                          as monitor_country_source_kind,
       c.source_url                           as monitor_country_source_url,
       c.locator                              as monitor_country_locator,
       c.n_editions                           as monitor_country_editions,
       r.total - c.casualties                 as record_minus_monitor_country,
       g.total                                as monitor_global_total,
       g.total_edition                        as monitor_global_edition,
       g.total_source_url                     as monitor_global_source_url,
       100.0 * r.total / nullif(g.total, 0)   as record_pct_of_monitor_global,
       r.is_synthetic
from r
left join c on c.data_year = r.data_year and c.iso3 = r.iso3
left join g on g.data_year = r.data_year
order by r.source, r.data_year, r.iso3
