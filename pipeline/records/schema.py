"""The casualty-record schema, declared once: the mapping's target columns, the source's declared
columns (pipeline/sources/casualty_records.py) and the stored Parquet / raw.casualty_records
columns are all read from FIELDS, so they cannot drift apart."""
from __future__ import annotations

import pyarrow as pa

# name, role, stored type, required, description. role: "record" (a column of the record schema,
# mapped from the file), "derived" (computed from the record), "meta" (where the row came from).
FIELDS = [
    ("source", "record", pa.string(), True, "Dataset the record comes from (the mapping's `dataset`)"),
    ("record_id", "record", pa.string(), True, "The database's identifier of the casualty (not a name)"),
    ("incident_date", "record", pa.date32(), True, "Date of the incident, YYYY-MM-DD after the mapping's date_format"),
    ("data_year", "derived", pa.int32(), False, "Year of the incident"),
    ("country", "record", pa.string(), True, "ISO 3166 alpha-3 code, or the project's code of an 'other area' "
                                             "(pipeline/seeds/record_areas.csv)"),
    ("admin1", "record", pa.string(), False, "First-level administrative area, as the source names it"),
    ("device_type", "record", pa.string(), False, "Device type, in the source's wording"),
    ("outcome", "record", pa.string(), True, "killed, injured or unknown"),
    ("status", "record", pa.string(), True, "civilian, military, deminer or unknown"),
    ("age", "record", pa.int64(), False, "Age in years at the incident, where recorded"),
    ("age_group", "record", pa.string(), False, "child, adult or unknown, where the source gives a group"),
    ("age_class", "derived", pa.string(), False, "child (under 18), adult or unknown"),
    ("sex", "record", pa.string(), True, "female, male or unknown"),
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
