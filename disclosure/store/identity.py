"""Stable identities: `report_id` (file content) and `agency_id` (who published it).

Why hash the content for report_id: the same bytes under another name or URL are the same report,
and any change to the bytes (a corrected re-publication) is a different report that becomes a new
version of its agency + year + scope.

Why agency_id = hash(normalised name + region): names repeat across China (鼓楼区人民政府 exists in
several cities), so the name alone is not an identity; the region the parser found tells them apart.
The id is a hash rather than a counter so it is the same in every dataset built from the same
reports (no global registry, deterministic rebuilds).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+", re.UNICODE)
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]")


def normalise_name(name: str | None) -> str | None:
    """NFKC, no whitespace or invisible characters; None or empty → None."""
    if name is None:
        return None
    text = unicodedata.normalize("NFKC", name)
    text = _INVISIBLE.sub("", text)
    text = _SPACE.sub("", text)
    return text or None


def agency_id(name: str | None, province: str | None, city: str | None, county: str | None) -> str | None:
    """`ag_` + 16 hex of sha256 over the normalised name and region; None when the name is unknown."""
    norm = normalise_name(name)
    if norm is None:
        return None
    parts = [norm] + [normalise_name(p) or "" for p in (province, city, county)]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"ag_{digest[:16]}"
