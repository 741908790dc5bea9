-- severity: warn
-- description: a country or contamination row's state_party must agree with the treaty events: a state whose treaty entry into force precedes the edition year and whose withdrawal (if any) took effect after it is a State Party
with ev as (select * from marts.treaty_status_by_country),
rows_ as (
    select 'country_casualties' as source, source_row, edition, iso3, state_party from staging.stg_country_casualties
    union all
    select 'contamination', source_row, edition, iso3, state_party from staging.stg_contamination
)
select r.source, r.source_row, r.edition, r.iso3, r.state_party, e.entry_into_force, e.withdrawal_effective
from rows_ r join ev e using (iso3)
where r.state_party is not null and e.entry_into_force is not null
  and r.state_party <> (e.entry_into_force < make_date(r.edition, 1, 1)
                        and coalesce(e.withdrawal_effective > make_date(r.edition, 1, 1), true))
order by r.source, r.source_row
