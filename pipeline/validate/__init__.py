"""Rules, running them on a file (Great Expectations or SQL), outcomes, reconciliation."""
