-- Every figure as one source gave it, in long form: (edition, data_year, measure, value).
-- The device-type columns of global_casualties are not unpivoted here: the device breakdown comes
-- from device_types, which holds the same figures with the source's own wording of the type.
with global_long as (
    unpivot (
        select edition, data_year, source_url, source_kind, publisher, locator, source_row,
               child_pct_basis, child_pct_basis_wording,
               total::double as total, killed::double as killed, injured::double as injured,
               outcome_unknown::double as outcome_unknown, civilian_pct, child_pct,
               military_pct, deminer_pct, female_pct, states_areas::double as states_areas
        from staging.stg_global_casualties
    )
    on total, killed, injured, outcome_unknown, civilian_pct, child_pct,
       military_pct, deminer_pct, female_pct, states_areas
    into name measure value value
)
select edition, data_year, measure, value,
       case when measure = 'child_pct' then child_pct_basis end         as basis,
       case when measure = 'child_pct' then child_pct_basis_wording end as source_wording,
       source_url, source_kind, publisher, locator,
       'global_casualties' as source_name, source_row
from global_long
union all
select edition, data_year, measure, casualties::double, null, null,
       source_url, source_kind, publisher, locator, 'demographics', source_row
from staging.stg_demographics
union all
select edition, data_year, 'device:' || device_code, casualties::double, null, device_label,
       source_url, source_kind, publisher, locator, 'device_types', source_row
from staging.stg_device_types
