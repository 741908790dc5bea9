-- Every States Parties count a source states, beside the count derived from the events for the
-- same date (for a count dated by edition: the range over that calendar year). Two bases exist:
-- "in force" (the treaty's meaning of a State Party) and "joined" (ICBL often counts a state on
-- the day it deposits its instrument, months before entry into force). A stated count matching
-- neither is a contradiction, kept visible here.
with ev as (select * from staging.stg_treaty_status),
sp as (select * from marts.states_parties_by_date),
-- every deposit and its entry into force (treaty_participants, Article 17)
deposits as (select iso3, country, deposited from staging.stg_treaty_participants where iso3 is not null),
in_force as (select iso3, entry_into_force as eif from staging.stg_treaty_participants where iso3 is not null),
counts as (select * from ev where event_code = 'states_parties_count'),
points as (
    select c.source_row, c.event_date as point from counts c where c.event_date is not null
    union all
    select c.source_row, p.point from counts c,
        unnest([make_date(c.edition_ref, 1, 1), make_date(c.edition_ref, 12, 31)]) as p(point)
    where c.event_date is null
    union all
    select c.source_row, s.date from counts c join sp s on year(s.date) = c.edition_ref
    where c.event_date is null
),
valued as (
    select p.source_row, p.point,
           (select s.states_parties from sp s where s.date <= p.point order by s.date desc limit 1) as in_force,
           (select count(*) from deposits d left join in_force f using (iso3)
             where d.deposited <= p.point and (f.eif is null or f.eif > p.point)) as pending
    from points p
),
ranges as (
    select source_row, min(in_force) as in_force_low, max(in_force) as in_force_high,
           min(in_force + pending) as joined_low, max(in_force + pending) as joined_high
    from valued group by source_row
)
select c.date_as_given, c.event_date as date, c.edition_ref, c.stated_count,
       r.in_force_low, r.in_force_high, r.joined_low, r.joined_high,
       case when r.in_force_low is null then 'before the derived series'
            when c.stated_count between r.in_force_low and r.in_force_high
             and c.stated_count between r.joined_low and r.joined_high then 'in force (= joined)'
            when c.stated_count between r.in_force_low and r.in_force_high then 'in force'
            when c.stated_count between r.joined_low and r.joined_high then 'joined (counted at deposit)'
            else 'contradiction' end as basis,
       c.source_url, c.source_kind, c.locator, c.source_row
from counts c left join ranges r using (source_row)
order by coalesce(c.event_date, make_date(c.edition_ref, 12, 31)), c.source_row
