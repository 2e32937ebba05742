"""Expand the PATH arguments of `disclosure ingest` (files, folders, globs) into a file list.

Folders are walked recursively and only files with a report extension are taken (a corpus folder
also holds MANIFEST.tsv, README.md…); a file named explicitly is always attempted, so a wrong
format is reported rather than silently skipped. Order is deterministic (sorted per argument), which
makes versions assigned within one run reproducible.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path

from disclosure.readers.sniff import EXTENSION_FORMAT

# Old Word files are not supported, but a folder of reports containing them should say so per file.
REPORT_SUFFIXES: frozenset[str] = frozenset(EXTENSION_FORMAT) | {".doc"}


@dataclass
class Expanded:
    files: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # arguments that matched nothing
    skipped: int = 0  # files inside folders without a report extension


def _walk(folder: Path, out: Expanded) -> list[str]:
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name.startswith("."):
                continue
            # A folder's README.md describes the folder; it is Markdown but never a report.
            if Path(name).suffix.lower() in REPORT_SUFFIXES and not name.lower().startswith("readme."):
                found.append(os.path.join(root, name))
            else:
                out.skipped += 1
    return sorted(found)


def expand(args: list[str]) -> Expanded:
    out = Expanded()
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            out.files.append(path)

    for arg in args:
        p = Path(arg)
        if p.is_dir():
            for f in _walk(p, out):
                add(f)
        elif p.exists() or p.is_symlink():
            add(arg)
        elif glob.has_magic(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                out.missing.append(arg)
            for m in matches:
                if Path(m).is_dir():
                    for f in _walk(Path(m), out):
                        add(f)
                else:
                    add(m)
        else:
            out.missing.append(arg)
    return out
