-- Casualties by group (children, women and girls, men and boys, deminers) and year, with the
-- matching share where the SAME statement (edition and page) gives one: a count and a share
-- side by side are what one source stated together, never one edition's count beside another
-- edition's share. Within that statement the usual share basis wins (civilian, then all).
with shares as (
    select edition, data_year, source_url, measure, value, basis
    from marts.figure_observations
    where measure in ('child_pct', 'female_pct') and not is_derived
    qualify row_number() over (partition by edition, data_year, source_url, measure
                               order by case basis when 'civilian' then 1 when 'all' then 2 else 3 end,
                                        source_row) = 1
)
select f.data_year, g."group", f.value::bigint as casualties,
       f.edition, f.source_url, f.source_kind, f.n_sources, f.has_conflict,
       case g."group" when 'child' then ch.value when 'female' then fe.value end   as share_pct,
       case g."group" when 'child' then ch.basis when 'female' then 'sex known' end as share_basis
from marts.casualty_figures f
join seeds.demographic_groups g on g.measure = f.measure
left join shares ch on ch.data_year = f.data_year and ch.edition = f.edition
                   and ch.source_url = f.source_url and ch.measure = 'child_pct'
left join shares fe on fe.data_year = f.data_year and fe.edition = f.edition
                   and fe.source_url = f.source_url and fe.measure = 'female_pct'
order by f.data_year, g."group"
