-- One row per (data_year, country): the statement intermediate.int_country_statements ranks first
-- (a statement giving the country's total before one giving only killed or injured; then the
-- shared order: latest edition, the Monitor's page before NGO, official, news; then the URL), with
-- killed and injured from that same statement. Its rank is the one its own edition gives it among
-- that edition's countries for the year (rank_in_edition), never a rank mixing editions. The share
-- is of the same edition's global total (casualty_revisions), never another edition's.
with chosen as (
    select * from intermediate.int_country_statements where rank_latest = 1
),
edition_conflicts as (
    select data_year, iso3, edition
    from staging.stg_country_casualties
    group by all
    having count(distinct casualties) > 1 or count(distinct killed) > 1 or count(distinct injured) > 1
)
select c.data_year, c.iso3, c.country, c.casualties, c.killed, c.injured, c.edition,
       c.source_url, c.source_kind,
       c.rank_in_edition_table                   as rank_in_edition,
       round(100.0 * c.casualties / g.total, 2)  as share_of_global_pct,
       g.total                                    as global_total,
       c.entity_type,
       c.locator,
       c.published,
       c.n_editions,
       (e.iso3 is not null)                       as has_conflict
from chosen c
left join edition_conflicts e on e.data_year = c.data_year and e.iso3 = c.iso3 and e.edition = c.edition
left join marts.casualty_revisions g on g.data_year = c.data_year and g.edition = c.edition
order by c.data_year, rank_in_edition nulls last, c.iso3
