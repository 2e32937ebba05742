"""How a table is split into part files, so that a commit rewrites only the parts whose rows changed.

Why parts keyed by year and agency bucket: every derived column of a report (version, is_current,
R5/R7, check counts) depends only on the reports of its own agency, and a new report belongs to one
year, so a commit that adds or replaces reports of a few agencies changes the parts of those
agencies' buckets in a few years; every other part is carried forward as a hard link to the previous
snapshot's file (never rewritten, never modified). Year stays the first key because most queries
filter by year; the bucket count is fixed when a dataset is created (stored in its manifest, see
`snapshot`) because changing it means rewriting every part.

A part's fingerprint (row count + an order-independent hash of its rows) tells whether it changed:
comparing fingerprints costs a hash of the new frame, far less than writing it again.
"""

from __future__ import annotations

import polars as pl

# Tables with one row per report (or per cell/check/metric of a report): parts by year × bucket.
PER_REPORT: tuple[str, ...] = ("reports", "cells", "checks", "platform_metrics")
DEFAULT_BUCKETS = 1
MAX_BUCKETS = 4096
SINGLE_PART = "all"


def bucket_expr(buckets: int) -> pl.Expr:
    """Bucket of a row from its agency_id (`ag_` + hex); rows without an agency go to bucket 0."""
    digits = pl.col("agency_id").str.slice(3, 6).str.to_integer(base=16, strict=False)
    return (digits % buckets).fill_null(0).cast(pl.Int64)


def part_names(df: pl.DataFrame, table: str, buckets: int) -> pl.Expr | None:
    """Expression naming each row's part (e.g. `y2024-b003`), or None for a one-part table."""
    if table in PER_REPORT and "year" in df.columns and "agency_id" in df.columns:
        year = pl.col("year").cast(pl.Utf8).fill_null("none")
        return pl.format("y{}-b{}", year, bucket_expr(buckets).cast(pl.Utf8).str.zfill(3))
    if table == "agencies" and "agency_id" in df.columns and buckets > 1:
        return pl.format("b{}", bucket_expr(buckets).cast(pl.Utf8).str.zfill(3))
    if table == "ingest_log" and "started_at" in df.columns:
        return pl.format("m{}", pl.col("started_at").dt.strftime("%Y%m").fill_null("none"))
    return None


def part_key(stem: str) -> str:
    """The part a file belongs to: `y2024-b003+0001` (rows an incremental commit added) → `y2024-b003`.

    A full build writes one file per part, named by the part; an incremental commit may add files
    `<part>+<k>` next to it rather than rewrite it (see store.incremental). Readers read every file.
    """
    return stem.split("+", 1)[0]


def split(df: pl.DataFrame, table: str, buckets: int) -> dict[str, pl.DataFrame]:
    """Part name → rows of that part, in the frame's order. An empty table is one empty part."""
    expr = part_names(df, table, buckets)
    if expr is None or df.height == 0:
        return {SINGLE_PART: df}
    keyed = df.with_columns(expr.alias("__part"))
    out: dict[str, pl.DataFrame] = {}
    for key, part in keyed.partition_by("__part", as_dict=True, maintain_order=True).items():
        out[str(key[0])] = part.drop("__part")
    return dict(sorted(out.items()))


def fingerprint(df: pl.DataFrame) -> str:
    """Row count, columns with types, and the wrapping sum of row hashes (order-independent).

    Seeds are fixed, so the same rows give the same fingerprint in any process of the same polars
    version; the manifest records the version and a different one means "changed" (rewrite).
    """
    header = ",".join(f"{c}:{t}" for c, t in df.schema.items())
    if df.height == 0:
        return f"0|{header}|0"
    total = df.hash_rows(seed=11).to_numpy().sum(dtype="uint64")
    return f"{df.height}|{header}|{int(total) % (1 << 64):016x}"
