"""Parquet dataset: ingest, versions, atomic snapshots, dataset-level checks (R5, R7)."""
