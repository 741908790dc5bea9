-- Casualties by group (children, women and girls, men and boys, deminers) and year, with the
-- matching share where the global figures give one: which share belongs to which group, and the
-- basis of a share whose figures carry none (female: of casualties whose sex is known), come from
-- seeds.demographic_groups; the child share keeps the basis its source states.
select f.data_year, g."group", f.value::bigint as casualties,
       f.edition, f.source_url, f.source_kind, f.n_sources, f.has_conflict,
       s.value                                         as share_pct,
       coalesce(nullif(g.share_basis, ''), s.basis)    as share_basis
from marts.casualty_figures f
join seeds.demographic_groups g on g.measure = f.measure
left join marts.casualty_figures s on s.data_year = f.data_year and s.measure = nullif(g.share_measure, '')
order by f.data_year, g."group"
