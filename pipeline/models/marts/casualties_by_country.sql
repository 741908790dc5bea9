-- One row per (data_year, country): the best current figure. Precedence as for the global
-- figures: the latest edition that gives a total wins (a row with only killed/injured is used
-- when no source gives the total); within it the Monitor's page beats NGO, official, news; then
-- the URL. Killed and injured come from the same row. The share is computed here against the
-- global total of the same edition (casualty_revisions), never against another edition's.
with ranked as (
    select c.*,
           row_number() over (partition by c.data_year, c.iso3
                              order by (c.casualties is null), c.edition desc,
                                       k.precedence::int,
                                       c.source_url) as pick,
           count(distinct c.edition) over (partition by c.data_year, c.iso3) as n_editions
    from staging.stg_country_casualties c
    join seeds.source_kinds k on k.source_kind = c.source_kind
),
edition_conflicts as (
    select data_year, iso3, edition
    from staging.stg_country_casualties
    group by all
    having count(distinct casualties) > 1 or count(distinct killed) > 1 or count(distinct injured) > 1
),
chosen as (
    select r.*, (e.iso3 is not null) as has_conflict
    from ranked r
    left join edition_conflicts e using (data_year, iso3, edition)
    where r.pick = 1
)
select c.data_year, c.iso3, c.country, c.casualties, c.killed, c.injured, c.edition,
       c.source_url, c.source_kind,
       case when c.casualties is not null then
           rank() over (partition by c.data_year order by c.casualties desc nulls last) end as rank_in_year,
       round(100.0 * c.casualties / g.total, 2)  as share_of_global_pct,
       g.total                                    as global_total,
       c.entity_type,
       c.locator,
       c.n_editions,
       c.has_conflict
from chosen c
left join marts.casualty_revisions g on g.data_year = c.data_year and g.edition = c.edition
order by c.data_year, rank_in_year nulls last, c.iso3
