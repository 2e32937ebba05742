"""Test-only fault hooks of the store: the one place where the ingest can be made to crash on purpose.

Why they exist: the crash tests must show that a SIGKILL at any moment of a write leaves the previous
snapshot intact and that a hung, memory-hungry or killed worker fails only its own file — and no real
report reliably does any of that. Every hook is driven by an environment variable that is unset in
normal use (documented in docs/DATASET.md); with none set, each hook is a no-op.

- `DISCLOSURE_STORE_CRASH_AT=<checkpoint>`: the ingest SIGKILLs itself on reaching that write checkpoint
  (one of CHECKPOINTS);
- `DISCLOSURE_STORE_WRITE_DELAY=<seconds>`: sleeps at every checkpoint, so an outside test can kill the
  process at a moment of its choosing;
- `DISCLOSURE_STORE_FAULT=hang|alloc|die:<name part>`: the parse worker for a file whose name contains
  <name part> hangs, allocates without bound, or dies by SIGKILL.
"""

from __future__ import annotations

import mmap
import os
import signal
import time

CRASH_ENV = "DISCLOSURE_STORE_CRASH_AT"
DELAY_ENV = "DISCLOSURE_STORE_WRITE_DELAY"
FAULT_ENV = "DISCLOSURE_STORE_FAULT"
CHECKPOINTS: tuple[str, ...] = (
    "source-tmp-written",
    "sources-staged",
    "table-written",
    "tables-written",
    "snapshot-renamed",
    "current-tmp-written",
    "current-switched",
    "gc-done",
)


def checkpoint(name: str) -> None:
    """A write checkpoint of the store (snapshot, incremental): sleep and/or die here when asked."""
    delay = os.environ.get(DELAY_ENV)
    if delay:
        time.sleep(float(delay))
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def worker_fault(path: str) -> None:
    """Called by the parse worker before parsing `path`: hang, exhaust memory or die when asked."""
    spec = os.environ.get(FAULT_ENV, "")
    kind, _, needle = spec.partition(":")
    if not needle or needle not in os.path.basename(path):
        return
    if kind == "hang":
        while True:
            time.sleep(3600)
    if kind == "alloc":  # reserve address space without touching pages: fails only under RLIMIT_AS
        hog = []
        while True:
            try:
                hog.append(mmap.mmap(-1, 256 << 20))
            except OSError as exc:
                raise MemoryError(str(exc)) from exc
    if kind == "die":
        os.kill(os.getpid(), signal.SIGKILL)
