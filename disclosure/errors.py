"""Errors that reach a user as one line naming the file and the reason (never a traceback)."""

from __future__ import annotations

import os
from pathlib import Path


def display_name(path: str | Path | bytes) -> str:
    """A printable, UTF-8-encodable form of a file name: POSIX names are bytes, and a name that is
    not valid UTF-8 reaches Python with lone surrogates that every UTF-8 writer (Parquet, JSON, the
    terminal) refuses; its undecodable bytes become U+FFFD."""
    return os.fsencode(path).decode("utf-8", errors="replace")


class InputError(Exception):
    """A file that cannot be read as a report. `str()` is the one line shown to the user."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = display_name(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class NotAReportError(InputError):
    """The file reads fine but is not a 政府信息公开工作年度报告 (e.g. a letter filed in the same column)."""
