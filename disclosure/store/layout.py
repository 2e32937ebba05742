"""Where the dataset lives on disk, and the one function every reader uses to find it.

Layout of a data folder (see docs/DATASET.md):

    data/
      CURRENT                      one line: the name of the current snapshot
      snapshots/<name>/<table>.parquet
      sources/<sha[:2]>/<sha256>.<ext>   content-addressed copies of every ingested file

Why a pointer file and snapshot folders: a reader resolves CURRENT once and then reads files that
are never modified again, and a writer switches to a new snapshot with one atomic `os.replace`, so a
crash at any moment leaves either the old or the new snapshot complete (never a mix).
"""

from __future__ import annotations

from pathlib import Path

# Table names in the order they are written and documented. `dictionary` is the data dictionary
# (field → label/unit/description), stored alongside so SQL-only users have it too.
TABLES: tuple[str, ...] = (
    "reports", "cells", "checks", "platform_metrics", "agencies", "ingest_log", "dictionary",
)

# Tables an administrator edits (not built by ingest): carried forward into every new snapshot that
# does not replace them, so an ingest never loses them (see disclosure/store/aliases.py).
CARRIED_TABLES: tuple[str, ...] = ("agency_aliases",)

CURRENT_FILE = "CURRENT"
SNAPSHOTS_DIR = "snapshots"
SOURCES_DIR = "sources"
TMP_PREFIX = ".tmp-"


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
    """Parquet file of each table of the *current* snapshot, keyed by table name.

    Resolve once per query session: the files it returns are immutable, so a concurrent ingest can
    never change what an open session reads.
    """
    snap = current_snapshot(data_dir)
    if snap is None:
        raise NoDatasetError(f"{Path(data_dir)}: no dataset (missing {CURRENT_FILE}); run `disclosure ingest`")
    return {t: snap / f"{t}.parquet" for t in TABLES if (snap / f"{t}.parquet").exists()}


def source_relpath(sha256: str, suffix: str) -> str:
    """Content-addressed path of a stored source, relative to the data folder (POSIX, portable)."""
    ext = suffix.lower() if suffix and len(suffix) <= 8 and suffix[1:].isalnum() else ""
    return f"{SOURCES_DIR}/{sha256[:2]}/{sha256}{ext}"
