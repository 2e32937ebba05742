"""Crash-safe writes: content-addressed sources, immutable snapshots and an atomic pointer switch.

The protocol (every step leaves a complete dataset behind if the process dies right after it):

1. copy new sources to `sources/<sha[:2]>/<sha>.<ext>` via a temporary file + fsync + os.replace
   (an orphan source after a crash is harmless: nothing points to it);
2. write every table into `snapshots/.tmp-<run>/`, fsync each file and the folder;
3. rename the folder to `snapshots/<name>` (atomic on POSIX), fsync `snapshots/`;
4. write `CURRENT.tmp`, fsync, `os.replace` it over `CURRENT`, fsync the data folder — the commit;
5. delete old snapshots beyond the last `keep` and stale `.tmp-*` leftovers of crashed runs.

Readers only follow CURRENT, so before step 4 they see the old dataset and after it the new one.
Each table is a folder of part files (`partitions`): a part whose rows did not change is a hard link
to the previous snapshot's file (never rewritten), so a commit writes only what changed and the
dataset grows in place while every snapshot stays complete and immutable.
A `flock` on the data folder keeps two ingests from interleaving; the kernel drops it if a process dies.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from disclosure.store import layout, partitions
from disclosure.store.faults import CHECKPOINTS, CRASH_ENV, DELAY_ENV, checkpoint

# Write checkpoints: test-only crash/delay hooks, all in disclosure.store.faults.
__all__ = ["CHECKPOINTS", "CRASH_ENV", "DELAY_ENV", "checkpoint"]

# Manifest key of a `reports` part: its largest ingest_seq (None when empty), so the next commit
# finds the next global ingest_seq from the manifest instead of reading every part.
MAX_SEQ = "max_ingest_seq"
# Manifest key of the report-id index (`layout.INDEX_DIR`): report_id → `reports` part, in files by
# the first INDEX_PREFIX hex digits of the id, so an ingest looks up the hashes of its files by
# reading a few small files instead of the report_id column of every part. Present only when the
# writer knows the index is complete for the snapshot (see SnapshotWriter._write_index).
INDEX_KEY = "report_index"
INDEX_PREFIX = 2


class LockedError(RuntimeError):
    """Another ingest holds the data folder."""


class DataLock:
    """Exclusive flock on the data folder itself for the whole ingest.

    Locking the directory rather than a lock file leaves nothing behind in `data/` (which is
    committed), and the kernel releases the lock when the process dies, even by SIGKILL.
    """

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir
        self.fd: int | None = None

    def __enter__(self) -> DataLock:
        self.path.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            self.fd = None
            raise LockedError(f"{self.path}: another ingest is running (the folder is locked)") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def _fsync(path: Path | str, flags: int = os.O_RDONLY) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    _fsync(path, os.O_RDONLY | os.O_DIRECTORY)


def store_source(data_dir: Path, relpath: str, content: bytes) -> None:
    """Write a content-addressed source once (same name ⇒ same bytes, so an existing file is kept)."""
    store_sources(data_dir, [(relpath, content)])


# Threads that write and fsync sources at once: an fsync mostly waits for the disk, and the file
# system's journal commits concurrent ones together (one at a time, 1,000 sources took seconds).
SOURCE_THREADS = 8


def _write_tmp(target: Path, content: bytes) -> Path:
    tmp = target.parent / f"{layout.TMP_PREFIX}{os.getpid()}-{target.name}"
    with open(tmp, "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    checkpoint("source-tmp-written")
    return tmp


def store_sources(data_dir: Path, items: list[tuple[str, bytes]]) -> None:
    """Write content-addressed sources, each once (as `store_source`): every file is written to a
    temporary name and fsynced before it is renamed to its address, and each folder is fsynced after
    its renames, so a crash never leaves a partial file under a content address."""
    targets: dict[Path, bytes] = {}
    for relpath, content in items:
        target = data_dir / relpath
        if target not in targets and not target.exists():
            targets[target] = content
    if not targets:
        return
    for folder in {t.parent for t in targets}:
        folder.mkdir(parents=True, exist_ok=True)
    if len(targets) == 1:
        written = [_write_tmp(*next(iter(targets.items())))]
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(min(SOURCE_THREADS, len(targets))) as pool:
            written = list(pool.map(_write_tmp, targets, targets.values()))
    for tmp, target in zip(written, targets, strict=True):
        os.replace(tmp, target)
    for folder in sorted({t.parent for t in targets}):
        fsync_dir(folder)


class SnapshotWriter:
    """Builds one snapshot folder part by part, then commits it (steps 2–5 of the protocol).

    Each table is a folder of part files (see `partitions`); a part whose fingerprint equals the
    previous snapshot's is a hard link to that file, so a commit writes only what changed. The
    manifest (`MANIFEST.json`: bucket count, polars version, rows and fingerprint of every part) is
    written into the folder before the rename, so it is exactly as atomic as the parts it lists.
    """

    def __init__(
        self, data_dir: Path, name: str, write: Callable[[Any, Path], None], buckets: int | None = None
    ) -> None:
        import polars as pl

        self.data_dir = data_dir
        self.name = name
        self.write = write
        snaps = data_dir / layout.SNAPSHOTS_DIR
        snaps.mkdir(parents=True, exist_ok=True)
        current = layout.current_snapshot(data_dir)
        self.old_dir = current
        self.old = layout.read_manifest(current) if current is not None else None
        same_polars = self.old is not None and self.old.get("polars") == pl.__version__
        old_buckets = int(self.old["buckets"]) if self.old else None
        self.buckets = buckets or old_buckets or partitions.DEFAULT_BUCKETS
        if not 1 <= self.buckets <= partitions.MAX_BUCKETS:
            raise ValueError(f"buckets must be 1..{partitions.MAX_BUCKETS}, got {self.buckets}")
        # Fingerprints are comparable only with the same polars version and the same split.
        self.comparable = same_polars and old_buckets == self.buckets
        self.manifest: dict[str, Any] = {
            "format": layout.FORMAT,
            "buckets": self.buckets,
            "polars": pl.__version__,
            "tables": {},
        }
        self.tmp = snaps / f"{layout.TMP_PREFIX}{name}"
        if self.tmp.exists():
            shutil.rmtree(self.tmp)
        self.tmp.mkdir()
        self.written = 0
        self.linked = 0
        # Largest ingest_seq of old `reports` parts (see incremental.part_max_seq): recorded for a
        # linked part whose manifest entry lacks it (a manifest of an older writer).
        self.max_seq: dict[str, int | None] = {}
        # The report-id index (INDEX_KEY): rows of every `reports` part written here, and how many
        # were linked instead; `index_add` (new ids whose old parts keep all their ids, from an
        # incremental commit) or `index_base` (every id of the previous snapshot, from a scan) let a
        # partly linked commit still write a complete index.
        self._index_rows: list[Any] = []
        self._reports_linked = 0
        self.index_add: Any = None
        self.index_base: Any = None
        # fsyncs of written parts run in threads while the next parts are computed; commit waits
        # for all of them before the manifest (a commit writes hundreds of parts at 2 M reports).
        self._syncs: list[Any] = []
        self._pool: Any = None
        self._folders: set[str] = set()
        checkpoint("sources-staged")

    def _folder(self, table: str) -> Path:
        folder = self.tmp / table
        if table not in self._folders:
            folder.mkdir(exist_ok=True)
            self._folders.add(table)
        return folder

    def _old_part(self, table: str, part: str) -> tuple[Path, dict[str, Any]] | None:
        if self.old_dir is None or self.old is None:
            return None
        entry = self.old.get("tables", {}).get(table, {}).get(part)
        path = self.old_dir / table / f"{part}.parquet"
        return (path, entry) if entry is not None and path.is_file() else None

    def put_part(self, table: str, part: str, df: Any) -> None:
        """Write one part, or hard-link the previous snapshot's file when its rows are the same."""
        target = self._folder(table) / f"{part}.parquet"
        fp = partitions.fingerprint(df)
        old = self._old_part(table, part) if self.comparable else None
        if old is not None and old[1].get("fingerprint") == fp:
            _link(old[0], target)
            self.linked += 1
        else:
            self.write(df, target)
            self._sync_later(target)
            self.written += 1
        entry: dict[str, Any] = {"rows": df.height, "fingerprint": fp}
        if table == "reports" and "report_id" in df.columns:
            import polars as pl

            key = partitions.part_key(part)  # the index names parts, not files (see incremental)
            self._index_rows.append(df.select(pl.col("report_id"), pl.lit(key).alias("part")))
        if table == "reports" and "ingest_seq" in df.columns:
            top = df["ingest_seq"].max()
            entry[MAX_SEQ] = None if top is None else int(top)  # type: ignore[arg-type]
        self.manifest["tables"].setdefault(table, {})[part] = entry

    def _carried(self, table: str, stem: str, entry: dict[str, Any] | None) -> dict[str, Any]:
        """The manifest entry of a linked part (its old entry, plus its max ingest_seq when known)."""
        out: dict[str, Any] = dict(entry) if entry else {"rows": None, "fingerprint": None}
        if table == "reports" and MAX_SEQ not in out and stem in self.max_seq:
            out[MAX_SEQ] = self.max_seq[stem]
        return out

    def link_part(self, table: str, source: Path) -> None:
        """Carry one part of the previous snapshot forward unchanged (hard link, manifest entry kept)."""
        _link(source, self._folder(table) / source.name)
        self.linked += 1
        self._reports_linked += table == "reports"
        entry = (
            (self.old or {}).get("tables", {}).get(table, {}).get(source.stem)
            if source.parent.parent == self.old_dir
            else None
        )
        self.manifest["tables"].setdefault(table, {})[source.stem] = self._carried(table, source.stem, entry)

    def link_parts(self, table: str, folder: Path, stems: list[str]) -> None:
        """`link_part` for many parts of one folder of the previous snapshot (string paths: at
        national scale a commit links thousands of parts, and Path objects cost more than the links)."""
        if not stems:
            return
        target = str(self._folder(table))
        source = str(folder)
        same = folder.parent == self.old_dir
        entries = (self.old or {}).get("tables", {}).get(table, {}) if same else {}
        out = self.manifest["tables"].setdefault(table, {})
        for stem in stems:
            name = stem + ".parquet"
            _link(os.path.join(source, name), os.path.join(target, name))
            out[stem] = self._carried(table, stem, entries.get(stem))
        self.linked += len(stems)
        self._reports_linked += len(stems) if table == "reports" else 0

    def carry_admin_tables(self, given: dict[str, Any]) -> None:
        """Link each administrator's table of the previous snapshot that `given` does not replace."""
        for table in layout.CARRIED_TABLES:
            old = self.old_dir / f"{table}.parquet" if self.old_dir is not None else None
            if table not in given and old is not None and old.is_file():
                _link(old, self.tmp / old.name)

    def put(self, table: str, df: Any) -> None:
        """A whole table: split into parts, each written or linked. An administrator's table
        (`layout.CARRIED_TABLES`: small, edited by hand) stays one `<table>.parquet` file."""
        if table in layout.CARRIED_TABLES:
            target = self.tmp / f"{table}.parquet"
            self.write(df, target)
            _fsync(target)
            self.written += 1
            checkpoint("table-written")
            return
        for part, rows in partitions.split(df, table, self.buckets).items():
            self.put_part(table, part, rows)
        checkpoint("table-written")

    def link_table(self, table: str, path: Path) -> None:
        """A table unchanged since the previous snapshot (`path` as given by `layout.table_paths`)."""
        if table in layout.CARRIED_TABLES:
            _link(path, self.tmp / f"{table}.parquet")
            self.linked += 1
            checkpoint("table-written")
            return
        folder = self._folder(table)
        self._reports_linked += table == "reports"
        source_dir = path.parent if layout.is_partitioned(path) else None
        if source_dir is not None:
            entries = (
                (self.old or {}).get("tables", {}).get(table, {}) if source_dir.parent == self.old_dir else {}
            )
            for file in layout.table_files(path):
                _link(file, folder / file.name)
                self.linked += 1
                self.manifest["tables"].setdefault(table, {})[file.stem] = self._carried(
                    table, file.stem, entries.get(file.stem)
                )
        else:  # a one-file table of a snapshot written before parts existed
            _link(path, folder / f"{partitions.SINGLE_PART}.parquet")
            self.linked += 1
            self.manifest["tables"].setdefault(table, {})[partitions.SINGLE_PART] = {
                "rows": None,
                "fingerprint": None,
            }
        checkpoint("table-written")

    def _write_index(self) -> None:
        """Write the report-id index when it is known to be complete, else leave it out (readers of
        the index then scan `reports`): every `reports` part written here (a full build, synth), or
        the previous complete index (or `index_base`) plus `index_add`, or nothing changed in
        `reports` (all parts linked) and the previous index linked as is."""
        import polars as pl

        old_index: dict[str, Any] | None = (self.old or {}).get(INDEX_KEY)
        if old_index is not None and old_index.get("prefix") != INDEX_PREFIX:
            old_index = None
        base: dict[str, Any] | None
        old_dir = self.old_dir / layout.INDEX_DIR if self.old_dir is not None else None
        key = pl.col("report_id").str.slice(0, INDEX_PREFIX)
        if self._reports_linked == 0 and "reports" in self.manifest["tables"]:
            rows, base = (pl.concat(self._index_rows) if self._index_rows else None), None
        elif self.index_base is not None:
            extra = [self.index_add] if self.index_add is not None else []
            rows, base = pl.concat([self.index_base, *extra]), None
        elif (
            old_index is not None
            and old_dir is not None
            and (self.index_add is not None or not self._index_rows)
        ):
            rows, base = self.index_add, old_index
        else:
            return
        parts: dict[str, Any] = {}
        folder = self._folder(layout.INDEX_DIR)
        fresh = (
            rows.with_columns(key.alias("__p")).partition_by("__p", as_dict=True)
            if rows is not None and rows.height
            else {}
        )
        new_rows = {str(k[0]): v.drop("__p") for k, v in fresh.items()}
        base_parts: dict[str, Any] = base["parts"] if base else {}
        for prefix in sorted(base_parts):
            if prefix not in new_rows and old_dir is not None:
                _link(old_dir / f"{prefix}.parquet", folder / f"{prefix}.parquet")
                parts[prefix] = base_parts[prefix]
        for prefix, df in sorted(new_rows.items()):
            if prefix in base_parts and old_dir is not None:
                df = pl.concat([pl.read_parquet(old_dir / f"{prefix}.parquet"), df])
            df = df.sort("report_id")
            target = folder / f"{prefix}.parquet"
            self.write(df, target)
            self._sync_later(target)
            parts[prefix] = {"rows": df.height}
        self.manifest[INDEX_KEY] = {"prefix": INDEX_PREFIX, "parts": parts}

    def _sync_later(self, path: Path) -> None:
        """fsync `path` in a background thread (an fsync waits for the disk, not the CPU)."""
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(SOURCE_THREADS, thread_name_prefix="fsync")
        self._syncs.append(self._pool.submit(_fsync, path))

    def _wait_syncs(self) -> None:
        """Every written part is on disk (raises the first fsync error) before the manifest is."""
        try:
            for done in self._syncs:
                done.result()
        finally:
            self._syncs = []
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None

    def commit(self, keep: int = 3) -> Path:
        import json

        self._write_index()
        self._wait_syncs()
        for table in self._folders:
            fsync_dir(self.tmp / table)
        manifest = self.tmp / layout.MANIFEST_FILE
        with open(manifest, "w", encoding="utf-8") as fh:
            # One-shot and no indent: the C encoder (a manifest lists thousands of parts at 2 M).
            fh.write(json.dumps(self.manifest, ensure_ascii=False, sort_keys=True))
            fh.flush()
            os.fsync(fh.fileno())
        fsync_dir(self.tmp)
        checkpoint("tables-written")
        snaps = self.data_dir / layout.SNAPSHOTS_DIR
        final = snaps / self.name
        os.rename(self.tmp, final)
        fsync_dir(snaps)
        checkpoint("snapshot-renamed")
        pointer_tmp = self.data_dir / f"{layout.CURRENT_FILE}.tmp"
        with open(pointer_tmp, "w", encoding="utf-8") as fh:
            fh.write(self.name + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        checkpoint("current-tmp-written")
        os.replace(pointer_tmp, self.data_dir / layout.CURRENT_FILE)
        fsync_dir(self.data_dir)
        checkpoint("current-switched")
        collect_garbage(self.data_dir, keep)
        checkpoint("gc-done")
        return final


def _link(source: Path | str, target: Path | str) -> None:
    try:
        os.link(source, target)
    except OSError:  # filesystem without hard links: copy (still never modifies the old file)
        shutil.copyfile(source, target)
        _fsync(target)


def write_snapshot(
    data_dir: Path,
    name: str,
    tables: dict[str, Any],
    write: Callable[[Any, Path], None],
    keep: int = 3,
    buckets: int | None = None,
) -> Path:
    """Write a complete snapshot and make it current. A Path value is hard-linked (unchanged table);
    a frame is split into parts and only the parts that changed are written (see SnapshotWriter).
    An administrator's table (`layout.CARRIED_TABLES`) not given is carried forward from the current
    snapshot, so a writer that does not know it never loses it."""
    writer = SnapshotWriter(data_dir, name, write, buckets)
    writer.carry_admin_tables(tables)
    for table, content in tables.items():
        if isinstance(content, Path):
            writer.link_table(table, content)
        else:
            writer.put(table, content)
    return writer.commit(keep)


def collect_garbage(data_dir: Path, keep: int) -> None:
    """Remove all but the newest `keep` snapshots (never the current one) and leftovers of crashes.

    Only called under the data lock, so a `.tmp-*` found here belongs to a dead process.
    """
    snaps = data_dir / layout.SNAPSHOTS_DIR
    current = layout.current_snapshot(data_dir)
    if not snaps.is_dir():
        return
    for leftover in snaps.glob(f"{layout.TMP_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    sources = data_dir / layout.SOURCES_DIR
    if sources.is_dir():
        for leftover in sources.glob(f"*/{layout.TMP_PREFIX}*"):
            leftover.unlink(missing_ok=True)
    (data_dir / f"{layout.CURRENT_FILE}.tmp").unlink(missing_ok=True)
    done = sorted(
        (p for p in snaps.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.name
    )
    for old in done[: max(0, len(done) - max(1, keep))]:
        if current is not None and old.resolve() == current.resolve():
            continue
        shutil.rmtree(old, ignore_errors=True)
