"""OCR for image-only PDF pages: render (pypdfium2), recognise (RapidOCR), rebuild lines and tables.

Libraries:
- pypdfium2 (Apache-2.0/BSD): renders pages with Chrome's PDFium, in C, fast; no Ghostscript/poppler.
- rapidocr-onnxruntime (Apache-2.0): PaddleOCR's PP-OCRv4 Chinese detection+recognition models run on
  ONNX Runtime on CPU. The models ship inside the wheel, so nothing is downloaded at run time;
  PP-OCR is trained mainly on Chinese print and reads the reports' labels and digits reliably (all 188
  numeric cells of the scanned corpus report, see scripts/benchmark.py); no system packages needed.
- OpenCV (Apache-2.0): finds the ruled lines of tables by morphology, so an OCR'd table comes back as
  a `Table` grid with merged cells, just like a text-layer PDF, instead of loose text.

The engine is built once per process (lazy singleton): loading three ONNX models takes ~1 s.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from disclosure.model import Block, Line, Table
from disclosure.readers.cell_spans import SpanCell, place_fixed
from disclosure.readers.textutil import clean, join_wrapped

# Render resolution for OCR, measured with scripts/benchmark.py on the scanned corpus report (numeric
# table cells equal to the text layer, of 188): rendering at 200 dpi gave 188 for scans made at 150,
# 200 and 300 dpi; rendering at 300 gave 175 (the detector misses lone digits in big cells) and at
# 150 gave 163-171 (6/9/0 blur; both measured before empty-but-inked cells were re-read, which
# recovers some). 10.5-12 pt print is then ~30-40 px high, the size PP-OCR is tuned for.
RENDER_DPI = 200
# RapidOCR shrinks any image whose long side exceeds max_side_len (default 2000); an A4 page at
# RENDER_DPI is 2339 px high, so raise the limit rather than lose resolution silently.
_MAX_SIDE = 3600

_engine: Any = None
_engine_lock = threading.Lock()


def engine() -> Any:
    """The process-wide RapidOCR instance, created on first use."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                from rapidocr_onnxruntime import RapidOCR

                # Scanned report pages are upright: the angle classifier only costs time.
                _engine = RapidOCR(use_cls=False, max_side_len=_MAX_SIDE)
    return _engine


@dataclass(slots=True)
class Box:
    """One recognised text fragment in page pixels."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> float:
        return self.y1 - self.y0


def ocr_pdf_pages(doc: Any, numbers: list[int], dpi: int | None = None) -> dict[int, list[Block]]:
    """OCR the given 1-based pages of an open `pypdfium2.PdfDocument` (or PDF bytes)."""
    import pypdfium2 as pdfium

    dpi = dpi or RENDER_DPI
    own = not isinstance(doc, pdfium.PdfDocument)
    if own:
        doc = pdfium.PdfDocument(doc)
    out: dict[int, list[Block]] = {}
    try:
        for number in numbers:
            page = doc[number - 1]
            try:
                image = page.render(scale=dpi / 72, grayscale=True).to_numpy()
            finally:
                page.close()
            out[number] = ocr_image(image, number)
    finally:
        if own:
            doc.close()
    return out


def ocr_image(image: np.ndarray, page: int | None = None) -> list[Block]:
    """Blocks of one page image in reading order: ruled tables as `Table`s, other text as `Line`s."""
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    gray = image if image.ndim == 2 else _to_gray(image)
    from disclosure.readers.deskew import deskew

    gray = deskew(gray)  # skewed rows would merge and table rules would not be found
    rgb = np.ascontiguousarray(np.stack([gray] * 3, axis=-1))
    result, _ = engine()(rgb)
    boxes = [_box(points, text) for points, text, _score in (result or []) if clean(text)]
    from disclosure.readers.ocr_tables import find_tables

    placed: list[tuple[float, Block]] = []
    free = boxes
    for grid in find_tables(gray):
        if grid.n_cols < 2:
            continue  # a frame around text (page border, boxed note) is not a data table
        inside = [b for b in free if grid.contains(b.cx, b.cy)]
        free = [b for b in free if not grid.contains(b.cx, b.cy)]
        inside = _split_spanning(grid, inside, rgb)
        inside += _read_missed_cells(grid, inside, gray, rgb, boxes)
        rows = _fill_grid(grid, inside)
        if rows:
            placed.append((grid.top, Table(rows=rows, page=page)))
    for row in rows_of(free):
        placed.append((min(b.y0 for b in row), Line("\t".join(b.text for b in row), page=page)))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


def _to_gray(image: np.ndarray) -> np.ndarray:
    import cv2

    code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
    return cv2.cvtColor(image, code)


def _box(points: Any, text: str) -> Box:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return Box(clean(text), float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys)))


def rows_of(boxes: list[Box]) -> list[list[Box]]:
    """Cluster boxes into visual rows by vertical centre, each row sorted left to right.

    A box joins a row when its centre lies within 0.5 x the median box height of the row's mean centre:
    relative to text size, so it works at any render resolution, yet tighter than a line pitch.
    """
    if not boxes:
        return []
    median_h = float(np.median([b.h for b in boxes])) or 1.0
    tol = 0.5 * median_h
    rows: list[list[Box]] = []
    centres: list[float] = []
    for b in sorted(boxes, key=lambda b: b.cy):
        if rows and abs(b.cy - centres[-1]) <= tol:
            rows[-1].append(b)
            centres[-1] = sum(x.cy for x in rows[-1]) / len(rows[-1])
        else:
            rows.append([b])
            centres.append(b.cy)
    return [sorted(r, key=lambda b: b.x0) for r in rows]


def _fill_grid(grid: Any, boxes: list[Box]) -> list[list[Any]]:
    """Put each OCR box into the grid cell holding its centre; a cell's boxes are read row by row."""
    per_cell: dict[int, list[Box]] = {}
    for b in boxes:
        idx = grid.cell_at(b.cx, b.cy)
        if idx is not None:
            per_cell.setdefault(idx, []).append(b)
    spans: list[SpanCell] = []
    for idx, (row, col, rowspan, colspan) in enumerate(grid.cells):
        lines = rows_of(per_cell.get(idx, []))
        text = join_wrapped([join_wrapped([b.text for b in line]) for line in lines])
        spans.append(SpanCell(text, rowspan=rowspan, colspan=colspan, row=row, col=col))
    return place_fixed(spans, grid.n_rows, grid.n_cols)


def _split_spanning(grid: Any, boxes: list[Box], rgb: np.ndarray) -> list[Box]:
    """Re-read cells that a detected text box runs across.

    The detector sometimes joins the texts of narrow neighbouring cells into one box across the
    rule between them ("总计结果结果其他…"); assigning that box to one cell would lose the others. The
    cells such a box touches are cut out and OCR'd again, each on its own: all crops are packed on
    one white sheet with wide gaps, so a single extra detector pass reads them all (~0.3 s).
    """
    spanning = [b for b in boxes if _cells_touched(grid, b)]
    if not spanning:
        return boxes
    redo: set[int] = set()
    for b in spanning:
        redo |= _cells_touched(grid, b)
    kept = [b for b in boxes if b not in spanning and grid.cell_at(b.cx, b.cy) not in redo]
    crops: list[tuple[int, int, np.ndarray]] = []
    for idx in sorted(redo):
        row, col, rowspan, colspan = grid.cells[idx]
        x0, x1 = int(grid.xs[col]) + 4, int(grid.xs[col + colspan]) - 3
        y0, y1 = int(grid.ys[row]) + 4, int(grid.ys[row + rowspan]) - 3
        if x1 - x0 >= 8 and y1 - y0 >= 8:
            crops.append((x0, y0, rgb[y0:y1, x0:x1]))
    return kept + _ocr_sheet(crops)


def _ocr_sheet(crops: list[tuple[int, int, np.ndarray]], gap: int = 32) -> list[Box]:
    """OCR many small crops in one engine call (shelf-packed on a white sheet) and map every box
    back to page coordinates. The sheet is at least 736 px wide, the detector's minimum side, so it
    is not upscaled (the detector enlarges images whose shorter side is below 736 px)."""
    if not crops:
        return []
    sheet_w = max(800, max(c.shape[1] for _, _, c in crops) + 2 * gap)
    slots: list[tuple[int, int, int, int, int, int]] = []  # sheet x, y, w, h, page x0, y0
    x = y = gap
    shelf_h = 0
    for px, py, crop in crops:
        h, w = crop.shape[:2]
        if x + w + gap > sheet_w:
            x, y, shelf_h = gap, y + shelf_h + gap, 0
        slots.append((x, y, w, h, px, py))
        x += w + gap
        shelf_h = max(shelf_h, h)
    # Both sides at least the detector's minimum (736 px): a short sheet would be upscaled ~7x.
    sheet = np.full((max(y + shelf_h + gap, 800), sheet_w, 3), 255, dtype=np.uint8)
    for (sx, sy, w, h, _, _), (_, _, crop) in zip(slots, crops, strict=True):
        sheet[sy : sy + h, sx : sx + w] = crop
    result, _ = engine()(sheet)
    out: list[Box] = []
    for points, text, _score in result or []:
        b = _box(points, text)
        if not b.text:
            continue
        for sx, sy, w, h, px, py in slots:
            if sx <= b.cx <= sx + w and sy <= b.cy <= sy + h:
                dx, dy = px - sx, py - sy
                out.append(Box(b.text, b.x0 + dx, b.y0 + dy, b.x1 + dx, b.y1 + dy))
                break
    return out


def _cells_touched(grid: Any, b: Box) -> set[int]:
    """Cells a box overlaps by more than a sliver (half its height, i.e. half a character: detector
    boxes are padded beyond the glyphs), when it overlaps several."""
    m = b.h / 2
    xs, ys = grid.xs, grid.ys
    cols = [c for c in range(grid.n_cols) if xs[c] < b.x1 - m and xs[c + 1] > b.x0 + m]
    rows = [r for r in range(grid.n_rows) if ys[r] < b.y1 - m and ys[r + 1] > b.y0 + m]
    cells = {grid.owner[(r, c)] for r in rows for c in cols if (r, c) in grid.owner}
    return cells if len(cells) > 1 else set()


def _read_missed_cells(
    grid: Any, boxes: list[Box], gray: np.ndarray, rgb: np.ndarray, page_boxes: list[Box]
) -> list[Box]:
    """Read cells that hold ink but got no text: the detector misses some isolated glyphs (a lone
    "0" in a wide cell, measured at 300 dpi), and a missed digit would otherwise turn into a blank
    cell, which the parser must never confuse with 0. A single line of ink is read by the
    recogniser alone on the ink's bounding box; taller ink goes through the detector again."""
    import cv2

    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    height, width = gray.shape
    margin = max(4, width // 300)  # stay clear of the rules and their anti-aliasing
    line_h = float(np.median([b.h for b in page_boxes])) if page_boxes else 30.0
    have = {grid.cell_at(b.cx, b.cy) for b in boxes}
    found: list[Box] = []
    tall: list[tuple[int, int, np.ndarray]] = []
    for idx, (row, col, rowspan, colspan) in enumerate(grid.cells):
        if idx in have:
            continue
        x0, x1 = int(grid.xs[col]) + margin, int(grid.xs[col + colspan]) - margin
        y0, y1 = int(grid.ys[row]) + margin, int(grid.ys[row + rowspan]) - margin
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        ys, xs = np.nonzero(bw[y0:y1, x0:x1])
        if len(ys) < 30:  # blank, or a speck of scanner noise
            continue
        pad = 6
        bx0, bx1 = max(x0 + int(xs.min()) - pad, 0), min(x0 + int(xs.max()) + pad, width)
        by0, by1 = max(y0 + int(ys.min()) - pad, 0), min(y0 + int(ys.max()) + pad, height)
        if by1 - by0 > 1.8 * line_h:
            tall.append((x0, y0, rgb[y0:y1, x0:x1]))
            continue
        result, _ = engine()(np.ascontiguousarray(rgb[by0:by1, bx0:bx1]), use_det=False, use_cls=False)
        text = clean(result[0][0]) if result else ""
        if text:
            found.append(Box(text, float(bx0), float(by0), float(bx1), float(by1)))
    return found + _ocr_sheet(tall)
