"""An ingest into a bucketed dataset reads and rewrites only the buckets of the agencies it touches,
and gives exactly the dataset a full rebuild gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from builders import dataset_content

from disclosure.store import layout
from disclosure.store.incremental import FULL_ENV
from disclosure.synth import generate

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
ADD = [CORPUS / "pingtan_2021.txt", CORPUS / "pingtan_2022.txt", CORPUS / "zhongning_2024.txt"]


def ingest(data: Path, files: list[Path], **env: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "disclosure", "ingest", "--quiet", "--data", str(data), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


content = dataset_content


def inodes(data: Path) -> dict[tuple[str, str], int]:
    return {
        (n, f.stem): f.stat().st_ino
        for n, p in layout.table_paths(data).items()
        for f in layout.table_files(p)
    }


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("inc") / "base"
    generate(400, out, seed=5, buckets=8)
    return out


def test_incremental_equals_full_rebuild(base: Path, tmp_path: Path) -> None:
    inc, full = tmp_path / "inc", tmp_path / "full"
    shutil.copytree(base, inc)
    shutil.copytree(base, full)
    before = inodes(inc)
    ingest(inc, ADD)
    ingest(full, ADD, **{FULL_ENV: "1"})
    a, b = content(inc), content(full)
    assert a.keys() == b.keys()
    for name in a:
        assert a[name].equals(b[name], null_equal=True), name
    assert a["reports"].height == 403 and a["reports"]["synthetic"].sum() == 400
    # Untouched buckets are the previous files (hard links); the touched ones are new files.
    after = inodes(inc)
    touched = {
        p.rsplit("-", 1)[-1] for (t, p), ino in after.items() if t == "reports" and before.get((t, p)) != ino
    }
    assert 1 <= len(touched) <= 2  # pingtan and zhongning agencies
    kept = [
        k for k in before if k[0] in ("reports", "cells", "checks") and k[1].rsplit("-", 1)[-1] not in touched
    ]
    assert kept and all(after.get(k) == before[k] for k in kept)


def test_incremental_then_again_is_unchanged(base: Path, tmp_path: Path) -> None:
    data = tmp_path / "again"
    shutil.copytree(base, data)
    ingest(data, ADD[:1])
    first = content(data)
    ingest(data, ADD[:1])  # same file: nothing new, only the log grows
    second = content(data)
    assert all(first[n].equals(second[n], null_equal=True) for n in first if n != "ingest_log")
