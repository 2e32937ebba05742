"""STUB (owned by the platform-metrics helper): check R8, narrative versus table (a warning)."""

from __future__ import annotations

from typing import Any

from disclosure.model import Document


def check(report: dict[str, Any], doc: Document) -> list[dict[str, Any]]:
    return []
