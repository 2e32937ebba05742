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
