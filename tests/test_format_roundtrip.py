"""The same report in another format gives the same numbers back.

hzq2024.pdf is rendered to a real DOCX (Word tables with merged cells) and rasterised to an
image-only PDF (what a scanner produces); shanghai_bgt_2019.html is rendered to DOCX too. Parsing
each rendering must give exactly the `requests`, `active` and `review_litigation` of the original.
The scanned PDF is OCR'd once per test session (~15 s on 2 cores).
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from disclosure.model import Table
from disclosure.pipeline import parse_document, parse_file
from disclosure.readers import read

CORPUS = Path(__file__).parent / "corpus"
sys.path.insert(0, str(Path(__file__).parent))
from builders import build_docx, build_scanned_pdf  # noqa: E402

SCAN_DPI = 200  # a common office-scanner setting
SECTIONS = ("requests", "active", "review_litigation")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory):
    """(Document, seconds per page) of the image-only rendering of hzq2024.pdf."""
    path = build_scanned_pdf(
        CORPUS / "hzq2024.pdf", tmp_path_factory.mktemp("scan") / "hzq2024.pdf", dpi=SCAN_DPI
    )
    start = time.perf_counter()
    doc = read(path)
    return doc, (time.perf_counter() - start) / len(doc.pages)


def _numbers(doc) -> list[list[list[str]]]:
    """The numeric cells of every table, by position: what the parser reads."""
    out = []
    for page in doc.pages:
        for block in page.blocks:
            if isinstance(block, Table):
                out.append(
                    [[c.text for c in row if re.fullmatch(r"[\d.,+-]+", c.text)] for row in block.rows]
                )
    return out


@pytest.mark.slow
def test_scanned_pdf_has_no_text_layer_and_is_ocrd(scanned) -> None:
    doc, _ = scanned
    import pdfplumber

    with pdfplumber.open(doc.path) as pdf:
        assert sum(len(p.chars) for p in pdf.pages) == 0
    assert doc.format == "pdf" and doc.has_pages
    assert doc.ocr_pages == [1, 2, 3, 4, 5]


@pytest.mark.slow
def test_scanned_pdf_tables_come_back_as_grids(scanned) -> None:
    """OCR rebuilds the ruled tables as grids: same pages, same shapes, every number identical."""
    doc, _ = scanned
    original = read(CORPUS / "hzq2024.pdf")
    shape = [
        (b.page, len(b.rows), len(b.rows[0]))
        for p in original.pages
        for b in p.blocks
        if isinstance(b, Table)
    ]
    got = [(b.page, len(b.rows), len(b.rows[0])) for p in doc.pages for b in p.blocks if isinstance(b, Table)]
    assert got == shape
    assert _numbers(doc) == _numbers(original)


@pytest.mark.slow
def test_scanned_pdf_parses_to_the_same_numbers(scanned) -> None:
    doc, _ = scanned
    original = parse_file(CORPUS / "hzq2024.pdf").to_json()
    # parse_document(read(path)) is exactly parse_file(path); reusing the read saves a second OCR run.
    report = parse_document(doc).to_json()
    for key in SECTIONS:
        assert report[key] == original[key], key
    assert report["source"]["ocr"] is True
    assert report["source"]["ocr_pages"] == [1, 2, 3, 4, 5]
    assert report["source"]["pages"] == 5


@pytest.mark.parametrize("source", ["hzq2024.pdf", "shanghai_bgt_2019.html"])
def test_docx_rendering_parses_to_the_same_numbers(tmp_path: Path, source: str) -> None:
    original = parse_file(CORPUS / source).to_json()
    report = parse_file(build_docx(CORPUS / source, tmp_path / (Path(source).stem + ".docx"))).to_json()
    assert report["source"]["format"] == "docx"
    assert report["source"]["ocr"] is False
    for key in SECTIONS:
        assert report[key] == original[key], key
    assert original["requests"]["new"]["total"] is not None


@pytest.mark.slow
def test_scan_with_a_stamped_text_layer_is_still_ocrd(tmp_path: Path) -> None:
    """Publishing systems stamp a page number or header onto scans: a page that is one big image
    with only a few characters of text must still be OCR'd, or its content would be lost."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    src = pdfium.PdfDocument(CORPUS / "hzq2024.pdf")
    image_path = tmp_path / "page5.png"
    src[4].render(scale=SCAN_DPI / 72).to_pil().convert("L").save(image_path)
    src.close()
    path = tmp_path / "stamped.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.drawImage(str(image_path), 0, 0, width=595, height=842)
    c.drawString(280, 20, "- 5 -")
    c.save()
    doc = read(path)
    assert doc.ocr_pages == [1]
    assert "六、其他需要报告的事项" in doc.text()


@pytest.mark.slow
def test_lone_zero_cells_are_read_not_left_blank(tmp_path: Path) -> None:
    """At 300 dpi the text detector misses the isolated "0"s of the 规章 row; the reader must notice
    the ink in those cells and read them, never return a blank where the page prints 0."""
    import pypdfium2 as pdfium

    from disclosure.readers.ocr import ocr_pdf_pages

    scan = build_scanned_pdf(CORPUS / "hzq2024.pdf", tmp_path / "scan300.pdf", dpi=300)
    doc = pdfium.PdfDocument(scan)
    try:
        blocks = ocr_pdf_pages(doc, [2], dpi=300)[2]
    finally:
        doc.close()
    table = next(b for b in blocks if isinstance(b, Table))
    rows = {row[0].text: [c.text for c in row[1:]] for row in table.rows}
    assert rows["规章"] == ["0", "0", "0"]
    assert rows["行政规范性文件"] == ["3", "0", "8"]


@pytest.mark.slow
@pytest.mark.parametrize("angle", [1.5, -2.0])
def test_skewed_scan_gives_the_same_table(tmp_path: Path, angle: float) -> None:
    """Real scans are rarely straight: page 3 turned by a degree or two still gives its grids."""
    import pypdfium2 as pdfium
    from PIL import Image

    src = pdfium.PdfDocument(CORPUS / "hzq2024.pdf")
    page = src[2].render(scale=SCAN_DPI / 72).to_pil().convert("L")
    src.close()
    page = page.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    path = tmp_path / "skewed.pdf"
    page.save(path, "PDF", resolution=float(SCAN_DPI))
    doc = read(path)
    original = read(CORPUS / "hzq2024.pdf")
    expected = [b for b in original.pages[2].blocks if isinstance(b, Table)]
    got = [b for b in doc.pages[0].blocks if isinstance(b, Table)]
    assert [(len(t.rows), len(t.rows[0])) for t in got] == [(len(t.rows), len(t.rows[0])) for t in expected]
    assert _numbers(doc) == [
        [[c.text for c in row if re.fullmatch(r"[\d.,+-]+", c.text)] for row in t.rows] for t in expected
    ]
