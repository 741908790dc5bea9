-- One row per source row of treaty_status: the event's wording mapped to its code, stage and
-- effect on membership (seeds.treaty_events); a stated States Parties count parsed from
-- "States Parties count: N" and dated either exactly or by edition ("2019 (LM2019)").
select
    cast(t.event_date as date)                  as event_date,
    cast(nullif(regexp_extract(t.date, '^([0-9]{4}) \(LM', 1), '') as integer) as edition_ref,
    t.date                                      as date_as_given,
    g.iso3,
    coalesce(g.country, t.country)              as country,
    coalesce(g.entity_type, 'treaty')           as entity_type,
    t.event,
    t.event_code,
    e.stage                                     as event_stage,
    coalesce(cast(e.membership_change as integer), 0) as membership_change,
    coalesce(e.provided_by_treaty = 'true', t.event_code = 'states_parties_count') as provided_by_treaty,
    e.note                                      as event_note,
    cast(nullif(regexp_extract(t.event, '^States Parties count: ([0-9]+)$', 1), '') as integer) as stated_count,
    t.source_url,
    t.source_domain,
    p.source_kind,
    p.publisher,
    t.locator,
    cast(t.published as date) as published,
    t._row                                      as source_row
from raw.treaty_status t
left join seeds.geography g on g.name = t.country_name
left join seeds.treaty_events e on e.wording = t.event
left join seeds.publishers p on p.domain = t.source_domain
