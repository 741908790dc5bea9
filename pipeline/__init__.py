"""Landmine Monitor casualty-data pipeline: ingest, validate, load into DuckDB, report.

Analysts: `from pipeline import connect; con = connect()` gives a read-only connection to the
warehouse; `con.sql("select * from marts.casualties_by_year").df()`."""
import os as _os

_os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

from .warehouse import connect  # noqa: E402

__all__ = ["connect"]
