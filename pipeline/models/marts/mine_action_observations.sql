-- Every mine action figure in the data, one row per source row: its value with the page's hedge,
-- unit and basis, whose series and (land release) which scope it belongs to, its edition or day,
-- and whether it is the current statement of its (dataset, year, measure, series, scope) as of
-- the build's date; a revision shows the value the next statement replaced it with. Nothing is
-- dropped: every edition's figure stays, so 2017's international funding appears as LM2018's
-- 673.2 and LM2019's 696.3, the later one current.
select dataset, year, year_kind, measure, measure_label, unit, basis, series, scope, scope_label,
       value, qualifier, qualifier_kind, edition, published,
       rank_latest = 1                          as is_current,
       n_statements,
       previous_value,
       previous_edition,
       value - previous_value                   as change_from_previous,
       has_conflict,
       source_kind, reliability, publisher_as_described, source_url, locator, quote, source_row
from intermediate.int_mine_action_statements
order by dataset, year, measure, series, scope, published, source_row
