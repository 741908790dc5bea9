-- Every figure as one source gave it, in long form: (edition, data_year, measure, value); the
-- global figures' measures are declared once, in seeds.measures.
-- The device-type columns of global_casualties are not unpivoted here: the device breakdown comes
-- from device_types, which holds the same figures with the source's own wording of the type.
with global_long as (
    -- every figure column of the source, long; the join with seeds.measures keeps the declared
    -- measures (the list lives in that seed only)
    unpivot (
        select edition, data_year, source_url, source_kind, publisher, locator, published, source_row,
               child_pct_basis, child_pct_basis_wording,
               columns(* exclude (edition, data_year, source_url, source_domain, source_kind, publisher,
                                  locator, published, source_row, child_pct_basis, child_pct_basis_wording))::double
        from staging.stg_global_casualties
    )
    on columns(* exclude (edition, data_year, source_url, source_kind, publisher, locator, published, source_row,
                          child_pct_basis, child_pct_basis_wording))
    into name measure value value
)
select edition, data_year, measure, value,
       case when measure = 'child_pct' then child_pct_basis end         as basis,
       case when measure = 'child_pct' then child_pct_basis_wording end as source_wording,
       source_url, source_kind, publisher, locator, published,
       'global_casualties' as source_name, source_row
from global_long
join seeds.measures using (measure)
union all
select edition, data_year, measure, casualties::double, null, null,
       source_url, source_kind, publisher, locator, published, 'demographics', source_row
from staging.stg_demographics
union all
select edition, data_year, 'device:' || device_code, casualties::double, null, device_label,
       source_url, source_kind, publisher, locator, published, 'device_types', source_row
from staging.stg_device_types
