"""Find ruled tables in a page image and their cell structure (merged cells included).

Library: OpenCV (Apache-2.0). Morphological opening with long thin kernels keeps only straight rules,
which is the standard, fast (~20 ms per page) way to find table lines in a scan. No library turns
those rules into a grid with merged cells on our model, so that step is written here: grid lines
are the distinct x/y positions of the rules; two neighbouring slots belong to one merged cell when
the rule between them is missing.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import cv2
import numpy as np

# Fractions of the page size/resolution, so the same code works at any render dpi.
_H_KERNEL_FRAC = 1 / 30  # a horizontal rule is longer than 1/30 of the page width
_V_KERNEL_FRAC = 1 / 60  # a vertical rule is longer than 1/60 of the page height (short rows)
_MIN_TABLE_W_FRAC = 0.15
_SEPARATOR_COVERAGE = 0.8  # share of a slot edge that must be inked for the rule to exist


@dataclass
class Grid:
    """A table's slot grid in page pixels: `xs`/`ys` are the rule positions, `cells` are
    (row, col, rowspan, colspan) of each drawn cell."""

    xs: list[float]
    ys: list[float]
    cells: list[tuple[int, int, int, int]] = field(default_factory=list)
    owner: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def contains(self, x: float, y: float) -> bool:
        return self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]

    def cell_at(self, x: float, y: float) -> int | None:
        r = bisect_right(self.ys, y) - 1
        c = bisect_right(self.xs, x) - 1
        return self.owner.get((r, c))


def _positions(mask: np.ndarray, axis: int, min_len: int, tol: float) -> list[float]:
    """Centres of rule segments in a line mask (axis 0: horizontal rules → y; 1: vertical → x)."""
    n, _, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    values = []
    for i in range(1, n):
        length = stats[i, cv2.CC_STAT_WIDTH] if axis == 0 else stats[i, cv2.CC_STAT_HEIGHT]
        if length >= min_len:
            values.append(float(centroids[i][1] if axis == 0 else centroids[i][0]))
    values.sort()
    merged: list[list[float]] = []
    for v in values:
        if merged and v - merged[-1][-1] <= tol:
            merged[-1].append(v)
        else:
            merged.append([v])
    return [sum(g) / len(g) for g in merged]


def find_tables(gray: np.ndarray) -> list[Grid]:
    """Ruled tables on a grayscale page image, top to bottom."""
    height, width = gray.shape
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    h_len = max(int(width * _H_KERNEL_FRAC), 10)
    v_len = max(int(height * _V_KERNEL_FRAC), 10)
    h_mask = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    v_mask = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    lines = cv2.dilate(cv2.bitwise_or(h_mask, v_mask), np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(lines, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    tol = max(width / 300, 3.0)
    grids: list[Grid] = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w < width * _MIN_TABLE_W_FRAC or h < v_len:
            continue
        pad = 4
        y0, y1, x0, x1 = max(y - pad, 0), min(y + h + pad, height), max(x - pad, 0), min(x + w + pad, width)
        ys = [y0 + v for v in _positions(h_mask[y0:y1, x0:x1], 0, h_len, tol)]
        xs = [x0 + v for v in _positions(v_mask[y0:y1, x0:x1], 1, v_len, tol)]
        if len(xs) < 2 or len(ys) < 2:
            continue
        grid = Grid(xs=xs, ys=ys)
        _merge_cells(grid, bw)
        grids.append(grid)
    grids.sort(key=lambda g: g.top)
    return grids


def _inked(bw: np.ndarray, x0: float, x1: float, y0: float, y1: float, vertical: bool) -> bool:
    """Is there a rule along this slot edge? Looks at a band a few pixels wide around it, over the
    middle of the edge (the ends touch crossing rules and would always look inked)."""
    band = 3
    # A horizontal edge is a vertical one in the transposed image: along the edge run the rows of
    # `plane` from `lo` to `hi`; across it, the band around column `at`.
    plane, lo, hi, at = (bw, y0, y1, x0) if vertical else (bw.T, x0, x1, y0)
    a, b = int(lo + (hi - lo) * 0.15), int(hi - (hi - lo) * 0.15)
    c = int(round(at))
    region = plane[a:b, max(c - band, 0) : c + band + 1]
    covered = np.count_nonzero(region.max(axis=1)) if region.size else 0
    return bool(b > a and covered >= _SEPARATOR_COVERAGE * (b - a))


def _merge_cells(grid: Grid, bw: np.ndarray) -> None:
    """Union slots not separated by a rule into merged cells (union-find), then record each cell's
    bounding rectangle as (row, col, rowspan, colspan)."""
    n_rows, n_cols = grid.n_rows, grid.n_cols
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    xs, ys = grid.xs, grid.ys
    for r in range(n_rows):
        for c in range(n_cols):
            here = r * n_cols + c
            if c + 1 < n_cols and not _inked(bw, xs[c + 1], xs[c + 1], ys[r], ys[r + 1], vertical=True):
                parent[find(here)] = find(here + 1)
            if r + 1 < n_rows and not _inked(bw, xs[c], xs[c + 1], ys[r + 1], ys[r + 1], vertical=False):
                parent[find(here)] = find(here + n_cols)
    regions: dict[int, list[int]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            root = find(r * n_cols + c)
            box = regions.setdefault(root, [r, c, r, c])
            box[0], box[1] = min(box[0], r), min(box[1], c)
            box[2], box[3] = max(box[2], r), max(box[3], c)
    for r0, c0, r1, c1 in sorted(regions.values()):
        idx = len(grid.cells)
        grid.cells.append((r0, c0, r1 - r0 + 1, c1 - c0 + 1))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                grid.owner.setdefault((r, c), idx)
