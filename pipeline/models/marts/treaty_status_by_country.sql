-- Per country that deposited an instrument (treaty_participants) or has treaty events: its status
-- on the build's as-of date (audit.build_info; an event dated after it is scheduled, not
-- effective), its dates and the dated events behind it. Signature, deposit and entry into force
-- come from treaty_participants (entry into force by Article 17, marked derived) where the state
-- is there, else from the events; a stated entry into force is kept beside the derived one (a
-- disagreement is a cross-check warning). A withdrawal takes effect six months after the UN is
-- notified (Article 20.3, macro article20_withdrawal_effective): pending until then, effective
-- after; where no source dates the effective day it is computed (marked). An announced suspension
-- is recorded as what it is: the treaty has no suspension clause, so the state remains a State
-- Party; the answers to it published by the as-of date (objections, the Meeting's decision:
-- intermediate.int_treaty_events) are counted and named beside it.
with as_of as (select as_of from audit.build_info),
ev as (
    select t.*, g.event_group
    from staging.stg_treaty_status t
    left join seeds.treaty_event_groups g on g.event_code = t.event_code
    where t.iso3 is not null
),
per as (
    select iso3, any_value(country) as country, any_value(entity_type) as entity_type,
           min(event_date) filter (where event_code = 'signed')                    as signed,
           min(event_date) filter (where event_group = 'deposit')     as deposited,
           any_value(event_code) filter (where event_group = 'deposit') as deposit_kind,
           min(event_date) filter (where event_code = 'entry_into_force')           as entry_into_force,
           min(event_date) filter (where event_code = 'withdrawal_notified')        as withdrawal_notified,
           min(event_date) filter (where event_code = 'withdrawal_effective')       as withdrawal_effective_stated,
           min(event_date) filter (where event_group = 'suspension') as suspension_announced,
           min(event_date) filter (where event_code = 'suspension_notified') as suspension_notified,
           min(event_date) filter (where event_group = 'domestic_withdrawal_step') as domestic_withdrawal_step,
           string_agg(strftime(event_date, '%Y-%m-%d') || ' ' || event
                      || case when event_date > (select as_of from as_of) then ' (scheduled)' else '' end,
                      '; ' order by event_date, event_stage) as events,
           list(distinct source_url order by source_url) as source_urls,
           count(*) as n_events
    from ev group by iso3
),
objections as (
    -- one line per objecting state: its earliest dated objection (or undated) and the kinds of
    -- source that report it
    select regarding_iso3 as iso3, country, min(event_date) as objected_on,
           string_agg(distinct source_kind, ', ' order by source_kind) as kinds
    from intermediate.int_treaty_events
    where event_code = 'objection_to_suspension'
    group by regarding_iso3, country
),
reactions as (
    select o.iso3, count(*) as suspension_objections,
           string_agg(o.country || ' (' || coalesce(strftime(o.objected_on, '%Y-%m-%d'), 'undated') || '; '
                      || o.kinds || ')', ', ' order by o.country) as objecting_states,
           any_value(d.quote) as meeting_decision,
           any_value(d.date_as_given) as meeting_decision_date
    from objections o
    left join intermediate.int_treaty_events d
           on d.regarding_iso3 = o.iso3 and d.event_code = 'meeting_decision_on_suspension'
    group by o.iso3
),
kinds as (select * from (values ('ratification', 'ratified'), ('accession', 'acceded'), ('acceptance', 'accepted'),
                                ('approval', 'approved'), ('succession', 'succeeded')) k(kind, verb)),
part as (
    select t.iso3, t.country, t.entity_type, t.signed, t.deposited, k.verb as deposit_kind,
           t.entry_into_force, t.entry_into_force_is_exception, t.source_url
    from staging.stg_treaty_participants t left join kinds k on k.kind = t.deposit_kind
    where t.iso3 is not null
),
joined as (
    select coalesce(q.iso3, e.iso3) as iso3, coalesce(q.country, e.country) as country,
           coalesce(q.entity_type, e.entity_type) as entity_type,
           coalesce(q.signed, e.signed) as signed,
           coalesce(q.deposited, e.deposited) as deposited,
           coalesce(q.deposit_kind, e.deposit_kind) as deposit_kind,
           coalesce(q.entry_into_force, e.entry_into_force) as entry_into_force,
           (q.iso3 is not null) as entry_into_force_is_derived,
           q.entry_into_force_is_exception,
           e.entry_into_force as entry_into_force_stated,
           e.withdrawal_notified, e.withdrawal_effective_stated, e.suspension_announced, e.suspension_notified,
           e.domestic_withdrawal_step, e.events,
           list_sort(list_distinct(coalesce(e.source_urls, []) || coalesce([q.source_url], []))) as source_urls,
           coalesce(e.n_events, 0) as n_events
    from part q full outer join per e on e.iso3 = q.iso3
),
s as (
    select p.*, a.as_of, r.suspension_objections, r.objecting_states, r.meeting_decision, r.meeting_decision_date,
           coalesce(p.withdrawal_effective_stated, article20_withdrawal_effective(p.withdrawal_notified)) as withdrawal_effective,
           (p.withdrawal_effective_stated is null and p.withdrawal_notified is not null) as withdrawal_effective_is_derived
    from joined p cross join as_of a left join reactions r on r.iso3 = p.iso3
)
select iso3, country,
       case when withdrawal_effective <= as_of then 'withdrawn'
            -- a state that notified a withdrawal was a party, whether or not its entry into force is in the data
            when withdrawal_notified <= as_of then 'state party, withdrawal pending'
            when entry_into_force <= as_of then 'state party'
            when deposited <= as_of then 'deposited, not yet in force'
            when signed <= as_of then 'signatory'
            else 'unknown' end as status,
       as_of,
       entry_into_force,
       entry_into_force_is_derived,
       entry_into_force_stated,
       withdrawal_notified,
       withdrawal_effective,
       withdrawal_effective_is_derived,
       case when withdrawal_effective <= as_of then 'effective'
            when withdrawal_notified is not null then 'pending' end as withdrawal_status,
       suspension_announced is not null as suspension_announced,
       case when suspension_announced is not null then
            'a State Party that ' || case when suspension_notified is not null
                                          then 'notified the UN of a "suspension" on ' || strftime(suspension_notified, '%Y-%m-%d')
                                          else 'announced a "suspension" on ' || strftime(suspension_announced, '%Y-%m-%d') end
            || ', which the treaty does not provide for (it has no suspension clause)'
            || case when meeting_decision is not null
                    then '; the Meeting of the States Parties held it not permitted (' || meeting_decision_date
                         || ': ' || meeting_decision || ')' else '' end
            || case when suspension_objections > 0
                    then '; ' || suspension_objections || ' States Parties objected: ' || objecting_states else '' end
       end as suspension_note,
       coalesce(suspension_objections, 0)::integer as suspension_objections,
       objecting_states, meeting_decision, meeting_decision_date,
       signed, deposited, deposit_kind, domestic_withdrawal_step, entity_type,
       events, source_urls, n_events::integer as n_events
from s
order by iso3
