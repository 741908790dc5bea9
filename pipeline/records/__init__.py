"""Casualty records: one row per person, from national databases, through declared mappings
(mapping.py), validated by GX or streaming SQL (load.py), stored as Parquet (store.py)."""
