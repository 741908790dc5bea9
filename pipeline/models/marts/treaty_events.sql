-- Every Mine Ban Treaty event as its source gave it (signature, ratification, accession,
-- withdrawal, suspension, stated counts, and the objections, statements and Meeting decisions that
-- answer a suspension), with its code, its date as given (an undated reaction has none: its
-- page's day says when it was public) and its publisher's kind and reliability.
-- treaty_status_by_country and states_parties_by_date are derived from these.
select event_date, date_as_given, date_precision, edition_ref, iso3, country, entity_type, event, event_code, event_stage,
       membership_change, provided_by_treaty, stated_count, regarding_iso3, quote, published, source_kind, publisher,
       reliability, source_url, locator, source_name, source_row
from intermediate.int_treaty_events
