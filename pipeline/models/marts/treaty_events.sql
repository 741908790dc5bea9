-- Every Mine Ban Treaty event as its source gave it (signature, ratification, accession,
-- withdrawal, suspension, stated counts), with its code and stage from seeds.treaty_events;
-- treaty_status_by_country and states_parties_by_date are derived from these.
select event_date, date_as_given, edition_ref, iso3, country, entity_type, event, event_code, event_stage,
       membership_change, provided_by_treaty, stated_count, source_kind, publisher, source_url, locator,
       source_row
from staging.stg_treaty_status
