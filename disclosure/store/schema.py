"""Column names and types of every table (docs/DATASET.md), derived from `disclosure.contract`.

Why explicit types: Parquet files written from Python dicts would otherwise infer types per batch
(an all-null column becomes Null, a column of small ints Int32), and DuckDB views in the dashboard
must see the same schema in every snapshot. Counts are nullable Int64 (null is null, never 0);
money is Float64; `cells.value` is Float64 because one column holds counts and money.
"""

from __future__ import annotations

import polars as pl

from disclosure.store.columns import CELL_COLUMNS, CELL_PATHS, FLOAT_PATHS, column_of

__all__ = ["CELL_COLUMNS", "CELL_PATHS", "FLOAT_PATHS", "column_of"]

UTC_US = pl.Datetime("us", "UTC")

REPORT_META: dict[str, pl.DataType] = {
    "report_id": pl.Utf8(),
    "agency_id": pl.Utf8(),
    "agency": pl.Utf8(),
    "year": pl.Int64(),
    "template": pl.Utf8(),
    "scope": pl.Utf8(),
    "level": pl.Utf8(),
    "kind": pl.Utf8(),
    "province": pl.Utf8(),
    "city": pl.Utf8(),
    "county": pl.Utf8(),
    "source_file": pl.Utf8(),
    "source_path": pl.Utf8(),
    "format": pl.Utf8(),
    "pages": pl.Int64(),
    "ocr": pl.Boolean(),
    "ocr_pages": pl.List(pl.Int64()),
    "version": pl.Int64(),
    "n_versions": pl.Int64(),
    "is_current": pl.Boolean(),
    "ingest_seq": pl.Int64(),
    "ingested_at": UTC_US,
    "parsed_at": UTC_US,
    "parser_version": pl.Utf8(),
    "n_errors": pl.Int64(),
    "n_warnings": pl.Int64(),
    "n_not_evaluable": pl.Int64(),
    "n_imputed": pl.Int64(),
    "n_ambiguous": pl.Int64(),
    "n_values": pl.Int64(),
    "accepted": pl.Boolean(),
    "held_reason": pl.Utf8(),
    "report_status": pl.Utf8(),
    "n_missing": pl.Int64(),
    "missing_reasons": pl.Utf8(),
    "synthetic": pl.Boolean(),
}

REPORTS: dict[str, pl.DataType] = {
    **REPORT_META,
    **{col: (pl.Float64() if path in FLOAT_PATHS else pl.Int64()) for col, path in CELL_COLUMNS.items()},
}

# Denormalised on every per-report table so a query never needs a join to filter by agency/year.
_REPORT_KEYS: dict[str, pl.DataType] = {
    "report_id": pl.Utf8(),
    "agency_id": pl.Utf8(),
    "agency": pl.Utf8(),
    "year": pl.Int64(),
    "is_current": pl.Boolean(),
    "synthetic": pl.Boolean(),
}

CELLS: dict[str, pl.DataType] = {
    **_REPORT_KEYS,
    "template": pl.Utf8(),
    "ord": pl.Int64(),
    "section": pl.Utf8(),
    "row": pl.Utf8(),
    "col": pl.Utf8(),
    "path": pl.Utf8(),
    "value": pl.Float64(),
    "raw": pl.Utf8(),
    "page": pl.Int64(),
    "imputed": pl.Boolean(),
    "ambiguous": pl.Boolean(),
    "candidates": pl.List(pl.Float64()),
    "unsplittable": pl.Boolean(),
    "imputed_by": pl.Utf8(),
    "null_reason": pl.Utf8(),
    "label_printed": pl.Utf8(),
    "label_match": pl.Utf8(),
    "label_distance": pl.Int64(),
}

CHECKS: dict[str, pl.DataType] = {
    **_REPORT_KEYS,
    "ord": pl.Int64(),
    "rule": pl.Utf8(),
    "severity": pl.Utf8(),
    "where": pl.Utf8(),
    "expected": pl.Float64(),
    "actual": pl.Float64(),
    "expected_text": pl.Utf8(),
    "actual_text": pl.Utf8(),
    "ok": pl.Boolean(),
    "message": pl.Utf8(),
    "level": pl.Utf8(),
    "related_report_id": pl.Utf8(),
}

PLATFORM_METRICS: dict[str, pl.DataType] = {
    **_REPORT_KEYS,
    "ord": pl.Int64(),
    "platform": pl.Utf8(),
    "account": pl.Utf8(),
    "metric": pl.Utf8(),
    "value": pl.Float64(),
    "qualifier": pl.Utf8(),
    "unit": pl.Utf8(),
    "period": pl.Utf8(),
    "sentence": pl.Utf8(),
    "offset": pl.Int64(),
}

AGENCIES: dict[str, pl.DataType] = {
    "agency_id": pl.Utf8(),
    "agency": pl.Utf8(),
    "level": pl.Utf8(),
    "kind": pl.Utf8(),
    "scope": pl.Utf8(),
    "province": pl.Utf8(),
    "city": pl.Utf8(),
    "county": pl.Utf8(),
    "first_year": pl.Int64(),
    "last_year": pl.Int64(),
    "n_reports": pl.Int64(),
    "synthetic": pl.Boolean(),
}

INGEST_LOG: dict[str, pl.DataType] = {
    "run_id": pl.Utf8(),
    "started_at": UTC_US,
    "seq": pl.Int64(),
    "file": pl.Utf8(),
    "sha256": pl.Utf8(),
    "status": pl.Utf8(),
    "reason": pl.Utf8(),
    "report_id": pl.Utf8(),
    "agency_id": pl.Utf8(),
    "year": pl.Int64(),
    "version": pl.Int64(),
    "seconds": pl.Float64(),
    "synthetic": pl.Boolean(),
}

DICTIONARY: dict[str, pl.DataType] = {
    "column": pl.Utf8(),
    "path": pl.Utf8(),
    "tables": pl.List(pl.Utf8()),
    "label": pl.Utf8(),
    "unit": pl.Utf8(),
    "dtype": pl.Utf8(),
    "section": pl.Utf8(),
    "templates": pl.List(pl.Utf8()),
    "description": pl.Utf8(),
}

# Administrators' corrections of a cell: the printed value stays in `cells`; the revision log says who
# changed which cell, when, from what to what and why. Queries apply the newest revision per cell.
REVISIONS: dict[str, pl.DataType] = {
    "revision_id": pl.Utf8(),
    "report_id": pl.Utf8(),
    "agency_id": pl.Utf8(),
    "agency": pl.Utf8(),
    "year": pl.Int64(),
    "path": pl.Utf8(),
    "old_value": pl.Float64(),
    "new_value": pl.Float64(),
    "reason": pl.Utf8(),
    "who": pl.Utf8(),
    "recorded_at": UTC_US,
}

# Administrators' review of a failed check: confirmed (the report really contradicts itself) or
# dismissed (a parsing artefact), with a note. The check itself is never changed or hidden.
REVIEWS: dict[str, pl.DataType] = {
    "review_id": pl.Utf8(),
    "report_id": pl.Utf8(),
    "agency_id": pl.Utf8(),
    "agency": pl.Utf8(),
    "year": pl.Int64(),
    "rule": pl.Utf8(),
    "where": pl.Utf8(),
    "level": pl.Utf8(),
    "decision": pl.Utf8(),
    "note": pl.Utf8(),
    "who": pl.Utf8(),
    "recorded_at": UTC_US,
}

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "reports": REPORTS,
    "cells": CELLS,
    "checks": CHECKS,
    "platform_metrics": PLATFORM_METRICS,
    "agencies": AGENCIES,
    "ingest_log": INGEST_LOG,
    "dictionary": DICTIONARY,
    "revisions": REVISIONS,
    "reviews": REVIEWS,
}

# Sort order of each table (see docs/DATASET.md for why year first).
SORT_KEYS: dict[str, list[str]] = {
    "reports": ["year", "agency_id", "version", "report_id"],
    "cells": ["year", "agency_id", "report_id", "ord"],
    "checks": ["year", "agency_id", "report_id", "level", "ord"],
    "platform_metrics": ["year", "agency_id", "report_id", "ord"],
    "agencies": ["agency_id"],
    "ingest_log": ["started_at", "run_id", "seq"],
    "dictionary": [],
    "revisions": ["report_id", "path", "recorded_at", "revision_id"],
    "reviews": ["report_id", "rule", "where", "recorded_at", "review_id"],
}


def empty(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMAS[table])


def duckdb_type(dtype: pl.DataType) -> str:
    """The DuckDB type Parquet readers see for a column of this polars type (used where a table has no
    file yet, so that the dashboard's SQL binds against the same columns and types as a real snapshot)."""
    if isinstance(dtype, pl.List):
        inner = dtype.inner
        return f"{duckdb_type(inner() if isinstance(inner, type) else inner)}[]"
    if isinstance(dtype, pl.Datetime):
        return "TIMESTAMPTZ" if dtype.time_zone else "TIMESTAMP"
    names: dict[type[pl.DataType], str] = {
        pl.Utf8: "VARCHAR",
        pl.Int64: "BIGINT",
        pl.Float64: "DOUBLE",
        pl.Boolean: "BOOLEAN",
    }
    for polars_type, name in names.items():
        if dtype == polars_type:
            return name
    raise TypeError(f"no DuckDB type for {dtype}")


def duckdb_columns(table: str) -> str:
    """The column list of `CREATE TABLE <table> (...)` for an empty table of this schema."""
    return ", ".join(f'"{name}" {duckdb_type(dtype)}' for name, dtype in SCHEMAS[table].items())


def conform(df: pl.DataFrame, table: str) -> pl.DataFrame:
    """Select the table's columns in order with their types, adding missing ones as nulls.

    Lets a snapshot written by an older version of the store (fewer columns) be carried forward.
    """
    schema = SCHEMAS[table]
    exprs = []
    for name, dtype in schema.items():
        if name in df.columns:
            exprs.append(pl.col(name).cast(dtype, strict=True))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(name))
    return df.select(exprs)


def from_rows(rows: list[dict], table: str) -> pl.DataFrame:
    """Build a typed frame from row dicts (missing keys → null)."""
    schema = SCHEMAS[table]
    if not rows:
        return empty(table)
    return pl.DataFrame(rows, schema=schema, strict=True, infer_schema_length=None)
