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
    -- the statement that gives the split: latest edition; one that also gives its total first;
    -- then the kind of publisher (seeds.source_kinds), URL and row, so the choice is deterministic
    select g.data_year, g.edition as split_edition, g.source_url as split_source_url,
           g.source_kind as split_source_kind, g.total as split_total, g.killed, g.injured,
           coalesce(g.outcome_unknown,
                    case when g.total is not null and g.killed + g.injured <= g.total
                         then g.total - g.killed - g.injured end) as outcome_unknown,
           case when g.outcome_unknown is not null then false
                when g.total is not null and g.killed + g.injured <= g.total then true end
                as outcome_unknown_is_derived
    from staging.stg_global_casualties g
    join seeds.source_kinds k on k.source_kind = g.source_kind
    where g.killed is not null and g.injured is not null
    qualify row_number() over (partition by g.data_year
                               order by g.edition desc, (g.total is null), k.precedence::int,
                                        g.source_url, g.source_row) = 1
),
split_conflicts as (
    select distinct edition, data_year from marts.figure_conflicts
    where measure in (select measure from seeds.measures where outcome_split = 'true')  -- killed, injured, unknown
),
first_total as (
    select data_year, total as first_reported_total, edition as first_reported_edition
    from marts.casualty_revisions where is_first_report
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
       ft.first_reported_total,
       ft.first_reported_edition,
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
left join first_total ft on ft.data_year = y.data_year
left join n_rev n on n.data_year = y.data_year
order by y.data_year
