"""kill -9 of a real `disclosure ingest` at any moment leaves a complete, readable dataset.

Two ways to pick the moment: the process SIGKILLs itself at each named checkpoint of the write
protocol (deterministic, covers every step), and the test SIGKILLs it from outside at several delays
while a write-delay hook slows the write phase down (the way a real crash arrives).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from disclosure.store import layout
from disclosure.store.faults import CHECKPOINTS, CRASH_ENV, DELAY_ENV

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
BASE = ["pingtan_2019.txt", "pingtan_2020.txt"]
NEW = ["pingtan_2021.txt", "zhongning_2024.txt"]
VOLATILE = {"ingested_at", "parsed_at", "started_at", "run_id", "seconds"}


def command(data: Path, files: list[str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "disclosure",
        "ingest",
        "--quiet",
        "--data",
        str(data),
        *[str(CORPUS / f) for f in files],
    ]


def run(data: Path, files: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command(data, files), capture_output=True, text=True, timeout=300, env={**os.environ, **env}
    )


def content(data: Path) -> dict[str, pl.DataFrame]:
    """Every table except the log, without volatile columns, in a canonical row order."""
    out = {}
    for name, path in layout.table_paths(data).items():
        if name == "ingest_log":
            continue
        df = pl.read_parquet(path)
        df = df.drop([c for c in df.columns if c in VOLATILE])
        out[name] = df.sort([c for c, t in df.schema.items() if not isinstance(t, pl.List)], nulls_last=True)
    return out


def same(a: dict[str, pl.DataFrame], b: dict[str, pl.DataFrame]) -> bool:
    return a.keys() == b.keys() and all(a[k].equals(b[k], null_equal=True) for k in a)


def assert_intact(data: Path, before: dict[str, pl.DataFrame], after: dict[str, pl.DataFrame]) -> str:
    """The current dataset is complete and readable, and is either the old or the new one."""
    paths = layout.table_paths(data)
    assert set(paths) == set(layout.TABLES)
    con = duckdb.connect()
    for name, path in paths.items():
        rows = con.execute("SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        assert len(rows) == pl.read_parquet(path).height, name
    got = content(data)
    for folder in (data / layout.SOURCES_DIR).glob("*/*"):
        if not folder.name.startswith(layout.TMP_PREFIX):  # content-addressed files are never partial
            assert hashlib.sha256(folder.read_bytes()).hexdigest() == folder.name.split(".")[0]
    if same(got, before):
        return "old"
    assert same(got, after), "the dataset is neither the previous nor the new one"
    return "new"


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    root = tmp_path_factory.mktemp("crash")
    base = root / "base"
    assert run(base, BASE).returncode == 0
    full = root / "full"
    shutil.copytree(base, full)
    assert run(full, NEW).returncode == 0
    return base, content(base), content(full)


def fresh(base: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(base, data)
    return data


def recover(data: Path, after: dict[str, pl.DataFrame]) -> None:
    """The next ingest after a crash completes and cleans up the crashed run's leftovers."""
    proc = run(data, NEW)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert same(content(data), after)
    snaps = data / layout.SNAPSHOTS_DIR
    assert not list(snaps.glob(f"{layout.TMP_PREFIX}*"))
    assert not list((data / layout.SOURCES_DIR).glob(f"*/{layout.TMP_PREFIX}*"))
    assert not (data / f"{layout.CURRENT_FILE}.tmp").exists()


@pytest.mark.parametrize("point", CHECKPOINTS)
def test_self_kill_at_every_checkpoint(point: str, states: tuple, tmp_path: Path) -> None:
    base, before, after = states
    data = fresh(base, tmp_path)
    proc = run(data, NEW, **{CRASH_ENV: point})
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    which = assert_intact(data, before, after)
    switched = CHECKPOINTS.index(point) >= CHECKPOINTS.index("current-switched")
    assert which == ("new" if switched else "old")
    recover(data, after)


@pytest.mark.parametrize("delay", [0.0, 0.6, 1.5, 2.6, 5.0])
def test_outside_kill_during_write(delay: float, states: tuple, tmp_path: Path) -> None:
    base, before, after = states
    data = fresh(base, tmp_path)
    snaps = data / layout.SNAPSHOTS_DIR
    proc = subprocess.Popen(
        command(data, NEW),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, DELAY_ENV: "0.4"},
    )
    try:
        deadline = time.monotonic() + 120
        while not list(snaps.glob(f"{layout.TMP_PREFIX}*")) and proc.poll() is None:
            assert time.monotonic() < deadline, "the write phase never started"
            time.sleep(0.01)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(60)
    assert_intact(data, before, after)
    recover(data, after)


def test_outside_kill_during_parse(states: tuple, tmp_path: Path) -> None:
    base, before, after = states
    data = fresh(base, tmp_path)
    proc = subprocess.Popen(command(data, NEW), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait(60)
    assert assert_intact(data, before, after) == "old"
    recover(data, after)


# --- incremental commits: a new report writes only the parts it changes ----------------------------
ADDED = ["zhongning_2024.txt"]  # another agency, another year: every part of the base is unchanged


def part_inodes(data: Path) -> dict[tuple[str, str], int]:
    return {
        (name, f.stem): f.stat().st_ino
        for name, path in layout.table_paths(data).items()
        for f in layout.table_files(path)
    }


@pytest.fixture(scope="module")
def grown(states: tuple, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    base = states[0]
    full = tmp_path_factory.mktemp("grown") / "full"
    shutil.copytree(base, full)
    assert run(full, ADDED).returncode == 0
    return base, states[1], content(full)


def test_incremental_commit_writes_only_changed_parts(grown: tuple, tmp_path: Path) -> None:
    base, _before, after = grown
    data = fresh(base, tmp_path)
    old = part_inodes(data)
    assert run(data, ADDED).returncode == 0
    new = part_inodes(data)
    assert same(content(data), after)
    manifest = layout.read_manifest(layout.current_snapshot(data))
    assert set(manifest["tables"]) == set(layout.TABLES)
    for table in ("reports", "cells", "checks", "platform_metrics"):
        kept = {p for (t, p) in old if t == table}
        assert kept and all(new[(table, p)] == old[(table, p)] for p in kept), table  # hard links
        added = {p for (t, p) in new if t == table} - kept
        assert added == {p for p in added if p.startswith("y2024-")} and added, table
    assert new[("dictionary", "all")] == old[("dictionary", "all")]


@pytest.mark.parametrize(
    "point", ["table-written", "tables-written", "current-tmp-written", "current-switched"]
)
def test_incremental_commit_survives_kill(point: str, grown: tuple, tmp_path: Path) -> None:
    base, before, after = grown
    data = fresh(base, tmp_path)
    proc = run(data, ADDED, **{CRASH_ENV: point})
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    got = content(data)
    assert same(got, before if point != "current-switched" else after)
    for path in layout.table_paths(data).values():  # every listed part is readable
        assert pl.read_parquet(path).height == sum(
            pl.read_parquet(f).height for f in layout.table_files(path)
        )
    proc = run(data, ADDED)
    assert proc.returncode == 0, proc.stderr
    assert same(content(data), after)
