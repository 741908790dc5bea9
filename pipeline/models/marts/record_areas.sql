-- The latest snapshot of each register by first-level area (Colombia: department, with its
-- DIVIPOLA code): casualties, outcome, civilians and security forces (status), children, and the
-- shares where known; rank within the register (1 = most casualties). Municipalities stay in
-- raw.casualty_records (admin2, admin2_code) for analysts.
with latest as (
    select source, snapshot from intermediate.int_register_snapshots where is_latest
),
r as (
    select c.* from staging.stg_casualty_records c
    join latest l on l.source = c.source and l.snapshot = coalesce(c.snapshot, c._file)
),
agg as (
    select source, country as iso3, coalesce(admin1, '(not given)') as admin1,
           min(admin1_code)                                       as admin1_code,
           count(*)                                               as total,
           count(*) filter (where outcome = 'killed')             as killed,
           count(*) filter (where outcome = 'injured')            as injured,
           count(*) filter (where status = 'civilian')            as civilian,
           count(*) filter (where status = 'military')            as security_forces,
           count(*) filter (where status <> 'unknown')            as status_known,
           count(*) filter (where age_class = 'child')            as child,
           count(*) filter (where age_class <> 'unknown')         as age_known,
           count(*) filter (where status = 'civilian' and age_class = 'child') as civilian_child,
           count(distinct admin2_code)                            as municipalities,
           min(data_year)                                         as first_year,
           max(data_year)                                         as last_year
    from r
    group by all
)
select a.source, l.snapshot, a.iso3, a.admin1, a.admin1_code, a.total, a.killed, a.injured,
       a.civilian, a.security_forces, a.status_known, a.child, a.age_known, a.civilian_child,
       100.0 * a.civilian / nullif(a.status_known, 0)  as civilian_pct,
       100.0 * a.child / nullif(a.age_known, 0)        as child_pct,
       a.municipalities, a.first_year, a.last_year,
       rank() over (partition by a.source order by a.total desc) as rank_in_register
from agg a
join latest l using (source)
order by a.source, rank_in_register, a.admin1
