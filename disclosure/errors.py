"""Errors that reach a user as one line naming the file and the reason (never a traceback)."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A file that cannot be read as a report. `str()` is the one line shown to the user."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class NotAReportError(InputError):
    """The file reads fine but is not a 政府信息公开工作年度报告 (e.g. a letter filed in the same column)."""
