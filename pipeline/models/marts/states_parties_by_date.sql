-- The number of States Parties (states for which the treaty is in force) on each date it changed,
-- from 1 March 1999. Complete: every state that deposited an instrument (treaty_participants)
-- counts +1 from its entry into force (Article 17, derived in staging; South Sudan from its
-- independence), and every withdrawal (treaty_status) counts -1 from the day it takes effect: the
-- stated effective date, else notification + 6 months (marked derived). A withdrawal stated by
-- several sources counts once. A row is `is_derived` unless a stated count dated within its period
-- agrees; states_parties_counts checks every stated count against the series. A row dated after
-- the build's as-of date (audit.build_info) is marked is_scheduled: not yet effective.
with part as (select * from staging.stg_treaty_participants where iso3 is not null),
ev as (select * from staging.stg_treaty_status where iso3 is not null),
withdrawals as (
    select iso3,
           any_value(country) as country,
           coalesce(min(event_date) filter (where event_code = 'withdrawal_effective'),
                    article20_withdrawal_effective(min(event_date) filter (where event_code = 'withdrawal_notified'))) as date,
           min(event_date) filter (where event_code = 'withdrawal_effective') is null as date_is_derived,
           list(distinct source_url order by source_url) as source_urls
    from ev where event_code in (select event_code from seeds.treaty_event_groups where event_group = 'withdrawal')
    group by iso3
),
changes as (
    select entry_into_force as date, 1 as change,
           country || ': entry into force' || case when entry_into_force_is_exception
                                                   then ' (succession: in force from independence)' else '' end as label,
           [source_url] as source_urls, false as date_is_derived
    from part
    union all
    select w.date, -1,
           w.country || ': withdrawal effective' || case when w.date_is_derived
                                                          then ' (notification + 6 months, derived)' else '' end,
           w.source_urls, w.date_is_derived
    from withdrawals w
    where w.iso3 in (select iso3 from part)
),
by_date as (
    select date, sum(change) as change,
           count(*) filter (where change > 0) as joined,
           count(*) filter (where change < 0) as withdrew,
           string_agg(label, '; ' order by label) as events,
           list_sort(list_distinct(flatten(list(source_urls)))) as event_source_urls,
           bool_or(date_is_derived) as date_is_derived
    from changes group by date
),
series as (
    select b.*, sum(b.change) over (order by b.date) as states_parties,
           lead(b.date) over (order by b.date) as next_date
    from by_date b
),
confirm as (
    select s.date,
           count(c.stated_count) as confirmed_by,
           list(distinct c.source_url order by c.source_url) filter (where c.source_url is not null) as confirming_source_urls
    from series s
    left join staging.stg_treaty_status c
           on c.event_code = 'states_parties_count' and c.event_date >= s.date
          and (s.next_date is null or c.event_date < s.next_date) and c.stated_count = s.states_parties
    group by s.date
)
select s.date, s.states_parties::integer as states_parties, s.change::integer as change,
       s.joined::integer as joined, s.withdrew::integer as withdrew, s.events,
       (c.confirmed_by = 0)    as is_derived,
       c.confirmed_by::integer as confirmed_by,
       c.confirming_source_urls,
       s.event_source_urls,
       s.date_is_derived,
       -- a date after the build's as-of date is scheduled (e.g. a withdrawal that takes effect
       -- later): the count on the as-of date is the last row that is not scheduled
       s.date > (select as_of from audit.build_info) as is_scheduled
from series s join confirm c using (date)
order by s.date
