-- Every statement of a State Party's Article 5 status: the status pages' (a deadline to the day,
-- the month or the year; an extension requested; a completion declared) and the deadline years
-- the contamination pages give, ranked per country latest first by the day each became public
-- (macro statement_order): rank_latest = 1 is the status a mart shows as of the build's date.
with statements as (
    select iso3, country, status, deadline, deadline_precision, deadline_first_day, deadline_last_day,
           completion_year, decided_at, published, source_kind, reliability, source_url, locator,
           'article5_status' as source_name, source_row
    from staging.stg_article5_status
    union all
    select iso3, country, 'deadline', cast(article5_deadline as varchar), 'year',
           make_date(cast(article5_deadline as integer), 1, 1), make_date(cast(article5_deadline as integer), 12, 31),
           null, null, published, source_kind, reliability, source_url, locator,
           'contamination', source_row
    from staging.stg_contamination
    where article5_deadline is not null and state_party is distinct from false
)
select *,
       row_number() over (partition by iso3
                          order by statement_order(day_number(published), 0, false, source_kind, null,
                                                   source_url, source_row)) as rank_latest,
       count(*) over (partition by iso3) as n_statements
from statements
