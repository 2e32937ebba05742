"""Crash-safe writes: content-addressed sources, immutable snapshots and an atomic pointer switch.

The protocol (every step leaves a complete dataset behind if the process dies right after it):

1. copy new sources to `sources/<sha[:2]>/<sha>.<ext>` via a temporary file + fsync + os.replace
   (an orphan source after a crash is harmless: nothing points to it);
2. write every table into `snapshots/.tmp-<run>/`, fsync each file and the folder;
3. rename the folder to `snapshots/<name>` (atomic on POSIX), fsync `snapshots/`;
4. write `CURRENT.tmp`, fsync, `os.replace` it over `CURRENT`, fsync the data folder — the commit;
5. delete old snapshots beyond the last `keep` and stale `.tmp-*` leftovers of crashed runs.

Readers only follow CURRENT, so before step 4 they see the old dataset and after it the new one.
Tables that did not change are hard links to the previous snapshot's files (never rewritten).
A `flock` on the data folder keeps two ingests from interleaving; the kernel drops it if a process dies.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from disclosure.store import layout

# Test hook (documented in docs/DATASET.md): when set to a checkpoint name, the process SIGKILLs
# itself on reaching it; `DISCLOSURE_STORE_WRITE_DELAY=<seconds>` sleeps at every checkpoint so an
# outside test can kill it at a moment of its choosing.
CRASH_ENV = "DISCLOSURE_STORE_CRASH_AT"
DELAY_ENV = "DISCLOSURE_STORE_WRITE_DELAY"
CHECKPOINTS: tuple[str, ...] = (
    "source-tmp-written", "sources-staged", "table-written", "tables-written", "snapshot-renamed",
    "current-tmp-written", "current-switched", "gc-done",
)


def checkpoint(name: str) -> None:
    delay = os.environ.get(DELAY_ENV)
    if delay:
        time.sleep(float(delay))
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


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


def _fsync(path: Path, flags: int = os.O_RDONLY) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    _fsync(path, os.O_RDONLY | os.O_DIRECTORY)


def store_source(data_dir: Path, relpath: str, content: bytes) -> None:
    """Write a content-addressed source once (same name ⇒ same bytes, so an existing file is kept)."""
    target = data_dir / relpath
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f"{layout.TMP_PREFIX}{os.getpid()}-{target.name}"
    with open(tmp, "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    checkpoint("source-tmp-written")
    os.replace(tmp, target)
    fsync_dir(target.parent)


def write_snapshot(
    data_dir: Path,
    name: str,
    tables: dict[str, Any],
    write: Callable[[Any, Path], None],
    keep: int = 3,
) -> Path:
    """Write a complete snapshot and make it current. A Path value is hard-linked (unchanged table)."""
    snaps = data_dir / layout.SNAPSHOTS_DIR
    snaps.mkdir(parents=True, exist_ok=True)
    tmp = snaps / f"{layout.TMP_PREFIX}{name}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    checkpoint("sources-staged")
    current = layout.current_snapshot(data_dir)
    for table in layout.CARRIED_TABLES:  # an administrator's table survives writers that do not know it
        carried = current / f"{table}.parquet" if current is not None else None
        if table not in tables and carried is not None and carried.is_file():
            tables = {**tables, table: carried}
    for table, content in tables.items():
        target = tmp / f"{table}.parquet"
        if isinstance(content, Path):
            try:
                os.link(content, target)
            except OSError:  # filesystem without hard links: copy (still never modifies the old file)
                shutil.copyfile(content, target)
                _fsync(target)
        else:
            write(content, target)
            _fsync(target)
        checkpoint("table-written")
    fsync_dir(tmp)
    checkpoint("tables-written")
    final = snaps / name
    os.rename(tmp, final)
    fsync_dir(snaps)
    checkpoint("snapshot-renamed")
    pointer_tmp = data_dir / f"{layout.CURRENT_FILE}.tmp"
    with open(pointer_tmp, "w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    checkpoint("current-tmp-written")
    os.replace(pointer_tmp, data_dir / layout.CURRENT_FILE)
    fsync_dir(data_dir)
    checkpoint("current-switched")
    collect_garbage(data_dir, keep)
    checkpoint("gc-done")
    return final


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
    done = sorted((p for p in snaps.iterdir() if p.is_dir() and not p.name.startswith(".")),
                  key=lambda p: p.name)
    for old in done[: max(0, len(done) - max(1, keep))]:
        if current is not None and old.resolve() == current.resolve():
            continue
        shutil.rmtree(old, ignore_errors=True)
