"""Characters and ruling edges of a PDF page, extracted with PDFium (pypdfium2).

Why PDFium and not pdfminer.six for this step: pdfminer interprets content streams in pure Python
(~50 ms per page); PDFium does the same in C in well under 10 ms, and handles CJK fonts, broken
xref tables and encryption like Chrome does. The dicts produced here use pdfplumber's keys and
coordinates (`x0`, `x1`, `top`, `bottom`, points from the top-left), so pdfplumber's table finder
and text utilities run on them unchanged.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Obj = dict[str, Any]

_AXIS_TOL = 0.5  # points: a segment this close to horizontal/vertical is a rule
_HAIRLINE = 2.0  # see pdf.py: filled, unstroked rectangles larger than this are shading


def page_chars(page: pdfium.PdfPage, left: float, top: float) -> list[Obj]:
    """Visible characters with loose boxes (advance width x font ascent/descent), so every
    character of a text line has the same top and line clustering by `top` works as with pdfminer.

    Why raw PDFium calls instead of `PdfTextPage.get_charbox`: a report page holds about a
    thousand characters and the wrapper allocates a rectangle per call; one reused rectangle and
    pre-bound functions take about a fifth off this loop (same values: the wrapper reads the same
    struct; tests/test_readers.py compares them).
    """
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        get_unicode = pdfium_c.FPDFText_GetUnicode
        is_generated = pdfium_c.FPDFText_IsGenerated
        loose_box = pdfium_c.FPDFText_GetLooseCharBox
        rect = pdfium_c.FS_RECTF()
        rect_ref = ctypes.byref(rect)
        found: list[tuple[str, tuple[float, ...], int]] = []
        for i in range(pdfium_c.FPDFText_CountChars(raw)):
            code = get_unicode(raw, i)
            if code in (0, 0xFFFE, 0xFFFF):
                continue
            ch = chr(code)
            if not ch.strip() or is_generated(raw, i) == 1:
                continue
            if not loose_box(raw, i, rect_ref):
                raise pdfium.PdfiumError("Failed to get charbox.")
            found.append((ch, (rect.left, rect.bottom, rect.right, rect.top), i))
        if not found:
            return []
        # PDFium derives loose boxes from font metrics; for some vertically set text they come out
        # ~20x too large. Such a box is replaced by one of the page's typical size around the
        # glyph's tight (ink) box.
        heights = sorted(b[3] - b[1] for _, b, _ in found)
        typical = heights[len(heights) // 2]
        chars: list[Obj] = []
        for ch, (x0, y0, x1, y1), i in found:
            if (x1 - x0) > 3 * typical or (y1 - y0) > 3 * typical:
                tx0, ty0, tx1, ty1 = textpage.get_charbox(i)
                cy = (ty0 + ty1) / 2
                x0, x1 = tx0, max(tx1, tx0 + typical * 0.9)
                y0, y1 = cy - typical / 2, cy + typical / 2
            chars.append({"text": ch, "x0": x0 - left, "x1": x1 - left, "top": top - y1, "bottom": top - y0})
        return chars
    finally:
        textpage.close()


def page_edges(page: pdfium.PdfPage, left: float, top: float) -> list[Obj]:
    """Horizontal and vertical edges of every visible path (lines, rectangles, polylines), in
    pdfplumber's edge format, including paths nested in form XObjects."""
    edges: list[Obj] = []
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    for i in range(count):
        _collect(pdfium_c.FPDFPage_GetObject(page.raw, i), _IDENTITY, left, top, edges)
    return edges


# A PDF transformation matrix (a, b, c, d, e, f), row-vector convention.
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _concat(inner: Matrix, outer: Matrix) -> Matrix:
    """Matrix product inner x outer (PDF row-vector convention: apply inner first)."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _collect(obj: Any, ctm: Matrix, left: float, top: float, edges: list[Obj]) -> None:
    obj_type = pdfium_c.FPDFPageObj_GetType(obj)
    if obj_type == pdfium_c.FPDF_PAGEOBJ_FORM:
        form_ctm = _concat(_matrix(obj), ctm)
        for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _collect(pdfium_c.FPDFFormObj_GetObject(obj, i), form_ctm, left, top, edges)
        return
    if obj_type != pdfium_c.FPDF_PAGEOBJ_PATH:
        return
    fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
    pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    if not fill.value and not stroke.value:
        return  # clipping or invisible path
    m = _concat(_matrix(obj), ctm)
    for sub in _subpaths(obj, m):
        pts = [(x - left, top - y) for x, y in sub]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if fill.value and not stroke.value and w > _HAIRLINE and h > _HAIRLINE:
            continue  # shading behind text, not a rule
        for (xa, ya), (xb, yb) in zip(pts, pts[1:], strict=False):
            if abs(ya - yb) <= _AXIS_TOL and abs(xa - xb) > 0:
                y = (ya + yb) / 2
                edges.append(_edge(min(xa, xb), max(xa, xb), y, y, "h"))
            elif abs(xa - xb) <= _AXIS_TOL and abs(ya - yb) > 0:
                x = (xa + xb) / 2
                edges.append(_edge(x, x, min(ya, yb), max(ya, yb), "v"))


def _edge(x0: float, x1: float, t: float, b: float, orientation: str) -> Obj:
    return {
        "object_type": "line",
        "x0": x0,
        "x1": x1,
        "top": t,
        "bottom": b,
        "doctop": t,
        "width": x1 - x0,
        "height": b - t,
        "orientation": orientation,
    }


def _subpaths(obj: Any, m: Matrix) -> list[list[tuple[float, float]]]:
    """Point lists of each subpath in page space; closed subpaths end at their first point.
    Bézier control points are dropped (curves are not table rules)."""
    a, b, c, d, e, f = m
    subs: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    n = pdfium_c.FPDFPath_CountSegments(obj)
    bezier_index = 0
    for i in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        px, py = x.value * a + y.value * c + e, x.value * b + y.value * d + f
        seg_type = pdfium_c.FPDFPathSegment_GetType(seg)
        if seg_type == pdfium_c.FPDF_SEGMENT_MOVETO or not subs:
            subs.append([(px, py)])
            bezier_index = 0
        elif seg_type == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier_index += 1
            if bezier_index % 3 == 0:  # end point of the curve: keep it, but break the polyline
                subs.append([(px, py)])
        else:
            subs[-1].append((px, py))
            bezier_index = 0
        if pdfium_c.FPDFPathSegment_GetClose(seg) and subs[-1]:
            subs[-1].append(subs[-1][0])
    return [s for s in subs if len(s) > 1]


def image_coverage(page: pdfium.PdfPage) -> float:
    """Share of the page area covered by its largest image (a scanned page is one big image)."""
    width, height = page.get_size()
    best = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_pos()
        best = max(best, max(right - left, 0) * max(top - bottom, 0))
    return best / (width * height) if width and height else 0.0
