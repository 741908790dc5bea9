-- Every global figure as one statement gave it (staging.stg_figures), plus the unknown outcome
-- derived inside a statement that gives total, killed and injured but no unknown count (marked
-- is_derived), each ranked once by the shared order (macro statement_order): rank_latest = 1 is
-- the figure shown for (data_year, measure); rank_in_edition = 1 the one an edition is taken to
-- state; rank_in_statement = 1 the basis a page's share is taken in where it gives two. Marts
-- select by these ranks; none ranks again.
with reported as (
    select *, false as is_derived from staging.stg_figures where value is not null
),
derived as (
    select edition, data_year, 'outcome_unknown' as measure,
           (total - killed - injured)::double as value,
           null as basis, null as source_wording,
           source_url, source_kind, publisher,
           locator || ' [outcome_unknown derived: total - killed - injured]' as locator,
           published, 'global_casualties' as source_name, source_row, true as is_derived
    from staging.stg_global_casualties
    where total is not null and killed is not null and injured is not null
      and outcome_unknown is null and killed + injured <= total
),
obs as (
    select * from reported
    union all by name
    select * from derived
)
select edition, data_year, measure, value, basis, source_wording, source_url, source_kind, publisher,
       locator, published, source_name, source_row, is_derived,
       row_number() over (partition by data_year, measure
                          order by statement_order(edition, 0, is_derived, source_kind, basis, source_url, source_row))
           as rank_latest,
       row_number() over (partition by data_year, measure, edition
                          order by statement_order(null, 0, is_derived, source_kind, basis, source_url, source_row))
           as rank_in_edition,
       row_number() over (partition by data_year, measure, edition, source_url
                          order by statement_order(null, 0, is_derived, source_kind, basis, source_url, source_row))
           as rank_in_statement
from obs
