-- severity: warn
-- description: a country or contamination row's state_party must agree with the treaty events at some date of its edition year (an edition is published during its year, so a state that joined or left during that year may be stated either way; outside it, a disagreement is flagged)
with ev as (select * from marts.treaty_status_by_country),
rows_ as (
    select 'country_casualties' as source, source_row, edition, iso3, state_party from staging.stg_country_casualties
    union all
    select 'contamination', source_row, edition, iso3, state_party from staging.stg_contamination
),
judged as (
    select r.*, e.entry_into_force, e.withdrawal_effective,
           -- a State Party on day d: in force on or before d, and no withdrawal effective by d
           (e.entry_into_force <= make_date(r.edition, 1, 1)
            and coalesce(e.withdrawal_effective > make_date(r.edition, 1, 1), true))   as party_at_start,
           (e.entry_into_force <= make_date(r.edition, 12, 31)
            and coalesce(e.withdrawal_effective > make_date(r.edition, 12, 31), true)) as party_at_end
    from rows_ r join ev e using (iso3)
    where r.state_party is not null and e.entry_into_force is not null
)
select source, source_row, edition, iso3, state_party, entry_into_force, withdrawal_effective,
       party_at_start, party_at_end
from judged
where state_party <> party_at_start and state_party <> party_at_end
order by source, source_row
