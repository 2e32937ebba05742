"""Readers: any supported file → `disclosure.model.Document`.

`read(path)` sniffs the real format from the bytes (see `sniff`), hashes them, and hands them to one
reader per format: `pdf` (pdfplumber text layer, OCR for image-only pages via `ocr`), `docx`
(python-docx), `html` (lxml), `markdown` (markdown-it-py, pipe tables) and `text`. Every failure a user can cause (empty, binary, encrypted,
corrupt, lying extension) becomes an `InputError` with a plain reason; no library traceback escapes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from disclosure.errors import InputError, display_name
from disclosure.fileio import read_limited
from disclosure.model import Document
from disclosure.readers.cell_spans import TableTooLarge
from disclosure.readers.sniff import FORMAT_LABELS, SUPPORTED, extension_format, sniff

__all__ = ["read", "read_as", "read_bytes"]

# Formats that are all text: a scraper saves page source as .txt, Markdown as .txt, page text as
# .html, so among these the content decides and a differing extension is not a lie.
_TEXT_FORMATS = frozenset({"html", "txt", "md"})


def read(path: str | Path) -> Document:
    """Read one file. Raises InputError (file name + reason) for anything we cannot read.

    Only regular files up to the configured size are read (`disclosure.fileio`): a FIFO, a device or
    a directory is refused before any byte is read, so nothing here can block or read without end.
    """
    p = Path(path)
    data = read_limited(p)
    return read_bytes(data, p)


def read_bytes(data: bytes, path: str | Path) -> Document:
    """Read already-loaded bytes; `path` names the file in errors and in `Document.path`."""
    p = Path(path)
    if not data or not data.strip(b" \t\r\n\x00"):
        raise InputError(p, "文件为空 (empty file)")
    fmt = sniff(data)
    claimed = extension_format(p.suffix)
    if fmt == "zip":
        raise InputError(
            p, "ZIP 压缩包，但不是 DOCX：缺少 word/document.xml (zip archive that is not a DOCX)"
        )
    # Any mismatch outside the text kinds means the name lies.
    if claimed is not None and claimed != fmt and not {claimed, fmt} <= _TEXT_FORMATS:
        raise InputError(
            p,
            f"扩展名为 {p.suffix}，但内容是 {FORMAT_LABELS.get(fmt, fmt)} "
            f"(extension {p.suffix} does not match the content)",
        )
    if fmt not in SUPPORTED:
        if fmt == "binary":
            reason = "二进制数据，不是 PDF/DOCX/HTML/文本 (binary data: not a supported format)"
        else:
            reason = f"不支持的格式：{FORMAT_LABELS.get(fmt, fmt)} (unsupported format)"
        raise InputError(p, reason)
    return read_as(fmt, data, p)


def read_as(fmt: str, data: bytes, path: str | Path) -> Document:
    """Run the reader of `fmt` on `data`, turning any failure into an InputError (used by
    `read_bytes` after sniffing, and by the fuzz tests to feed arbitrary bytes to every reader)."""
    p = Path(path)
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        return _dispatch(fmt, display_name(p), data, sha256)
    except InputError:
        raise
    except TableTooLarge as exc:
        raise InputError(p, str(exc)) from None
    except MemoryError:
        raise InputError(p, "内存不足，文件过于复杂 (out of memory reading this file)") from None
    except RecursionError:
        raise InputError(p, "文件结构嵌套过深 (structure nested too deeply)") from None
    except Exception as exc:  # noqa: BLE001 - any library failure becomes one readable line
        raise InputError(
            p, f"无法读取{FORMAT_LABELS[fmt]}文件 (unreadable {fmt}: {type(exc).__name__}: {exc})"
        ) from exc


def _dispatch(fmt: str, path: str, data: bytes, sha256: str) -> Document:
    if fmt == "pdf":
        from disclosure.readers.pdf import read_pdf

        return read_pdf(path, data, sha256)
    if fmt == "docx":
        from disclosure.readers.docx import read_docx

        return read_docx(path, data, sha256)
    if fmt == "html":
        from disclosure.readers.html import read_html

        return read_html(path, data, sha256)
    if fmt == "md":
        from disclosure.readers.markdown import read_markdown

        return read_markdown(path, data, sha256)
    from disclosure.readers.text import read_text

    return read_text(path, data, sha256)
