-- One row per State Party's Article 5 status as the page states it: the code from the crosswalk,
-- the deadline kept with its precision (day, month or year) beside the first and last day it can
-- mean, the day the statement became public, its publisher's kind and reliability.
select
    g.iso3,
    g.country,
    g.entity_type,
    a.country                                 as country_as_printed,
    a.status,
    a.deadline_date                           as deadline,
    date_precision(a.deadline_date)           as deadline_precision,
    date_first_day(a.deadline_date)           as deadline_first_day,
    date_last_day(a.deadline_date)            as deadline_last_day,
    a.completion_year,
    a.decided_at,
    a.edition_or_date                         as stated_as,
    a.source_url,
    a.source_domain,
    p.source_kind,
    p.publisher,
    coalesce(nullif(p.reliability, ''), 'ordinary') as reliability,
    a.publisher                               as publisher_as_described,
    a.locator,
    a.quote,
    cast(a.published as date)                 as published,
    a._row                                    as source_row
from raw.article5_status a
join seeds.geography g on g.name = a.country_name
left join seeds.publishers p on p.domain = a.source_domain
