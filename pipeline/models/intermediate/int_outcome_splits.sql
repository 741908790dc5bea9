-- Every statement that splits a year's casualties by outcome (killed, injured and, where given,
-- unknown outcome: one source row of the global figures), ranked by the shared order (macro
-- statement_order) with this preference inside an edition: a statement giving both killed and
-- injured first, one that also gives its own total before one that does not. rank_latest = 1 is
-- the split a mart shows; the unknown outcome is derived only inside the same statement.
select g.data_year, g.edition, g.source_url, g.source_kind, g.source_row, g.published,
       g.total, g.killed, g.injured,
       coalesce(g.outcome_unknown,
                case when g.total is not null and g.killed + g.injured <= g.total
                     then g.total - g.killed - g.injured end)                   as outcome_unknown,
       case when g.outcome_unknown is not null then false
            when g.total is not null and g.killed + g.injured <= g.total then true end
                                                                                 as outcome_unknown_is_derived,
       row_number() over (partition by g.data_year
                          order by statement_order(g.edition,
                                                   case when g.killed is null or g.injured is null then 2
                                                        when g.total is null then 1 else 0 end,
                                                   false, g.source_kind, null, g.source_url, g.source_row))
                                                                                 as rank_latest
from staging.stg_global_casualties g
where g.killed is not null or g.injured is not null
