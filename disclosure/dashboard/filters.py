"""The shared sidebar filters, kept in the URL query string so that a link reproduces the view.

URL keys: `y0`, `y1` (years), `prov`, `city`, `county`, `level` and `kind` (repeated), `unit` (repeated
agency ids), `agg=1` (include aggregate reports). The widget values live in session state under `f_*`
keys; on the first run of a session they are read from the URL, and after every run they are written
back to it (Streamlit clears the query string when the user moves between pages).

Only the widgets live here: the selection they produce is the pure `selection.Selection` (shared with
the 会议简报), re-exported as `filters.Selection` for the pages.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from disclosure.dashboard import data, picker
from disclosure.dashboard.fmt import KIND_LABELS, LEVEL_LABELS
from disclosure.dashboard.selection import Selection, default_years

ALL = "全部"
URL_KEYS = ("y0", "y1", "prov", "city", "county", "level", "kind", "unit", "agg")
__all__ = ["Selection", "current", "page_query_params", "regions", "sidebar", "write_url"]
STATE_KEYS = ("f_years", "f_prov", "f_city", "f_county", "f_level", "f_kind", "f_unit", "f_agg")


@st.cache_data(show_spinner=False, ttl=600)
def _regions(directory: str, stamp: str) -> pd.DataFrame:
    return data.run("filter_regions", {})


def regions() -> pd.DataFrame:
    """Province / city / county with their first and last year and levels (queries/filter_regions.sql):
    a few thousand rows for the whole country, where a row per agency was 300 000."""
    directory = data.data_dir()
    return _regions(str(directory), data.snapshot_stamp(directory))


@st.cache_data(show_spinner=False, ttl=600)
def _first_table_year(directory: str, stamp: str) -> int | None:
    d = data.run("default_years", {})
    v = d["first_table_year"].iloc[0] if not d.empty else None
    return None if v is None or pd.isna(v) else int(v)


def _from_url(lo: int, hi: int) -> None:
    qp = st.query_params

    def year(key: str, default: int) -> int:
        try:
            return min(max(int(qp.get(key, default)), lo), hi)
        except (TypeError, ValueError):
            return default

    d0, d1 = default_years(
        lo, hi, _first_table_year(str(data.data_dir()), data.snapshot_stamp(data.data_dir()))
    )
    y0, y1 = year("y0", d0), year("y1", d1)
    st.session_state.f_years = (min(y0, y1), max(y0, y1))
    st.session_state.f_prov = qp.get("prov") or ALL
    st.session_state.f_city = qp.get("city") or ALL
    st.session_state.f_county = qp.get("county") or ALL
    st.session_state.f_level = [v for v in qp.get_all("level") if v in LEVEL_LABELS]
    st.session_state.f_kind = [v for v in qp.get_all("kind") if v in KIND_LABELS]
    asked = qp.get_all("unit")
    known = set(picker.names(asked)["agency_id"]) if asked else set()
    st.session_state.f_unit = [v for v in asked if v in known]
    st.session_state.f_agg = qp.get("agg") in ("1", "true", "是")


def _values(series: pd.Series) -> list[str]:
    return sorted({v for v in series.dropna().tolist() if v})


def _fix_choice(key: str, choices: list[str]) -> None:
    if st.session_state.get(key, ALL) not in choices:
        st.session_state[key] = ALL


def sidebar() -> Selection | None:
    """Draw the filters in the sidebar, sync them with the URL, and return the selection."""
    opts = regions()
    if opts.empty:
        return None
    lo, hi = int(opts["first_year"].min()), int(opts["last_year"].max())
    if not st.session_state.get("_filters_ready"):
        _from_url(lo, hi)
        st.session_state._filters_ready = True
    # A run started by st.switch_page (e.g. a click on a chart) arrives without the widgets' values, and
    # Streamlit drops their state: restore them from the copy kept at the end of the previous run.
    saved = st.session_state.get("_filters_saved", {})
    for key in STATE_KEYS:
        if key not in st.session_state and key in saved:
            st.session_state[key] = saved[key]
    sb = st.sidebar
    sb.markdown("### 筛选条件")
    if lo < hi:
        y0, y1 = st.session_state.get("f_years", (lo, hi))
        st.session_state.f_years = (max(lo, min(y0, hi)), min(hi, max(y1, lo)))
        sb.slider(
            "年份",
            min_value=lo,
            max_value=hi,
            key="f_years",
            format="%d年",
            help="报告所属年度（不是发布日期）",
        )
    else:
        st.session_state.f_years = (lo, hi)
        sb.caption(f"年份：{lo}年（数据中只有这一年）")

    provinces = [ALL, *_values(opts["province"])]
    _fix_choice("f_prov", provinces)
    sb.selectbox("省份", provinces, key="f_prov")
    sub = opts if st.session_state.f_prov == ALL else opts[opts["province"] == st.session_state.f_prov]
    cities = [ALL, *_values(sub["city"])]
    _fix_choice("f_city", cities)
    sb.selectbox("地市", cities, key="f_city", disabled=len(cities) == 1)
    if st.session_state.f_city != ALL:
        sub = sub[sub["city"] == st.session_state.f_city]
    counties = [ALL, *_values(sub["county"])]
    _fix_choice("f_county", counties)
    sb.selectbox("区县", counties, key="f_county", disabled=len(counties) == 1)
    if st.session_state.f_county != ALL:
        sub = sub[sub["county"] == st.session_state.f_county]

    present = {v for levels in opts["levels"] for v in (levels if levels is not None else ())}
    levels = [v for v in LEVEL_LABELS if v in present] or list(LEVEL_LABELS)
    st.session_state.f_level = [v for v in st.session_state.get("f_level", []) if v in levels]
    sb.multiselect(
        "层级", levels, key="f_level", format_func=lambda v: LEVEL_LABELS.get(v, v), placeholder="全部层级"
    )
    st.session_state.f_kind = [v for v in st.session_state.get("f_kind", []) if v in KIND_LABELS]
    sb.multiselect(
        "单位类型",
        list(KIND_LABELS),
        key="f_kind",
        format_func=lambda v: KIND_LABELS[v],
        placeholder="政府和部门",
    )
    names = _unit_picker(sb)
    sb.toggle(
        "包含汇总报告", key="f_agg", help="汇总报告（如“全市汇总”）单独列出，永远不与其所汇总单位的数字相加。"
    )
    sb.caption("只统计每份报告的当前版本。")

    y0, y1 = st.session_state.f_years
    sel = Selection(
        year_from=int(y0),
        year_to=int(y1),
        province=None if st.session_state.f_prov == ALL else st.session_state.f_prov,
        city=None if st.session_state.f_city == ALL else st.session_state.f_city,
        county=None if st.session_state.f_county == ALL else st.session_state.f_county,
        levels=tuple(st.session_state.f_level),
        kinds=tuple(st.session_state.f_kind),
        agency_ids=tuple(st.session_state.f_unit),
        include_aggregate=bool(st.session_state.f_agg),
        agency_names=names,
    )
    write_url(sel)
    st.session_state.selection = sel
    st.session_state._filters_saved = {k: st.session_state[k] for k in STATE_KEYS if k in st.session_state}
    return sel


def _unit_picker(sb: Any) -> dict[str, str]:
    """单位: the agencies of the region, level and kind chosen above (any year, own or 汇总 reports: own
    and 汇总 reports are one canonical agency), the first picker.LIMIT of them plus a name search when
    there are more; agencies already chosen stay offered. Returns agency_id → label of those offered."""
    scope = {
        "year_from": 0,
        "year_to": 9999,
        "province": None if st.session_state.f_prov == ALL else st.session_state.f_prov,
        "city": None if st.session_state.f_city == ALL else st.session_state.f_city,
        "county": None if st.session_state.f_county == ALL else st.session_state.f_county,
        "levels": list(st.session_state.f_level) or None,
        "kinds": list(st.session_state.f_kind) or None,
        "agency_ids": None,
        "include_aggregate": True,
    }
    chosen = [str(a) for a in st.session_state.get("f_unit", [])]
    kept = picker.names(chosen)  # chosen stay chosen when the region changes (as before: any agency)
    opts, _found, text = picker.offer(scope, "f_unit", sb, kept=kept)
    st.session_state.f_unit = [a for a in chosen if a in opts.labels]
    sb.multiselect(
        "单位",
        opts.ids,
        key="f_unit",
        format_func=lambda a: opts.labels.get(a, a),
        placeholder="全部单位（可输入名称搜索）",
    )
    picker.show_caption(opts, text, sb)
    return opts.labels


def write_url(sel: Selection, extra: dict[str, str] | None = None) -> None:
    """Put the selection (and page-specific keys) into the URL, dropping stale filter keys."""
    # Rewritten in full on every run: after st.switch_page the server-side copy of the query string can
    # differ from the browser's, so comparing before writing is not reliable.
    keep: dict[str, str | list[str]] = {}
    for key in st.query_params.keys():
        if key not in URL_KEYS:
            values = st.query_params.get_all(key)
            keep[key] = values[0] if len(values) == 1 else values
    st.query_params.from_dict({**keep, **sel.query_params(), **(extra or {})})


def current() -> Selection:
    """The selection drawn by `sidebar()` in this run (pages call this)."""
    sel = st.session_state.get("selection")
    if sel is None:
        raise RuntimeError("sidebar() must run before the page")
    return sel


def page_query_params(extra: dict[str, str] | None = None) -> dict[str, str | list[str]]:
    """Query params for a link to another page that keeps the current filters."""
    qp = current().query_params()
    qp.update(extra or {})
    return qp
