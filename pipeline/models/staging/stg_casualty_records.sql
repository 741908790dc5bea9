-- materialized: view
-- Casualty records, one row per person, as their mapping read them and validation kept them
-- (raw.casualty_records is a view over the Parquet files of the build). Already in the standard
-- shape, so nothing is renamed; a view, not a table, so ten million records are never copied
-- into the DuckDB file: the marts aggregate the Parquet.
select * from raw.casualty_records
