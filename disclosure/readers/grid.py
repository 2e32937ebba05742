"""Expand spanning cells into a rectangular grid of `TableCell`s (SPEC §7, model.TableCell).

HTML (rowspan/colspan), Word (gridSpan/vMerge) and PDF merged regions all reduce to the same thing: a
cell that starts at (row, col) and covers `rowspan` x `colspan` slots. Placing them here once keeps the
`origin` rule identical across formats: the covering cell's text is copied into every slot, and only
the top-left slot has `origin=True`, so a label spanning rows labels each of them while a number is
never counted twice. Hand-written because no library exposes this on our model; it is ~40 lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from disclosure.model import TableCell


@dataclass(slots=True)
class SpanCell:
    """A source cell before expansion. `row`/`col` are filled in by `place_flow`."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    row: int = -1
    col: int = -1


def place_flow(rows: list[list[SpanCell]]) -> list[list[TableCell]]:
    """HTML-style flow layout: each cell goes to the next free slot of its row (slots taken by a
    rowspan from above are skipped), exactly as browsers do."""
    taken: set[tuple[int, int]] = set()
    placed: list[SpanCell] = []
    nrows = len(rows)
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            # rowspan=0 means "to the end of the table" in HTML; a span past the end is clipped.
            rs = nrows - r if cell.rowspan <= 0 else min(cell.rowspan, nrows - r)
            cs = max(cell.colspan, 1)
            cell.row, cell.col, cell.rowspan, cell.colspan = r, c, rs, cs
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            placed.append(cell)
            c += cs
    return place_fixed(placed, nrows)


def place_fixed(cells: list[SpanCell], nrows: int | None = None, ncols: int | None = None
                ) -> list[list[TableCell]]:
    """Cells with known positions → rectangular grid. Slots no cell covers (ragged rows) become
    blank "" cells, so every row has the same length and a missing cell is visible as blank."""
    if nrows is None:
        nrows = max((c.row + c.rowspan for c in cells), default=0)
    if ncols is None:
        ncols = max((c.col + c.colspan for c in cells), default=0)
    grid: list[list[TableCell | None]] = [[None] * ncols for _ in range(nrows)]
    for cell in cells:
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                r, c = cell.row + dr, cell.col + dc
                if r < nrows and c < ncols and grid[r][c] is None:
                    grid[r][c] = TableCell(cell.text, origin=(dr == 0 and dc == 0))
    return [[slot if slot is not None else TableCell("") for slot in row] for row in grid]
