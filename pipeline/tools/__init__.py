"""For developers: the benchmark, the model unit tests, the generated docs."""
