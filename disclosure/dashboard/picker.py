"""Agency pickers that work for the whole country (issue 13): a select box of the selection's first
agencies plus, when the list is cut, a name search — never a box of every agency. The query is
queries/agency_search.sql (the search text is a parameter value, matched as a plain substring); the model
(options, labels, caption, default) is pagemodel.picker."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from disclosure.dashboard import data
from disclosure.dashboard.fmt import md
from disclosure.dashboard.pagemodel import picker as model

SEARCH_MAX = 40  # characters of a name search (a name is rarely longer)


def search(
    params: dict[str, Any], text: str = "", order: str = "years", limit: int = model.LIMIT
) -> pd.DataFrame:
    """The selection's agencies whose name contains `text`, at most `limit` (queries/agency_search.sql)."""
    return data.selection_query(
        "agency_search", {**params, "search": text.strip()[:SEARCH_MAX], "order": order, "limit": limit}
    )


def within(params: dict[str, Any], ids: Sequence[str], order: str = "years") -> pd.DataFrame:
    """Those of `ids` that are in the selection (with the same columns as `search`): validates choices
    kept in session state or named in a link, however many agencies the selection has."""
    wanted = [str(a) for a in dict.fromkeys(ids) if a]
    if params.get("agency_ids") is not None:
        wanted = [a for a in wanted if a in set(params["agency_ids"])]
    if not wanted:
        return pd.DataFrame(columns=["agency_id", "agency", "n_years", "n_table_years", "n_total"])
    return search({**params, "agency_ids": wanted}, "", order, len(wanted))


def names(ids: Sequence[str]) -> pd.DataFrame:
    """agency_id, agency and region of the given agencies, whatever the selection (queries/agency_names.sql)."""
    wanted = sorted({str(a) for a in ids if a})
    if not wanted:
        return pd.DataFrame(columns=["agency_id", "agency", "province", "city", "county"])
    return data.selection_query("agency_names", {"agency_ids": wanted})


def search_box(key: str, container: Any, label: str = "搜索单位名称") -> str:
    """The name-search text input of picker `key` (kept in session state under `key`_q)."""
    return str(
        container.text_input(
            label,
            key=f"{key}_q",
            max_chars=SEARCH_MAX,
            placeholder="输入名称中的几个字，如“教育局”",
            help="只列出名称包含这些字的单位（在左侧筛选范围内）。",
        )
        or ""
    ).strip()


def offer(
    params: dict[str, Any], key: str, container: Any, kept: pd.DataFrame | None = None, order: str = "years"
) -> tuple[model.Options, pd.DataFrame, str]:
    """Run the search of picker `key` (showing its search box only when the list is cut or a search is
    active) and return (options, the search's rows, the search text)."""
    text = str(st.session_state.get(f"{key}_q") or "").strip()
    found = search(params, text, order)
    opts = model.options(found, kept)
    if model.needs_search(opts, text):
        text = search_box(key, container)
        found = search(params, text, order)
        opts = model.options(found, kept)
    return opts, found, text


def show_caption(opts: model.Options, text: str, container: Any) -> None:
    """The sentence under a picker (the search text is the user's: escaped, captions are Markdown)."""
    said = model.caption(opts, md(text))
    if said:
        container.caption(said)
