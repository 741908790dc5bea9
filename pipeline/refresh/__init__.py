"""Refresh: fetch what changed at the sources, validate, then replace; its CLI."""
