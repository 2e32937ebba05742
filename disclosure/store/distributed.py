"""Parse on a Dask distributed cluster: the same per-file worker, scheduled across machines.

Why Dask distributed (not Ray): it is pure Python on PyPI with no native runtime to install (Ray ships
a large binary runtime, object store and dashboard), its `LocalCluster` runs the same scheduler and
worker processes on one machine for tests, and `dask-worker` processes on other machines join a
scheduler by address with no further setup. Each Dask task runs `worker.run` for one file, so a
file still gets its own isolated process with the same time and memory limits as a local ingest
(the Dask worker only schedules; a hung or exploding parse kills that child, never the Dask worker).
The rows come back to the ingest process, which writes the snapshot as in a local run: the dataset
is the same whichever engine parsed it.

Files must be readable under the same path on every worker (a shared or network file system);
the sources are copied into the data folder by the ingest process after parsing, as locally.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from disclosure.store import worker

LOCAL_PREFIX = "local:"  # "local:2" = a LocalCluster of 2 worker processes on this machine


def parse_remote(task: worker.Task, timeout: float | None, max_memory_mb: int | None) -> worker.Outcome:
    """Runs on a Dask worker: the local isolated worker for one file (forkserver child per file)."""
    outcomes = list(worker.run([task], 1, timeout, max_memory_mb))
    return outcomes[0]


@contextmanager
def client_for(scheduler: str) -> Iterator[Any]:
    """A Dask client: `local:N` starts (and afterwards stops) a LocalCluster of N processes;
    anything else is a scheduler address such as `tcp://10.0.0.5:8786`."""
    import dask
    from distributed import Client, LocalCluster

    # Dask workers are daemonic by default, and a daemonic process may not start children; the
    # per-file isolation needs them.
    with dask.config.set({"distributed.worker.daemon": False}):
        if scheduler.startswith(LOCAL_PREFIX):
            n = int(scheduler[len(LOCAL_PREFIX) :] or 2)
            with (
                LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
                ) as cluster,
                Client(cluster) as client,
            ):
                yield client
        else:
            with Client(scheduler) as client:
                yield client


def run(
    tasks: Iterable[worker.Task], scheduler: str, timeout: float | None, max_memory_mb: int | None
) -> Iterator[worker.Outcome]:
    """Yield one Outcome per task as the cluster finishes them (like `worker.run`)."""
    from distributed import as_completed

    tasks = list(tasks)
    if not tasks:
        return
    with client_for(scheduler) as client:
        futures = {
            client.submit(
                parse_remote, t, timeout, max_memory_mb, key=f"parse-{t.index}-{t.path}", pure=False
            ): t
            for t in tasks
        }
        for future in as_completed(futures):
            task = futures[future]
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker fails that file only, with its reason
                yield worker.Outcome(
                    task.index,
                    task.path,
                    False,
                    None,
                    f"distributed worker failed: {type(exc).__name__}: {exc}",
                    0.0,
                )
