"""STUB (owned by the metadata helper): agency, year, scope, level, kind, region."""

from __future__ import annotations

from typing import Any

from disclosure.model import Document


def extract(doc: Document) -> dict[str, Any]:
    return {"agency": None, "year": None, "scope": "own", "level": None, "kind": None,
            "region": {"province": None, "city": None, "county": None}}
