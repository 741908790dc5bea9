-- Casualties by group (children, women and girls, men and boys, deminers) and year, with the
-- matching share where the global figures give one (child share with its basis).
select f.data_year, g."group", f.value::bigint as casualties,
       f.edition, f.source_url, f.source_kind, f.n_sources, f.has_conflict,
       case g."group" when 'child' then ch.value when 'female' then fe.value end   as share_pct,
       case g."group" when 'child' then ch.basis when 'female' then 'sex known' end as share_basis
from marts.casualty_figures f
join seeds.demographic_groups g on g.measure = f.measure
left join marts.casualty_figures ch on ch.data_year = f.data_year and ch.measure = 'child_pct'
left join marts.casualty_figures fe on fe.data_year = f.data_year and fe.measure = 'female_pct'
order by f.data_year, g."group"
