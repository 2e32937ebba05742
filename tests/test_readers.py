"""Readers against the real corpus: every file reads, and the structure the parser relies on is there."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pytest

from disclosure.model import Line, Table
from disclosure.readers import read

CORPUS = Path(__file__).parent / "corpus"
sys.path.insert(0, str(Path(__file__).parent))
from builders import build_docx  # noqa: E402

ALL_FILES = sorted(
    p for p in [*CORPUS.iterdir(), *(CORPUS / "legacy").iterdir()] if p.suffix in {".pdf", ".html", ".txt"}
)
FORMATS = {".pdf": "pdf", ".html": "html", ".txt": "txt"}


def tables(doc) -> list[Table]:
    return [b for page in doc.pages for b in page.blocks if isinstance(b, Table)]


def lines(doc) -> list[Line]:
    return [b for page in doc.pages for b in page.blocks if isinstance(b, Line)]


def grid(table: Table) -> list[list[tuple[str, bool]]]:
    return [[(c.text, c.origin) for c in row] for row in table.rows]


@pytest.fixture(scope="module")
def hzq():
    return read(CORPUS / "hzq2024.pdf")


@pytest.fixture(scope="module")
def shanghai():
    return read(CORPUS / "shanghai_bgt_2019.html")


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_corpus_file_reads(path: Path) -> None:
    doc = read(path)
    assert doc.format == FORMATS[path.suffix]
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.path == str(path)
    assert "政府信息公开" in doc.text()
    for table in tables(doc):  # every grid is rectangular
        assert len({len(row) for row in table.rows}) == 1


# --- PDF text layer ----------------------------------------------------------------------------


def test_pdf_pages_and_provenance(hzq) -> None:
    assert hzq.has_pages and [p.number for p in hzq.pages] == [1, 2, 3, 4, 5]
    assert hzq.ocr_pages == []
    for page in hzq.pages:
        for block in page.blocks:
            assert block.page == page.number
    assert sorted({t.page for t in tables(hzq)}) == [2, 3, 4]


def test_pdf_narrative_is_lines_not_tables(hzq) -> None:
    """The white rectangles painted behind each text line must not become a one-column table."""
    assert all(len(t.rows[0]) > 1 for t in tables(hzq))
    page1 = [b.text for b in hzq.pages[0].blocks]
    assert all(isinstance(b, Line) for b in hzq.pages[0].blocks)
    assert any("2024 年政府信息公开工作年度报告" in t for t in page1)
    assert any("信息公开申请 17 件" in t for t in page1)


def test_pdf_section3_table_breaks_across_pages(hzq) -> None:
    """Table 3 stays two Table blocks (pages 3 and 4), each with the 7 value columns."""
    p3 = next(t for t in tables(hzq) if t.page == 3 and any("本年新收" in c.text for c in t.rows[3]))
    p4 = next(
        t for t in tables(hzq) if t.page == 4 and any("（七）总计" in c.text for r in t.rows for c in r)
    )
    assert len(p3.rows[0]) == 10 and len(p4.rows[0]) == 10
    header = [c.text for c in p3.rows[2][4:9]]
    assert header == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    new = next(r for r in p3.rows if "本年新收" in r[0].text)
    assert [c.text for c in new[3:]] == ["95", "0", "0", "0", "0", "0", "95"]
    unable = next(r for r in p3.rows if "本机关不掌握" in r[2].text)
    assert [c.text for c in unable[3:]] == ["31", "0", "0", "0", "0", "0", "31"]
    total = next(r for r in p4.rows if r[1].text == "（七）总计")
    assert [c.text for c in total[3:]] == ["95", "0", "0", "0", "0", "0", "95"]
    # The label typo of the source survives untouched.
    assert any(r[2].text == "2.其他法律行政止公开" for r in p3.rows)


def test_pdf_merged_cells_copy_text_and_blank_stays_blank(hzq) -> None:
    p3 = next(t for t in tables(hzq) if t.page == 3 and len(t.rows[0]) == 10)
    column0 = [(c.text, c.origin) for c in (r[0] for r in p3.rows[5:])]
    assert column0[0] == ("三、本年度办理结果", True)
    assert all(cell == ("三、本年度办理结果", False) for cell in column0[1:])
    # 申请人情况 spans the 7 value columns of the first header row.
    assert grid(p3)[0][3:] == [("申请人情况", True)] + [("申请人情况", False)] * 6
    # （六）其他处理 has no sub-label: that slot is a real, empty cell, not a missing one.
    p4 = next(t for t in tables(hzq) if t.page == 4 and len(t.rows[0]) == 10)
    other = next(r for r in p4.rows if r[1].text == "（六）其他处理")
    assert (other[2].text, other[2].origin) == ("", True)


def test_pdf_section4_one_row_of_15(hzq) -> None:
    t = next(t for t in tables(hzq) if len(t.rows[0]) == 15)
    assert [c.text for c in t.rows[-1]] == "1 1 0 0 2 1 0 0 0 1 2 0 1 0 3".split()


# --- HTML ----------------------------------------------------------------------------------------


def _nbsp_cells(html: str) -> int:
    """Cells whose only content is &nbsp; (optionally inside one <p>), counted on the raw source."""
    return len(re.findall(r"<td[^>]*>\s*(?:<p[^>]*>)?\s*&nbsp;\s*(?:</p>)?\s*</td>", html))


def test_html_tables_and_blank_cells(shanghai) -> None:
    ts = tables(shanghai)
    assert len(ts) == 3
    assert all(t.page is None for t in ts) and not shanghai.has_pages
    t3 = ts[2]
    assert [c.text for c in t3.rows[-1]] == ["5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", ""]
    source = (CORPUS / "shanghai_bgt_2019.html").read_text(encoding="utf-8")
    blanks = sum(1 for t in ts for row in t.rows for c in row if c.origin and c.text == "")
    assert blanks == _nbsp_cells(source) > 0


def test_html_rowspan_colspan_expanded(shanghai) -> None:
    t2 = tables(shanghai)[1]
    assert len(t2.rows) == 26 and len(t2.rows[0]) == 10
    # The rowspan=3, colspan=3 note cell covers 9 slots, origin only at the top-left.
    covered = [t2.rows[r][c] for r in range(3) for c in range(3)]
    assert covered[0].origin and not any(c.origin for c in covered[1:])
    assert len({c.text for c in covered}) == 1 and "勾稽关系" in covered[0].text
    new = next(r for r in t2.rows if r[0].text.startswith("一、本年新收"))
    assert [c.text for c in new[3:]] == ["821", "35", "", "", "2", "1", "859"]
    # <br> inside a cell joins without a space between Chinese characters.
    assert tables(shanghai)[0].rows[1][1].text == "本年新制作数量"


def test_html_lines_and_no_script(shanghai) -> None:
    texts = [b.text for b in lines(shanghai)]
    assert texts[0] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert "三、收到和处理政府信息公开申请情况" in texts


@pytest.mark.parametrize(
    "encoding,declare",
    [("gb18030", "gb18030"), ("gbk", "gbk"), ("gbk", "gb2312"), ("gb18030", None), ("utf-8", None)],
)
def test_html_encodings_read_identically(
    tmp_path: Path, shanghai, encoding: str, declare: str | None
) -> None:
    source = (CORPUS / "shanghai_bgt_2019.html").read_text(encoding="utf-8")
    source = source.replace('<meta charset="utf-8">', f'<meta charset="{declare}">' if declare else "")
    source += "<script>var x = '不应出现';</script><style>p {color: red}</style>"
    path = tmp_path / f"copy-{encoding}.html"
    path.write_bytes(source.encode(encoding))
    doc = read(path)
    assert [grid(t) for t in tables(doc)] == [grid(t) for t in tables(shanghai)]
    assert [b.text for b in lines(doc)] == [b.text for b in lines(shanghai)]


def test_html_http_equiv_declaration(tmp_path: Path) -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
        "<body><p>平潭综合实验区</p><div>第一行<br>第二行</div>"
        "<table><tr><td rowspan=2>甲</td><td>&nbsp;</td></tr><tr><td>0</td></tr></table></body></html>"
    )
    path = tmp_path / "page.htm"
    path.write_bytes(html.encode("gbk"))
    doc = read(path)
    assert [b.text for b in lines(doc)] == ["平潭综合实验区", "第一行", "第二行"]
    assert grid(tables(doc)[0]) == [[("甲", True), ("", True)], [("甲", False), ("0", True)]]


# --- plain text ----------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_text_encodings_read_identically(tmp_path: Path, encoding: str) -> None:
    original = CORPUS / "zhongning_2024.txt"
    text = original.read_text(encoding="utf-8")
    path = tmp_path / f"copy-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    doc = read(path)
    assert doc.format == "txt" and not doc.has_pages
    expected = text[:-1] if text.endswith("\n") else text  # the final newline ends a line, adds none
    assert doc.text() == expected
    assert all(b.page is None for b in lines(doc))
    assert len(lines(doc)) == len(expected.split("\n"))


def test_text_keeps_blank_lines_and_leading_spaces() -> None:
    doc = read(CORPUS / "zhongning_2024.txt")
    texts = [b.text for b in lines(doc)]
    assert texts[0] == " 中宁县人民政府办公室"  # page breaks are marked by a leading space in this file
    assert "" in texts


def test_sniff_ignores_missing_or_unknown_extension(tmp_path: Path) -> None:
    for src, fmt in (("hzq2024.pdf", "pdf"), ("shanghai_bgt_2019.html", "html"), ("pingtan_2024.txt", "txt")):
        for name in ("noext", "file.dat"):
            path = tmp_path / f"{fmt}-{name}"
            path.write_bytes((CORPUS / src).read_bytes())
            assert read(path).format == fmt


def test_text_with_angle_brackets_is_not_html() -> None:
    """zhongning quotes 《…<中华人民共和国政府信息公开工作年度报告格式>…》: still plain text."""
    assert "<中华人民共和国" in (CORPUS / "zhongning_2024.txt").read_text(encoding="utf-8")
    assert read(CORPUS / "zhongning_2024.txt").format == "txt"


# --- DOCX ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["shanghai_bgt_2019.html", "hzq2024.pdf"])
def test_docx_rendering_reads_back_the_same_grids(tmp_path: Path, source: str) -> None:
    original = read(CORPUS / source)
    doc = read(build_docx(CORPUS / source, tmp_path / "report.docx"))
    assert doc.format == "docx" and not doc.has_pages
    assert [grid(t) for t in tables(doc)] == [grid(t) for t in tables(original)]
    assert [b.text for b in lines(doc)] == [b.text for b in lines(original)]


def test_docx_vmerge_and_gridspan(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("标题")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(2, 0)).text = "纵向"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "横向"
    t.cell(1, 1).text = "5"
    t.cell(2, 2).text = "0"
    d.add_paragraph("第一行")
    path = tmp_path / "m.docx"
    d.save(str(path))
    doc = read(path)
    assert [type(b).__name__ for b in doc.pages[0].blocks] == ["Line", "Table", "Line"]
    assert grid(tables(doc)[0]) == [
        [("纵向", True), ("横向", True), ("横向", False)],
        [("纵向", False), ("5", True), ("", True)],
        [("纵向", False), ("", True), ("0", True)],
    ]


# --- PDF: PDFium extraction cross-checked against pdfminer -----------------------------------------


def _pdfminer_blocks(path: Path) -> list[list[tuple]]:
    """The same page layout computed from pdfminer's characters and edges (via pdfplumber), as an
    independent reference for the PDFium extraction the reader uses."""
    import pdfplumber

    from disclosure.readers.pdf import layout_page

    def is_rule(o) -> bool:  # noqa: ANN001
        if o.get("object_type") != "rect" or o.get("stroke"):
            return True
        return (o["x1"] - o["x0"]) <= 2 or (o["bottom"] - o["top"]) <= 2

    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            blocks = layout_page(chars, page.filter(is_rule).edges, page.page_number, page.bbox)
            out.append([_key(b) for b in blocks])
    return out


def _key(block) -> tuple:  # noqa: ANN001
    if isinstance(block, Table):
        return ("table", block.page, tuple(tuple((c.text, c.origin) for c in r) for r in block.rows))
    return ("line", block.page, block.text)


def _reportlab_table_pdf(path: Path) -> Path:
    """A two-page PDF with a Chinese ruled table whose label cells span rows and columns."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as RLTable

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16)
    data = [
        ["信息内容", "", "自然人", "总计"],
        ["三、本年度办理结果", "（一）予以公开", "50", "50"],
        ["", "（二）部分公开", "", "9"],
        ["四、结转下年度继续办理", "", "0", "0"],
    ]
    table = RLTable(data, colWidths=[120, 120, 60, 60])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("SPAN", (0, 0), (1, 0)),
                ("SPAN", (0, 1), (0, 2)),
                ("SPAN", (0, 3), (1, 3)),
            ]
        )
    )
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    doc.build(
        [
            Paragraph("2024年某某县人民政府信息公开工作年度报告", style),
            table,
            PageBreak(),
            Paragraph("六、其他需要报告的事项", style),
        ]
    )
    return path


def test_pdfium_extraction_matches_pdfminer_on_corpus_pdf() -> None:
    path = CORPUS / "hzq2024.pdf"
    assert [[_key(b) for b in page.blocks] for page in read(path).pages] == _pdfminer_blocks(path)


def test_generated_pdf_table_with_spans(tmp_path: Path) -> None:
    path = _reportlab_table_pdf(tmp_path / "spans.pdf")
    doc = read(path)
    assert [[_key(b) for b in page.blocks] for page in doc.pages] == _pdfminer_blocks(path)
    (table,) = tables(doc)
    assert table.page == 1
    assert grid(table) == [
        [("信息内容", True), ("信息内容", False), ("自然人", True), ("总计", True)],
        [("三、本年度办理结果", True), ("（一）予以公开", True), ("50", True), ("50", True)],
        [("三、本年度办理结果", False), ("（二）部分公开", True), ("", True), ("9", True)],
        [("四、结转下年度继续办理", True), ("四、结转下年度继续办理", False), ("0", True), ("0", True)],
    ]
    assert [b.text for b in doc.pages[1].blocks] == ["六、其他需要报告的事项"]


def test_pdf_text_in_a_drawn_box_is_lines_not_a_table(tmp_path: Path) -> None:
    """A framed note (a one-column ruled box) is text, not a data table."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "boxed.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    c.rect(60, 600, 400, 80, stroke=1, fill=0)
    c.drawString(72, 655, "本报告由某某县人民政府办公室编制。")
    c.drawString(72, 630, "统计期限自2024年1月1日起至2024年12月31日止。")
    c.save()
    doc = read(path)
    assert tables(doc) == []
    assert [b.text for b in lines(doc)] == [
        "本报告由某某县人民政府办公室编制。",
        "统计期限自2024年1月1日起至2024年12月31日止。",
    ]


def test_html_layout_table_is_walked_into(tmp_path: Path) -> None:
    """Old CMS pages put the whole article in a one-column layout table: its paragraphs are lines."""
    html = (
        "<html><body><table><tr><td><p>2019年某某局政府信息公开工作年度报告</p><p>一、总体情况</p>"
        "</td></tr></table></body></html>"
    )
    path = tmp_path / "layout.html"
    path.write_text(html, encoding="utf-8")
    doc = read(path)
    assert tables(doc) == []
    assert [b.text for b in lines(doc)] == ["2019年某某局政府信息公开工作年度报告", "一、总体情况"]


def test_text_with_one_broken_byte_stays_utf8(tmp_path: Path) -> None:
    text = (CORPUS / "pingtan_2024.txt").read_text(encoding="utf-8")
    data = text.encode("utf-8")
    cut = data.index("平潭".encode()) + 1  # a lone byte from the middle of 平
    path = tmp_path / "damaged.txt"
    path.write_bytes(data[:cut] + data[cut + 2 :])
    doc = read(path)
    assert doc.text().count("\ufffd") == 1
    assert "政府信息公开工作年度报告" in doc.text()


def test_html_caption_is_kept_before_its_table(tmp_path: Path) -> None:
    html = (
        "<html><body><table><caption>表一 主动公开</caption><tr><th>规章</th><th>0</th></tr></table>"
        "</body></html>"
    )
    path = tmp_path / "caption.html"
    path.write_text(html, encoding="utf-8")
    blocks = read(path).pages[0].blocks
    assert isinstance(blocks[0], Line) and blocks[0].text == "表一 主动公开"
    assert grid(blocks[1]) == [[("规章", True), ("0", True)]]


def test_html_and_text_extensions_are_interchangeable(tmp_path: Path) -> None:
    """Page source saved as .txt is read as HTML, page text saved as .html as text: both are text."""
    source = tmp_path / "page.txt"
    source.write_bytes((CORPUS / "shanghai_bgt_2019.html").read_bytes())
    assert read(source).format == "html"
    text = tmp_path / "page.html"
    text.write_bytes((CORPUS / "pingtan_2024.txt").read_bytes())
    assert read(text).format == "txt"


def test_html_starting_with_a_script_tag(tmp_path: Path) -> None:
    path = tmp_path / "noext"
    path.write_text("<script>var a=1;</script>\n<div>2024年度报告</div>", encoding="utf-8")
    doc = read(path)
    assert doc.format == "html" and doc.text() == "2024年度报告"


def test_rules_inside_a_form_xobject(tmp_path: Path) -> None:
    """Some producers draw the table grid in a form XObject placed with its own matrix: the rules
    must land where pdfminer puts them, or cells would get the wrong text."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "form.pdf"
    c = canvas.Canvas(str(path))
    c.beginForm("grid")
    for x in (0, 150, 220, 290):
        c.line(x, 0, x, 60)
    for y in (0, 30, 60):
        c.line(0, y, 290, y)
    c.endForm()
    c.saveState()
    c.translate(80, 600)
    c.scale(1.2, 1.0)
    c.doForm("grid")
    c.restoreState()
    c.setFont("STSong-Light", 11)
    for text, x, y in (
        ("信息内容", 90, 640),
        ("本年制发", 270, 640),
        ("现行有效", 354, 640),
        ("规章", 90, 610),
        ("0", 285, 610),
        ("12", 370, 610),
    ):
        c.drawString(x, y, text)
    c.save()
    doc = read(path)
    assert [[_key(b) for b in page.blocks] for page in doc.pages] == _pdfminer_blocks(path)
    assert [[c.text for c in row] for row in tables(doc)[0].rows] == [
        ["信息内容", "本年制发", "现行有效"],
        ["规章", "0", "12"],
    ]


def test_garbled_text_layer_is_detected() -> None:
    """Fonts without a ToUnicode map give private-use code points: such a page must go to OCR."""
    from disclosure.readers.pdf import garbled

    chars = read(CORPUS / "hzq2024.pdf").text()
    good = [{"text": ch} for ch in chars if ch.strip()][:200]
    assert not garbled(good)
    pua = [{"text": chr(0xE000 + i % 500)} for i in range(200)]
    assert garbled(pua)
    assert not garbled(good[:150] + pua[:50])  # a few odd symbols in a real text layer are fine


# --- PDF: the reader's faster paths give what the libraries' own paths give -------------------------


def _corpus_pdf_pages() -> list:
    """(PDFium page, left, top) of every page of the corpus PDF, with the document kept open."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(CORPUS / "hzq2024.pdf")
    pages = []
    for i in range(len(doc)):
        page = doc[i]
        left, _bottom, _right, top = page.get_mediabox()
        pages.append((page, left, top))
    return [doc, pages]


def test_page_chars_equal_the_wrappers_character_boxes() -> None:
    """page_chars reads PDFium through raw calls with one reused rectangle; the values must be the
    ones pypdfium2's own `get_charbox(loose=True)` gives, for every visible character."""
    import pypdfium2.raw as pdfium_c

    from disclosure.readers.pdf_objects import page_chars

    doc, pages = _corpus_pdf_pages()
    total = 0
    for page, left, top in pages:
        chars = page_chars(page, left, top)
        textpage = page.get_textpage()
        expected = []
        for i in range(textpage.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
            if code in (0, 0xFFFE, 0xFFFF) or pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1:
                continue
            if chr(code).strip():
                x0, y0, x1, y1 = textpage.get_charbox(i, loose=True)
                expected.append((chr(code), x0 - left, x1 - left, top - y1, top - y0))
        textpage.close()
        assert [c["text"] for c in chars] == [e[0] for e in expected]
        # Boxes PDFium makes far too large (vertical text) are replaced by page_chars on purpose;
        # every other box is the wrapper's, unchanged.
        heights = sorted(e[4] - e[3] for e in expected)
        typical = heights[len(heights) // 2]
        kept = [
            (c, e)
            for c, e in zip(chars, expected, strict=True)
            if e[2] - e[1] <= 3 * typical and e[4] - e[3] <= 3 * typical
        ]
        assert len(kept) > 0.9 * len(chars)
        assert [(c["text"], c["x0"], c["x1"], c["top"], c["bottom"]) for c, _ in kept] == [e for _, e in kept]
        total += len(chars)
    assert total > 1000
    doc.close()


def _pdfplumber_cells(intersections) -> list:  # noqa: ANN001
    from pdfplumber.table import intersections_to_cells

    return intersections_to_cells(intersections)


def test_indexed_table_finder_equals_pdfplumbers_on_the_corpus_pdf() -> None:
    """Same intersections, cells and tables as pdfplumber's TableFinder, page by page."""
    from pdfplumber.table import TableFinder

    from disclosure.readers.pdf import _TABLE_SETTINGS, _PageStandIn
    from disclosure.readers.pdf_objects import page_edges
    from disclosure.readers.table_cells import IndexedTableFinder

    doc, pages = _corpus_pdf_pages()
    n_cells = 0
    for page, left, top in pages:
        width, height = page.get_size()
        stand_in = _PageStandIn(page_edges(page, left, top), (0.0, 0.0, width, height))
        ours = IndexedTableFinder(stand_in, _TABLE_SETTINGS)
        theirs = TableFinder(stand_in, _TABLE_SETTINGS)  # type: ignore[arg-type]
        assert ours.cells == theirs.cells
        assert [t.cells for t in ours.tables] == [t.cells for t in theirs.tables]
        n_cells += len(ours.cells)
    assert n_cells > 100  # the report's tables were found at all
    doc.close()


_COORDS = [0.0, 10.0, 20.0, 20.5, 30.0]


@pytest.fixture(scope="module")
def _edge_strategy():
    from hypothesis import strategies as st

    coord = st.sampled_from(_COORDS)

    def edge(orientation: str):  # noqa: ANN202
        return st.tuples(coord, coord, coord).map(
            lambda t: (orientation, t[0], min(t[1], t[2]), max(t[1], t[2]))
        )

    return st.lists(st.one_of(edge("h"), edge("v")), max_size=24)


def test_indexed_cell_search_equals_pdfplumbers_on_random_rules(_edge_strategy) -> None:
    """Random rule sets on a coarse grid (shared coordinates make many intersections, partial rules
    make open and merged cells): the indexed search returns exactly pdfplumber's cells, in order."""
    from hypothesis import given, settings
    from pdfplumber.table import edges_to_intersections

    from disclosure.readers.table_cells import intersections_to_cells

    def as_edge(spec: tuple) -> dict:
        orientation, at, lo, hi = spec
        if orientation == "h":
            return {"x0": lo, "x1": hi, "top": at, "bottom": at, "width": hi - lo, "orientation": "h"}
        return {"x0": at, "x1": at, "top": lo, "bottom": hi, "height": hi - lo, "orientation": "v"}

    @settings(max_examples=300, deadline=None)
    @given(_edge_strategy)
    def check(specs: list) -> None:
        intersections = edges_to_intersections([as_edge(s) for s in specs], 1, 1)
        assert intersections_to_cells(intersections) == _pdfplumber_cells(intersections)

    check()
