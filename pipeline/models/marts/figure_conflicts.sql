-- Every (edition, data_year, measure) where the observations disagree on the value or on the basis,
-- with the values and sources side by side. Revisions across editions are not conflicts (see
-- casualty_revisions); two bases given by one source are listed too, flagged same_source.
with groups as (
    select edition, data_year, measure,
           count(distinct source_url)                                   as n_sources,
           count(distinct value)                                        as n_values,
           count(distinct coalesce(basis, ''))                          as n_bases,
           count(distinct (value, coalesce(basis, '')))                 as n_variants,
           count(distinct source_url) = 1                               as same_source,
           string_agg(
               format('{} {}({}, {}{})',
                      regexp_replace(value::varchar, '\.0$', ''),
                      case when basis is not null then 'of ' || basis || ' ' else '' end,
                      source_kind, source_url,
                      case when is_derived then ', derived' else '' end),
               ' | ' order by precedence_in_edition)                   as observations,
           list(value order by precedence_in_edition)                   as "values",
           list(coalesce(basis, '') order by precedence_in_edition)      as bases,
           list(source_kind order by precedence_in_edition)             as source_kinds,
           list(source_url order by precedence_in_edition)              as source_urls
    from marts.figure_observations
    group by edition, data_year, measure
)
select edition, data_year, measure,
       case when n_values > 1 and n_bases > 1 then 'value_and_basis'
            when n_values > 1 then 'value'
            else 'basis' end as conflict_kind,
       same_source, n_sources, n_values, observations,
       "values", bases, source_kinds, source_urls
from groups
where n_variants > 1
order by data_year, measure, edition
