"""Fuzzing: mutated real reports of every format, and random bytes fed to every reader.

The only acceptable outcomes are a parse (the contract dict) or the clear error (`InputError`, one
line naming the file), each within a per-example deadline. Mutations start from the corpus: the PDF,
the HTML and the text reports in tests/corpus, and a DOCX built from a corpus report with
python-docx here. Sizes are bounded and examples few, so the whole file stays well under a minute.
OCR is switched off (DISCLOSURE_MAX_OCR_PAGES=0): a mutation that breaks a PDF's text layer must then
end in the OCR page-limit error, which is itself one of the limits under test.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure.errors import InputError
from disclosure.pipeline import parse_document
from disclosure.readers import read_as, read_bytes

CORPUS = Path(__file__).parent / "corpus"
FUZZ = settings(
    max_examples=30,
    deadline=15000,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


@pytest.fixture(autouse=True)
def _no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCLOSURE_MAX_OCR_PAGES", "0")


def _docx_bytes() -> bytes:
    import docx

    from disclosure.model import Table
    from disclosure.readers import read

    source = read(CORPUS / "shanghai_bgt_2019.html")
    document = docx.Document()
    for block in source.pages[0].blocks:
        if isinstance(block, Table):
            rows = block.texts()
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        else:
            document.add_paragraph(block.text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


SEEDS: dict[str, bytes] = {
    "report.pdf": (CORPUS / "hzq2024.pdf").read_bytes(),
    "report.html": (CORPUS / "shanghai_bgt_2019.html").read_bytes(),
    "report.txt": (CORPUS / "pingtan_2021.txt").read_bytes(),
    "zhongning.txt": (CORPUS / "zhongning_2024.txt").read_bytes(),
}


def outcome(data: bytes, name: str) -> str:
    """Read and parse; return "parsed" or "error". Anything else propagates and fails the test."""
    try:
        report = parse_document(read_bytes(data, name)).to_json()
    except InputError as exc:
        assert str(exc).startswith(name + ": ") and "\n" not in str(exc), str(exc)
        return "error"
    assert isinstance(report, dict) and set(report) >= {"agency", "year", "template", "cells", "checks"}
    return "parsed"


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """A few structural mutations of a real file: flips, cuts, insertions, duplicated/deleted slices."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        mutation = draw(st.sampled_from(["flip", "cut", "insert", "dup", "delete", "digits"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if mutation == "flip":
            for _ in range(draw(st.integers(1, 8))):
                i = draw(st.integers(0, len(data) - 1))
                data[i] ^= draw(st.integers(1, 255))
        elif mutation == "cut":
            del data[at:]
        elif mutation == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif mutation == "dup":
            n = draw(st.integers(1, 2048))
            data[at:at] = data[at : at + n]
        elif mutation == "delete":
            del data[at : at + draw(st.integers(1, 4096))]
        else:  # a run of digits, the parser's hardest input (bounded length)
            data[at:at] = b"9" * draw(st.integers(1, 60))
        if not data:
            break
    return bytes(data)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_mutated_corpus_files(name: str) -> None:
    seed = SEEDS[name]
    assert outcome(seed, name) == "parsed"
    seen: list[str] = []

    @FUZZ
    @given(mutated(seed))
    def run(data: bytes) -> None:
        seen.append(outcome(data, name))

    run()
    assert "parsed" in seen, seen  # the mutations exercise the parser, not only the early refusals


def test_mutated_docx() -> None:
    seed = _docx_bytes()
    assert outcome(seed, "report.docx") == "parsed"

    @FUZZ
    @given(mutated(seed))
    def run(data: bytes) -> None:
        outcome(data, "report.docx")

    run()


def _docx_with_body(xml: bytes) -> bytes:
    """A DOCX package whose word/document.xml is `xml` (the rest copied from a real document)."""
    src = zipfile.ZipFile(io.BytesIO(_DOCX))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            out.writestr(item, xml if item.filename == "word/document.xml" else src.read(item.filename))
    return buf.getvalue()


_DOCX = _docx_bytes()
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PREFIXES = {"pdf": b"%PDF-1.7\n", "html": b"<html><body><table><tr><td colspan=", "txt": "年度报告 ".encode()}


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "txt"])
def test_random_bytes_to_every_reader(fmt: str) -> None:
    @FUZZ
    @given(st.binary(max_size=4096), st.booleans())
    def run(junk: bytes, with_magic: bool) -> None:
        if fmt == "docx":
            body = (
                b"<w:document " + _W + b"><w:body>" + junk.replace(b"\x00", b"") + b"</w:body></w:document>"
            )
            data = _docx_with_body(body) if with_magic else junk
        else:
            data = (PREFIXES[fmt] + junk) if with_magic else junk
        try:
            doc = read_as(fmt, data, f"random.{fmt}")
        except InputError as exc:
            assert str(exc).startswith(f"random.{fmt}: ")
            return
        try:
            parse_document(doc)
        except InputError:
            pass

    run()


def test_random_bytes_through_sniffing() -> None:
    @FUZZ
    @given(st.binary(min_size=0, max_size=8192), st.sampled_from([".pdf", ".docx", ".html", ".txt", ""]))
    def run(data: bytes, suffix: str) -> None:
        outcome(data, "blob" + suffix)

    run()


def test_fuzz_does_not_leak_environment() -> None:
    assert os.environ.get("DISCLOSURE_MAX_OCR_PAGES") == "0"  # the autouse fixture is active
