"""What the pipeline publishes and how a refresh is reviewed."""
