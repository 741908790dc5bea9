-- One row per (data_year, edition) that reported a total: that edition's figure (same source
-- precedence within the edition) and its change from the previous edition that reported the year.
with per_edition as (
    select data_year, edition, value::bigint as total, source_url, source_kind
    from marts.figure_observations
    where measure = 'total' and not is_derived and precedence_in_edition = 1
)
select p.data_year, p.edition, p.total, p.source_url, p.source_kind,
       p.total - lag(p.total) over (partition by p.data_year order by p.edition) as change_from_previous,
       row_number() over (partition by p.data_year order by p.edition) = 1        as is_earliest_in_data,
       p.edition = p.data_year + 1                                                 as is_first_report,
       row_number() over (partition by p.data_year order by p.edition desc) = 1   as is_latest,
       (f.edition is not null)                                                     as has_conflict
from per_edition p
left join marts.figure_conflicts f
       on f.data_year = p.data_year and f.edition = p.edition and f.measure = 'total'
order by p.data_year, p.edition
