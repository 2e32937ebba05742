"""Parquet dataset: ingest, versions, atomic snapshots, dataset-level checks (R5, R7).

Readers need only `table_paths(data_dir)` (the Parquet file of each table of the current snapshot);
see docs/DATASET.md for the layout and `disclosure.store.dictionary` for what every column means.
"""

from disclosure.store.layout import table_paths

__all__ = ["table_paths"]
