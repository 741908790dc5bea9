-- The Article 5 (mine clearance) status of each State Party on the build's as-of date: its
-- latest statement (intermediate.int_article5_statements: the status pages and the deadline years
-- of the contamination pages, latest first by the day each became public). The deadline keeps its
-- precision; it has passed when the as-of date is after the last day it can mean (a month-only
-- deadline, the month's end). A requested extension is shown as requested, never as granted. Each
-- statement says how old it is and how reliable its publisher is.
with b as (select as_of from audit.build_info)
select a.iso3, a.country, a.status, a.deadline, a.deadline_precision, a.deadline_first_day, a.deadline_last_day,
       case when a.status = 'completed' or a.deadline_last_day is null then null
            else a.deadline_last_day < b.as_of end                  as deadline_passed,
       a.completion_year, a.decided_at,
       a.published, datediff('day', a.published, b.as_of)           as age_days,
       a.reliability, a.source_kind, a.source_url, a.locator, a.source_name, a.n_statements, b.as_of
from intermediate.int_article5_statements a, b
where a.rank_latest = 1
order by a.iso3
