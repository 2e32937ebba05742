"""Ingest isolation: a file failing at any stage fails alone; the parent never blocks; no orphans.

The hostile batch is made here: real corpus reports next to copies with a cell of 10^19 (above
int64) or of 400 digits, a file name that is not UTF-8, a FIFO, a link to /dev/zero, a directory
with a report name, an empty file and a file over the size limit. The good files must all be
committed, each bad one must be a failure with its reason, and the run must end in bounded time.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import polars as pl
import pytest

from disclosure import contract
from disclosure.contract import Report
from disclosure.errors import InputError
from disclosure.pipeline import parse_file
from disclosure.store import flatten, ingest, layout

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
GOOD = ["pingtan_2019.txt", "pingtan_2024.txt", "shanghai_bgt_2019.html"]


def _html_with_cell(tmp: Path, name: str, value: str) -> Path:
    """The Shanghai report with its 本年新收 总计 cell (859) replaced by `value`."""
    text = (CORPUS / "shanghai_bgt_2019.html").read_text(encoding="utf-8")
    assert text.count(">859<") == 1
    path = tmp / name
    path.write_text(text.replace(">859<", f">{value}<"), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "value",
    ["10000000000000000000", "9223372036854775808", "9007199254740993", "1" + "0" * 30, "-" + "9" * 25],
)
def test_out_of_range_cell_is_a_parse_error(tmp_path: Path, value: str) -> None:
    path = _html_with_cell(tmp_path, "big.html", value)
    try:
        report = parse_file(path)
    except InputError as exc:
        assert "超出" in exc.reason and "requests" in exc.reason, exc.reason
        return
    # The parser may also refuse to read such a token as a number at all: then nothing is out of range.
    assert contract.out_of_range(report) is None
    assert report.requests is not None and report.requests["new"]["total"] != int(value)


def test_in_range_cell_is_kept_exactly(tmp_path: Path) -> None:
    value = 2**53
    report = parse_file(_html_with_cell(tmp_path, "edge.html", str(value)))
    assert report.requests is not None and report.requests["new"]["total"] == value
    assert flatten.flatten(report)["report"]["requests__new__total"] == value


def test_flatten_refuses_values_the_columns_cannot_hold() -> None:
    report = parse_file(CORPUS / "pingtan_2024.txt").to_json()
    for bad in (10**19, 2**63, -(2**63) - 1, 10**400, 2**53 + 1):
        broken = {
            **report,
            "requests": {**report["requests"], "new": {**report["requests"]["new"], "total": bad}},
        }
        with pytest.raises(flatten.ContractError, match="out of range"):
            flatten.flatten(Report.from_json(broken))
    for bad in (float("inf"), float("nan"), 1e300):
        cells = [dict(c) for c in report["cells"]]
        cells[0]["value"] = bad
        with pytest.raises(flatten.ContractError):
            flatten.flatten(Report.from_json({**report, "cells": cells}))


def test_table_build_failure_fails_that_file_only(tmp_path: Path) -> None:
    """A row the typed schema refuses (bypassing the parser's checks) fails its file, not the batch."""
    good = [flatten.flatten(parse_file(CORPUS / f)) for f in GOOD]
    bad = flatten.flatten(parse_file(CORPUS / "pingtan_2021.txt"))
    bad["report"]["requests__new__total"] = 10**19  # what a parser bug could hand over
    results, parsed = [], {}
    for i, rows in enumerate([*good, bad]):
        rid = rows["report"]["report_id"]
        rows["report"]["source_path"] = f"sources/{rid}"
        results.append(ingest.FileResult(i, f"f{i}.txt", sha256=rid, status="parsed", report_id=rid))
        parsed[rid] = rows
    summary = ingest.Summary(run_id="r" * 32, started_at=ingest.datetime.now(ingest.UTC))
    tables = ingest._build_tables(None, {}, ingest.schema.empty("reports"), {}, parsed, results, summary)
    assert [r.status for r in results] == ["ingested"] * 3 + ["failed"]
    assert "table build failed" in results[-1].reason
    assert tables["reports"].height == 3
    assert set(tables["cells"]["report_id"]) == {g["report"]["report_id"] for g in good}


def _hostile_batch(tmp: Path) -> tuple[Path, dict[str, str]]:
    """Good copies plus hostile files; returns the folder and {display name fragment: expected reason}."""
    batch = tmp / "batch"
    batch.mkdir()
    for f in GOOD:
        shutil.copy(CORPUS / f, batch / f)
    expected = {}
    _html_with_cell(batch, "int64_overflow.html", "10000000000000000000")
    _html_with_cell(batch, "digits400.html", "7" * 400)
    expected["int64_overflow.html"] = "超出"
    expected["digits400.html"] = ""  # any reason: parse or range, never a crash of the batch
    bad_name = os.fsencode(str(batch)) + b"/\xff\xfe-2021.txt"
    with open(bad_name, "wb") as fh:
        fh.write((CORPUS / "pingtan_2021.txt").read_bytes())
    os.mkfifo(batch / "pipe.pdf")
    expected["pipe.pdf"] = "FIFO"
    (batch / "zero.txt").symlink_to("/dev/zero")
    expected["zero.txt"] = "设备"
    (batch / "folder.txt").mkdir()  # walked as a folder: holds nothing
    (batch / "empty.txt").write_bytes(b"")
    expected["empty.txt"] = "文件为空"
    (batch / "huge.txt").write_bytes(b"x" * (3 << 20))
    expected["huge.txt"] = "文件过大"
    return batch, expected


def test_hostile_batch_commits_every_good_file(tmp_path: Path) -> None:
    batch, expected = _hostile_batch(tmp_path)
    data = tmp_path / "data"
    t0 = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "disclosure",
            "ingest",
            "--quiet",
            "--data",
            str(data),
            "--timeout",
            "120",
            "--max-file-mb",
            "2",
            str(batch),
        ],
        capture_output=True,
        timeout=400,
        cwd=ROOT,
    )
    assert time.monotonic() - t0 < 400
    out = proc.stdout.decode("utf-8")
    assert proc.returncode == 1, (out, proc.stderr.decode())
    assert "Traceback" not in out + proc.stderr.decode() and "内部错误" not in out
    reports = pl.read_parquet(layout.table_paths(data)["reports"])
    stored = set(reports["source_file"])
    assert {*GOOD, "\ufffd\ufffd-2021.txt"} <= stored, stored
    log = pl.read_parquet(layout.table_paths(data)["ingest_log"])
    failed = {
        Path(r["file"]).name: r["reason"]
        for r in log.filter(pl.col("status") == "failed").iter_rows(named=True)
    }
    for name, fragment in expected.items():
        assert name in failed, (name, failed)
        assert fragment in failed[name], (name, failed[name])
    assert "int64_overflow.html" not in stored and "digits400.html" not in stored


def _marked(mark: str) -> list[int]:
    """Pids of live processes whose environment carries `mark` (the ingest and all it started)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            env = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().split(") ", 1)[1][0]
        except OSError:
            continue
        if mark.encode() in env and state != "Z":
            pids.append(int(entry.name))
    return pids


@pytest.mark.parametrize("fault", ["hang", "alloc"])
def test_workers_die_with_the_ingest_process(tmp_path: Path, fault: str) -> None:
    """kill -9 of only the main ingest process: its forkserver and workers end too, well before
    the per-file timeout (a hung worker would otherwise run on for ever)."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(CORPUS / "pingtan_2019.txt", src / "target_2019.txt")
    mark = f"I12MARK{uuid.uuid4().hex}"
    timeout = 60
    env = {**os.environ, mark: "1", "DISCLOSURE_STORE_FAULT": f"{fault}:target"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "disclosure",
            "ingest",
            "--quiet",
            "--data",
            str(tmp_path / "data"),
            "--timeout",
            str(timeout),
            "--max-memory-mb",
            "0" if fault == "hang" else "4096",
            str(src),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(_marked(mark)) < 3:  # main, forkserver, worker
            time.sleep(0.2)
        assert len(_marked(mark)) >= 3, "the worker never started"
        time.sleep(1.0)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10  # far less than the 60 s timeout
        while time.monotonic() < deadline and _marked(mark):
            time.sleep(0.2)
        assert _marked(mark) == [], "orphans outlived the ingest process"
    finally:
        for pid in _marked(mark):
            os.kill(pid, signal.SIGKILL)
