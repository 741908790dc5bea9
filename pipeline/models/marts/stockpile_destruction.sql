-- The treaty's stockpile obligation per year and measure, one row per series: the latest
-- statement (intermediate.int_mine_action_statements) with its hedge, unit, edition or day, and
-- page. The Monitor's cumulative count, the Convention's count quoted in news and the campaign's
-- statements to treaty meetings are separate series, so separate rows: never spliced.
select year as as_of_year, measure, measure_label, unit, series,
       value::bigint                  as value,
       qualifier, qualifier_kind, edition, published, n_statements,
       previous_value::bigint         as previous_value,
       source_kind, reliability, publisher_as_described, source_url, quote
from intermediate.int_mine_action_statements
where dataset = 'stockpile_destruction' and rank_latest = 1
order by as_of_year, measure, series
