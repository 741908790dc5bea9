"""One build: ingest, the warehouse, the model graph and contracts, freshness, the lock, cross-dataset checks, the as-of date, the plan."""
