-- materialized: view
-- Casualty records, one row per person, as their mapping read them and validation kept them
-- (raw.casualty_records, a table inside the warehouse, written in the pass that validated them).
-- Already in the standard shape, so nothing is renamed; a view, not a table, so ten million
-- records are not written a second time: the marts aggregate the raw table.
select * from raw.casualty_records
