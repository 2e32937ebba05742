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


class TableTooLarge(ValueError):
    """A table whose grid would exceed `limits.max_table_slots` slots (a hostile or broken file)."""

    def __init__(self, nrows: int, ncols: int, limit: int) -> None:
        super().__init__(
            f"表格过大：{nrows} 行 × {ncols} 列，超过 {limit} 个单元格的上限 "
            f"(table too large: {nrows} x {ncols} slots)"
        )


def check_size(nrows: int, ncols: int) -> None:
    from disclosure import limits

    limit = limits.current().max_table_slots
    if nrows * ncols > limit:
        raise TableTooLarge(nrows, ncols, limit)


def _widest(rows: list[list[SpanCell]], nrows: int, spans: list[list[int]]) -> int:
    """Upper bound of the slots any row needs: its cells' spans plus those reaching down into it."""
    weighted = [0] * (nrows + 1)
    for r, row in enumerate(rows):
        for cell, cs in zip(row, spans[r], strict=True):
            weighted[r] += cs
            weighted[r + cell.rowspan] -= cs
    bound, running = 0, 0
    for r in range(nrows):
        running += weighted[r]
        bound = max(bound, running)
    return bound


def place_flow(rows: list[list[SpanCell]]) -> list[list[TableCell]]:
    """HTML-style flow layout: each cell goes to the next free slot of its row (slots taken by a
    rowspan from above are skipped), exactly as browsers do.

    Spans are clamped to the table's real size before anything is allocated: a rowspan to the rows
    that exist (0 = to the end, as in HTML), a colspan to the largest number of cells any one row
    holds (its own plus those reaching down into it) to find the table's real width (its widest row),
    then each colspan to that width — a `colspan="2147483648"` title row spans the table instead of
    allocating 4.8 GB of slots. Columns that no row fills could only be empty, so nothing is lost.
    """
    nrows = len(rows)
    per_row = [0] * (nrows + 1)  # difference array: cells present in each row
    for r, row in enumerate(rows):
        for cell in row:
            cell.rowspan = nrows - r if cell.rowspan <= 0 else min(cell.rowspan, nrows - r)
            per_row[r] += 1
            per_row[r + cell.rowspan] -= 1
    width, running = 0, 0
    for r in range(nrows):
        running += per_row[r]
        width = max(width, running)
    # The table's real width: its widest row with every colspan first capped at `width`.
    real = _widest(rows, nrows, [[min(max(c.colspan, 1), max(width, 1)) for c in row] for row in rows])
    for row in rows:  # a cell spans at most the real width less one slot per other cell of its row
        for cell in row:
            cell.colspan = min(max(cell.colspan, 1), max(real - (len(row) - 1), 1))
    check_size(nrows, _widest(rows, nrows, [[c.colspan for c in row] for row in rows]))
    taken: set[tuple[int, int]] = set()
    placed: list[SpanCell] = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            rs, cs = cell.rowspan, cell.colspan
            cell.row, cell.col = r, c
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            placed.append(cell)
            c += cs
    return place_fixed(placed, nrows)


def place_fixed(
    cells: list[SpanCell], nrows: int | None = None, ncols: int | None = None
) -> list[list[TableCell]]:
    """Cells with known positions → rectangular grid. Slots no cell covers (ragged rows) become
    blank "" cells, so every row has the same length and a missing cell is visible as blank."""
    if nrows is None:
        nrows = max((c.row + c.rowspan for c in cells), default=0)
    if ncols is None:
        ncols = max((c.col + c.colspan for c in cells), default=0)
    check_size(nrows, ncols)
    grid: list[list[TableCell | None]] = [[None] * ncols for _ in range(nrows)]
    for cell in cells:
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                r, c = cell.row + dr, cell.col + dc
                if r < nrows and c < ncols and grid[r][c] is None:
                    grid[r][c] = TableCell(cell.text, origin=(dr == 0 and dc == 0))
    return [[slot if slot is not None else TableCell("") for slot in row] for row in grid]
