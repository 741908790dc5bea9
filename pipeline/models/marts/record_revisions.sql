-- How each snapshot of a register states a year: its total, killed and injured, and the change
-- from the snapshot before it (late reports, corrections, re-coded or removed rows). Snapshots
-- are editions: none replaces another. A year the previous snapshot did not have yet gives NULL
-- previous figures, not 0.
with s as (
    select source, snapshot, data_year, iso3, total, killed, injured, is_synthetic
    from marts.record_casualties
),
snaps as (select source, snapshot, previous_snapshot, snapshot_number from intermediate.int_register_snapshots)
select s.source, s.iso3, s.data_year, s.snapshot, n.snapshot_number, s.total, s.killed, s.injured,
       n.previous_snapshot,
       p.total                          as previous_total,
       s.total - p.total                as change_from_previous,
       s.killed - p.killed              as killed_change,
       s.injured - p.injured            as injured_change,
       s.is_synthetic
from s
join snaps n using (source, snapshot)
left join s p on p.source = s.source and p.iso3 = s.iso3 and p.data_year = s.data_year
             and p.snapshot = n.previous_snapshot
order by s.source, s.iso3, s.data_year, s.snapshot
