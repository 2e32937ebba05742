"""Where the dataset lives on disk, and the one function every reader uses to find it.

Layout of a data folder (see docs/DATASET.md):

    data/
      CURRENT                      one line: the name of the current snapshot
      snapshots/<name>/MANIFEST.json   bucket count, polars version, rows + fingerprint of every part
      snapshots/<name>/<table>/<part>.parquet   parts by year × agency bucket (see partitions)
      snapshots/<name>/_report_index/<xx>.parquet   report_id → reports part, by hash prefix (ingest)
      sources/<sha[:2]>/<sha256>.<ext>   content-addressed copies of every ingested file

Why a pointer file and snapshot folders: a reader resolves CURRENT once and then reads files that
are never modified again, and a writer switches to a new snapshot with one atomic `os.replace`, so a
crash at any moment leaves either the old or the new snapshot complete (never a mix).
"""

from __future__ import annotations

import os
from pathlib import Path

# Table names in the order they are written and documented. `dictionary` is the data dictionary
# (field → label/unit/description), stored alongside so SQL-only users have it too.
TABLES: tuple[str, ...] = (
    "reports",
    "cells",
    "checks",
    "platform_metrics",
    "agencies",
    "ingest_log",
    "dictionary",
    "revisions",
    "reviews",
)
# Tables written by administrators (disclosure.admin), never derived from the reports: an ingest
# carries them forward unchanged.
ADMIN_TABLES: tuple[str, ...] = ("revisions", "reviews")

# Tables an administrator edits (not built by ingest): carried forward into every new snapshot that
# does not replace them, so an ingest never loses them (see disclosure/store/aliases.py).
CARRIED_TABLES: tuple[str, ...] = ("agency_aliases",)

CURRENT_FILE = "CURRENT"
SNAPSHOTS_DIR = "snapshots"
SOURCES_DIR = "sources"
TMP_PREFIX = ".tmp-"
MANIFEST_FILE = "MANIFEST.json"
# Inside a snapshot: the report-id index (report_id → `reports` part, by hash prefix; not a table:
# only the ingest reads it, see snapshot.INDEX_KEY).
INDEX_DIR = "_report_index"
FORMAT = 2  # 1: one `<table>.parquet` per snapshot (still readable); 2: part folders + manifest
PART_GLOB = "*.parquet"


class NoDatasetError(FileNotFoundError):
    """The folder holds no dataset yet (no CURRENT pointer)."""


def current_snapshot(data_dir: str | Path) -> Path | None:
    """The folder of the current snapshot, or None when nothing has been ingested yet."""
    data = Path(data_dir)
    try:
        name = (data / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if not name or "/" in name or name.startswith("."):
        raise NoDatasetError(f"{data / CURRENT_FILE}: invalid snapshot name {name!r}")
    snap = data / SNAPSHOTS_DIR / name
    if not snap.is_dir():
        raise NoDatasetError(f"{data / CURRENT_FILE}: points to missing snapshot {name}")
    return snap


def table_paths(data_dir: str | Path) -> dict[str, Path]:
    """Parquet file (or part glob `<table>/*.parquet`) of each table of the *current* snapshot.

    Resolve once per query session: the files it returns are immutable, so a concurrent ingest can
    never change what an open session reads.
    """
    snap = current_snapshot(data_dir)
    if snap is None:
        raise NoDatasetError(
            f"{Path(data_dir)}: no dataset (missing {CURRENT_FILE}); run `disclosure ingest`"
        )
    out: dict[str, Path] = {}
    for t in TABLES:
        if (snap / t).is_dir() and any((snap / t).glob(PART_GLOB)):
            out[t] = snap / t / PART_GLOB  # a glob both DuckDB and polars read as one table
        elif (snap / f"{t}.parquet").exists():
            out[t] = snap / f"{t}.parquet"
    return out


def is_partitioned(path: Path) -> bool:
    """True for a table path of `table_paths` that names a folder of parts (a glob), not one file."""
    return path.name == PART_GLOB


def part_stems(path: Path) -> list[str]:
    """Names (without `.parquet`) of the parts behind a partitioned `table_paths` value, sorted."""
    try:
        names = os.listdir(path.parent)
    except FileNotFoundError:
        return []
    return sorted(n[: -len(".parquet")] for n in names if n.endswith(".parquet") and not n.startswith("."))


def table_files(path: Path) -> list[Path]:
    """The concrete Parquet files behind a `table_paths` value."""
    if not is_partitioned(path):
        return [path]
    folder = path.parent  # names sorted as strings: sorting Paths costs seconds for thousands of parts
    return [folder / f"{stem}.parquet" for stem in part_stems(path)]


def table_exists(path: Path) -> bool:
    """A `table_paths` value that (still) has its file(s) on disk."""
    files = table_files(path)
    return bool(files) and all(f.is_file() for f in files)


_MANIFESTS: dict[tuple[str, int, int], dict] = {}


def read_manifest(snapshot: Path) -> dict | None:
    """The snapshot's manifest, or None for a snapshot written before manifests existed.

    Cached per file (path, size, mtime): a committed manifest is never modified, and a commit reads
    it several times (it lists thousands of parts at national scale). Callers must not mutate it.
    """
    import json

    path = snapshot / MANIFEST_FILE
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _MANIFESTS:
        if len(_MANIFESTS) > 8:
            _MANIFESTS.clear()
        _MANIFESTS[key] = json.loads(path.read_text(encoding="utf-8"))
    return _MANIFESTS[key]


def source_relpath(sha256: str, suffix: str) -> str:
    """Content-addressed path of a stored source, relative to the data folder (POSIX, portable)."""
    ext = suffix.lower() if suffix and len(suffix) <= 8 and suffix[1:].isalnum() else ""
    return f"{SOURCES_DIR}/{sha256[:2]}/{sha256}{ext}"
