"""Markdown reader: pipe tables → `Table` grids, every other block → `Line`s (no pages).

Why Markdown at all: PDF-to-Markdown converters (MinerU, marker, pymupdf4llm, markitdown, pandoc) and
many CMS exports hand over reports as Markdown, with the tables as GFM pipe tables. Reading the pipes
with regexes breaks on escaped pipes, inline code and ragged rows; markdown-it-py (MIT, the
CommonMark reference port, pinned) with its `table` rule gives the real table structure.

What the reader keeps, and why:
- a table is a grid of its cell texts, the header row first — even a header of placeholders
  (`数据1 … 数据6`), because the parser decides what a row means, not the reader; short rows are
  padded with blank cells (a blank cell is a printed blank, kept as "");
- headings lose their `#` marks but stay one line each (a title is often `# XX县人民政府…`);
- paragraphs keep their soft line breaks as separate lines, so a key-value line outside any table
  (`行政许可 97`) stays a line of its own;
- inline markup is dropped (`**12**` → `12`), its text kept; HTML blocks are kept as text lines.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from disclosure.model import Document, Line, Page, Table, TableCell
from disclosure.readers.text import decode_text
from disclosure.readers.textutil import clean


def _parser() -> MarkdownIt:
    # "commonmark" + the GFM table rule; html stays on so raw HTML blocks are kept as text lines.
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _inline_text(token: Token) -> list[str]:
    """Plain text of an inline token, split at soft/hard breaks (one string per visual line)."""
    lines = [""]
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            lines.append("")
        elif child.type in ("text", "code_inline", "html_inline"):
            lines[-1] += child.content
        elif child.type == "image":
            lines[-1] += "".join(c.content for c in child.children or [])
    return lines


def read_markdown(path: str, data: bytes, sha256: str) -> Document:
    text, _ = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    tokens = _parser().parse(text)
    blocks: list[Line | Table] = []
    rows: list[list[str]] | None = None
    row: list[str] | None = None
    for i, tok in enumerate(tokens):
        if tok.type == "table_open":
            rows = []
        elif tok.type == "table_close" and rows is not None:
            width = max((len(r) for r in rows), default=0)
            if width:
                grid = [[TableCell(c) for c in r + [""] * (width - len(r))] for r in rows]
                blocks.append(Table(rows=grid))
            rows = None
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close" and rows is not None and row is not None:
            rows.append(row)
            row = None
        elif tok.type == "inline":
            parts = _inline_text(tok)
            if row is not None:  # a table cell: one cell, its visual lines joined
                row.append(clean(" ".join(parts)))
            else:
                blocks.extend(Line(clean(p)) for p in parts if clean(p))
        elif tok.type in ("html_block", "code_block", "fence"):
            blocks.extend(Line(clean(p)) for p in tok.content.split("\n") if clean(p))
        # Cells with no inline child (an empty `| |`) still need a slot.
        if (
            tok.type in ("th_close", "td_close")
            and row is not None
            and tokens[i - 1].type in ("th_open", "td_open")
        ):
            row.append("")
    page = Page(number=1, blocks=blocks)
    return Document(path=path, format="md", sha256=sha256, pages=[page], has_pages=False)
