-- Every Mine Ban Treaty event in one shape: the treaty's own events and stated counts
-- (staging.stg_treaty_status) and the answers to a suspension (staging.stg_treaty_reactions:
-- objections, statements, a Meeting's decision), each with the state it concerns (`regarding_iso3`:
-- the acting state for a treaty event, the suspending state for a reaction), its date as given
-- and the day its page was public.
select event_date, edition_ref, date_as_given, 'day' as date_precision, iso3, country, entity_type, event, event_code,
       event_stage, membership_change, provided_by_treaty, stated_count, iso3 as regarding_iso3, null as quote,
       published, source_kind, publisher, 'ordinary' as reliability, source_url, locator,
       'treaty_status' as source_name, source_row
from staging.stg_treaty_status
union all
select r.event_date, null, r.date_as_given, r.date_precision, r.iso3, coalesce(r.country, '(States Parties)'),
       case when r.iso3 is null then 'treaty' else 'state' end, r.event, r.event_code,
       null, 0, a.provided_by_treaty = 'true', null, r.regarding_iso3, r.quote,
       r.published, r.source_kind, r.publisher, r.reliability, r.source_url, r.locator,
       'treaty_reactions', r.source_row
from staging.stg_treaty_reactions r
left join seeds.treaty_reaction_actions a on a.event_code = r.event_code
