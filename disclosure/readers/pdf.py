"""PDF reader: text layer via pdfplumber, image-only pages via OCR (`disclosure.readers.ocr`).

Library: pdfplumber (MIT) on pdfminer.six (MIT). Chosen because it is the one well-kept pure-Python
library that finds *ruled tables* from the drawn lines and tells merged regions apart (slots it
reports as None), handles CID/Chinese fonts with ToUnicode maps, and needs no system packages.
Its cost is speed: pdfminer parses content streams in Python (~50 ms per page), so we parse every
page exactly once and derive tables, cell text and running lines from the same cached objects.

Page layout: report PDFs exported from Word/WPS often paint every text line on a white filled
rectangle; pdfplumber would take those rectangles' edges for table rules and turn the whole page into
a one-column "table". We therefore ignore filled, unstroked rectangles larger than a hairline (a
rule drawn as a thin filled rectangle is kept).
"""

from __future__ import annotations

from bisect import bisect_right
from io import BytesIO
from operator import itemgetter
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils import cluster_objects, collate_line

from disclosure.errors import InputError
from disclosure.model import Block, Document, Line, Page, Table
from disclosure.readers.grid import SpanCell, place_fixed
from disclosure.readers.textutil import clean, join_wrapped

# Points; a drawn table rule is thinner than this, a shading rectangle is larger in both directions.
_HAIRLINE = 2.0
_X_TOL = 3.0  # pdfplumber's default gap that counts as a space between characters
_Y_TOL = 3.0  # characters whose tops differ by less than this are on one line
_GRID_TOL = 1.5  # cell edges closer than this are the same grid line
# A page whose text layer has fewer visible characters than this is treated as image-only.
_MIN_TEXT_CHARS = 5

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def read_pdf(path: str, data: bytes, sha256: str) -> Document:
    if b"%%EOF" not in data[-8192:]:
        raise InputError(path, "PDF 文件不完整，可能被截断 (truncated PDF: no %%EOF trailer)")
    try:
        pdf = pdfplumber.open(BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pdfplumber wraps pdfminer errors; classify them
        raise _classify(path, exc) from exc
    with pdf:
        try:
            n_pages = len(pdf.pages)
        except Exception as exc:  # noqa: BLE001
            raise _classify(path, exc) from exc
        if n_pages == 0:
            raise InputError(path, "PDF 没有页面 (PDF has no pages)")
        pages: list[Page] = []
        image_only: list[int] = []
        for number, page in enumerate(pdf.pages, start=1):
            try:
                blocks = _text_page(page, number)
            except Exception as exc:  # noqa: BLE001
                raise _classify(path, exc, page=number) from exc
            if blocks is None:
                image_only.append(number)
                blocks = []
            pages.append(Page(number=number, blocks=blocks))
            page.close()  # drop cached objects: memory stays flat on long reports
    if image_only:
        from disclosure.readers.ocr import ocr_pdf_pages

        for number, blocks in ocr_pdf_pages(data, image_only).items():
            pages[number - 1].blocks = blocks
            pages[number - 1].ocr = True
    return Document(path=path, format="pdf", sha256=sha256, pages=pages, has_pages=True)


def _classify(path: str, exc: BaseException, page: int | None = None) -> InputError:
    """Turn a pdfminer/pdfplumber exception into a reason a user understands."""
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 5:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    if any(isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)) for e in chain) or any(
        "password" in str(e).lower() or "encrypt" in str(e).lower() for e in chain
    ):
        return InputError(path, "PDF 已加密，需要密码 (encrypted PDF: password required)")
    where = f"第 {page} 页" if page else ""
    detail = f"{type(chain[-1]).__name__}: {chain[-1]}".strip()
    return InputError(path, f"PDF 文件损坏，无法解析{where} (corrupt PDF: {detail})")


def _is_rule(obj: dict[str, Any]) -> bool:
    """Keep everything except filled, unstroked rectangles larger than a hairline (see module doc)."""
    if obj.get("object_type") != "rect" or obj.get("stroke"):
        return True
    return (obj["x1"] - obj["x0"]) <= _HAIRLINE or (obj["bottom"] - obj["top"]) <= _HAIRLINE


def _text_page(page: Any, number: int) -> list[Block] | None:
    """Blocks of one page in reading order (top to bottom), or None when it has no text layer."""
    chars = [c for c in page.chars if c["text"].strip()]
    if len(chars) < _MIN_TEXT_CHARS:
        return None
    tables = page.filter(_is_rule).find_tables(_TABLE_SETTINGS)
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


def _table_grid(cells: list[tuple[float, float, float, float]], chars: list[dict[str, Any]]
                ) -> list[list[Any]]:
    """Rebuild the slot grid of one pdfplumber table, with merged regions and their text.

    pdfplumber gives each drawn cell as a bbox; its row/column starts define the grid, and a cell
    whose bbox reaches over several of them is a merged region (rowspan/colspan).
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
        key = (bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1)
        idx = owner.get(key)
        if idx is not None:
            x0, top, x1, bottom = cells[idx]
            if x0 <= cx <= x1 and top <= cy <= bottom:
                per_cell[idx].append(ch)
    for cell, cchars in zip(spans, per_cell, strict=True):
        if cchars:
            lines = cluster_objects(cchars, itemgetter("top"), _Y_TOL)
            cell.text = join_wrapped([clean(collate_line(line, _X_TOL)) for line in lines])
    return place_fixed(spans, len(ys), len(xs))
