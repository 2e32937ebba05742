"""Ingest on a Dask LocalCluster (2 worker processes) gives the same dataset as the local ingest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from builders import dataset_content

from disclosure.store import layout

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"


def ingest(data: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "disclosure", "ingest", "--quiet", "--data", str(data), *extra, str(CORPUS)],
        capture_output=True,
        text=True,
        timeout=600,
    )


content = dataset_content


def test_dask_ingest_equals_local(tmp_path: Path) -> None:
    local, dask = tmp_path / "local", tmp_path / "dask"
    a = ingest(local)
    b = ingest(dask, "--scheduler", "local:2")
    assert a.returncode == b.returncode == 1, a.stderr + b.stderr  # the corpus has one non-report (a letter)
    left, right = content(local), content(dask)
    assert left.keys() == right.keys() == set(layout.TABLES)
    assert left["reports"].height >= 10
    for name in left:
        assert left[name].equals(right[name], null_equal=True), name
    # Same failure, same reason, whichever engine parsed it.
    fail = [line for line in b.stdout.splitlines() if line.startswith("失败")]
    assert fail == [line for line in a.stdout.splitlines() if line.startswith("失败")] and fail
