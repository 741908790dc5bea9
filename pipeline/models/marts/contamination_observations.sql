-- Every edition's contamination statement for every country as its source gave it;
-- contamination_by_country keeps the latest known of each field.
select edition, iso3, country, entity_type, country_as_printed, state_party, ap_mine_contamination,
       extent_category, extent_wording, area_km2, article5_deadline, source_kind, publisher, source_url,
       locator, source_row
from staging.stg_contamination
