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

from disclosure.parse.labels import approx_find, compiled, max_edits, normalise_with_map
from disclosure.parse.stream import Stream
from disclosure.parse.tokens import COUNT_UNITS

TOKEN_RX = re.compile(
    r"[+\-]?\d[\d,]*(?:\.\d+)?(?:万元|元|(?:" + "|".join(COUNT_UNITS) + r")(?![\u4e00-\u9fff]))?"
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
    label: str = ""  # the printed label as matched (normalised)
    how: str = "keyword"  # "keyword" (a row pattern) or "edit_distance" (typo-tolerant second pass)
    distance: int = 0  # edits between `label` and the row's printed form (edit_distance only)
    # No value token follows the label, and no line break either: in flattened page text this is a
    # row of blank cells (the scraper dropped the empty cells). Across a line break it is not — a PDF
    # text layer may print a row's numbers on the line before its label.
    blank: bool = False


def same_length_nfkc(text: str) -> str:
    """NFKC per character where it keeps one character (full-width digits, ＋, ．), so offsets hold."""
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out).translate(_SIGNS)


_CJK = re.compile(r"[\u4e00-\u9fff]")

# A year that starts the next sentence, glued to the last cell's digits ("…继续办理1000001" +
# "2024年，本单位…" → "10000012024年"): a 4-digit year followed by 年 (or 年度) is prose, so a digit
# run ends before it. Only 1990–2099, the years a report can name.
_GLUED_YEAR = re.compile(r"(?:199\d|20\d\d)(?=[ \t]*年)")

# Sign words of the 2019 本年增/减 column, each rewritten to a sign of the same length (offsets hold):
# name, pattern, replacement, example.
SIGN_WORDS: tuple[tuple[str, re.Pattern[str], str, str], ...] = (
    ("increase_2", re.compile(r"增加(?=\d)"), " +", "增加3 → +3"),
    ("decrease_2", re.compile(r"减少(?=\d)"), " -", "减少2 → -2"),
    ("increase_1", re.compile(r"(?<![\u4e00-\u9fff])增(?=\d)|(?<=\d)增(?=\d)"), "+", "9增4 → 9 +4"),
    ("decrease_1", re.compile(r"(?<![\u4e00-\u9fff])减(?=\d)|(?<=\d)减(?=\d)"), "-", "9减4 → 9 -4"),
)


def rewrite_sign_words(seg: str) -> str:
    """Sign words before a number become + / − (same length), so `9减4` reads as 9 and −4."""
    for _, rx, rep, _ in SIGN_WORDS:
        seg = rx.sub(rep, seg)
    return seg  # "9-4" then tokenises as "9", "-4" (TOKEN_RX)


def tokens_in(stream: Stream, start: int, end: int, sign_words: bool = False) -> list[Token]:
    """Value tokens (numbers, dashes) in stream[start:end], page furniture masked out.

    A row's values are printed together: once values have started, text (a note, the next
    paragraph) ends the row, so numbers further on are never taken as this row's cells; a year that
    opens the next sentence (`_GLUED_YEAR`) ends the row too, even when glued to the last digits.
    `sign_words`: the row has a signed column (2019 本年增/减), whose 增加/减少 words are signs.
    """
    seg = same_length_nfkc(stream.text[start:end])
    seg = PAGE_NUMBER_RX.sub(lambda m: " " * len(m.group(0)), seg)
    if sign_words:
        seg = rewrite_sign_words(seg)
    out: list[Token] = []
    prev_end = None
    for m in TOKEN_RX.finditer(seg):
        if prev_end is not None and _CJK.search(seg, prev_end, m.start()):
            break
        text, stop = m.group(0), False
        if len(text) >= 4 and text[-4:].isdigit() and _GLUED_YEAR.match(seg, m.end() - 4):
            text, stop = text[:-4], True
        if text:
            out.append(Token(text, start + m.start(), stream.page_at(start + m.start())))
        prev_end = m.end()
        if stop:
            break
    return out


@dataclass(slots=True)
class RowSpec:
    key: str
    patterns: tuple[str, ...]  # tried in order; the first that matches after the previous row wins
    # Only try the fallback patterns (index ≥ 1) when none of these keys was found.
    fallback_unless: tuple[str, ...] = ()
    # The row's printed label (normalised), for the typo-tolerant pass when no pattern matched.
    fuzzy: str | None = None
    sign_words: bool = False  # the row has a signed column (see `tokens_in`)


def read_rows(
    stream: Stream, bounds: tuple[int, int], specs: list[RowSpec], stoppers: tuple[str, ...]
) -> dict[str, LinearRow]:
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
    fuzzy = _fuzzy_pass(norm, specs, found)
    found = sorted(found + [(k, s, e) for k, s, e, _ in fuzzy], key=lambda f: f[1])
    distance = {k: d for k, _, _, d in fuzzy}
    by_key = {spec.key: spec for spec in specs}
    boundaries = sorted(
        {s for _, s, _ in found} | {m.start() for pat in stoppers for m in compiled(pat).finditer(norm)}
    )
    out: dict[str, LinearRow] = {}
    for key, s, e in found:
        nxt = next((b for b in boundaries if b >= e), len(norm))
        seg_start = _stream_offset(bounds, src, e)
        seg_end = _stream_offset(bounds, src, nxt)
        toks = tokens_in(stream, seg_start, seg_end, by_key[key].sign_words)
        blank = not toks and "\n" not in stream.text[start + src[s] : seg_end]
        out[key] = LinearRow(
            key,
            toks,
            start + src[s],
            norm[s:e],
            "edit_distance" if key in distance else "keyword",
            distance.get(key, 0),
            blank,
        )
    return out


def _fuzzy_pass(
    norm: str, specs: list[RowSpec], found: list[tuple[str, int, int]]
) -> list[tuple[str, int, int, int]]:
    """Rows no pattern found, looked for by their printed label within a few edits, only in the gap
    between the rows found before and after them in printed order (so a typo'd row can never be
    matched somewhere else in the table). Returns (key, start, end, edits)."""
    pos_of = {k: (s, e) for k, s, e in found}
    order = [spec.key for spec in specs]
    out = []
    for i, spec in enumerate(specs):
        if spec.key in pos_of or not spec.fuzzy or max_edits(spec.fuzzy) == 0:
            continue
        lo = max((pos_of[k][1] for k in order[:i] if k in pos_of), default=0)
        hi = min((pos_of[k][0] for k in order[i + 1 :] if k in pos_of), default=len(norm))
        hit = approx_find(spec.fuzzy, norm, max_edits(spec.fuzzy), lo, hi)
        if hit is not None:
            out.append((spec.key, hit.start, hit.end, hit.distance))
            pos_of[spec.key] = (hit.start, hit.end)
    return out


def _stream_offset(bounds: tuple[int, int], src: tuple[int, ...], i: int) -> int:
    """Stream offset of normalised index `i` of the text in `bounds` (`src` its source map); an index
    at or past the end of the normalised text maps to the end of bounds."""
    start, end = bounds
    return start + (src[i] if i < len(src) else end - start)


def first_match_end(stream: Stream, bounds: tuple[int, int], pattern: str) -> int:
    """Stream offset just after the first match of `pattern` in bounds (bounds start if none)."""
    norm, src = normalise_with_map(stream.text[bounds[0] : bounds[1]])
    m = compiled(pattern).search(norm)
    return bounds[0] if m is None else _stream_offset(bounds, src, m.end())


def last_match_end(stream: Stream, bounds: tuple[int, int], pattern: str) -> int:
    """Stream offset just after the last match of `pattern` in bounds (bounds start if none)."""
    norm, src = normalise_with_map(stream.text[bounds[0] : bounds[1]])
    last = None
    for m in compiled(pattern).finditer(norm):
        last = m
    return bounds[0] if last is None else _stream_offset(bounds, src, last.end())
