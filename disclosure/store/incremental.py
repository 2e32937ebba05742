"""Read and rewrite only the agency buckets a commit touches (the store grows in place).

Why this is exact: every derived column of a report (version, is_current, R5/R7 dataset checks,
check counts, its `agencies` row) depends only on reports of the same agency_id, and all reports of
an agency lie in one bucket (`partitions.bucket_expr`). So an ingest that adds reports of agencies
A, B reads the parts of their buckets (all years), recomputes those rows with the same code as a full
build (`ingest._build_tables`), writes those parts and hard-links every other part of the previous
snapshot. `--reparse`, a dataset of one bucket, and snapshots without a manifest take the full path.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from disclosure.store import layout, partitions, schema, snapshot

# Set to 1 to force the full rebuild (tests compare both paths; also a way out if a bucket is suspect).
FULL_ENV = "DISCLOSURE_STORE_FULL_REBUILD"
# Tables whose parts are keyed by bucket (the per-report tables, and agencies when buckets > 1).
BUCKETED: tuple[str, ...] = (*partitions.PER_REPORT, "agencies")


@dataclass(frozen=True, slots=True)
class Scope:
    buckets: int
    affected: frozenset[int]


def _bucket(agency_id: str | None, buckets: int) -> int:
    frame = pl.DataFrame({"agency_id": [agency_id]}, schema={"agency_id": pl.Utf8})
    return int(frame.select(partitions.bucket_expr(buckets)).item())


def scope(
    data: Path, old_paths: dict[str, Path], parsed: dict[str, dict[str, Any]], reparse: bool
) -> Scope | None:
    """The buckets this commit touches, or None when the whole dataset must be rebuilt."""
    snap = layout.current_snapshot(data)
    manifest = layout.read_manifest(snap) if snap is not None else None
    if os.environ.get(FULL_ENV) == "1" or reparse or manifest is None or set(old_paths) != set(layout.TABLES):
        return None
    buckets = int(manifest.get("buckets", 1))
    if buckets <= 1 or not all(layout.is_partitioned(old_paths[t]) for t in BUCKETED):
        return None
    affected = frozenset(_bucket(rows["report"].get("agency_id"), buckets) for rows in parsed.values())
    return Scope(buckets, affected)


def _part_bucket(part: str) -> int | None:
    """Bucket of a part name (`y2024-b003` or `b003`), None for parts without one."""
    tail = part.rsplit("-", 1)[-1]
    return int(tail[1:]) if tail.startswith("b") and tail[1:].isdigit() else None


def _files(path: Path, sc: Scope, inside: bool) -> list[Path]:
    return [f for f in layout.table_files(path) if (_part_bucket(f.stem) in sc.affected) == inside]


def read_old(old_paths: dict[str, Path], sc: Scope | None) -> dict[str, pl.DataFrame]:
    """The previous tables: whole (sc None) or, for bucketed tables, only the affected buckets' rows."""
    out: dict[str, pl.DataFrame] = {}
    for name, path in old_paths.items():
        if sc is None or name not in BUCKETED:
            out[name] = pl.read_parquet(path)
        else:
            files = _files(path, sc, inside=True)
            out[name] = pl.read_parquet(files) if files else schema.empty(name)
    return out


def next_seq(old_paths: dict[str, Path]) -> int:
    """The next global ingest_seq (read from the one column over all parts: cheap)."""
    if "reports" not in old_paths:
        return 1
    top = pl.scan_parquet(old_paths["reports"]).select(pl.col("ingest_seq").max()).collect().item()
    return int(top or 0) + 1


def write(
    data: Path,
    name: str,
    tables: dict[str, Any],
    sc: Scope | None,
    old_paths: dict[str, Path],
    write_file: Callable[[Any, Path], None],
    keep: int,
) -> Path:
    """Commit: the recomputed parts written (or linked when unchanged), the untouched buckets linked."""
    if sc is None:
        return snapshot.write_snapshot(data, name, tables, write_file, keep=keep)
    writer = snapshot.SnapshotWriter(data, name, write_file)
    for table, content in tables.items():
        if isinstance(content, Path):
            writer.link_table(table, content)
            continue
        if table in BUCKETED:
            parts = partitions.split(content, table, sc.buckets)
            for part, rows in parts.items():
                if part != partitions.SINGLE_PART or rows.height:
                    writer.put_part(table, part, rows)
            for f in _files(old_paths[table], sc, inside=False):
                writer.link_part(table, f)
            if table not in writer.manifest["tables"]:
                writer.put_part(table, partitions.SINGLE_PART, schema.empty(table))
            snapshot.checkpoint("table-written")
        else:
            writer.put(table, content)
    return writer.commit(keep)
