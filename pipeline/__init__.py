"""Landmine Monitor casualty-data pipeline: ingest, validate, load into DuckDB, report.

Analysts: `from pipeline import connect; con = connect()` gives a read-only connection to the
warehouse; `con.sql("select * from marts.casualties_by_year").df()`."""
import os as _os

_os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

__all__ = ["connect"]


def connect(*args, **kwargs):
    """A read-only connection to the warehouse (pipeline.build.warehouse.connect). Imported on first
    use, so `python -m pipeline` does not pay for DuckDB and pandas when it has nothing to do."""
    from .build.warehouse import connect as _connect  # here: `import pipeline` stays light

    return _connect(*args, **kwargs)
