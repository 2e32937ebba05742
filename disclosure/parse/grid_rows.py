"""Reading rows of ruled tables (Table blocks): label text, header column spans, value cells.

Why separate from the linear reader: a grid knows where each cell is, so blank cells survive ("" is a
blank, kept as such) and merged cells are explicit (`TableCell.origin`). Values are taken from the
value columns named by the header, never from label columns, and a value never counts twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from disclosure.model import TableCell
from disclosure.parse.labels import normalise
from disclosure.parse.stream import GridRow
from disclosure.parse.tokens import parse_cell


@dataclass(slots=True)
class Span:
    key: str
    first: int
    last: int


def cell_starts(cells: list[TableCell]) -> list[int]:
    """Slots where a distinct cell begins in this row: an origin slot, or (for the copy of a cell
    merged from the row above) a slot whose text differs from its left neighbour."""
    starts = []
    for i, c in enumerate(cells):
        if c.origin or i == 0 or cells[i - 1].text != c.text:
            starts.append(i)
    return starts


def is_value_row(cells: list[TableCell], first_value_slot: int) -> bool:
    """A data row: every cell right of the labels is a value token and at least one is a number."""
    vals = [parse_cell(c.text) for c in cells[first_value_slot:]]
    return bool(vals) and all(v.kind != "text" for v in vals) and any(v.kind == "number" for v in vals)


def label_text(cells: list[TableCell], upto: int) -> str:
    """Normalised label of a row: the distinct texts of the slots left of `upto` joined."""
    parts: list[str] = []
    for c in cells[:upto]:
        t = normalise(c.text)
        if t and (not parts or parts[-1] != t):
            parts.append(t)
    return "".join(parts)


def header_spans(cells: list[TableCell], match: Callable[[str], str | None]) -> list[Span]:
    """Column spans named in a header row (a merged header cell covers consecutive slots)."""
    spans: list[Span] = []
    for i, c in enumerate(cells):
        key = match(normalise(c.text))
        if key is None:
            continue
        if spans and spans[-1].key == key and spans[-1].last == i - 1 and not c.origin:
            spans[-1].last = i
        elif not any(s.key == key for s in spans):
            spans.append(Span(key, i, i))
    return spans


def values_by_spans(row: GridRow, spans: list[Span]) -> dict[str, str]:
    """Raw text per column: the cell that *starts* inside the column's span (so a cell merged over
    two columns is read once), else the text at the span's first slot."""
    cells = row.cells
    starts = cell_starts(cells)
    out: dict[str, str] = {}
    for s in spans:
        inside = [i for i in starts if s.first <= i <= s.last]
        if inside:
            out[s.key] = cells[inside[0]].text
        elif s.first < len(cells):
            # The slot is covered by a cell merged from the left: that value belongs to another column.
            out[s.key] = ""
    return out


def distinct_values(cells: list[TableCell], first: int) -> list[str]:
    """Texts of the distinct cells from slot `first` on, in order (merged copies skipped)."""
    starts = [i for i in cell_starts(cells) if i >= first]
    return [cells[i].text for i in starts]
