"""Bounded reading: every limit ends in one clear line `错误: <file>: <reason>` and exit 2, fast.

Inputs are made here: FIFOs, devices, sockets and directories under report names; size limits; HTML
tables with absurd colspan/rowspan values (and real corpus tables with inflated spans, which must
parse to the same numbers); Word tables with absurd gridSpan/gridBefore; PDFs with too many blank
(image-only) pages or one enormous page; file names that are not valid UTF-8.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from disclosure.errors import InputError
from disclosure.pipeline import parse_file
from disclosure.readers import read
from disclosure.readers.html import read_html

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
ONE_LINE = re.compile(r"^错误: .+: .+\n$")


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "disclosure", *args],
        capture_output=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )


def assert_clear_error(proc: subprocess.CompletedProcess, *fragments: str) -> str:
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2, (proc.returncode, err)
    assert ONE_LINE.match(err), err
    assert "Traceback" not in err and "内部错误" not in err
    for f in fragments:
        assert f in err, err
    return err


# --- not a regular file ------------------------------------------------------------------------------


def _special_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    null = tmp_path / "null.html"
    null.symlink_to("/dev/null")
    folder = tmp_path / "folder.docx"
    folder.mkdir()
    sock_path = tmp_path / "sock.txt"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.close()
    return {
        "fifo": (fifo, "FIFO"),
        "zero": (zero, "设备"),
        "null": (null, "设备"),
        "dir": (folder, "目录"),
        "socket": (sock_path, "套接字"),
    }


def test_special_files_are_refused_before_reading(tmp_path: Path) -> None:
    for name, (path, fragment) in _special_files(tmp_path).items():
        t0 = time.monotonic()
        with pytest.raises(InputError) as info:
            read(path)
        assert time.monotonic() - t0 < 2, name  # never blocks on a FIFO or reads /dev/zero forever
        assert fragment in info.value.reason, (name, info.value.reason)
        assert str(info.value).startswith(str(path) + ": ")


def test_cli_parse_refuses_special_files(tmp_path: Path) -> None:
    for path, fragment in _special_files(tmp_path).values():
        assert_clear_error(cli("parse", str(path), timeout=60), str(path), fragment)


# --- size limit -------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["env", "option"])
def test_size_limit_in_parse(tmp_path: Path, how: str) -> None:
    src = CORPUS / "pingtan_2024.txt"
    size_mb = src.stat().st_size / 1048576
    small = f"{size_mb / 2:.6f}"
    if how == "env":
        proc = cli("parse", str(src), env={"DISCLOSURE_MAX_FILE_MB": small})
    else:
        proc = cli("parse", "--max-file-mb", small, str(src))
    assert_clear_error(proc, "文件过大", "--max-file-mb")
    ok = cli("parse", "--json", "--max-file-mb", f"{size_mb * 2:.6f}", str(src))
    assert ok.returncode == 0, ok.stderr.decode()


def test_size_limit_applies_to_the_bytes_actually_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from disclosure.fileio import read_limited

    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 5000)
    assert read_limited(path, limit=5000) == b"a" * 5000
    with pytest.raises(InputError, match="文件过大"):
        read_limited(path, limit=4999)
    monkeypatch.setenv("DISCLOSURE_MAX_FILE_MB", "0.001")  # 1048 bytes
    with pytest.raises(InputError, match="文件过大"):
        read(path)


# --- HTML spans ---------------------------------------------------------------------------------------

HUGE_SPANS = ["2147483648", "4294967297", "65535", "1000", "9" * 5000, "1e9", "-3", "0", " 12abc", "", "0x10"]


def _html_table(colspan: str, rowspan: str = "1") -> bytes:
    return (
        f'<html><body><table><tr><td colspan="{colspan}" rowspan="{rowspan}">标题</td></tr>'
        "<tr><td>规章</td><td>1</td><td>2</td></tr><tr><td>文件</td><td>3</td><td>4</td></tr>"
        "</table></body></html>"
    ).encode()


@pytest.mark.parametrize("span", HUGE_SPANS)
def test_html_colspan_and_rowspan_are_clamped(span: str) -> None:
    for colspan, rowspan in ((span, "1"), ("1", span), (span, span)):
        t0 = time.monotonic()
        doc = read_html("t.html", _html_table(colspan, rowspan), "0" * 64)
        assert time.monotonic() - t0 < 2
        (table,) = [b for b in doc.pages[0].blocks if hasattr(b, "rows")]
        # a rowspan down the whole table pushes the later rows right by its width, as in a browser;
        # that width is clamped to the table's real width (a few slots, never 2^31)
        assert len(table.rows) == 3 and len(table.rows[0]) <= 12, (colspan, rowspan, table.texts())
        assert [c.text for c in table.rows[2]][-2:] == ["3", "4"]


def test_corpus_html_with_inflated_spans_parses_the_same_numbers(tmp_path: Path) -> None:
    src = CORPUS / "shanghai_bgt_2019.html"
    text = src.read_text(encoding="utf-8")
    # The title rows of table 二 (第二十条第（x）项) span its whole width (colspan="5"); inflated to
    # 2^31, clamped to the table's width, they still do and every number stays where it was.
    cut = text.index("三、收到和处理")
    head, n = re.subn(r'colspan="5"', 'colspan="2147483648"', text[:cut])
    assert n >= 4
    inflated = head + text[cut:]
    path = tmp_path / "shanghai_inflated.html"
    path.write_text(inflated, encoding="utf-8")
    want = {c["path"]: c["value"] for c in parse_file(src).to_json()["cells"]}
    got = {c["path"]: c["value"] for c in parse_file(path).to_json()["cells"]}
    assert got == want


def test_html_table_beyond_the_slot_limit_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "wide.html"
    row = "<tr>" + "<td>1</td>" * 600 + "</tr>"
    path.write_text("<html><body><table>" + row * 600 + "</table></body></html>", encoding="utf-8")
    proc = cli("parse", str(path))
    assert_clear_error(proc, "表格过大")


# --- DOCX spans ---------------------------------------------------------------------------------------


def _docx_with(tmp_path: Path, span: str | None, before: str | None) -> Path:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("某县人民政府2024年政府信息公开工作年度报告")
    table = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"{r}{c}"
    tr0 = table.rows[0]._tr
    tc = tr0.tc_lst[0]
    if span is not None:
        pr = tc.get_or_add_tcPr()
        gs = OxmlElement("w:gridSpan")
        gs.set(qn("w:val"), span)
        pr.append(gs)
    if before is not None:
        tr1 = table.rows[1]._tr
        trpr = tr1.get_or_add_trPr()
        gb = OxmlElement("w:gridBefore")
        gb.set(qn("w:val"), before)
        trpr.append(gb)
    path = tmp_path / f"t{span}_{before}.docx"
    document.save(path)
    return path


@pytest.mark.parametrize(
    "span,before",
    [
        ("2147483647", None),
        (None, "2147483647"),
        ("2147483647", "2147483647"),
        ("100000", "5"),
        ("4", "3"),
        ("0", "0"),
        ("-7", "-7"),
    ],
)
def test_docx_gridspan_and_gridbefore_are_clamped(
    tmp_path: Path, span: str | None, before: str | None
) -> None:
    path = _docx_with(tmp_path, span, before)
    t0 = time.monotonic()
    try:
        doc = read(path)
    except InputError as exc:  # python-docx refuses some values outright: still one clear line
        assert "DOCX" in exc.reason
        return
    assert time.monotonic() - t0 < 5
    (table,) = [b for b in doc.pages[0].blocks if hasattr(b, "rows")]
    # at most the 3 grid columns plus the 2 cells a clamped span pushed past them
    assert all(len(r) <= 5 for r in table.rows), [len(r) for r in table.rows]
    assert table.rows[2][0].text == "20"


# --- PDF page and OCR limits ----------------------------------------------------------------------------


def _blank_pdf(path: Path, pages: int, size: tuple[float, float] = (595, 842)) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=size)
    for _ in range(pages):
        c.showPage()
    c.save()
    return path


def test_too_many_image_only_pages(tmp_path: Path) -> None:
    path = _blank_pdf(tmp_path / "blank.pdf", 8)
    proc = cli("parse", str(path), env={"DISCLOSURE_MAX_OCR_PAGES": "5"}, timeout=60)
    assert_clear_error(proc, "OCR", "8 页", "上限 5 页")


def test_huge_page_is_refused_before_rendering(tmp_path: Path) -> None:
    path = _blank_pdf(tmp_path / "huge.pdf", 1, size=(14400, 14400))  # 200 x 200 inch, PDF's maximum
    t0 = time.monotonic()
    proc = cli("parse", str(path), timeout=60)
    assert_clear_error(proc, "过大", "百万像素")
    assert time.monotonic() - t0 < 30


def test_too_many_pages(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "long.pdf"
    c = canvas.Canvas(str(path))
    for i in range(4):
        c.drawString(72, 720, f"page {i} of a long report with text")
        c.showPage()
    c.save()
    assert_clear_error(cli("parse", str(path), env={"DISCLOSURE_MAX_PAGES": "3"}), "页数过多")


# --- file names that are not UTF-8 ---------------------------------------------------------------------


def _bad_name(tmp_path: Path, suffix: str, content: bytes) -> Path:
    path = Path(os.fsdecode(os.fsencode(str(tmp_path)) + b"/\xff\xfe\xc0report" + suffix.encode()))
    path.write_bytes(content)
    return path


def test_non_utf8_file_name_parses(tmp_path: Path) -> None:
    path = _bad_name(tmp_path, ".txt", (CORPUS / "pingtan_2024.txt").read_bytes())
    proc = cli("parse", "--json", os.fsdecode(path))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.decode("utf-8"))
    assert out["source"]["file"] == "\ufffd\ufffd\ufffdreport.txt"
    assert out["year"] == 2024
    summary = cli("parse", os.fsdecode(path))
    assert summary.returncode == 0


def test_non_utf8_file_name_of_a_bad_file_is_one_line(tmp_path: Path) -> None:
    for suffix, content in ((".pdf", b"%PDF-1.4 broken"), (".txt", b""), (".docx", b"PK\x03\x04junk")):
        path = _bad_name(tmp_path, suffix, content)
        assert_clear_error(cli("parse", os.fsdecode(path)), "report")
        path.unlink()
