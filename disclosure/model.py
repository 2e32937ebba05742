"""The common document model every reader produces and the parser consumes.

Why a model of its own: PDF, OCR, DOCX, HTML and text differ in what they know (pages, table grids,
coordinates), but the parser must not care which format a number came from. Every reader reduces its
input to pages of blocks in reading order; a block is either a line of running text or a table grid.
Page numbers are 1-based and kept on every block so each parsed cell can name its page.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class TableCell:
    """One slot of a table grid after merged cells are expanded.

    A merged cell (rowspan/colspan, Word vMerge/gridSpan, PDF merged region) occupies several slots;
    its text is copied into every slot it covers, and `origin` is True only for its top-left slot, so a
    label spanning rows can label each of them while a number is never counted twice.
    """

    text: str
    origin: bool = True


@dataclass(slots=True)
class Table:
    """A rectangular grid (every row has the same number of slots)."""

    rows: list[list[TableCell]]
    page: int | None = None

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


@dataclass(slots=True)
class Line:
    """One line of running text (or a whole paragraph, for HTML/DOCX/scraped text)."""

    text: str
    page: int | None = None


Block = Line | Table


@dataclass(slots=True)
class Page:
    number: int  # 1-based; formats without pages (HTML, text, DOCX) have a single page 1
    blocks: list[Block] = field(default_factory=list)
    ocr: bool = False  # True when this page's text came from OCR


@dataclass(slots=True)
class Document:
    path: str
    format: str  # "pdf" | "docx" | "html" | "txt"
    sha256: str
    pages: list[Page] = field(default_factory=list)
    has_pages: bool = False  # True for PDF: page numbers are meaningful for provenance

    @property
    def ocr_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.ocr]

    def text(self) -> str:
        """All text in reading order, tables as tab-separated rows; used for metadata and narrative."""
        out: list[str] = []
        for page in self.pages:
            for block in page.blocks:
                if isinstance(block, Line):
                    out.append(block.text)
                else:
                    out.extend("\t".join(c.text for c in row) for row in block.rows)
        return "\n".join(out)
