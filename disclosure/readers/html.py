"""HTML reader: paragraphs → `Line`s, `<table>` → `Table` grids with rowspan/colspan expanded.

Library: lxml (BSD) — its libxml2 HTML parser is fast (C), tolerant of the broken markup that CMS
exports produce, and gives a tree we can walk in document order. BeautifulSoup would add nothing but
overhead here. We decode the bytes ourselves (BOM, then `<meta charset>` / http-equiv, then strict
UTF-8, GB18030, then charset-normalizer) because government sites still serve GBK/GB2312 pages and
libxml2's own guess is wrong for undeclared GBK.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html

from disclosure.model import Document, Line, Page, Table
from disclosure.readers.cell_spans import SpanCell, place_flow
from disclosure.readers.text import decode_text
from disclosure.readers.textutil import clean, join_wrapped

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

_SKIP = {"script", "style", "head", "noscript", "template", "iframe", "object", "svg", "select", "button"}
# Elements that end the current line of text (block-level in browsers).
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "center",
    "address",
    "caption",
    "form",
    "fieldset",
    "nav",
    "main",
    "aside",
    "figure",
    "figcaption",
    "body",
    "html",
    "table",
    "tbody",
    "thead",
    "tfoot",
}


def read_html(path: str, data: bytes, sha256: str) -> Document:
    m = _META_CHARSET.search(data[:8192])
    text, _ = decode_text(data, hint=m.group(1).decode("ascii") if m else None)
    # lxml refuses str input that still carries an XML encoding declaration.
    text = _XML_DECL.sub("", text, count=1)
    root = lxml.html.document_fromstring(text) if text.strip() else None
    blocks: list[Any] = []
    if root is not None:
        walker = _Walker(blocks)
        walker.walk(root)
        walker.flush()
    page = Page(number=1, blocks=blocks)
    return Document(path=path, format="html", sha256=sha256, pages=[page], has_pages=False)


def _tag(el: Any) -> str | None:
    """Lower-case tag name, or None for comments and processing instructions."""
    return el.tag.lower() if isinstance(el.tag, str) else None


class _Walker:
    """Collects inline text into lines, flushing at block boundaries, in document order."""

    def __init__(self, blocks: list[Any]) -> None:
        self.blocks = blocks
        self.buf: list[str] = []

    def flush(self) -> None:
        text = clean("".join(self.buf))
        self.buf = []
        if text:
            self.blocks.append(Line(text))

    def walk(self, el: Any) -> None:
        tag = _tag(el)
        if tag is None or tag in _SKIP:
            return
        if tag == "table" and not _has_nested_table(el):
            grid = _table_grid(el)
            # One column is page layout (a frame around the article), not a data table: read its
            # content as ordinary lines by walking into it below.
            if grid and len(grid[0]) > 1:
                self.flush()
                caption = next((c for c in el if _tag(c) == "caption"), None)
                caption_text = _cell_text(caption) if caption is not None else ""
                if caption_text:
                    self.blocks.append(Line(caption_text))
                self.blocks.append(Table(rows=grid))
                return
            if not grid:
                return
        block = tag in _BLOCK
        if block:
            self.flush()
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.buf.append(child.tail)
        if block:
            self.flush()


def _has_nested_table(table: Any) -> bool:
    """A table holding tables is page layout, not data: walk into it instead of gridding it."""
    return any(True for _ in table.iterdescendants("table"))


def _rows(table: Any) -> list[Any]:
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(tr for tr in child if _tag(tr) == "tr")
    return rows


# Browsers cap colspan at 1000 and rowspan at 65534 (HTML spec, "rules for parsing non-negative
# integers"); more digits than that are read as the cap, never converted (a 5000-digit number would
# exceed Python's int conversion limit). place_flow then clamps spans to the table's real size.
_SPAN_CAP = 65534


def _span(value: str | None) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    if not m:
        return 1
    digits = m.group(1).lstrip("0") or "0"
    return _SPAN_CAP if len(digits) > 5 else min(int(digits), _SPAN_CAP)


def _table_grid(table: Any) -> list[list[Any]]:
    rows: list[list[SpanCell]] = []
    for tr in _rows(table):
        cells = [
            SpanCell(_cell_text(td), rowspan=_span(td.get("rowspan")), colspan=_span(td.get("colspan")))
            for td in tr
            if _tag(td) in ("td", "th")
        ]
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return place_flow(rows) if rows else []


def _cell_text(td: Any) -> str:
    """Cell text with its visual lines (br, p, div) joined; `&nbsp;`-only cells become ""."""
    parts: list[str] = [""]

    def visit(el: Any) -> None:
        tag = _tag(el)
        if tag is None or tag in _SKIP:
            return
        block = tag in _BLOCK
        if block:
            parts.append("")
        if el.text:
            parts[-1] += el.text
        for child in el:
            visit(child)
            if child.tail:
                parts[-1] += child.tail
        if block:
            parts.append("")

    # The cell itself is a block element: visiting it only adds empty parts, which are dropped.
    visit(td)
    return join_wrapped([clean(p) for p in parts])
