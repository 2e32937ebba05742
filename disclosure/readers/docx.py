"""DOCX reader: body paragraphs and Word tables in document order, merged cells expanded.

Library: python-docx (MIT), the maintained pure-Python reader of WordprocessingML; it parses the
package and gives typed access to `w:tc` grid spans and vertical merges. We walk the body XML
ourselves (through python-docx's oxml classes) because its high-level `Table.rows[i].cells` hides
where a merged region starts, and the model needs the `origin` flag.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

import docx
from docx.oxml.ns import qn

from disclosure.model import Block, Document, Line, Page, Table, TableCell
from disclosure.readers.textutil import clean, join_wrapped

_P, _TBL, _SDT, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:tr"), qn("w:tc")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_CONTAINERS = {
    qn("w:sdtContent"),
    qn("w:customXml"),
    qn("w:smartTag"),
    qn("w:ins"),
    qn("w:hyperlink"),
    qn("w:r"),
    qn("w:fldSimple"),
}


def read_docx(path: str, data: bytes, sha256: str) -> Document:
    document = docx.Document(BytesIO(data))
    blocks: list[Block] = []
    _walk(document.element.body, blocks)
    return Document(
        path=path, format="docx", sha256=sha256, pages=[Page(number=1, blocks=blocks)], has_pages=False
    )


def _walk(parent: Any, blocks: list[Block]) -> None:
    for child in parent.iterchildren():
        if child.tag == _P:
            # A manual line break inside a paragraph starts a new visual line.
            for text in _paragraph_text(child).split("\n"):
                text = clean(text)
                if text:
                    blocks.append(Line(text))
        elif child.tag == _TBL:
            grid = _table_grid(child)
            if grid:
                blocks.append(Table(rows=grid))
        elif child.tag == _SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _walk(content, blocks)


def _paragraph_text(p: Any) -> str:
    """Text of a `w:p` including runs inside hyperlinks, content controls and tracked insertions;
    deleted text (`w:del`) and field instructions are left out, as Word shows them."""
    out: list[str] = []

    def visit(el: Any) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag == _T:
                out.append(child.text or "")
            elif tag == _TAB:
                out.append("\t")
            elif tag in (_BR, _CR):
                out.append("\n")
            elif tag in _CONTAINERS:
                visit(child)

    visit(p)
    return "".join(out)


def _cell_text(tc: Any) -> str:
    parts: list[str] = []
    for child in tc.iterchildren():
        if child.tag == _P:
            parts.extend(_paragraph_text(child).split("\n"))
        elif child.tag == _TBL:  # nested table: its text, row by row
            for row in _table_grid(child):
                parts.append(" ".join(c.text for c in row if c.origin and c.text))
    return join_wrapped([clean(p) for p in parts])


def _grid_width(tbl: Any) -> int:
    """The table's real number of columns: its `w:tblGrid` (every Word table has one); without a
    grid, the largest number of cells in one row. Spans and gridBefore are clamped to it."""
    grid = tbl.find(qn("w:tblGrid"))
    n = len(grid.findall(qn("w:gridCol"))) if grid is not None else 0
    return n or max((len(_row_cells(tr)) for tr in tbl.iterchildren(_TR)), default=0)


def _table_grid(tbl: Any) -> list[list[TableCell]]:
    """Expand gridSpan (columns) and vMerge (rows) into slots with `origin` flags.

    Word stores a vertically merged region as a `restart` cell followed by `continue` cells in the
    rows below; each continue slot takes the text of the cell that started the region. gridBefore and
    gridSpan are clamped to the table's grid width, so a `w:gridSpan w:val="2147483647"` cannot make
    the reader allocate billions of slots.
    """
    from disclosure.readers.cell_spans import check_size

    grid = max(_grid_width(tbl), 1)
    trs = list(tbl.iterchildren(_TR))
    rows: list[list[TableCell]] = []
    # Grid column → text of the vertical merge region open in that column.
    open_merge: dict[int, str] = {}
    for tr in trs:
        row: list[TableCell] = []
        cells = _row_cells(tr)
        check_size(len(trs), max(grid, len(cells)))
        # Leave room for every cell of the row: gridBefore and each span fit in what remains.
        col = min(max(int(tr.grid_before or 0), 0), max(grid - len(cells), 0))
        row.extend(TableCell("") for _ in range(col))
        for i, tc in enumerate(cells):
            room = max(grid - col - (len(cells) - i - 1), 1)
            span = min(max(int(tc.grid_span or 1), 1), room)
            vmerge = tc.vMerge
            if vmerge == "continue" and col in open_merge:
                text = open_merge[col]
                row.extend(TableCell(text, origin=False) for _ in range(span))
            else:
                text = _cell_text(tc)
                row.append(TableCell(text, origin=True))
                row.extend(TableCell(text, origin=False) for _ in range(span - 1))
                for c in range(col, col + span):
                    if vmerge == "restart":
                        open_merge[c] = text
                    else:
                        open_merge.pop(c, None)
            col += span
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    for r in rows:  # ragged rows (gridAfter, missing cells) are padded with blank slots
        r.extend(TableCell("") for _ in range(width - len(r)))
    return rows if width else []


def _row_cells(tr: Any) -> list[Any]:
    """`w:tc` children of a row, including those wrapped in content controls."""
    cells = []
    for child in tr.iterchildren():
        if child.tag == _TC:
            cells.append(child)
        elif child.tag in (_SDT, qn("w:customXml")):
            content = child.find(qn("w:sdtContent")) if child.tag == _SDT else child
            if content is not None:
                cells.extend(c for c in content.iterchildren(_TC))
    return cells
