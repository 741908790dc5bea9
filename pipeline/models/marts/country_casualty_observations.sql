-- Every edition's casualty figure for every country as its source gave it (revisions and
-- conflicting sources included); casualties_by_country picks one per year from these.
select edition, data_year, iso3, country, entity_type, country_as_printed, casualties, killed, injured,
       state_party, source_kind, publisher, source_url, locator, source_row
from staging.stg_country_casualties
