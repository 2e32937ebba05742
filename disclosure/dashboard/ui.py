"""Small Streamlit building blocks shared by the pages (layout only: no SQL, no parsing)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from disclosure.dashboard import data, filters, images, models, navigation
from disclosure.dashboard.fmt import DASH, md, num

ICON = Path(__file__).with_name("icon.png")

# Plotly's modebar has English tooltips ("Download plot as a PNG", "Autoscale") and no Chinese locale in
# Streamlit's bundle: it is hidden; chart images are offered by the page's own Chinese buttons.
PLOTLY_CONFIG: dict[str, Any] = {
    "displayModeBar": False,
    "displaylogo": False,
    "locale": "zh-CN",
    "toImageButtonOptions": {"format": "png", "filename": "政府信息公开图表", "scale": 2},
}

# Streamlit chrome that shows English and offers no setting: the table toolbar ("Download as CSV",
# "Search", "Show/hide columns", "Fullscreen") and the multiselect's "Clear all" button are hidden (tables
# are downloaded from 数据导出 with Chinese headers; chips are removed one by one). Axis and metric labels
# are made readable on a projector: darker, larger, no truncation at 1024 px.
_CHROME_CSS = """<style>
[data-testid="stElementToolbar"] { display: none !important; }
[data-testid="stMultiSelect"] [aria-label="Clear all"] { display: none !important; }
[data-testid="stMetricLabel"] p { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; font-size: 0.95rem; color: #37474F; }
[data-testid="stMetricLabel"] > div { overflow: visible !important; }
[data-testid="stMetricValue"] { font-size: 1.9rem; }
</style>"""


def chrome_css() -> None:
    st.markdown(_CHROME_CSS, unsafe_allow_html=True)


def chart(
    fig: go.Figure, key: str, clickable: bool = False, scope: str | None = None, years: str | None = None
) -> None:
    """Show a figure with PNG/SVG downloads that name page, metric, scope and years; when clickable,
    clicking a bar/point opens that agency's 单位档案. `scope`/`years` override the sidebar selection's
    (a chart about one agency names that agency)."""
    ctx = image_context(fig, key, scope, years)
    config = {
        **PLOTLY_CONFIG,
        "toImageButtonOptions": {
            **PLOTLY_CONFIG["toImageButtonOptions"],
            "filename": images.file_name(ctx, "png")[:-4],
        },
    }
    if not clickable:
        st.plotly_chart(fig, key=key, config=config, width="stretch", theme=None)
        image_downloads(fig, ctx, key)
        return
    event = st.plotly_chart(
        fig, key=key, config=config, width="stretch", on_select="rerun", theme=None, selection_mode="points"
    )
    image_downloads(fig, ctx, key)
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    for point in points:
        custom = point.get("customdata")
        agency_id = custom[0] if isinstance(custom, list | tuple) and custom else None
        if agency_id:
            open_profile(str(agency_id))


def image_context(
    fig: go.Figure, key: str, scope: str | None = None, years: str | None = None
) -> images.ChartContext:
    """What a downloaded chart image says about itself: page, metric, scope, years and source."""
    sel = filters.current()
    if years is None:
        years = f"{sel.year_from}年" if sel.year_from == sel.year_to else f"{sel.year_from}–{sel.year_to}年"
    if scope is None:
        scope = "".join(p for p in (sel.province, sel.city, sel.county) if p) or "全部地区"
        if sel.agency_ids:
            scope += (
                sel.agency_names.get(sel.agency_ids[0], "")
                if len(sel.agency_ids) == 1
                else f"自选{len(sel.agency_ids)}个单位"
            )
    as_of = data.selection_query("data_as_of", {})
    stamp = as_of["data_as_of"].iloc[0] if not as_of.empty else None
    n_reports = int(q("headline")["n_reports"].sum())
    return images.ChartContext(
        page=st.session_state.get("_page_title", "政府信息公开"),
        metric=images.metric_of(fig, key),
        scope=scope,
        years=years,
        data_as_of=DASH if stamp is None or pd.isna(stamp) else f"{stamp:%Y-%m-%d %H:%M}",
        n_reports=n_reports,
    )


def image_downloads(fig: go.Figure, ctx: images.ChartContext, key: str) -> None:
    """下载图片: PNG and SVG made only when clicked (Kaleido, ≈0.5 s), titled with scope, years and source."""
    with st.popover("下载图片", icon=":material/download:"):
        st.caption(f"{ctx.title()}；{ctx.source_line()}")
        for fmt, label, mime in (("png", "PNG 图片", "image/png"), ("svg", "SVG 矢量图", "image/svg+xml")):
            st.download_button(
                label,
                data=lambda f=fmt: images.export(fig, ctx, f)[0],
                file_name=images.file_name(ctx, fmt),
                mime=mime,
                key=f"{key}_img_{fmt}",
                on_click="ignore",
                width="stretch",
            )


def open_profile(agency_id: str) -> None:
    """Open the agency's 单位档案. Only `aid` goes with the switch: the profile run writes the sidebar
    filters back into the URL itself (filters passed through switch_page lost non-ASCII values)."""
    st.switch_page(navigation.page("profile"), query_params={"aid": agency_id})


def url_state(key: str, param: str, options: list | tuple, default: Any, parse: Any = str) -> Any:
    """A page choice that a shared link reproduces: read `param` from the URL once per session (reading it
    on every run would undo the user's next change), fall back to `default` when the value is not one of
    `options`, and return the widget key's value. Pages then write it back with `to_url`."""
    flag = f"_url_read_{key}"
    if not st.session_state.get(flag):
        st.session_state[flag] = True
        raw = st.query_params.get(param)
        if raw is not None:
            try:
                value = parse(raw)
            except (TypeError, ValueError):
                value = None
            if value in options:
                st.session_state[key] = value
    if st.session_state.get(key) not in options:
        st.session_state[key] = default
    return st.session_state[key]


def to_url(**params: Any) -> None:
    """Write page choices into the URL (after the sidebar wrote the filters); None removes a key."""
    for name, value in params.items():
        if value is None or value == []:
            if name in st.query_params:
                del st.query_params[name]
        elif isinstance(value, bool):
            st.query_params[name] = "1" if value else "0"
        elif isinstance(value, list | tuple):
            st.query_params[name] = [str(v) for v in value]
        else:
            st.query_params[name] = str(value)


def no_data(message: str = "所选筛选条件下没有报告。") -> None:
    st.info(f"{message}请在左侧放宽年份、地区或单位条件后再试。", icon=":material/info:")


def display_table(
    df: pd.DataFrame,
    columns: dict[str, str],
    integer_cols: tuple[str, ...] = (),
    text_cols: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Rename to Chinese headers; numbers as text with thousands separators and blank as "—"."""
    out = pd.DataFrame(index=df.index)
    for key, label in columns.items():
        if key not in df:
            continue
        col = df[key]
        if key in integer_cols:
            out[label] = [num(v) for v in col]
        elif key in text_cols:
            out[label] = [
                DASH if v is None or (isinstance(v, float) and pd.isna(v)) or v == "" else str(v) for v in col
            ]
        else:
            out[label] = col
    return out.reset_index(drop=True)


def as_text(df: pd.DataFrame, keep: tuple[str, ...] = ("年度", "版本", "页码", "原文位置")) -> pd.DataFrame:
    """Every cell as display text: numbers with thousands separators, blank as "—" (no "None"/"nan")."""
    out = df.copy()
    for col in out.columns:
        if col in keep:
            out[col] = [
                DASH
                if v is None or (isinstance(v, float) and pd.isna(v))
                else str(int(v))
                if isinstance(v, int | float)
                else str(v)
                for v in out[col]
            ]
        elif pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            out[col] = [num(v) for v in out[col]]
        else:
            out[col] = [
                DASH if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA else str(v)
                for v in out[col]
            ]
    return out


def show_table(
    df: pd.DataFrame,
    height: int | str = "auto",
    key: str | None = None,
    wide: tuple[str, ...] = ("栏目", "原文句子", "说明", "单元格", "项目"),
    numbers: dict[str, str] | None = None,
) -> None:
    """A read-only table; long text columns get more room. `numbers`: column → NumberColumn format
    ("localized" = thousands separators) for columns kept numeric so that they sort as numbers; a blank
    (None/NaN) stays an empty cell, never 0. Any other numeric column is shown localized too."""
    config: dict[str, Any] = {
        c: st.column_config.TextColumn(c, width="large") for c in wide if c in df.columns
    }
    numbers = dict(numbers or {})
    for c in df.columns:
        if (
            c not in numbers
            and c not in config
            and pd.api.types.is_numeric_dtype(df[c])
            and not pd.api.types.is_bool_dtype(df[c])
            and c not in ("年度", "版本", "页码")
        ):
            numbers[c] = "localized"
    for c, fmt in numbers.items():
        if c in df.columns:
            config[c] = st.column_config.NumberColumn(c, format=fmt)
    # Blank text shows as "—" (Streamlit would print a grey "None"); numeric blanks too (placeholder).
    texts = [
        c
        for c in df.columns
        if df[c].dtype == object and df[c].map(lambda v: v is None or isinstance(v, str)).all()
    ]
    if texts:
        df = df.assign(**{c: df[c].map(lambda v: DASH if v is None or v == "" else v) for c in texts})
    # placeholder: a blank number shows "—" like blank text (Streamlit's default is an English "None").
    st.dataframe(
        df, hide_index=True, width="stretch", height=height, key=key, column_config=config, placeholder=DASH
    )


def page_number(n_rows: int, key: str, size: int | None = None) -> Any:
    """A page-number widget when `n_rows` need more than one page; returns the chosen paging.Page
    (every paged table: issue 13, no table renders 100 000 rows). The number is kept in session state
    under `key` and clamped when a narrower selection has fewer pages."""
    from disclosure.dashboard.pagemodel import paging

    size = size or paging.PAGE_ROWS
    p = paging.page(n_rows, st.session_state.get(key, 1), size)
    if p.n_pages > 1:
        st.session_state[key] = p.number  # clamped: a narrower selection has fewer pages
        st.number_input(
            f"页码（共 {p.n_pages:,} 页，每页 {size} 行）",
            min_value=1,
            max_value=p.n_pages,
            step=1,
            key=key,
        )
        p = paging.page(n_rows, st.session_state.get(key, 1), size)
    return p


def paged_table(df: pd.DataFrame, key: str, **kwargs: Any) -> None:
    """`show_table` of one page of `df` with a page-number widget and a caption naming the rows shown."""
    from disclosure.dashboard.pagemodel import paging

    p = page_number(len(df), f"{key}_page")
    show_table(paging.rows(df, p), key=key, **kwargs)
    if p.caption():
        st.caption(p.caption())


def lazy_expander(label: str, key: str) -> Any:
    """An expander whose content is run only while it is open, or None when it is closed.

    Why: Streamlit runs a plain expander's content, and so its queries, on every render, open or
    closed; the detail tables behind 申请量/复议诉讼/主动公开 are a sorted page of every report of the
    selection (1–2 s at 2,000,000 reports) that most visitors never open. Opening it reruns the page."""
    box = st.expander(label, key=key, on_change="rerun")
    return box if box.open else None


def sql_table(query: str, n_rows: int, key: str, to_table: Any, **extra: Any) -> None:
    """A table paged in DuckDB: the page-number widget for `n_rows` rows (counted by an aggregate query),
    then only that page's rows of `queries/<query>.sql` for the selection ($limit/$offset, a total order),
    shown through `to_table` (a page model's table function). Why not `paged_table`: that one slices a
    frame already fetched, which at national scale is millions of rows."""
    p = page_number(n_rows, f"{key}_page")
    rows = q(query, limit=p.size, offset=p.offset, **extra)
    show_table(to_table(rows), key=key)
    if p.caption():
        st.caption(p.caption())


def metric(
    label: str,
    value: Any,
    previous: Any = None,
    help: str | None = None,
    percent: bool = False,
    inverse: bool = False,
    basis: tuple[Any, Any] | None = None,
) -> None:
    """st.metric with Chinese formatting and a delta versus the previous year (when both exist).
    `basis`: (this year, last year) of the same agencies, from which the delta is computed instead, so
    that a change is not just a change in who reported."""
    if basis is not None:
        shown_value, (value, previous) = value, basis
    else:
        shown_value = value
    if percent:
        shown = DASH if shown_value is None else f"{shown_value * 100:.1f}%"
        delta = None
        if value is not None and previous is not None:
            delta = f"{(value - previous) * 100:+.1f} 个百分点"  # short: it must fit a 1024 px column
    else:
        shown = num(shown_value)
        delta = None
        if value is not None and previous is not None and not pd.isna(value) and not pd.isna(previous):
            diff = float(value) - float(previous)
            rel = f"（{diff / float(previous):+.1%}）" if float(previous) else ""
            delta = f"{'+' if diff > 0 else ''}{num(diff)}{rel}"
    st.metric(label, shown, delta=delta, help=help, delta_color="inverse" if inverse else "normal")


def _items(params: dict[str, Any]) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


def export_count(query: str, params: dict[str, Any]) -> int:
    """Rows of an export for the selection (DuckDB counts; cached per selection and snapshot)."""
    return _export_count(query, _items(params), data.snapshot_stamp(data.data_dir()))


@st.cache_data(show_spinner=False, ttl=600, max_entries=64)
def _export_count(query: str, items: tuple, stamp: str) -> int:
    from disclosure.dashboard import stream_export

    return stream_export.row_count(query, {k: (list(v) if isinstance(v, tuple) else v) for k, v in items})


def export_page(
    query: str, params: dict[str, Any], size: int, offset: int, keep: list[str] | None
) -> pd.DataFrame:
    """One page of an export's rows (the preview), cached per selection, page and snapshot."""
    return _export_page(
        query,
        _items(params),
        size,
        offset,
        tuple(keep) if keep else None,
        data.snapshot_stamp(data.data_dir()),
    )


@st.cache_data(show_spinner=False, ttl=600, max_entries=64)
def _export_page(
    query: str, items: tuple, size: int, offset: int, keep: tuple | None, stamp: str
) -> pd.DataFrame:
    from disclosure.dashboard import stream_export

    params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in items}
    return stream_export.page(query, params, size, offset, list(keep) if keep else None)


def export_file_bytes(fmt: str, query: str, prefix: str | None, topic: str, **extra: Any) -> bytes:
    """A small download's bytes for the current selection, made by the same streamed writer as a large
    one and cached per selection and snapshot (building the files on every rerun made 数据导出 slow)."""
    sel = filters.current()
    return _export_file_bytes(
        fmt,
        query,
        prefix,
        topic,
        sel.describe(),
        _items({**sel.params(), **extra}),
        data.snapshot_stamp(data.data_dir()),
    )


@st.cache_data(show_spinner=False, ttl=600, max_entries=32)
def _export_file_bytes(
    fmt: str, query: str, prefix: str | None, topic: str, selection: str, items: tuple, stamp: str
) -> bytes:
    from disclosure.dashboard import stream_export

    params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in items}
    path = stream_export.write_file(fmt, query, params, prefix=prefix, selection=selection, topic=topic)
    try:
        return path.read_bytes()
    finally:
        path.unlink(missing_ok=True)


def q(name: str, **extra: Any) -> pd.DataFrame:
    """Run `queries/<name>.sql` for the current sidebar selection (plus page-specific parameters)."""
    return data.selection_query(name, {**filters.current().params(), **extra})


def page_header(title: str) -> filters.Selection:
    """A page's title and the caption naming the sidebar selection; returns that selection."""
    sel = filters.current()
    st.session_state["_page_title"] = title  # names the page in chart image files
    st.title(title)
    st.caption(f"当前范围：{md(sel.describe())}")
    return sel


def derived_totals_note() -> None:
    """Say which reports' 总计 figures on this page were added up from the applicant columns."""
    derived = q("derived_totals")
    if derived.empty:
        return
    names = "、".join(f"{md(r.agency)}{int(r.year)}年" for r in derived.itertuples())
    st.caption(
        f"注：{names}报告在第三部分部分行的“总计”列留空，图表中这些行的总计为各类申请人之和"
        "（逐格可在单位档案中查看原表）。"
    )


def corrections(**extra: Any) -> pd.DataFrame:
    """Administrators' corrections in force in the current selection (queries/corrections_in_selection.sql)."""
    return q("corrections_in_selection", **{"agency_id": None, **extra})


def correction_caption(corrections: pd.DataFrame) -> None:
    """Under figures marked †: which cells were corrected, printed and corrected values (report text
    escaped: captions are Markdown)."""
    if corrections.empty:
        return
    lines = models.correction_lines(corrections)
    st.caption(
        f"{models.CORRECTION_NOTE}（图表和数字采用更正后的数值，下载的数据保留印刷值并另列更正值）："
        + "；".join(md(x) for x in lines)
    )


def correction_help(help: str | None, corrections: pd.DataFrame) -> str | None:
    """A metric's hover text with the printed values of the corrected cells behind it."""
    if corrections.empty:
        return help
    lines = "；".join(md(x) for x in models.correction_lines(corrections))
    return f"{help + '。' if help else ''}{models.CORRECTION_NOTE}：{lines}"


@dataclass(frozen=True, slots=True)
class Panel:
    """A yearly chart's choice: `balanced` (only the panel's agencies), the panel's size, and which of
    the agencies asked about belong to it (None when not balanced: every agency counts)."""

    balanced: bool
    size: int
    members: list[str] | None


def balanced_panel(key: str, corrections: pd.DataFrame) -> Panel:
    """The toggle of a yearly chart (申请量, 办理结果): a balanced panel by default — the agencies with an own
    report in every selected year (queries/_macros.sql `panel_of`), so that a trend compares the same
    agencies — and the unbalanced view one click away, kept in the URL (`panel=0`). Queries take the
    choice as `panel=True` (the ids never come to the page: nationally they are hundreds of thousands);
    only the agencies of the page's `corrections` are asked about (which of them are in it). Falls back to
    every report, with a warning, when no agency reports every year."""
    balanced = url_state(key, "panel", [True, False], True, lambda v: v != "0")
    balanced = st.toggle(
        "只比较每年都有报告的单位（平衡面板）",
        key=key,
        help="打开：逐年图只含所选每个年度都有本级报告的单位；关闭：包含全部报告，各年单位可能不同。",
    )
    to_url(panel=None if balanced else "0")
    if not balanced:
        return Panel(False, 0, None)
    among = sorted(set(corrections["agency_id"].dropna())) if len(corrections) else []
    row = q("panel_agencies", among=among).iloc[0]
    if not int(row["agencies"]):
        st.warning(
            "没有单位在所选每个年度都有本级报告，下图改为显示全部报告（各年单位不同）。",
            icon=":material/warning:",
        )
        return Panel(False, 0, None)
    return Panel(True, int(row["agencies"]), [str(a) for a in row["members"]])


@st.cache_resource(show_spinner=False, max_entries=512, ttl=3600)
def _figure(name: str, args: tuple, kwargs: tuple) -> go.Figure:
    from disclosure.dashboard import charts

    return getattr(charts, name)(*args, **dict(kwargs))


def figure(fn: Any, *args: Any, **kwargs: Any) -> go.Figure:
    """`fn(*args, **kwargs)` for a pure chart function of disclosure.dashboard.charts, memoised on its
    arguments (DataFrames hashed by content). Why: building and validating a Plotly figure costs
    50–200 ms (charts.style alone ≈ 90 ms), and every widget click reran every chart of the page with
    the same data. The figure is shared, not copied: nothing may mutate it (ui.chart and Streamlit only
    read it; images.titled copies it)."""
    return _figure(fn.__name__, args, tuple(sorted(kwargs.items())))  # functions are not hashable: by name


_DRILL_STATE = {
    "province": ("f_prov", ("f_city", "f_county", "f_unit")),
    "city": ("f_city", ("f_county", "f_unit")),
    "county": ("f_county", ("f_unit",)),
}


def _drill(key: str) -> None:
    """on_select callback (runs before the next script run, so it may set the sidebar's widgets):
    a click on a region bar narrows the sidebar filter to it; an agency bar selects that agency."""
    from disclosure.dashboard import rollup

    event = st.session_state.get(key)
    points = (
        (event or {}).get("selection", {}).get("points", [])
        if isinstance(event, dict)
        else getattr(getattr(event, "selection", None), "points", [])
    )
    target = rollup.drill(points[0]) if points else None
    if target is None:
        return
    level, value = target
    if level in _DRILL_STATE:
        widget, lower = _DRILL_STATE[level]
        st.session_state[widget] = value
        for k in lower:
            st.session_state[k] = filters.ALL if k != "f_unit" else []
    elif level == "agency":
        st.session_state["f_unit"] = [value]


def region_chart(key: str = "region_rollup") -> None:
    """The selection one level below its region filter, top N + the rest (at most N + 1 bars)."""
    from disclosure.dashboard import rollup

    df = q("region_rollup", top_n=rollup.TOP_N)
    if df.empty:
        return
    st.subheader(f"按{rollup.level_title(df)}（新收申请前 {rollup.TOP_N} 名，其余合并；点击下钻）")
    st.plotly_chart(
        rollup.bars(df), key=key, on_select=lambda: _drill(key), selection_mode="points", config=PLOTLY_CONFIG
    )


def _drill_group(key: str, targets: dict[str, str]) -> None:
    """on_select callback of a grouped chart (customdata[0] = the group's drill value): a region group
    narrows the sidebar filter to it; the summed rest ("其他") has no target and does nothing."""
    event = st.session_state.get(key)
    points = (
        (event or {}).get("selection", {}).get("points", [])
        if isinstance(event, dict)
        else getattr(getattr(event, "selection", None), "points", [])
    )
    for point in points:
        custom = point.get("customdata")
        value = custom[0] if isinstance(custom, list | tuple) and custom else None
        level = targets.get(str(value)) if value is not None else None
        if level in _DRILL_STATE:
            widget, lower = _DRILL_STATE[level]
            st.session_state[widget] = value
            for k in lower:
                st.session_state[k] = filters.ALL if k != "f_unit" else []
            return
        if level == "agency":  # opened after the chart is drawn (a callback cannot switch pages)
            st.session_state["_open_profile"] = str(value)
            return


def group_chart(fig: go.Figure, key: str, groups: pd.DataFrame) -> None:
    """A chart of groups one level below the filter (customdata[0] = drill value): at agency level a
    click opens the 单位档案 (as every per-agency chart); above it a click drills into the region."""
    from disclosure.dashboard.pagemodel import common

    if common.agency_level(groups):
        chart(fig, key, clickable=True)
        return
    targets = common.drill_targets(groups)
    ctx = image_context(fig, key)
    st.plotly_chart(
        fig,
        key=key,
        config=PLOTLY_CONFIG,
        width="stretch",
        theme=None,
        on_select=lambda: _drill_group(key, targets),
        selection_mode="points",
    )
    image_downloads(fig, ctx, key)
    pending = st.session_state.pop("_open_profile", None)
    if pending:
        open_profile(pending)
