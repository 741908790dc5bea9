-- The wide view for analysts: one row per data_year from the first to the last year with any
-- figure (a year with none, such as 2005, stays as a row of NULLs: a visible gap).
with years as (
    select unnest(range(min(data_year), max(data_year) + 1)) as data_year from marts.casualty_figures
),
f as (select * from marts.casualty_figures),
first_total as (
    select data_year, total as first_reported_total, edition as first_reported_edition
    from marts.casualty_revisions where is_first_report
),
n_rev as (
    select data_year, count(*) as n_editions_with_total from marts.casualty_revisions group by all
)
select y.data_year,
       t.value::bigint     as total,
       k.value::bigint     as killed,
       i.value::bigint     as injured,
       u.value::bigint     as outcome_unknown,
       u.is_derived        as outcome_unknown_is_derived,
       c.value             as civilian_pct,
       ch.value            as child_pct,
       ch.basis            as child_pct_basis,
       m.value             as military_pct,
       fe.value            as female_pct,
       s.value::bigint     as states_areas,
       t.edition           as total_edition,
       t.source_url        as total_source_url,
       t.source_kind       as total_source_kind,
       k.edition           as killed_edition,
       i.edition           as injured_edition,
       ft.first_reported_total,
       ft.first_reported_edition,
       coalesce(n.n_editions_with_total, 0) as n_editions_with_total,
       coalesce(t.has_conflict or k.has_conflict or i.has_conflict or u.has_conflict
                or c.has_conflict or ch.has_conflict or s.has_conflict, false) as has_conflict
from years y
left join f t  on t.data_year  = y.data_year and t.measure  = 'total'
left join f k  on k.data_year  = y.data_year and k.measure  = 'killed'
left join f i  on i.data_year  = y.data_year and i.measure  = 'injured'
left join f u  on u.data_year  = y.data_year and u.measure  = 'outcome_unknown'
left join f c  on c.data_year  = y.data_year and c.measure  = 'civilian_pct'
left join f ch on ch.data_year = y.data_year and ch.measure = 'child_pct'
left join f m  on m.data_year  = y.data_year and m.measure  = 'military_pct'
left join f fe on fe.data_year = y.data_year and fe.measure = 'female_pct'
left join f s  on s.data_year  = y.data_year and s.measure  = 'states_areas'
left join first_total ft on ft.data_year = y.data_year
left join n_rev n on n.data_year = y.data_year
order by y.data_year
