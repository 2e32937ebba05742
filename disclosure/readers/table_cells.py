"""pdfplumber's table finder with its cell search indexed: same tables, a fraction of the time.

pdfplumber's `intersections_to_cells` (pdfplumber.table, 0.11.x) looks, for every intersection of
rules, for the nearest intersection below and to the right that closes a rectangle; each test
"do these two points share a rule" rebuilds both points' sets of rule bboxes, and each point scans
all later points for its column and row. On a report page of a few hundred rule intersections that
is most of the table finder's time. `intersections_to_cells` here visits the same candidates in the same
order and applies the same test, with each point's rule sets built once and its column and row
looked up in an index, so the cells (and hence the tables) are identical — tests/test_readers.py
compares them with pdfplumber's on the corpus PDF's pages. Everything else (edge merging,
intersections, grouping cells into tables) is pdfplumber's own code, called unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils import obj_to_bbox

Point = tuple[float, float]
BBox = tuple[float, float, float, float]


def intersections_to_cells(intersections: dict[Point, dict[str, list[dict[str, Any]]]]) -> list[BBox]:
    """Every smallest rectangular cell the intersections describe (pdfplumber's definition)."""
    v_rules = {p: {obj_to_bbox(e) for e in found["v"]} for p, found in intersections.items()}
    h_rules = {p: {obj_to_bbox(e) for e in found["h"]} for p, found in intersections.items()}

    def connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and not v_rules[p1].isdisjoint(v_rules[p2]):
            return True
        return p1[1] == p2[1] and not h_rules[p1].isdisjoint(h_rules[p2])

    points = sorted(intersections)
    by_x: dict[float, list[int]] = defaultdict(list)
    by_y: dict[float, list[int]] = defaultdict(list)
    for i, (x, y) in enumerate(points):
        by_x[x].append(i)
        by_y[y].append(i)
    cells: list[BBox] = []
    for i, pt in enumerate(points):
        # The later points (in sorted order) of the same column and of the same row, in order;
        # the == re-check keeps pdfplumber's comparison even for coordinates a dict key would
        # group differently (NaN).
        below = [points[j] for j in by_x[pt[0]] if j > i and points[j][0] == pt[0]]
        right = [points[j] for j in by_y[pt[1]] if j > i and points[j][1] == pt[1]]
        cell = _smallest_cell(pt, below, right, intersections, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(
    pt: Point,
    below: list[Point],
    right: list[Point],
    intersections: dict[Point, Any],
    connects: Any,
) -> BBox | None:
    for below_pt in below:
        if not connects(pt, below_pt):
            continue
        for right_pt in right:
            if not connects(pt, right_pt):
                continue
            bottom_right = (right_pt[0], below_pt[1])
            if (
                bottom_right in intersections
                and connects(bottom_right, right_pt)
                and connects(bottom_right, below_pt)
            ):
                return (pt[0], pt[1], bottom_right[0], bottom_right[1])
    return None


class IndexedTableFinder(TableFinder):
    """`TableFinder` whose cell search is `intersections_to_cells` above; the rest is inherited."""

    def __init__(self, page: Any, settings: TableSettings) -> None:
        self.page = page
        self.settings = TableSettings.resolve(settings)
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges, settings.intersection_x_tolerance, settings.intersection_y_tolerance
        )
        self.cells = intersections_to_cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]
