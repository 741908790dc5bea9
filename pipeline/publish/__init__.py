"""What the pipeline publishes and how a refresh is reviewed: `landmine check` (the data present
holds its contracts, adds up and passes the cross-checks) and `landmine diff` (what a refresh
changed, in Markdown for the pull request)."""
