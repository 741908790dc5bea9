-- severity: warn
-- description: an entry-into-force date a source states (treaty_status) must equal the date Article 17 gives for the state's deposit (treaty_participants; South Sudan's succession from independence)
select t.iso3, t.country, t.entry_into_force_stated, t.entry_into_force as entry_into_force_derived, t.deposited
from marts.treaty_status_by_country t
where t.entry_into_force_is_derived and t.entry_into_force_stated is not null
  and t.entry_into_force_stated <> t.entry_into_force
order by t.iso3
