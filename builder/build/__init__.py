"""The build stage: which outputs to make, fingerprints, worker processes and atomic writes."""
