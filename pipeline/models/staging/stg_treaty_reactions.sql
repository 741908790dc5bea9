-- One row per reaction to a suspension as one page reports it: the state's code from the
-- crosswalk (none for a decision of the States Parties), the action's event code
-- (seeds.treaty_reaction_actions), its date with its precision, and the day the page was public.
select
    date_first_day(t.date)                    as event_date,
    date_precision(t.date)                    as date_precision,
    t.date                                    as date_as_given,
    g.iso3,
    coalesce(g.country, t.state)              as country,
    a.event_code,
    t.action                                  as event,
    t.addressed_to,
    t.regarding_iso3,
    t.source_url,
    t.source_domain,
    p.source_kind,
    p.publisher,
    coalesce(nullif(p.reliability, ''), 'ordinary') as reliability,
    t.publisher                               as publisher_as_described,
    t.locator,
    t.quote,
    cast(t.published as date)                 as published,
    t._row                                    as source_row
from raw.treaty_reactions t
left join seeds.geography g on g.name = regexp_replace(t.state, '\s*\*+$', '')
left join seeds.treaty_reaction_actions a on a.action = t.action
left join seeds.publishers p on p.domain = t.source_domain
