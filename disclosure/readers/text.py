"""Plain-text reader: decode, then one `Line` per line; no pages (SPEC §7 scraped text).

Library: none for reading; decoding tries the BOM, strict UTF-8 and strict GB18030 (a superset of
GBK and GB2312, so one codec covers all three) before asking charset-normalizer (MIT, pure Python)
for a guess. Strict decoders first because they are exact and fast; a statistical guess is only a
fallback. Lines are kept verbatim (empty ones too) so `Document.text()` equals the file's text and
character offsets in it point back into the source.
"""

from __future__ import annotations

import codecs

from disclosure.model import Document, Line, Page

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes, hint: str | None = None, partial: bool = False) -> tuple[str, str]:
    """Decode bytes to str, returning (text, encoding). Raises UnicodeDecodeError if nothing fits.

    `hint` is an encoding declared by the file (HTML meta) and is tried right after the BOM.
    `partial` tolerates a multi-byte character cut at the end of a sample.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], enc, partial), enc
    candidates = []
    if hint:
        candidates.append(normalise_encoding(hint))
    candidates += ["utf-8", "gb18030"]
    for enc in dict.fromkeys(candidates):
        try:
            return _decode(data, enc, partial), enc
        except (UnicodeDecodeError, LookupError):
            continue
    # Mostly-UTF-8 with a few broken bytes (a scraper cut a character in half): keep UTF-8 and mark
    # the damage with U+FFFD rather than let a statistical guess turn the whole text into mojibake.
    if not partial:
        lossy = data.decode("utf-8", errors="replace")
        if lossy.count("\ufffd") <= max(1, len(lossy) // 1000):
            return lossy, "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnicodeDecodeError("unknown", data[:1], 0, 1, "no text encoding fits")
    return str(best), best.encoding


def _decode(data: bytes, enc: str, partial: bool) -> str:
    if not partial:
        return data.decode(enc)
    decoder = codecs.getincrementaldecoder(enc)()
    return decoder.decode(data, final=False)


def normalise_encoding(name: str) -> str:
    """Map declared Chinese encodings onto GB18030, their superset: pages labelled gb2312 often
    contain GBK-only characters, and decoding them as gb2312 would fail on real files."""
    n = name.strip().strip("'\"").lower().replace("_", "-")
    if n in {"gb2312", "gbk", "gb-2312", "cp936", "x-gbk", "euc-cn", "gb18030", "hz-gb-2312", "csgb2312"}:
        return "gb18030"
    return n


def read_text(path: str, data: bytes, sha256: str) -> Document:
    text, _ = decode_text(data)
    # Split on line feeds only: str.splitlines() would also split on \f, \x1c or U+2028, which
    # occur inside real scraped lines and must stay in the text.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    page = Page(number=1, blocks=[Line(line) for line in lines])
    return Document(path=path, format="txt", sha256=sha256, pages=[page], has_pages=False)
