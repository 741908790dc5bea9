"""The casualty-record schema, declared once: the mapping's target columns, the source's declared
columns (pipeline/sources/casualty_records.py) and the stored columns (raw.casualty_records, a
table in the warehouse; Parquet where a file is asked for) are all read from FIELDS, so they
cannot drift apart."""
from __future__ import annotations

import pyarrow as pa

# name, role, stored type, required, description. role: "record" (a column of the record schema,
# mapped from the file), "derived" (computed from the record), "meta" (where the row came from).
FIELDS = [
    ("source", "record", pa.string(), True, "Dataset the record comes from (the mapping's `dataset`)"),
    ("snapshot", "record", pa.string(), False, "The export the record was read from (its date, YYYY-MM or "
                                               "YYYY-MM-DD, from the file name as the mapping declares): "
                                               "snapshots are editions"),
    ("record_id", "record", pa.string(), False, "The database's identifier of the casualty, where it has one (not "
                                                "a name). Registers without one (Colombia's) leave it NULL: "
                                                "identical rows are distinct people and are all kept"),
    ("incident_date", "record", pa.date32(), False, "Date of the incident, YYYY-MM-DD after the mapping's "
                                                    "date_format, where the source gives a day"),
    ("incident_year", "record", pa.int64(), False, "Year of the incident, where the source gives year and month, "
                                                   "not a day"),
    ("incident_month", "record", pa.int64(), False, "Month of the incident (1-12), where the source gives it "
                                                    "without a day"),
    ("data_year", "derived", pa.int32(), False, "Year of the incident"),
    ("country", "record", pa.string(), True, "ISO 3166 alpha-3 code, or the project's code of an 'other area' "
                                             "(pipeline/seeds/record_areas.csv)"),
    ("admin1", "record", pa.string(), False, "First-level administrative area, as the source names it"),
    ("admin1_code", "record", pa.string(), False, "Its official code (Colombia: DIVIPOLA department, 2 digits)"),
    ("admin2", "record", pa.string(), False, "Second-level area (municipality), as the source names it"),
    ("admin2_code", "record", pa.string(), False, "Its official code (Colombia: DIVIPOLA municipality, 5 digits)"),
    ("device_type", "record", pa.string(), False, "Device type, in the source's wording"),
    ("activity", "record", pa.string(), False, "What the person was doing at the time, in the source's wording"),
    ("outcome", "record", pa.string(), True, "killed, injured or unknown"),
    ("status", "record", pa.string(), True, "civilian, military, deminer or unknown"),
    ("age", "record", pa.int64(), False, "Age in years at the incident, where recorded"),
    ("age_group", "record", pa.string(), False, "child, adult or unknown, where the source gives a group"),
    ("age_class", "derived", pa.string(), False, "child (under 18), adult or unknown"),
    ("sex", "record", pa.string(), True, "female, male or unknown"),
    ("scope_first_year", "record", pa.int64(), False, "First incident year the dataset covers, as its publisher "
                                                      "states (the mapping's first_year)"),
    ("_file", "meta", pa.string(), True, "Raw file the row was read from"),
    ("_row", "meta", pa.int64(), True, "Data row number in that file"),
]

RECORD_FIELDS = [f for f in FIELDS if f[1] == "record"]
RECORD_COLUMNS = [f[0] for f in RECORD_FIELDS]
OUT_COLUMNS = [f[0] for f in FIELDS]
OUT_SCHEMA = pa.schema([(f[0], f[2]) for f in FIELDS])


def text_type(field) -> str:
    """The type a record column is read as before validation (a date stays text until its rules pass)."""
    return "int" if pa.types.is_integer(field[2]) else "str"


TABLE = "raw.casualty_records"
# DuckDB types of the stored columns (raw.casualty_records in the warehouse).
SQL_TYPES = {pa.string(): "VARCHAR", pa.date32(): "DATE", pa.int32(): "INTEGER", pa.int64(): "BIGINT"}
# Columns the records carry only while they are staged (pipeline/records/load.py): the packed
# rule flags of a row (bit i: rule i broken; 0 for a clean row), the row's values as JSON where a
# rule flags it (for the quarantine), the mapping's swapped-headers check terms of the row
# (Mapping.swap_sql) and which validated file (batch) the row came from. Dropped before the
# warehouse is published (pipeline/records/store.py).
HELPERS = [("_flags", "UBIGINT"), ("_q", "VARCHAR"), ("_swap", "UBIGINT"), ("_batch", "BIGINT")]


def create_sql(table: str, helpers: bool = True) -> str:
    """CREATE TABLE for the stored records (`table` already quoted), with the staging helpers."""
    cols = [f'"{f[0]}" {SQL_TYPES[f[2]]}' for f in FIELDS] + ([f'"{n}" {t}' for n, t in HELPERS] if helpers else [])
    return f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(cols)})"
