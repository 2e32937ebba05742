"""STUB (owned by the platform-metrics helper): platform metrics from the narrative (SPEC §9)."""

from __future__ import annotations

from typing import Any

from disclosure.model import Document


def extract(doc: Document) -> list[dict[str, Any]]:
    return []
