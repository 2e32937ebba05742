"""The real `disclosure` command, run as a user runs it (subprocess), on real and broken files."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure.contract import Report

CORPUS = Path(__file__).parent / "corpus"
LEGACY = CORPUS / "legacy"
CONTRACT_KEYS = [
    "agency",
    "year",
    "template",
    "scope",
    "level",
    "kind",
    "region",
    "source",
    "status",
    "active",
    "requests",
    "review_litigation",
    "platform_metrics",
    "checks",
    "cells",
]
REPORTS = [
    "zhongning_2024.txt",
    "hzq2024.pdf",
    "shanghai_bgt_2019.html",
    "pingtan_2019.txt",
    "pingtan_2020.txt",
    "pingtan_2021.txt",
    "pingtan_2022.txt",
    "pingtan_2024.txt",
]


def _exe() -> str:
    beside = Path(sys.executable).parent / "disclosure"
    found = str(beside) if beside.exists() else shutil.which("disclosure")
    assert found, "the `disclosure` console script is not installed (pip install -e .)"
    return found


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "160"}
    return subprocess.run(
        [_exe(), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        cwd=cwd,
        env=env,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], name: str) -> str:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("错误: ")
    assert name in lines[0]
    return lines[0]


# --- JSON ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", REPORTS)
def test_parse_json_is_the_contract_object(name: str) -> None:
    proc = run("parse", CORPUS / name, "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert list(report) == CONTRACT_KEYS
    assert report["source"]["file"] == name
    assert report["template"] in ("2019", "2021")
    assert report["year"] in (2019, 2020, 2021, 2022, 2024)


def test_parse_json_matches_parse_file_exactly() -> None:
    """stdout is exactly the object of `disclosure.pipeline.parse_file`, UTF-8, no ASCII escapes."""
    from disclosure.pipeline import parse_file

    proc = run("parse", CORPUS / "zhongning_2024.txt", "--json")
    assert proc.returncode == 0, proc.stderr
    assert "中宁县人民政府办公室" in proc.stdout  # ensure_ascii=False
    assert "\\u" not in proc.stdout
    assert json.loads(proc.stdout) == json.loads(
        json.dumps(parse_file(CORPUS / "zhongning_2024.txt").to_json())
    )


def test_parse_json_legacy() -> None:
    proc = run("parse", LEGACY / "pingtan_county_2012.txt", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert list(report) == CONTRACT_KEYS
    assert (report["agency"], report["year"], report["template"]) == ("平潭县人民政府", 2012, "legacy")
    assert report["requests"] is None and report["cells"] == []


# --- human summary ---------------------------------------------------------------------------------


def test_summary_shows_agency_tables_and_failed_check() -> None:
    """pingtan_2020: outcome rows add to 27 but （七）总计 says 21 — R2 must be listed as failed."""
    proc = run("parse", CORPUS / "pingtan_2020.txt")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "平潭综合实验区" in out and "2020" in out
    assert "一、本年新收政府信息公开申请数量" in out and "行政复议" in out
    failed = [line for line in out.splitlines() if "R2" in line]
    assert failed, out
    assert any("21" in line and "27" in line for line in failed), failed


def test_summary_blank_is_not_zero() -> None:
    """shanghai_bgt_2019 leaves cells blank; the summary must show a blank differently from 0."""
    proc = run("parse", CORPUS / "shanghai_bgt_2019.html")
    assert proc.returncode == 0, proc.stderr
    assert "上海市人民政府办公厅" in proc.stdout
    assert "—" in proc.stdout or "*" in proc.stdout


# --- bad input -------------------------------------------------------------------------------------


def _bad_files(tmp: Path) -> dict[str, Path]:
    files = {
        "empty.txt": b"",
        "empty.pdf": b"",
        "blob.bin": random.Random(0).randbytes(4096),
        "blob.pdf": random.Random(1).randbytes(4096),
        "page.pdf": b"<!DOCTYPE html><html><head><title>x</title></head><body><p>\xe4\xbd\xa0\xe5\xa5\xbd</p></body></html>",
        "notes.pdf": "这只是一段文字，不是 PDF。\n".encode(),
        "corrupt.pdf": (CORPUS / "hzq2024.pdf").read_bytes()[:3000],
        "garbage_pdf.pdf": b"%PDF-1.7\n" + random.Random(2).randbytes(2048),
        "unrelated.txt": "今天天气很好，我们去公园散步。\n晚上吃饺子。\n".encode(),
    }
    out = {}
    for name, data in files.items():
        p = tmp / name
        p.write_bytes(data)
        out[name] = p
    return out


@pytest.mark.parametrize(
    "name",
    [
        "empty.txt",
        "empty.pdf",
        "blob.bin",
        "blob.pdf",
        "page.pdf",
        "notes.pdf",
        "corrupt.pdf",
        "garbage_pdf.pdf",
    ],
)
def test_bad_input_one_line(tmp_path: Path, name: str) -> None:
    path = _bad_files(tmp_path)[name]
    proc = run("parse", path, "--json")
    assert_one_line_error(proc, name)
    assert proc.returncode == 2, proc.stderr


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert_one_line_error(run("parse", tmp_path / "nope.pdf"), "nope.pdf")
    d = tmp_path / "folder.pdf"
    d.mkdir()
    assert_one_line_error(run("parse", d), "folder.pdf")


def test_unrelated_text_is_not_a_report(tmp_path: Path) -> None:
    path = _bad_files(tmp_path)["unrelated.txt"]
    line = assert_one_line_error(run("parse", path), "unrelated.txt")
    assert "不是政府信息公开工作年度报告" in line


def test_letter_is_not_a_report() -> None:
    proc = run("parse", LEGACY / "pingtan_gongzuoyaodian_2014.txt", "--json")
    line = assert_one_line_error(proc, "pingtan_gongzuoyaodian_2014.txt")
    assert proc.returncode == 2
    assert "不是政府信息公开工作年度报告" in line and line.endswith("函》")


def test_letter_one_line_even_without_table_parser() -> None:
    """Whatever else is missing, the letter never produces a traceback or a report."""
    proc = run("parse", LEGACY / "pingtan_gongzuoyaodian_2014.txt")
    assert_one_line_error(proc, "pingtan_gongzuoyaodian_2014.txt")


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    path = _bad_files(tmp_path)["empty.txt"]
    proc = run("parse", path, "--debug")
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr and "InputError" in proc.stderr


def test_unexpected_exception_is_one_line(tmp_path: Path) -> None:
    """A bug inside the parser still reaches the user as one line naming the file, plus a hint."""
    script = (
        "import disclosure.pipeline as p\n"
        "def boom(path):\n    raise KeyError('requests')\n"
        "p.parse_file = boom\n"
        "from disclosure.cli import main\n"
        "main(['parse', 'some_report.pdf'])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    line = assert_one_line_error(proc, "some_report.pdf")
    assert proc.returncode == 1
    assert "KeyError" in line and "--debug" in line


def test_usage_error_exit_code() -> None:
    proc = run("parse")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


# --- commands --------------------------------------------------------------------------------------


def test_help_lists_commands() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    assert "parse" in proc.stdout and "ingest" in proc.stdout


def test_ingest_is_registered() -> None:
    proc = run("ingest", "--help")
    assert proc.returncode == 0, proc.stderr
    assert "--data" in proc.stdout


def test_python_dash_m() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "disclosure", "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 0 and "parse" in proc.stdout


# --- summary rendering (in-process, on a synthetic contract object) --------------------------------


def _synthetic_report() -> dict:
    from disclosure import contract

    t = "2021"
    requests = {r: {c: 1 for c in contract.REQUEST_COLUMNS} for r in contract.REQUEST_ROW_KEYS}
    requests["carried_in"] = {c: None for c in contract.REQUEST_COLUMNS}
    requests["new"]["total"] = 0  # imputed (see cells)
    requests["granted"]["total"] = None  # ambiguous (see cells)
    return {
        "agency": "测试县人民政府",
        "year": 2023,
        "template": t,
        "scope": "own",
        "level": "county",
        "kind": "government",
        "region": {"province": "福建省", "city": "福州市", "county": "平潭县"},
        "source": {"file": "x.pdf", "sha256": "", "format": "pdf", "pages": 5, "ocr": False, "ocr_pages": []},
        "active": {r: {c: 0 for c in cols} for r, cols in contract.active_schema(t).items()},
        "requests": requests,
        "review_litigation": {g: {c: 0 for c in contract.REVIEW_COLUMNS} for g in contract.REVIEW_GROUPS},
        "platform_metrics": [],
        "checks": [
            {
                "rule": "R2",
                "severity": "error",
                "where": "requests.total",
                "expected": 27,
                "actual": 21,
                "ok": False,
                "message": "办理总计 = 各项办理结果之和",
            },
            {
                "rule": "R1",
                "severity": "error",
                "where": "requests.total",
                "expected": None,
                "actual": None,
                "ok": None,
                "message": "",
            },
            {
                "rule": "R3",
                "severity": "error",
                "where": "requests.new",
                "expected": 6,
                "actual": 6,
                "ok": True,
                "message": "",
            },
        ],
        "cells": [
            {
                "path": "requests.new.total",
                "value": 0,
                "raw": "",
                "page": 3,
                "imputed": True,
                "ambiguous": False,
                "candidates": None,
            },
            {
                "path": "requests.granted.total",
                "value": None,
                "raw": "1234",
                "page": 3,
                "imputed": False,
                "ambiguous": True,
                "candidates": [12, 34],
            },
        ],
    }


def test_render_summary_marks_blank_imputed_ambiguous_and_failed() -> None:
    from rich.console import Console

    from disclosure.cli import render_summary

    console = Console(width=160, record=True, color_system=None)
    render_summary(Report.from_json(_synthetic_report()), console)
    out = console.export_text()
    assert "测试县人民政府" in out and "福建省 / 福州市 / 平潭县" in out
    carried_in = next(line for line in out.splitlines() if "二、上年结转" in line)
    assert carried_in.count("—") == 7 and "0" not in carried_in.split("│", 2)[2]  # blank ≠ 0
    assert "0*" in next(line for line in out.splitlines() if "一、本年新收" in line)
    assert "?" in next(line for line in out.splitlines() if "（一）予以公开" in line)
    assert "原文 “1234”" in out and "12、34" in out
    r2 = next(line for line in out.splitlines() if "R2" in line)
    assert "27" in r2 and "21" in r2
    assert "1 项通过，1 项不符，1 项无法检查" in out
