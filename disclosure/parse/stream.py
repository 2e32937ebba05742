"""The document as one string in reading order, with page provenance and the table grids kept.

Why: section bounds, labels wrapped over lines and pages, and run-together digits are all found on
running text, while ruled tables are best read from their grids (blank cells exist only there). The
stream serves both: `text` is exactly `Document.text()` (tables as tab-separated rows), every block
knows its offset and page, and every table row knows where its text sits in the stream, so a table
row can be assigned to the section whose bounds contain it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from disclosure.model import Document, Line, Table, TableCell


@dataclass(slots=True)
class GridRow:
    table: int  # index of the table in the stream
    index: int  # row index inside its table
    cells: list[TableCell]
    page: int | None
    start: int  # offset of the row's text in `Stream.text`
    end: int


@dataclass(slots=True)
class Stream:
    text: str
    has_pages: bool
    _starts: list[int] = field(default_factory=list)
    _pages: list[int] = field(default_factory=list)
    rows: list[GridRow] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """1-based page of the character at `offset` (None for formats without pages)."""
        if not self.has_pages or not self._starts:
            return None
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._pages[max(i, 0)]

    def rows_between(self, start: int, end: int) -> list[GridRow]:
        return [r for r in self.rows if start <= r.start and r.end <= end]


def build(doc: Document) -> Stream:
    parts: list[str] = []
    starts: list[int] = []
    pages: list[int] = []
    rows: list[GridRow] = []
    offset = 0
    n_tables = 0

    def add(text: str, page: int) -> int:
        nonlocal offset
        if parts:
            offset += 1  # the "\n" joining it to the previous piece
        start = offset
        parts.append(text)
        starts.append(start)
        pages.append(page)
        offset += len(text)
        return start

    for page in doc.pages:
        for block in page.blocks:
            block_page = block.page if block.page is not None else page.number
            if isinstance(block, Line):
                add(block.text, block_page)
            elif isinstance(block, Table):
                for i, row in enumerate(block.rows):
                    text = "\t".join(c.text for c in row)
                    s = add(text, block_page)
                    rows.append(
                        GridRow(n_tables, i, row, block_page if doc.has_pages else None, s, s + len(text))
                    )
                n_tables += 1
    return Stream("\n".join(parts), doc.has_pages, starts, pages, rows)
