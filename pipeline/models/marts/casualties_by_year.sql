-- The wide view for analysts: one row per data_year from the first to the last year with any
-- figure (a year with none, such as 2005, stays as a row of NULLs: a visible gap).
-- A row states what one source stated: the outcome split (killed, injured, unknown outcome) is
-- taken as a set from ONE statement (a source row of global_casualties: one edition, one page),
-- beside the total that same statement gave (split_total); unknown outcome is derived only
-- inside that statement. `total` is the latest total (casualty_figures), with its own edition;
-- every other measure names its edition too.
with years as (
    select unnest(range(min(data_year), max(data_year) + 1)) as data_year from marts.casualty_figures
),
f as (select * from marts.casualty_figures),
split as (
    -- the statement that gives the split (intermediate.int_outcome_splits: the latest edition's,
    -- one giving killed and injured with its own total first); a year whose latest statement gives
    -- only killed (or injured) shows that one figure, the other left empty
    select data_year, edition as split_edition, source_url as split_source_url, source_kind as split_source_kind,
           total as split_total, killed, injured, outcome_unknown, outcome_unknown_is_derived
    from intermediate.int_outcome_splits where rank_latest = 1
),
split_conflicts as (
    select distinct edition, data_year from marts.figure_conflicts
    where measure in (select measure from seeds.measures where outcome_split = 'true')  -- killed, injured, unknown
),
earliest as (
    -- the earliest total the data hold for the year: the first report only where its edition is
    -- the one right after the year (for 1999, 2002 and 2003 the first reports are not in the data)
    select data_year, total as earliest_total, edition as earliest_total_edition, is_first_report as earliest_is_first_report
    from marts.casualty_revisions where is_earliest_in_data
),
n_rev as (
    select data_year, count(*) as n_editions_with_total from marts.casualty_revisions group by all
)
select y.data_year,
       t.value::bigint     as total,
       sp.killed::bigint   as killed,
       sp.injured::bigint  as injured,
       sp.outcome_unknown::bigint as outcome_unknown,
       sp.outcome_unknown_is_derived,
       sp.split_total::bigint as split_total,
       sp.split_edition,
       sp.split_source_url,
       c.value             as civilian_pct,
       ch.value            as child_pct,
       ch.basis            as child_pct_basis,
       m.value             as military_pct,
       fe.value            as female_pct,
       s.value::bigint     as states_areas,
       t.edition           as total_edition,
       t.source_url        as total_source_url,
       t.source_kind       as total_source_kind,
       c.edition           as civilian_pct_edition,
       ch.edition          as child_pct_edition,
       m.edition           as military_pct_edition,
       fe.edition          as female_pct_edition,
       s.edition           as states_areas_edition,
       ft.earliest_total,
       ft.earliest_total_edition,
       ft.earliest_is_first_report,
       coalesce(n.n_editions_with_total, 0) as n_editions_with_total,
       coalesce(t.has_conflict or c.has_conflict or ch.has_conflict or m.has_conflict
                or fe.has_conflict or s.has_conflict, false)
           or sc.data_year is not null as has_conflict
from years y
left join f t  on t.data_year  = y.data_year and t.measure  = 'total'
left join split sp on sp.data_year = y.data_year
left join f c  on c.data_year  = y.data_year and c.measure  = 'civilian_pct'
left join f ch on ch.data_year = y.data_year and ch.measure = 'child_pct'
left join f m  on m.data_year  = y.data_year and m.measure  = 'military_pct'
left join f fe on fe.data_year = y.data_year and fe.measure = 'female_pct'
left join f s  on s.data_year  = y.data_year and s.measure  = 'states_areas'
left join split_conflicts sc on sc.data_year = y.data_year and sc.edition = sp.split_edition
left join earliest ft on ft.data_year = y.data_year
left join n_rev n on n.data_year = y.data_year
order by y.data_year
