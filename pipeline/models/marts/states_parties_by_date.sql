-- The number of States Parties (states for which the treaty is in force) on each date it changed.
-- Derived, and marked so: the sources' events move the count (entry into force +1, withdrawal
-- effective -1; a withdrawal notified without a stated effective date takes effect six months
-- later, marked derived), anchored on the latest stated count made on a date when no state stood
-- between deposit and entry into force (so a count "at deposit" and a count "in force" agree).
-- The series starts at the first membership change after the first dated count: earlier events
-- are not complete in the sources. A row is `is_derived` unless a stated count on the in-force
-- basis within its period agrees; states_parties_counts checks every stated count. A row dated
-- after the as-of date is marked is_scheduled.
with ev as (select * from staging.stg_treaty_status),
changes as (
    select event_date as date, membership_change as change,
           country || ': ' || event as label, source_url, false as date_is_derived
    from ev where membership_change <> 0 and event_date is not null
    union all
    select cast(n.event_date + interval 6 month as date), -1,
           n.country || ': withdrawal effective (notification + 6 months, derived)', n.source_url, true
    from ev n
    where n.event_code = 'withdrawal_notified'
      and not exists (select 1 from ev e where e.event_code = 'withdrawal_effective' and e.iso3 = n.iso3)
),
deposits as (select iso3, min(event_date) as deposited from ev where event_code in (select event_code from seeds.treaty_event_groups where event_group = 'deposit') group by iso3),
in_force as (select iso3, min(event_date) as eif from ev where event_code = 'entry_into_force' group by iso3),
anchor as (
    select c.event_date as anchor_date, c.stated_count as anchor_count
    from ev c
    where c.event_code = 'states_parties_count' and c.event_date is not null
      and not exists (select 1 from deposits d left join in_force f using (iso3)
                      where d.deposited <= c.event_date and (f.eif is null or f.eif > c.event_date))
    order by c.event_date desc, c.source_url
    limit 1
),
by_date as (
    select date, sum(change) as change,
           string_agg(label, '; ' order by label) as events,
           list(distinct source_url order by source_url) as event_source_urls,
           bool_or(date_is_derived) as date_is_derived
    from changes group by date
),
cumulated as (
    select b.*,
           a.anchor_count + sum(b.change) over (order by b.date)
             - (select coalesce(sum(change), 0) from changes where date <= a.anchor_date) as states_parties,
           lead(b.date) over (order by b.date) as next_date
    from by_date b, anchor a
),
series as (
    select * from cumulated
    where date >= (select min(event_date) from ev where event_code = 'states_parties_count')
),
confirm as (
    select s.date,
           count(c.stated_count) as confirmed_by,
           list(distinct c.source_url order by c.source_url) filter (where c.source_url is not null) as confirming_source_urls
    from series s
    left join ev c on c.event_code = 'states_parties_count' and c.event_date >= s.date
                  and (s.next_date is null or c.event_date < s.next_date) and c.stated_count = s.states_parties
    group by s.date
)
select s.date, s.states_parties::integer as states_parties, s.change::integer as change, s.events,
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
