-- Casualty records (one row per person) aggregated to the Monitor's measures, per dataset,
-- snapshot (one export of the register: an edition), year and country. Shares are computed where
-- known, as the Monitor does: the civilian share is of casualties whose status is known
-- (civilian + military + deminer), the child share of those whose age is known, the female share
-- of those whose sex is known. An empty denominator gives NULL.
with r as (select * exclude (snapshot), coalesce(snapshot, _file) as snapshot from staging.stg_casualty_records),
agg as (
    select source, snapshot, data_year, country as iso3,
           count(*)                                               as total,
           count(*) filter (where outcome = 'killed')             as killed,
           count(*) filter (where outcome = 'injured')            as injured,
           count(*) filter (where outcome = 'unknown')            as outcome_unknown,
           count(*) filter (where status = 'civilian')            as civilian,
           count(*) filter (where status = 'military')            as military,
           count(*) filter (where status = 'deminer')             as deminer,
           count(*) filter (where status <> 'unknown')            as status_known,
           count(*) filter (where age_class = 'child')            as child,
           count(*) filter (where age_class = 'adult')            as adult,
           count(*) filter (where age_class <> 'unknown')         as age_known,
           count(*) filter (where sex = 'female')                 as female,
           count(*) filter (where sex = 'male')                   as male,
           count(*) filter (where sex <> 'unknown')               as sex_known,
           count(*) filter (where status = 'civilian' and age_class = 'child')     as civilian_child,
           count(*) filter (where status = 'civilian' and age_class <> 'unknown')  as civilian_age_known
    from r
    group by all
),
snaps as (select source, snapshot, is_latest from intermediate.int_register_snapshots)
select a.source, a.snapshot, l.is_latest as is_latest_snapshot,
       a.data_year, a.iso3, a.total, a.killed, a.injured, a.outcome_unknown,
       a.civilian, a.military, a.deminer, a.status_known,
       a.child, a.adult, a.age_known, a.female, a.male, a.sex_known,
       100.0 * a.civilian / nullif(a.status_known, 0)              as civilian_pct,
       100.0 * a.military / nullif(a.status_known, 0)              as military_pct,
       100.0 * a.deminer / nullif(a.status_known, 0)               as deminer_pct,
       100.0 * a.child / nullif(a.age_known, 0)                    as child_pct,
       100.0 * a.civilian_child / nullif(a.civilian_age_known, 0)  as child_pct_of_civilians,
       100.0 * a.female / nullif(a.sex_known, 0)                   as female_pct,
       coalesce(d.synthetic, false)                                as is_synthetic
from agg a
join snaps l on l.source = a.source and l.snapshot = a.snapshot
left join (select source, bool_or(synthetic) as synthetic from audit.record_datasets group by all) d
       on d.source = a.source
order by a.source, a.snapshot, a.data_year, a.iso3
