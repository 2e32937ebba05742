"""PDF reader: text layer → lines and ruled tables; image-only pages → OCR (`disclosure.readers.ocr`).

Libraries, and why two:
- PDFium via pypdfium2 (Apache-2.0/BSD) extracts characters and drawn paths (`pdf_objects`): C speed
  (a 5-page report in ~30 ms instead of ~270 ms with pdfminer.six), robust on damaged files, and
  it reports encryption precisely.
- pdfplumber (MIT) finds ruled tables: its `TableFinder` (Nurminen's algorithm, as in Tabula) snaps
  and joins edges, intersects them and groups cells into tables (its cell search indexed, same
  result: `table_cells`). It is the best-kept Python
  implementation; we feed it PDFium's edges through a minimal page stand-in, so the same objects
  are used for tables, cell text and running lines, and every page is parsed once.

Page layout: report PDFs exported from Word/WPS often paint every text line on a white filled
rectangle; a table finder would take those rectangles' edges for rules and turn the whole page into
a one-column "table". Filled, unstroked rectangles larger than a hairline are therefore ignored (a
rule drawn as a thin filled rectangle is kept).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import pypdfium2 as pdfium
from pdfplumber.table import TableSettings
from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.text import collate_line

from disclosure import limits
from disclosure.errors import InputError
from disclosure.model import Block, Document, Line, Page, Table, TableCell
from disclosure.readers.cell_spans import SpanCell, place_fixed
from disclosure.readers.pdf_objects import image_coverage, page_chars, page_edges
from disclosure.readers.table_cells import IndexedTableFinder
from disclosure.readers.textutil import clean, join_wrapped

_X_TOL = 3.0  # pdfplumber's default gap that counts as a space between characters
_Y_TOL = 3.0  # characters whose tops differ by less than this are on one line
_GRID_TOL = 1.5  # cell edges closer than this are the same grid line
# A page is image-only (OCR'd) when its text layer has fewer visible characters than _MIN_TEXT_CHARS,
# or when an image covers most of it and the text layer is only a stamp (page number, a header
# added by the publishing system) of fewer than _STAMP_CHARS characters.
_MIN_TEXT_CHARS = 5
_STAMP_CHARS = 80
_SCAN_COVERAGE = 0.5
_TABLE_SETTINGS = TableSettings.resolve({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
# PDFium error codes (fpdfview.h): 3 = format/corrupt, 4 = password, 5 = security handler.
_ERR_PASSWORD, _ERR_SECURITY = 4, 5


def read_pdf(path: str, data: bytes, sha256: str) -> Document:
    if b"%%EOF" not in data[-8192:]:
        raise InputError(path, "PDF 文件不完整，可能被截断 (truncated PDF: no %%EOF trailer)")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (_ERR_PASSWORD, _ERR_SECURITY):
            raise InputError(path, "PDF 已加密，需要密码 (encrypted PDF: password required)") from exc
        raise InputError(path, f"PDF 文件损坏，无法解析 (corrupt PDF: {exc})") from exc
    try:
        n_pages = len(doc)
        if n_pages == 0:
            raise InputError(path, "PDF 没有页面 (PDF has no pages)")
        lim = limits.current()
        if n_pages > lim.max_pages:
            raise InputError(path, f"PDF 页数过多：{n_pages} 页，上限 {lim.max_pages} 页 (too many pages)")
        pages: list[Page] = []
        image_only: list[int] = []
        for number in range(1, n_pages + 1):
            try:
                blocks = _read_page(doc[number - 1], number)
            except pdfium.PdfiumError as exc:
                raise InputError(path, f"PDF 第 {number} 页损坏 (corrupt page {number}: {exc})") from exc
            if blocks is None:
                image_only.append(number)
                blocks = []
            pages.append(Page(number=number, blocks=blocks))
        if image_only:
            _check_ocr_limits(path, doc, image_only, lim)
            from disclosure.readers.ocr import ocr_pdf_pages

            for number, blocks in ocr_pdf_pages(doc, image_only).items():
                pages[number - 1].blocks = blocks
                pages[number - 1].ocr = True
    finally:
        doc.close()
    return Document(path=path, format="pdf", sha256=sha256, pages=pages, has_pages=True)


def _check_ocr_limits(path: str, doc: pdfium.PdfDocument, numbers: list[int], lim: limits.Limits) -> None:
    """Refuse, before rendering anything, more image-only pages than the OCR page limit or a page
    whose rendering would exceed the pixel limit (600 blank pages, or one 200 x 200 inch page)."""
    from disclosure.readers.ocr import RENDER_DPI

    if len(numbers) > lim.max_ocr_pages:
        raise InputError(
            path,
            f"需要 OCR 识别的页数过多：{len(numbers)} 页，上限 {lim.max_ocr_pages} 页 "
            f"(too many image-only pages for OCR)",
        )
    scale = RENDER_DPI / 72
    for number in numbers:
        page = doc[number - 1]
        try:
            width, height = page.get_size()
        finally:
            page.close()
        megapixels = (width * scale) * (height * scale) / 1e6
        if megapixels > lim.max_ocr_megapixels:
            raise InputError(
                path,
                f"第 {number} 页过大，OCR 需 {megapixels:.0f} 百万像素，上限 "
                f"{lim.max_ocr_megapixels:g} (page too large to OCR)",
            )


def _read_page(page: pdfium.PdfPage, number: int) -> list[Block] | None:
    try:
        left, _bottom, _right, top = page.get_mediabox()
        chars = page_chars(page, left, top)
        if len(chars) < _MIN_TEXT_CHARS:
            return None
        if len(chars) < _STAMP_CHARS and image_coverage(page) >= _SCAN_COVERAGE:
            return None
        if garbled(chars):
            return None
        edges = page_edges(page, left, top)
        width, height = page.get_size()
    finally:
        page.close()
    return layout_page(chars, edges, number, (0.0, 0.0, width, height))


def garbled(chars: list[dict[str, Any]]) -> bool:
    """A text layer that maps glyphs to private-use or replacement code points (a font without a
    usable ToUnicode map, common in Chinese PDFs) cannot be read; OCR of the rendered page can."""
    bad = sum(
        1
        for c in chars
        if 0xE000 <= ord(c["text"][0]) <= 0xF8FF or c["text"] in "\ufffd\x00" or ord(c["text"][0]) < 32
    )
    return bad > 0.3 * len(chars)


@dataclass(slots=True)
class _PageStandIn:
    """What pdfplumber's TableFinder reads from a page with the "lines" strategy: edges and bbox."""

    edges: list[dict[str, Any]]
    bbox: tuple[float, float, float, float]


def layout_page(
    chars: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    number: int,
    bbox: tuple[float, float, float, float],
) -> list[Block]:
    """Blocks of one page in reading order (top to bottom): ruled tables and the lines between them.

    Takes pdfplumber-style char and edge dicts, so it works on PDFium's objects and, in tests, on
    pdfminer's (to cross-check the two extractors).
    """
    tables = IndexedTableFinder(_PageStandIn(edges, bbox), _TABLE_SETTINGS).tables
    # A single-column "table" is a box drawn around text (a framed note, a page border), not data:
    # its text is read as ordinary lines.
    tables = [t for t in tables if len(_grid_lines([c[0] for c in t.cells])) > 1]
    placed: list[tuple[float, Block]] = []
    table_bboxes = [t.bbox for t in tables]
    free: list[dict[str, Any]] = []
    in_table: list[list[dict[str, Any]]] = [[] for _ in tables]
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        for i, (x0, top, x1, bottom) in enumerate(table_bboxes):
            if x0 <= cx <= x1 and top <= cy <= bottom:
                in_table[i].append(ch)
                break
        else:
            free.append(ch)
    for table, tchars in zip(tables, in_table, strict=True):
        grid = _table_grid(table.cells, tchars)
        if grid:
            placed.append((table.bbox[1], Table(rows=grid, page=number)))
    for line_chars in cluster_objects(free, itemgetter("top"), _Y_TOL):
        text = clean(collate_line(line_chars, _X_TOL))
        if text:
            placed.append((min(c["top"] for c in line_chars), Line(text, page=number)))
    placed.sort(key=itemgetter(0))
    return [block for _, block in placed]


def _grid_lines(values: list[float]) -> list[float]:
    """Distinct coordinates, merging those within _GRID_TOL of each other."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _GRID_TOL:
            out.append(v)
    return out


def _table_grid(
    cells: list[tuple[float, float, float, float]], chars: list[dict[str, Any]]
) -> list[list[TableCell]]:
    """Rebuild the slot grid of one table, with merged regions and their text.

    pdfplumber gives each drawn cell as a bbox; the distinct left/top coordinates of all cells are
    the grid lines, and a cell whose bbox reaches over several of them is a merged region.
    """
    if not cells:
        return []
    xs = _grid_lines([c[0] for c in cells])
    ys = _grid_lines([c[1] for c in cells])
    spans: list[SpanCell] = []
    owner: dict[tuple[int, int], int] = {}
    for idx, (x0, top, x1, bottom) in enumerate(cells):
        col = bisect_right(xs, x0 + _GRID_TOL) - 1
        row = bisect_right(ys, top + _GRID_TOL) - 1
        col_end = bisect_right(xs, x1 - _GRID_TOL)
        row_end = bisect_right(ys, bottom - _GRID_TOL)
        cell = SpanCell("", rowspan=max(row_end - row, 1), colspan=max(col_end - col, 1), row=row, col=col)
        spans.append(cell)
        for r in range(row, row + cell.rowspan):
            for c in range(col, col + cell.colspan):
                owner.setdefault((r, c), idx)
    per_cell: list[list[dict[str, Any]]] = [[] for _ in cells]
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        holder = owner.get((bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1))
        if holder is not None:
            x0, top, x1, bottom = cells[holder]
            if x0 <= cx <= x1 and top <= cy <= bottom:
                per_cell[holder].append(ch)
    for cell, cchars in zip(spans, per_cell, strict=True):
        if cchars:
            lines = cluster_objects(cchars, itemgetter("top"), _Y_TOL)
            cell.text = join_wrapped([clean(collate_line(line, _X_TOL)) for line in lines])
    return place_fixed(spans, len(ys), len(xs))
