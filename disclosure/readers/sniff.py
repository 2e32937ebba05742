"""Tell the real format of a file from its bytes (magic numbers), never from its name.

Hand-written rather than python-magic/filetype: we need only four formats plus a few common
impostors (images, zip, old .doc), libmagic is a system dependency, and a lying extension must be
reported in words a user understands ("扩展名为 .pdf，但内容是 HTML").
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

# Formats we read; other formats are named only to explain why a file is refused.
SUPPORTED = ("pdf", "docx", "html", "txt", "md")

FORMAT_LABELS = {
    "pdf": "PDF",
    "docx": "DOCX (Word)",
    "html": "HTML",
    "txt": "纯文本 (plain text)",
    "md": "Markdown",
    "zip": "ZIP 压缩包 (zip archive)",
    "doc": "旧版 Word .doc (OLE)",
    "xlsx": "Excel 表格 (xlsx)",
    "png": "PNG 图片 (image)",
    "jpeg": "JPEG 图片 (image)",
    "gif": "GIF 图片 (image)",
    "tiff": "TIFF 图片 (image)",
    "bmp": "BMP 图片 (image)",
    "webp": "WebP 图片 (image)",
    "gzip": "gzip 压缩文件",
    "rar": "RAR 压缩文件",
    "7z": "7z 压缩文件",
    "binary": "二进制数据 (binary data)",
}

EXTENSION_FORMAT = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
}

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"BM", "bmp"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
)

# An HTML document starts (after BOM, whitespace and comments) with one of these tags. Plain text
# that merely contains "<中华人民共和国…>" must not count as HTML, so we look only at the start.
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*|<\?xml[^>]*>\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|title|table|div|p|span|br|center|font|h[1-6]|script|style"
    rb"|link|base|form|section|article|header|nav|ul|ol|img|a|b|strong|iframe|noscript)\b",
    re.IGNORECASE | re.DOTALL,
)


def sniff(data: bytes) -> str:
    """Return a file format: one of SUPPORTED, or a key of FORMAT_LABELS naming an unsupported one."""
    head = data[:1024]
    # The PDF spec lets readers accept junk before the header; real viewers search the first 1 KB.
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    for magic, fmt in _MAGIC:
        if data.startswith(magic):
            return fmt
    if _HTML_START.match(data[:4096]) or _looks_like_utf16_html(data):
        return "html"
    if _looks_like_text(data):
        return "md" if _MD_TABLE_RULE.search(data[:262144]) else "txt"
    return "binary"


# A GFM pipe-table delimiter row (`|---|:--:|`), the one thing plain text never has and every Markdown
# table does: text carrying one is read as Markdown, whatever its name says.
_MD_TABLE_RULE = re.compile(rb"(?m)^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$")


def _sniff_zip(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def _looks_like_utf16_html(data: bytes) -> bool:
    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            head = data[2:4096].decode(enc, errors="ignore").encode("utf-8")
            return bool(_HTML_START.match(head))
    return False


def _looks_like_text(data: bytes) -> bool:
    """Text if it decodes in an encoding we support and has almost no control characters."""
    from disclosure.readers.text import decode_text

    try:
        text, _ = decode_text(data[:65536], partial=len(data) > 65536)
    except UnicodeDecodeError:
        return False
    if not text:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls <= max(2, len(text) // 1000)


def extension_format(suffix: str) -> str | None:
    """The format a file name claims, or None for unknown/missing extensions (sniffed only)."""
    return EXTENSION_FORMAT.get(suffix.lower())
