"""The briefing as an editable Word document (python-docx): headings as Word heading styles, real Word
tables (header row repeated on each page), charts as PNG pictures (≈ 310 dpi at 16.6 cm), A4 pages with
page numbers in the footer. A staff writer edits it into the meeting material, so nothing is an image
that could be text.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from disclosure.briefing import output
from disclosure.briefing.model import Briefing, Chart, KeyFigures, Paragraph, Table

BODY_FONT = "宋体"
HEAD_FONT = "黑体"
LATIN_FONT = "Arial"


def _set_font(style, east_asian: str, size: float | None = None, bold: bool | None = None) -> None:
    style.font.name = LATIN_FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold


def _page_number_footer(section) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("第 ")
    for instr in ("PAGE",):
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), instr)
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "1"
        r.append(t)
        fld.append(r)
        p._p.append(fld)
    p.add_run(" 页")


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _table(
    doc,
    columns: tuple[str, ...],
    rows: tuple[tuple[str, ...], ...],
    numeric: tuple[bool, ...],
    size: float = 9,
) -> None:
    t = doc.add_table(rows=1, cols=len(columns))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, c in enumerate(columns):
        cell = t.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(c)
        run.bold = True
        run.font.size = Pt(size)
        _shade(cell, "ECEFF1")
        if numeric[i]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _repeat_header(t.rows[0])
    for r in rows:
        cells = t.add_row().cells
        for i, v in enumerate(r):
            par = cells[i].paragraphs[0]
            run = par.add_run(v)
            run.font.size = Pt(size)
            if numeric[i]:
                par.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _caption(doc, text: str) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.font.size = Pt(8.5)
    run.font.color.rgb = RGBColor(0x61, 0x61, 0x61)


def render(b: Briefing) -> bytes:
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.2)
    sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)
    _set_font(doc.styles["Normal"], BODY_FONT, 10.5)
    for name, size in (("Title", 22), ("Heading 1", 15), ("Heading 2", 12.5)):
        _set_font(doc.styles[name], HEAD_FONT, size, True)
    _page_number_footer(sec)
    doc.core_properties.title = f"{b.title}｜{b.scope_short}｜{b.year}年"

    doc.add_heading(b.title, level=0)
    sub = doc.add_paragraph()
    sub.add_run(f"{b.scope_short} · {b.year}年（与{b.prev_year}年比较）").font.size = Pt(14)
    cover = b.cover()
    _table(doc, ("项目", "内容"), tuple(cover), (False, False), size=10.5)
    doc.add_page_break()

    for s in b.sections:
        if s.title.startswith("附录"):
            doc.add_page_break()
        doc.add_heading(s.title, level=1)
        for blk in s.blocks:
            if isinstance(blk, Paragraph):
                if blk.note:
                    _caption(doc, blk.text)
                else:
                    doc.add_paragraph(blk.text)
            elif isinstance(blk, KeyFigures):
                _table(
                    doc,
                    ("主要数字", f"{b.year}年", f"比{b.prev_year}年"),
                    tuple(
                        (h.label + ("" if h.is_rate else f"（{h.unit}）"), h.shown(h.current), h.delta_text())
                        for h in blk.items
                    ),
                    (False, True, True),
                    size=10.5,
                )
                doc.add_paragraph()
            elif isinstance(blk, Table):
                _table(doc, blk.columns, blk.rows, blk.numeric)
                if blk.caption:
                    _caption(doc, blk.caption)
            elif isinstance(blk, Chart):
                png = output.chart_image(blk, b, "png")
                doc.add_picture(io.BytesIO(png), width=Cm(16.6))
                doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
                if blk.caption:
                    _caption(doc, blk.caption)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
