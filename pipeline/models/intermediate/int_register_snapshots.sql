-- The snapshots (exports) of each national register: its number in order, the one before it and
-- whether it is the latest. Snapshots are editions; the marts that show "the latest" read this.
with s as (
    select distinct source, coalesce(snapshot, _file) as snapshot from staging.stg_casualty_records
)
select source, snapshot,
       row_number() over (partition by source order by snapshot)          as snapshot_number,
       lag(snapshot) over (partition by source order by snapshot)         as previous_snapshot,
       row_number() over (partition by source order by snapshot desc) = 1 as is_latest
from s
