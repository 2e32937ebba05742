"""The isolated worker reports its own CPU time next to the wall time (used by bench_ingest --pdf
to tell a slow parse from a worker starved by other load)."""

from __future__ import annotations

from pathlib import Path

from disclosure.store import worker

CORPUS = Path(__file__).parent / "corpus"


def test_outcome_carries_the_workers_cpu_seconds(tmp_path: Path) -> None:
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes((CORPUS / "hzq2024.pdf").read_bytes()[:5000])
    tasks = [worker.Task(0, str(CORPUS / "hzq2024.pdf")), worker.Task(1, str(bad))]
    out = {o.index: o for o in worker.run(tasks, 2, 120.0, 4096)}
    good, failed = out[0], out[1]
    assert good.ok and good.rows is not None
    assert good.cpu_seconds is not None and good.cpu_seconds > 0
    # One single-threaded process: its CPU time cannot exceed the wall time the parent saw by more
    # than the kernel's accounting granularity.
    assert good.cpu_seconds <= good.seconds + 0.05
    assert not failed.ok and "截断" in (failed.reason or "") and failed.cpu_seconds is None


_RUN = """
import json, sys
from disclosure.store import worker
worker.MAX_TASKS_PER_WORKER = int(sys.argv[1])
paths = sys.argv[2:]
out = {o.index: [o.ok, o.reason] for o in worker.run([worker.Task(i, p) for i, p in enumerate(paths)], 1, 20.0, 4096)}
print(json.dumps([out[i] for i in range(len(paths))]))
"""


def _run_batch(tmp_path: Path, names: list[str], fault: str | None, per_worker: int = 64) -> list[list]:
    """worker.run over copies of a corpus report in a fresh interpreter (the fault hook is read from the
    environment the forkserver starts with), one job, so every file after the first reuses a worker."""
    import json
    import os
    import subprocess
    import sys

    paths = []
    for name in names:
        path = tmp_path / name
        path.write_bytes((CORPUS / "pingtan_2024.txt").read_bytes() + name.encode())
        paths.append(str(path))
    env = {k: v for k, v in os.environ.items() if k != "DISCLOSURE_STORE_FAULT"}
    if fault:
        env["DISCLOSURE_STORE_FAULT"] = fault
    proc = subprocess.run(
        [sys.executable, "-c", _RUN, str(per_worker), *paths],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_long_lived_worker_fails_only_the_file_that_kills_it(tmp_path: Path) -> None:
    """The second file kills its worker (which had parsed the first): it is tried once more in a
    fresh worker, still dies, and fails alone; the files before and after it are parsed."""
    out = _run_batch(tmp_path, ["a.txt", "victim.txt", "c.txt"], "die:victim")
    assert [ok for ok, _ in out] == [True, False, True]
    assert "SIGKILL" in out[1][1]


def test_a_hung_file_times_out_and_the_next_file_gets_a_fresh_worker(tmp_path: Path) -> None:
    out = _run_batch(tmp_path, ["a.txt", "victim.txt", "c.txt"], "hang:victim")
    assert [ok for ok, _ in out] == [True, False, True]
    assert "timed out" in out[1][1]


def test_workers_are_replaced_after_their_share_of_files(tmp_path: Path) -> None:
    """Two files per worker: five files need three workers, and every file is parsed."""
    out = _run_batch(tmp_path, [f"f{i}.txt" for i in range(5)], None, per_worker=2)
    assert out == [[True, None]] * 5
