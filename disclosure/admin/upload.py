"""Upload of a report from the browser: check, parse in the isolated worker, preview, then commit.

Why the same path as the command line: an uploaded file is as hostile as any other, so it gets the
same limits (size, regular bytes only, spans, pages, OCR) and is parsed in a forked worker with the
ingest's time and memory limits — a file that hangs or explodes kills only that worker, never the
dashboard. Nothing is stored until the administrator commits; the commit is an ordinary ingest of
the staged file (atomic snapshot, versions, the completeness gate), so the dataset is exactly old or
new whatever happens.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure import limits
from disclosure.errors import InputError, display_name
from disclosure.readers.sniff import FORMAT_LABELS, SUPPORTED, sniff
from disclosure.store import ingest, worker

# Extension written for the staged copy: from the sniffed content, never from the uploaded name.
_EXTENSION = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "txt": ".txt"}
_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.\-（）()]+")


@dataclass
class Staged:
    """An uploaded file written to a private temporary folder under a safe name."""

    path: Path
    name: str  # the name shown and stored as source_file
    kind: str
    size: int
    folder: Path

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Preview:
    ok: bool
    reason: str | None = None
    report: dict[str, Any] = field(default_factory=dict)
    cells: list[dict[str, Any]] = field(default_factory=list)
    failed_checks: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


def safe_name(name: str) -> str:
    """A file name without folders or odd characters (the upload's name is user input)."""
    base = Path(display_name(name or "")).name
    stem = _UNSAFE.sub("_", Path(base).stem).strip("._") or "upload"
    return stem[:120]


def stage(data: bytes, name: str) -> Staged:
    """Check an upload (size limit, type sniffed from content) and write it to a temporary folder."""
    lim = limits.current()
    shown = safe_name(name)
    if len(data) > lim.max_file_bytes:
        raise InputError(shown, f"文件过大：{len(data) / 1048576:.2f} MB，超过上限 {lim.max_file_mb:g} MB")
    if not data.strip(b" \t\r\n\x00"):
        raise InputError(shown, "文件为空 (empty file)")
    kind = sniff(data)
    if kind not in SUPPORTED:
        raise InputError(shown, f"不支持的格式：{FORMAT_LABELS.get(kind, kind)}（按内容识别）")
    folder = Path(tempfile.mkdtemp(prefix="disclosure-upload-"))
    path = folder / f"{shown}{_EXTENSION[kind]}"
    path.write_bytes(data)
    return Staged(path=path, name=path.name, kind=kind, size=len(data), folder=folder)


def preview(staged: Staged, timeout: float = 300.0, max_memory_mb: int | None = 4096) -> Preview:
    """Parse the staged file in an isolated worker; the parsed cells and failed checks, or the reason."""
    outcomes = list(worker.run([worker.Task(0, str(staged.path))], 1, timeout, max_memory_mb))
    out = outcomes[0]
    if not out.ok:
        return Preview(ok=False, reason=out.reason, seconds=out.seconds)
    rows = out.rows
    assert rows is not None  # a successful outcome always carries the parse's rows
    failed = [c for c in rows["checks"] if c.get("ok") is False]
    return Preview(
        ok=True, report=rows["report"], cells=rows["cells"], failed_checks=failed, seconds=out.seconds
    )


def commit(data_dir: str | Path, staged: Staged, accept: bool = False) -> Any:
    """Store the staged file (an ordinary, atomic ingest); returns the ingest Summary."""
    return ingest.run([str(staged.path)], data_dir, ingest.Options(progress=False, accept=accept, jobs=1))
