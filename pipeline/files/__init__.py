"""Reading and writing files: declared reads, the source manifest, where things live."""
