-- Casualties by group (children, women and girls, men and boys, deminers) and year, with the
-- matching share where the SAME statement (edition and page) gives one: a count and a share
-- side by side are what one source stated together, never one edition's count beside another
-- edition's share. Within that statement the usual share basis wins (seeds.share_bases: civilian,
-- then all). Which share belongs to which group, and the basis of a share whose figures carry
-- none (female: of casualties whose sex is known), come from seeds.demographic_groups.
with shares as (
    -- within one page, the share in the usual basis (rank_in_statement: the shared order)
    select edition, data_year, source_url, measure, value, basis
    from intermediate.int_figure_statements
    where measure in (select share_measure from seeds.demographic_groups) and not is_derived
      and rank_in_statement = 1
)
select f.data_year, g."group", f.value::bigint as casualties,
       f.edition, f.source_url, f.source_kind, f.n_sources, f.has_conflict,
       s.value                                         as share_pct,
       coalesce(nullif(g.share_basis, ''), s.basis)    as share_basis
from marts.casualty_figures f
join seeds.demographic_groups g on g.measure = f.measure
left join shares s on s.data_year = f.data_year and s.edition = f.edition
                  and s.source_url = f.source_url and s.measure = nullif(g.share_measure, '')
order by f.data_year, g."group"
