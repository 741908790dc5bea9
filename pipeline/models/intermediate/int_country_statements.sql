-- Every country figure statement (one source row: casualties, killed, injured as it gave them),
-- ranked by the shared order (macro statement_order). A statement that gives the country's total
-- is preferred to one that gives only killed or injured, whatever its edition (`gives_total`
-- ranks first): rank_latest = 1 is the statement a mart shows for (data_year, country);
-- rank_in_edition = 1 the one an edition is taken to state; rank_in_edition_table is the
-- country's rank by casualties among that edition's statements for the year (1 = most).
with s as (
    select *, casualties is not null as gives_total from staging.stg_country_casualties
),
ranked as (
    select s.*,
           row_number() over (partition by data_year, iso3
                              order by (not gives_total),
                                       statement_order(edition, 0, false, source_kind, null, source_url, source_row))
               as rank_latest,
           row_number() over (partition by edition, data_year, iso3
                              order by (not gives_total),
                                       statement_order(null, 0, false, source_kind, null, source_url, source_row))
               as rank_in_edition,
           count(distinct edition) over (partition by data_year, iso3) as n_editions
    from s
)
select r.*,
       case when r.gives_total and r.rank_in_edition = 1 then
            rank() over (partition by r.edition, r.data_year, (r.gives_total and r.rank_in_edition = 1)
                         order by r.casualties desc) end as rank_in_edition_table
from ranked r
