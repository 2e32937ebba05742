"""Small text helpers shared by the readers: joining wrapped lines and cleaning cell text.

Why hand-written: the rule is specific to Chinese reports. Lines wrapped inside a table cell or a
paragraph must be joined without a space between CJK characters ("商业\\n企业" → "商业企业") but with
one between Latin words or numbers ("2024\\n年" keeps no space, "Hello\\nworld" keeps one).
"""

from __future__ import annotations

import re

_WS = re.compile(r"[ \t\r\f\v\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")


def _is_wide(ch: str) -> bool:
    """CJK ideographs, kana, full-width forms and CJK punctuation: no space is needed next to them."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x3FFFF
        or ch in "“”‘’、。，；：？！（）《》〈〉【】—…·"
    )


def join_wrapped(parts: list[str]) -> str:
    """Join the visual lines of one logical text (a cell or a paragraph)."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and not (_is_wide(out[-1]) or _is_wide(part[0])):
            out += " "
        out += part
    return out


def clean(text: str) -> str:
    """Collapse runs of whitespace (incl. &nbsp; and ideographic space) to one space and strip.

    A cell holding only `&nbsp;` or spaces therefore becomes "", a blank cell, never a missing one.
    """
    return _WS.sub(" ", text).strip()
