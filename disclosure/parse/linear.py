"""Reading table rows from running text: labels as anchors, the tokens between them as the row.

Why anchors: PDF text and scraped pages lose the grid. Counting numbers in reading order would let
one missing token shift every later cell, so each row is found by its label keyword (after
normalisation), and only the tokens between a row's label and the next label (or a group heading,
a column header, a "第二十条第（N）项" line) belong to that row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from disclosure.parse.labels import compiled, normalise_with_map
from disclosure.parse.stream import Stream

TOKEN_RX = re.compile(
    r"[+\-]?\d[\d,]*(?:\.\d+)?(?:万元|元)?"
    r"|(?<![\u4e00-\u9fff\d])(?:/+|—+|-+|无)(?![\u4e00-\u9fff\d])"
)
# Page furniture that a PDF text layer puts between table rows: "- 3 -", "第 3 页 共 5 页".
PAGE_NUMBER_RX = re.compile(
    r"(?m)^[ \t]*[-—－][ \t]*\d{1,3}[ \t]*[-—－][ \t]*$|第[ \t]*\d{1,3}[ \t]*页(?:[ \t]*[,，]?[ \t]*共[ \t]*\d{1,3}[ \t]*页)?"
)
_SIGNS = str.maketrans({"−": "-", "–": "-", "﹣": "-", "－": "-", "＋": "+", "，": ","})


@dataclass(slots=True)
class Token:
    text: str
    start: int  # offset in the stream text
    page: int | None


@dataclass(slots=True)
class LinearRow:
    key: str
    tokens: list[Token] = field(default_factory=list)
    label_start: int = 0  # offset of the label in the stream text


def same_length_nfkc(text: str) -> str:
    """NFKC per character where it keeps one character (full-width digits, ＋, ．), so offsets hold."""
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out).translate(_SIGNS)


_CJK = re.compile(r"[\u4e00-\u9fff]")


def tokens_in(stream: Stream, start: int, end: int) -> list[Token]:
    """Value tokens (numbers, dashes) in stream[start:end], page furniture masked out.

    A row's values are printed together: once values have started, text (a note, the next
    paragraph) ends the row, so numbers further on are never taken as this row's cells.
    """
    seg = same_length_nfkc(stream.text[start:end])
    seg = PAGE_NUMBER_RX.sub(lambda m: " " * len(m.group(0)), seg)
    out: list[Token] = []
    prev_end = None
    for m in TOKEN_RX.finditer(seg):
        if prev_end is not None and _CJK.search(seg, prev_end, m.start()):
            break
        out.append(Token(m.group(0), start + m.start(), stream.page_at(start + m.start())))
        prev_end = m.end()
    return out


@dataclass(slots=True)
class RowSpec:
    key: str
    patterns: tuple[str, ...]  # tried in order; the first that matches after the previous row wins
    # Only try the fallback patterns (index ≥ 1) when none of these keys was found.
    fallback_unless: tuple[str, ...] = ()


def read_rows(stream: Stream, bounds: tuple[int, int], specs: list[RowSpec],
              stoppers: tuple[str, ...]) -> dict[str, LinearRow]:
    """Find each row's label in order inside `bounds` and collect the tokens up to the next label."""
    start, end = bounds
    norm, src = normalise_with_map(stream.text[start:end])
    found: list[tuple[str, int, int]] = []  # key, norm start, norm end
    found_keys: set[str] = set()
    pos = 0
    for spec in specs:
        m = None
        for i, pat in enumerate(spec.patterns):
            if i > 0 and any(k in found_keys for k in spec.fallback_unless):
                break
            m = compiled(pat).search(norm, pos)
            if m:
                break
        if m is None:
            continue
        found.append((spec.key, m.start(), m.end()))
        found_keys.add(spec.key)
        pos = m.end()
    boundaries = sorted(
        {s for _, s, _ in found}
        | {m.start() for pat in stoppers for m in compiled(pat).finditer(norm)}
    )
    out: dict[str, LinearRow] = {}
    for key, s, e in found:
        nxt = next((b for b in boundaries if b >= e), len(norm))
        seg_start = _stream_offset(bounds, src, e)
        seg_end = _stream_offset(bounds, src, nxt)
        out[key] = LinearRow(key, tokens_in(stream, seg_start, seg_end), start + src[s])
    return out


def _stream_offset(bounds: tuple[int, int], src: tuple[int, ...], i: int) -> int:
    """Stream offset of normalised index `i` of the text in `bounds` (`src` its source map); an index
    at or past the end of the normalised text maps to the end of bounds."""
    start, end = bounds
    return start + (src[i] if i < len(src) else end - start)


def first_match_end(stream: Stream, bounds: tuple[int, int], pattern: str) -> int:
    """Stream offset just after the first match of `pattern` in bounds (bounds start if none)."""
    norm, src = normalise_with_map(stream.text[bounds[0]:bounds[1]])
    m = compiled(pattern).search(norm)
    return bounds[0] if m is None else _stream_offset(bounds, src, m.end())


def last_match_end(stream: Stream, bounds: tuple[int, int], pattern: str) -> int:
    """Stream offset just after the last match of `pattern` in bounds (bounds start if none)."""
    norm, src = normalise_with_map(stream.text[bounds[0]:bounds[1]])
    last = None
    for m in compiled(pattern).finditer(norm):
        last = m
    return bounds[0] if last is None else _stream_offset(bounds, src, last.end())
