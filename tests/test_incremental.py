"""An ingest into a bucketed dataset reads and rewrites only the buckets of the agencies it touches,
and gives exactly the dataset a full rebuild gives."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from builders import dataset_content

from disclosure.store import layout, partitions, snapshot
from disclosure.store.faults import CHECKPOINTS, CRASH_ENV
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


# --- the add path at scale: proportional lookups, index, log parts, kill -9 --------------------------
def index_rows(data: Path) -> pl.DataFrame | None:
    """The current snapshot's report-id index (report_id, part), or None when it has none."""
    snap = layout.current_snapshot(data)
    manifest = layout.read_manifest(snap)
    if snapshot.INDEX_KEY not in manifest:
        return None
    files = [snap / layout.INDEX_DIR / f"{p}.parquet" for p in manifest[snapshot.INDEX_KEY]["parts"]]
    return pl.read_parquet(files).sort("report_id") if files else pl.DataFrame()


def stored_parts(data: Path) -> pl.DataFrame:
    path = layout.table_paths(data)["reports"]
    return pl.concat(
        [
            pl.read_parquet(f, columns=["report_id"]).with_columns(part=pl.lit(partitions.part_key(f.stem)))
            for f in layout.table_files(path)
        ]
    ).sort("report_id")


def assert_index_complete(data: Path) -> None:
    rows = index_rows(data)
    assert rows is not None, "the snapshot lost its report-id index"
    assert rows.equals(stored_parts(data)), "the index is not exactly the stored reports"


def assert_same(a: Path, b: Path) -> None:
    x, y = content(a), content(b)
    assert x.keys() == y.keys()
    for name in x:
        assert x[name].equals(y[name], null_equal=True), name


def strip_manifest(data: Path) -> None:
    """Make the current snapshot look written by the previous writer (no index, no max ingest_seq)."""
    snap = layout.current_snapshot(data)
    path = snap / layout.MANIFEST_FILE
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.pop(snapshot.INDEX_KEY, None)
    for entry in manifest["tables"]["reports"].values():
        entry.pop(snapshot.MAX_SEQ, None)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    shutil.rmtree(snap / layout.INDEX_DIR, ignore_errors=True)


def edited(src: Path, folder: Path, line: str) -> Path:
    """A real report with one more line: new bytes, same agency and year (a new version)."""
    out = folder / src.name
    out.write_text(src.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return out


def test_synth_writes_a_complete_index(base: Path) -> None:
    assert_index_complete(base)
    manifest = layout.read_manifest(layout.current_snapshot(base))
    assert all(snapshot.MAX_SEQ in e for e in manifest["tables"]["reports"].values())


def test_successive_adds_equal_full_rebuild(base: Path, tmp_path: Path) -> None:
    """New agencies, another year of one of them (R5 pairs), then a new version and an unchanged file;
    the first run of the incremental copy also heals a manifest of the previous writer (scan path)."""
    inc, full = tmp_path / "inc", tmp_path / "full"
    shutil.copytree(base, inc)
    shutil.copytree(base, full)
    strip_manifest(inc)
    assert index_rows(inc) is None
    changed = edited(CORPUS / "pingtan_2022.txt", tmp_path, "（更正版）")
    steps = [ADD[:2], [changed, ADD[2], ADD[0]]]
    for files in steps:
        ingest(inc, files)
        ingest(full, files, **{FULL_ENV: "1"})
        assert_same(inc, full)
        assert_index_complete(inc)
        assert_index_complete(full)
    reports = content(inc)["reports"].filter(~pl.col("synthetic"))
    assert reports.height == 4 and reports["version"].max() == 2
    assert sorted(reports["ingest_seq"].to_list()) == [401, 402, 403, 404]
    log = content(inc)["ingest_log"]
    assert log.filter(pl.col("status") == "unchanged").height == 1
    assert log.equals(content(full)["ingest_log"], null_equal=True)


def test_log_parts_roll_over(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full log part is linked and the run's rows start a new part of the month; rows are all kept."""
    from disclosure.store import incremental
    from disclosure.store import ingest as store_ingest

    data = tmp_path / "log"
    shutil.copytree(base, data)
    before = pl.read_parquet(layout.table_paths(data)["ingest_log"]).height
    old_stems = layout.part_stems(layout.table_paths(data)["ingest_log"])
    monkeypatch.setattr(incremental, "LOG_PART_ROWS", 1)
    store_ingest.run([str(ADD[0])], data, store_ingest.Options(progress=False))
    store_ingest.run([str(ADD[0]), str(ADD[1])], data, store_ingest.Options(progress=False))
    stems = layout.part_stems(layout.table_paths(data)["ingest_log"])
    # Each run started a part of its month (`m<YYYYMM>`, then `m<YYYYMM>-0001`, …); none was rewritten.
    assert set(old_stems) < set(stems) and len(stems) == len(old_stems) + 2, stems
    assert any(s.endswith("-0001") for s in stems), stems
    log = pl.read_parquet(layout.table_paths(data)["ingest_log"])
    assert log.height == before + 3
    assert log.filter(pl.col("status") == "unchanged").height == 1


def test_aliases_survive_an_incremental_ingest(base: Path, tmp_path: Path) -> None:
    from disclosure.store import aliases

    data = tmp_path / "aliases"
    shutil.copytree(base, data)
    aid = pl.read_parquet(layout.table_paths(data)["agencies"])["agency_id"][0]
    aliases.apply(data, f"agency_id,canonical_id\n{aid},ag_canonical_test\n", "test")
    before = aliases.read_overrides(data)
    assert before is not None and before.height == 1
    ingest(data, ADD[2:])
    after = aliases.read_overrides(data)
    assert after is not None and after.equals(before)


@pytest.mark.parametrize("point", CHECKPOINTS)
def test_incremental_add_survives_kill(point: str, base: Path, tmp_path: Path) -> None:
    """kill -9 at every write checkpoint of an incremental commit into a bucketed dataset leaves the
    old dataset (before the pointer switch) or the new one (after), with a complete index; the next
    ingest completes it."""
    done = tmp_path / "done"
    shutil.copytree(base, done)
    ingest(done, ADD[1:])
    data = tmp_path / "data"
    shutil.copytree(base, data)
    old = {k: v for k, v in content(data).items() if k != "ingest_log"}
    new = {k: v for k, v in content(done).items() if k != "ingest_log"}
    proc = subprocess.run(
        [sys.executable, "-m", "disclosure", "ingest", "--quiet", "--data", str(data), *map(str, ADD[1:])],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, CRASH_ENV: point},
    )
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    got = {k: v for k, v in content(data).items() if k != "ingest_log"}
    switched = CHECKPOINTS.index(point) >= CHECKPOINTS.index("current-switched")
    want = new if switched else old
    assert got.keys() == want.keys() and all(got[k].equals(want[k], null_equal=True) for k in got), point
    assert_index_complete(data)
    ingest(data, ADD[1:])
    got = {k: v for k, v in content(data).items() if k != "ingest_log"}
    assert all(got[k].equals(new[k], null_equal=True) for k in new)
    assert_index_complete(data)
    assert not list((data / layout.SNAPSHOTS_DIR).glob(f"{layout.TMP_PREFIX}*"))
