-- The best current value per (data_year, measure): see figure_observations for the precedence.
with best as (
    select * from marts.figure_observations where precedence = 1
),
counts as (
    select data_year, measure,
           count(distinct edition) as n_editions
    from marts.figure_observations group by all
),
in_edition as (
    select data_year, measure, edition, count(distinct source_url) as n_sources
    from marts.figure_observations group by all
)
select b.data_year, b.measure, b.value, b.basis, b.source_wording,
       b.edition, b.source_url, b.source_kind, b.publisher, b.locator, b.is_derived,
       e.n_sources, c.n_editions,
       (f.edition is not null) as has_conflict
from best b
join counts c using (data_year, measure)
join in_edition e using (data_year, measure, edition)
left join marts.figure_conflicts f
       on f.data_year = b.data_year and f.measure = b.measure and f.edition = b.edition
order by b.data_year, b.measure
