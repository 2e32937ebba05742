"""The agency pickers' model (issue 13): which agencies a picker offers, their labels, its default and the
sentence under it — pure functions on queries/agency_search.sql and agency_names.sql results (no Streamlit;
disclosure.dashboard.picker draws the widgets).

Why a picker and not a select box of every agency: nationally there are ~300 000 agencies; a list of all
of them is seconds of query time, megabytes sent to the browser and a box nobody can scroll. A picker
offers the first LIMIT agencies of the selection (most years of reports first) and a name search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from disclosure.dashboard import models

LIMIT = 50  # agencies one picker lists at a time


@dataclass(frozen=True)
class Options:
    """What one picker offers: ids in display order, their (unique) labels, how many agencies match."""

    ids: list[str]
    labels: dict[str, str]
    n_total: int  # agencies of the selection matching the search (not only those listed)
    n_listed: int  # of them listed (at most LIMIT; kept choices come on top of these)

    @property
    def truncated(self) -> bool:
        return self.n_total > self.n_listed


def options(found: pd.DataFrame, kept: pd.DataFrame | None = None) -> Options:
    """The kept agencies (chosen already, or opened by a link) first, then the search's rows; labels made
    unique over everything offered (two agencies of one name get their region)."""
    frames = [f for f in (kept, found) if f is not None and not f.empty]
    both = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["agency_id", "agency"])
    ids = list(dict.fromkeys(str(a) for a in both["agency_id"].dropna()))
    n_total = int(found["n_total"].iloc[0]) if not found.empty and "n_total" in found else 0
    return Options(ids, models.unique_labels(both) if ids else {}, n_total, len(found))


def caption(opts: Options, search: str) -> str | None:
    """The sentence under a picker: how many agencies match and that only the first are listed."""
    if search and opts.n_total == 0:
        return f"没有名称包含“{search}”的单位，请换一个关键词。"
    if opts.truncated:
        return f"共 {opts.n_total:,} 个单位，显示前 {opts.n_listed} 个，请输入名称缩小范围。"
    if search:
        return f"名称包含“{search}”的单位共 {opts.n_total:,} 个。"
    return None


def needs_search(opts: Options, search: str) -> bool:
    """A search box only when the list is cut (or a search is active): small datasets keep a plain list."""
    return bool(search) or opts.truncated


def default(
    found: pd.DataFrame, preferred: Sequence[str] = (), min_years: int = 0, column: str = "n_years"
) -> str | None:
    """The first preferred agency (the sidebar's hand-picked ones) that is in `found` with at least
    `min_years` years in `column`, else the search's first row (its order: most years first)."""
    if found.empty:
        return None
    years = dict(zip(found["agency_id"], found[column], strict=True))
    for a in preferred:
        if a in years and years[a] >= min_years:
            return a
    return str(found["agency_id"].iloc[0])
