"""What the pipeline publishes and how a refresh is reviewed: `landmine check` (the data present
holds its contracts, adds up and passes the cross-checks), `landmine diff` (what a refresh
changed, in Markdown for the pull request) and `landmine site` (the static site GitHub Pages serves)."""
