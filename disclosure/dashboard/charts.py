"""Pure chart functions: a DataFrame in, a Plotly figure out (no Streamlit, no queries).

Conventions: every label in Chinese; one fixed colour per outcome group; hover shows the exact value
with thousands separators and the source report; bars that stand for one agency carry its agency_id
in `customdata[0]` so that a click can open its 单位档案.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from disclosure import contract
from disclosure.dashboard.fmt import FLOW_LABELS, num, plot_text

FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"

OUTCOME_COLORS: dict[str, str] = {
    "granted": "#2E7D32",  # 予以公开 green
    "partial": "#9CCC65",  # 部分公开 light green
    "denied": "#C62828",  # 不予公开 red
    "unable": "#F9A825",  # 无法提供 amber
    "rejected": "#6D4C41",  # 不予处理 brown
    "other": "#78909C",  # 其他处理 grey
}
FLOW_COLORS: dict[str, str] = {
    "new": "#1565C0",
    "carried_in": "#90CAF9",
    "handled": "#2E7D32",
    "carried_out": "#FFB74D",
}
APPLICANT_COLORS: dict[str, str] = {
    "natural_person": "#1565C0",
    "business": "#EF6C00",
    "research": "#6A1B9A",
    "social_org": "#00897B",
    "legal_service": "#AD1457",
    "other_org": "#8D6E63",
}
REVIEW_COLORS: dict[str, str] = {
    "upheld": "#1565C0",
    "corrected": "#C62828",
    "other": "#78909C",
    "pending": "#F9A825",
}
SEQUENCE = [
    "#1565C0",
    "#EF6C00",
    "#2E7D32",
    "#C62828",
    "#6A1B9A",
    "#00897B",
    "#AD1457",
    "#8D6E63",
    "#F9A825",
    "#546E7A",
]
STATUS_SCALE = [
    [0.0, "#ECEFF1"],
    [0.1999, "#ECEFF1"],  # 0: 无报告
    [0.2, "#81C784"],
    [0.3999, "#81C784"],  # 1: 已发布，校验通过
    [0.4, "#FFD54F"],
    [0.5999, "#FFD54F"],  # 2: 有提示
    [0.6, "#E57373"],
    [0.7999, "#E57373"],  # 3: 有校验错误
    [0.8, "#B0BEC5"],
    [1.0, "#B0BEC5"],  # 4: 2019 年前旧式报告，没有表格可校验
]
STATUS_LABELS = {0: "无报告", 1: "校验通过", 2: "有提示项", 3: "有校验错误", 4: "旧式报告（无表格，未校验）"}


def _inert(value):
    """Report text inside a trace made inert for Plotly's pseudo-HTML (<a href>, <span style>…); the
    line breaks this module inserts itself (<br>) are kept."""
    if isinstance(value, str):
        return plot_text(value).replace("&lt;br&gt;", "<br>")
    if isinstance(value, list | tuple):
        return [_inert(v) for v in value]
    if hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "O":
        return [_inert(v) for v in value.tolist()]
    return value


def _sanitise(fig: go.Figure) -> None:
    for trace in fig.data:
        for attr in ("x", "y", "text", "customdata", "name", "hovertext"):
            value = getattr(trace, attr, None)
            if value is not None and not (
                attr in ("x", "y") and getattr(value, "dtype", None) is not None and value.dtype.kind in "iuf"
            ):
                trace[attr] = _inert(value)


def style(fig: go.Figure, title: str | None = None, height: int | None = None) -> go.Figure:
    """Common look: Chinese font, thousands separators, legend on top, no English chrome; report text in
    the traces (agency names, file names, sentences) made inert for Plotly's HTML subset."""
    _sanitise(fig)
    if title:
        title = plot_text(title).replace("&lt;br&gt;", "<br>")
    fig.update_layout(
        title={
            "text": title,
            "x": 0,
            "xanchor": "left",
            "y": 0.98,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 18, "color": "#212121"},
        }
        if title
        else None,
        # Readable on a projector: 14–15 px dark text (Streamlit's theme drew 12 px pale grey labels).
        font={"family": FONT, "size": 15, "color": "#212121"},
        separators=".,",
        hoverlabel={"font": {"family": FONT}},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
            "title": {"text": ""},
            "traceorder": "normal",
        },
        margin={"l": 10, "r": 10, "t": 90 if title else 40, "b": 10},
        plot_bgcolor="white",
        height=height,
    )
    fig.update_xaxes(
        showgrid=False,
        automargin=True,
        tickfont={"size": 14, "color": "#212121"},
        title_font={"size": 15, "color": "#212121"},
        linecolor="#9E9E9E",
    )
    fig.update_yaxes(
        gridcolor="#E0E0E0",
        automargin=True,
        tickformat=",",
        tickfont={"size": 14, "color": "#212121"},
        title_font={"size": 15, "color": "#212121"},
    )
    return fig


def wrap(text: str, width: int = 32) -> str:
    """Break long hover text (an evidence sentence) into lines for the tooltip."""
    text = "" if text is None else str(text)
    return "<br>".join(text[i : i + width] for i in range(0, len(text), width))


def empty(message: str = "没有符合条件的数据") -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=message,
        showarrow=False,
        font={"size": 16, "color": "#757575"},
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return style(fig, height=260)


def _year_axis(fig: go.Figure, years: list[int]) -> None:
    fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[f"{y}年" for y in years], title_text="年度")


def flows_by_year(df: pd.DataFrame, title: str = "申请数量（逐年）") -> go.Figure:
    """df: year, new, carried_in, handled, carried_out (sums), n_reports."""
    if df.empty:
        return empty()
    fig = go.Figure()
    years = sorted(int(y) for y in df["year"].unique())
    for key in ("new", "carried_in", "handled", "carried_out"):
        fig.add_bar(
            x=df["year"],
            y=df[key],
            name=FLOW_LABELS[key],
            marker_color=FLOW_COLORS[key],
            customdata=df[["n_reports"]].to_numpy(),
            hovertemplate=f"%{{x}}年 {FLOW_LABELS[key]}：%{{y:,}} 件<br>涉及报告 %{{customdata[0]:,}} 份<extra></extra>",
        )
    fig.update_layout(barmode="group")
    _year_axis(fig, years)
    fig.update_yaxes(title_text="申请件数")
    return style(fig, title)


def by_agency_bar(
    df: pd.DataFrame,
    value: str,
    label: str,
    title: str,
    unit: str = "件",
    color: str = "#1565C0",
    top: int = 30,
    highlight: str | None = None,
    click_hint: str = "点击查看单位档案",
) -> go.Figure:
    """Horizontal bars, one per agency (sum over the selected years). Clickable (customdata agency_id).

    df: agency_id, agency, <value>, n_reports, source_files. Also draws groups of agencies (a region, the
    summed rest) with agency_id the group's drill value and `click_hint` saying what a click does.
    """
    d = df.dropna(subset=[value])
    if d.empty:
        return empty()
    d = d.sort_values(value, ascending=False).head(top).iloc[::-1]
    fig = go.Figure(
        go.Bar(
            y=d["agency"],
            x=d[value],
            orientation="h",
            name=label,
            marker_color=[
                ("#EF6C00" if a == highlight else "#90A4AE") if highlight else color for a in d["agency_id"]
            ],
            customdata=d[["agency_id", "n_reports", "source_files"]].to_numpy(),
            text=[num(v) for v in d[value]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=(
                "%{y}<br>"
                + label
                + "：%{x:,} "
                + unit
                + "<br>报告 %{customdata[1]} 份：%{customdata[2]}"
                + (f"<br><i>{click_hint}</i>" if click_hint else "")
                + "<extra></extra>"
            ),
        )
    )
    fig.update_xaxes(title_text=f"{label}（{unit}）", tickformat=",", gridcolor="#E0E0E0")
    fig.update_yaxes(title_text="", gridcolor=None, tickformat=None)
    return style(fig, title, height=max(300, 28 * len(d) + 120))


def applicant_mix(df: pd.DataFrame, title: str = "申请人构成（本年新收）") -> go.Figure:
    """df: year, applicant, requests."""
    d = df.dropna(subset=["requests"])
    if d.empty:
        return empty()
    fig = go.Figure()
    years = sorted(int(y) for y in d["year"].unique())
    totals = d.groupby("year")["requests"].sum()
    for key in contract.APPLICANT_COLUMNS:
        s = d[d["applicant"] == key]
        share = [
            s_ / totals[y] if totals[y] else None for y, s_ in zip(s["year"], s["requests"], strict=True)
        ]
        fig.add_bar(
            x=s["year"],
            y=s["requests"],
            name=contract.REQUEST_COLUMN_LABELS[key],
            marker_color=APPLICANT_COLORS[key],
            customdata=[[v] for v in share],
            hovertemplate=(
                f"%{{x}}年 {contract.REQUEST_COLUMN_LABELS[key]}：%{{y:,}} 件"
                "（占 %{customdata[0]:.1%}）<extra></extra>"
            ),
        )
    fig.update_layout(barmode="stack")
    _year_axis(fig, years)
    fig.update_yaxes(title_text="新收申请件数")
    return style(fig, title)


def yoy_change(df: pd.DataFrame, title: str = "新收申请同比变化") -> go.Figure:
    """df: agency_id, agency, prev, curr, change, change_pct, year (the later year)."""
    d = df.dropna(subset=["change"])
    if d.empty:
        return empty("所选年份中没有可比较的相邻两年")
    d = d.sort_values("change").reset_index(drop=True)
    colors = ["#C62828" if v > 0 else "#2E7D32" for v in d["change"]]
    pct_text = ["—" if pd.isna(p) else f"{p:+.1%}" for p in d["change_pct"]]
    fig = go.Figure(
        go.Bar(
            y=d["agency"],
            x=d["change"],
            orientation="h",
            marker_color=colors,
            customdata=list(zip(d["agency_id"], d["prev"], d["curr"], pct_text, d["year"], strict=True)),
            text=pct_text,
            textposition="outside",
            cliponaxis=False,
            hovertemplate=(
                "%{y}<br>%{customdata[4]}年比上年：%{x:+,} 件（%{customdata[3]}）"
                "<br>上年 %{customdata[1]:,} 件 → 本年 %{customdata[2]:,} 件<extra></extra>"
            ),
        )
    )
    span = max(abs(d["change"].min()), abs(d["change"].max()), 1)
    fig.update_xaxes(
        title_text="变化（件）",
        tickformat="+,",
        zeroline=True,
        zerolinecolor="#9E9E9E",
        range=[min(0, d["change"].min()) - span * 0.35, max(0, d["change"].max()) + span * 0.35],
    )
    fig.update_yaxes(title_text="", tickformat=None)
    return style(fig, title, height=max(300, 28 * len(d) + 120))


def outcome_groups(df: pd.DataFrame, x: str, share: bool = False, title: str = "办理结果") -> go.Figure:
    """Stacked bars of the six outcome groups. df: <x>, group, requests (+ agency_id when x is agency)."""
    d = df.dropna(subset=["requests"])
    if d.empty:
        return empty()
    totals = d.groupby(x)["requests"].sum()
    fig = go.Figure()
    horizontal = x == "agency"
    order = list(totals.sort_values().index) if horizontal else sorted(totals.index)
    for g in contract.OUTCOME_GROUPS:
        s = d[d["group"] == g].set_index(x).reindex(order)
        counts = s["requests"]
        shares = [
            c / totals[k] if totals[k] and pd.notna(c) else None for k, c in zip(order, counts, strict=True)
        ]
        y = shares if share else counts
        ids = s["agency_id"].tolist() if "agency_id" in s else [None] * len(order)
        custom = list(zip(ids, counts.fillna(0), shares, strict=True))
        label = contract.OUTCOME_GROUP_LABELS[g]
        hover = (
            f"%{{{'y' if horizontal else 'x'}}}<br>{label}：%{{customdata[1]:,}} 件"
            "（占 %{customdata[2]:.1%}）<extra></extra>"
        )
        kwargs = {"y": order, "x": y, "orientation": "h"} if horizontal else {"x": order, "y": y}
        fig.add_bar(
            name=label, marker_color=OUTCOME_COLORS[g], customdata=custom, hovertemplate=hover, **kwargs
        )
    fig.update_layout(barmode="stack")
    value_axis = {"title_text": "占办理总数比例" if share else "件数", "tickformat": ".0%" if share else ","}
    if horizontal:
        fig.update_xaxes(**value_axis, gridcolor="#E0E0E0")
        fig.update_yaxes(title_text="", tickformat=None)
        return style(fig, title, height=max(320, 28 * len(order) + 140))
    _year_axis(fig, [int(v) for v in order])
    fig.update_yaxes(**value_axis)
    return style(fig, title)


def reasons(df: pd.DataFrame, group: str, title: str | None = None) -> go.Figure:
    """Bars of the reasons within one outcome group. df: outcome, requests."""
    d = df[df["outcome"].map(contract.OUTCOME_GROUP.get) == group].dropna(subset=["requests"])
    if d.empty or d["requests"].sum() == 0:
        return empty(f"所选范围内没有“{contract.OUTCOME_GROUP_LABELS[group]}”的申请")
    d = d.sort_values("requests")
    total = d["requests"].sum()
    labels = [contract.REQUEST_ROW_LABELS[k].split("：", 1)[-1] for k in d["outcome"]]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=d["requests"],
            orientation="h",
            marker_color=OUTCOME_COLORS[group],
            customdata=[[v / total] for v in d["requests"]],
            text=[num(v) for v in d["requests"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}：%{x:,} 件（占本类 %{customdata[0]:.1%}）<extra></extra>",
        )
    )
    fig.update_xaxes(title_text="件数", tickformat=",", gridcolor="#E0E0E0")
    fig.update_yaxes(title_text="", tickformat=None)
    integer_ticks(fig, d["requests"].max())
    return style(
        fig, title or f"{contract.OUTCOME_GROUP_LABELS[group]}的理由", height=max(260, 45 * len(d) + 100)
    )


def rate_bars(
    df: pd.DataFrame,
    rate_label: str,
    num_label: str,
    den_label: str,
    title: str,
    top: int = 30,
    color: str = "#2E7D32",
    highlight: str | None = None,
    min_denominator: float = 0,
    floor: float | None = None,
    ceiling: float | None = None,
) -> go.Figure:
    """One bar per agency of a rate computed from sums. df: agency_id, agency, numerator, denominator, rate.
    `highlight`: an agency_id drawn in a contrasting colour (the agency whose profile is open).
    Agencies whose denominator is below `min_denominator` are greyed and listed after the ranked ones
    (never ranked above an agency with a real denominator); the text shows n/d beside every rate, and
    `floor`/`ceiling` (benchmarks.toml) are drawn as dashed lines."""
    d = df.dropna(subset=["rate"]).copy()
    if d.empty:
        return empty("没有可计算比率的数据（分母为空或为零）")
    d["small"] = d["denominator"] < min_denominator
    d = d.sort_values(["small", "rate", "denominator"], ascending=[True, False, False]).head(top).iloc[::-1]
    base = [("#EF6C00" if a == highlight else "#90A4AE") if highlight else color for a in d["agency_id"]]
    colors = [
        "#E0E0E0" if small and a != highlight else c
        for c, small, a in zip(base, d["small"], d["agency_id"], strict=True)
    ]
    labels = [
        f"{v:.1%}（{num(n)}/{num(den)}）" + ("，分母不足" if small else "")
        for v, n, den, small in zip(d["rate"], d["numerator"], d["denominator"], d["small"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            y=d["agency"],
            x=d["rate"],
            orientation="h",
            marker_color=colors,
            customdata=d[["agency_id", "numerator", "denominator"]].to_numpy(),
            text=labels,
            textposition="outside",
            cliponaxis=False,
            hovertemplate=(
                f"%{{y}}<br>{rate_label}：%{{x:.1%}}<br>{num_label} %{{customdata[1]:,}} ÷ "
                f"{den_label} %{{customdata[2]:,}}<br><i>点击查看单位档案</i><extra></extra>"
            ),
        )
    )
    for value, name in ((floor, "下限"), (ceiling, "上限")):
        if value is not None:
            fig.add_vline(
                x=value,
                line_dash="dash",
                line_color="#B71C1C",
                annotation_text=f"{name} {value:.0%}",
                annotation_position="top",
            )
    fig.update_xaxes(title_text=rate_label, tickformat=".0%", range=[0, 1.35], gridcolor="#E0E0E0")
    fig.update_yaxes(title_text="", tickformat=None)
    return style(fig, title, height=max(300, 30 * len(d) + 130))


def rate_trend(df: pd.DataFrame, title: str) -> go.Figure:
    """One line per rate over the years (one agency). df: year, metric, value, numerator, denominator,
    numerator_label, denominator_label, min_denominator. A year with a small denominator is drawn as a
    hollow marker; a blank year is a gap."""
    d = df.dropna(subset=["value"]) if len(df) else df
    if d is None or d.empty:
        return empty("没有可计算比率的年度（分子或分母空白、分母为零）")
    fig = go.Figure()
    years = sorted(int(y) for y in d["year"].unique())
    for i, (name, s) in enumerate(df.groupby("metric", sort=False)):
        s = s.sort_values("year")
        small = (s["denominator"] < s["min_denominator"]).to_numpy()
        fig.add_scatter(
            x=s["year"],
            y=s["value"],
            mode="lines+markers",
            name=str(name),
            connectgaps=False,
            line={"color": SEQUENCE[i % len(SEQUENCE)]},
            marker={"size": 10, "symbol": ["circle-open" if x else "circle" for x in small]},
            customdata=list(
                zip(
                    s["numerator"],
                    s["denominator"],
                    s["numerator_label"],
                    s["denominator_label"],
                    strict=True,
                )
            ),
            hovertemplate=(
                f"{name}<br>%{{x}}年：%{{y:.1%}}<br>%{{customdata[2]}} %{{customdata[0]:,}} ÷ "
                "%{customdata[3]} %{customdata[1]:,}<extra></extra>"
            ),
        )
    _year_axis(fig, years)
    fig = style(fig, title)
    fig.update_yaxes(tickformat=".0%", rangemode="tozero", title_text="比率")  # after style(): it sets ","
    return fig


def review_results(df: pd.DataFrame, title: str = "复议、诉讼结果") -> go.Figure:
    """Stacked bars per group (行政复议, 诉讼…) of upheld / corrected / other / pending. df: grp, result, value."""
    d = df[df["result"] != "total"].dropna(subset=["value"])
    if d.empty or d["value"].sum() == 0:
        return empty("所选范围内没有行政复议或行政诉讼案件")
    fig = go.Figure()
    groups = list(contract.REVIEW_GROUPS)[::-1]
    for res in ("upheld", "corrected", "other", "pending"):
        s = d[d["result"] == res].groupby("grp")["value"].sum().reindex(groups)
        fig.add_bar(
            y=[contract.REVIEW_GROUP_LABELS[g] for g in groups],
            x=s.to_numpy(),
            orientation="h",
            name=contract.REVIEW_COLUMN_LABELS[res],
            marker_color=REVIEW_COLORS[res],
            hovertemplate=f"%{{y}}<br>{contract.REVIEW_COLUMN_LABELS[res]}：%{{x:,}} 件<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="案件数", tickformat=",", gridcolor="#E0E0E0")
    integer_ticks(fig, d.groupby("grp")["value"].sum().max())
    fig.update_yaxes(title_text="", tickformat=None)
    return style(fig, title, height=300)


def lines_by_year(
    df: pd.DataFrame, value: str, label: str, title: str, unit: str = "件", series: str = "agency"
) -> go.Figure:
    """One line per agency (or other series) over the years. df: year, <series>, <value>, agency_id,
    source_file, and optional `hover` text (e.g. the evidence sentence)."""
    d = df.dropna(subset=[value])
    if d.empty:
        return empty()
    fig = go.Figure()
    years = sorted(int(y) for y in d["year"].unique())
    for i, (name, s) in enumerate(d.sort_values("year").groupby(series, sort=True)):
        hover = [wrap(h) for h in s["hover"]] if "hover" in s else [""] * len(s)
        several = s["year"].duplicated().any()  # several figures in one year: points only, no line
        fig.add_scatter(
            x=s["year"],
            y=s[value],
            mode="markers" if several else "lines+markers",
            name=str(name),
            line={"color": SEQUENCE[i % len(SEQUENCE)]},
            marker={"size": 9},
            customdata=list(
                zip(
                    s.get("agency_id", [None] * len(s)),
                    s.get("source_file", [""] * len(s)),
                    hover,
                    strict=True,
                )
            ),
            hovertemplate=(
                f"{plot_text(str(name))}<br>%{{x}}年 {label}：%{{y:,}} {unit}<br>%{{customdata[2]}}"
                "<br>来源：%{customdata[1]}<extra></extra>"
            ),
        )
    _year_axis(fig, years)
    fig.update_yaxes(
        title_text=f"{label}（{unit}）" if unit else label,
        rangemode="tozero" if (d[value] >= 0).all() else "normal",
    )
    fig = style(fig, title)
    if d[series].nunique() > 4:  # many series: legend on the right, one per line
        fig.update_layout(legend={"orientation": "v", "yanchor": "top", "y": 1, "x": 1.02, "xanchor": "left"})
    return fig


def coverage_cell(reports: list) -> tuple[int, str, str]:
    """(status, cell text, hover detail) of one agency-year from its reports (own and/or 汇总).

    A legacy (pre-2019) report has no tables, so nothing was checked: grey "旧", never a green ✓."""
    status, texts, details = 0, [], []
    for r in reports:
        mark = "汇" if getattr(r, "scope", "own") == "aggregate" else ""
        if getattr(r, "template", None) == "legacy":
            s, t, dtl = 4, "旧", "2019年前旧式报告，没有统一表格，未做勾稽校验"
        elif r.failed_errors:
            s, t, dtl = (
                3,
                f"✗{r.failed_errors}",
                f"{r.failed_errors} 项错误、{r.failed_warnings} 项提示未通过",
            )
        elif r.failed_warnings:
            s, t, dtl = 2, f"!{r.failed_warnings}", f"{r.failed_warnings} 项提示未通过"
        else:
            s, t, dtl = 1, "✓", "全部校验通过"
        # worst first: error > warning > passed > legacy (unchecked is shown, never as passed)
        rank = {3: 4, 2: 3, 1: 2, 4: 1, 0: 0}
        status = s if rank[s] > rank[status] else status
        texts.append(mark + t)
        details.append(("汇总报告：" if mark else "本级报告：") + dtl + f"（{r.source_file or ''}）")
    return status, " ".join(texts), "<br>".join(details)


def coverage(
    df: pd.DataFrame,
    agencies: list[str],
    years: list[int],
    title: str = "报告覆盖情况",
    labels: dict[str, str] | None = None,
) -> go.Figure:
    """Heat map agencies × years, one row per agency (own and 汇总 reports in one cell, 汇 marked).

    df: agency_id, agency, year, scope, template, failed_errors, failed_warnings, source_file.
    `agencies`: agency_ids in row order; `labels`: their display names (unique)."""
    if not agencies or not years:
        return empty()
    labels = labels or {a: a for a in agencies}
    by_cell: dict[tuple[str, int], list] = {}
    for r in df.itertuples():
        by_cell.setdefault((r.agency_id, int(r.year)), []).append(r)
    z, text, custom = [], [], []
    for a in agencies:
        zr, tr, cr = [], [], []
        for y in years:
            status, t, detail = coverage_cell(by_cell.get((a, y), []))
            zr.append(status)
            tr.append(t)
            cr.append([a, detail or STATUS_LABELS[0]])
        z.append(zr)
        text.append(tr)
        custom.append(cr)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[f"{y}年" for y in years],
            y=[labels.get(a, a) for a in agencies],
            zmin=0,
            zmax=4,
            colorscale=STATUS_SCALE,
            text=text,
            texttemplate="%{text}",
            customdata=custom,
            xgap=2,
            ygap=2,
            showscale=False,
            hovertemplate="%{y} %{x}<br>%{customdata[1]}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", title_text="", tickformat=None, gridcolor=None)
    fig.update_xaxes(side="top", title_text="")
    return style(fig, title, height=max(260, 30 * len(agencies) + 120))


def compare_bars(df: pd.DataFrame, title: str) -> go.Figure:
    """Grouped bars: x = field label, one bar per series. df: field, series, value, agency_id."""
    d = df.dropna(subset=["value"])
    if d.empty:
        return empty()
    fig = go.Figure()
    fields = list(dict.fromkeys(df["field"]))
    for i, (name, s) in enumerate(d.groupby("series", sort=False)):
        s = s.set_index("field").reindex(fields)
        fig.add_bar(
            x=fields,
            y=s["value"],
            name=str(name),
            marker_color=SEQUENCE[i % len(SEQUENCE)],
            hovertemplate=f"{plot_text(str(name))}<br>%{{x}}：%{{y:,}}<extra></extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="")
    fig.update_yaxes(title_text="件数")
    return style(fig, title)


def integer_ticks(fig: go.Figure, max_value: float | None) -> None:
    """Counts are whole numbers: with small maxima Plotly would tick the x axis at 0.5 steps, which ",d"
    prints as repeated labels ("0 1 1 2 2"); step by 1 there instead."""
    if max_value is not None and pd.notna(max_value) and max_value <= 10:
        fig.update_xaxes(tick0=0, dtick=1)


def platform_mentions(df: pd.DataFrame, title: str = "各平台：报告中给出数字的单位数") -> go.Figure:
    """Horizontal bars per platform of how many agencies report a figure for it. df: platform, label, agencies."""
    d = df[df["agencies"] > 0]
    if d.empty:
        return empty("所选范围内的报告没有提到平台数字")
    d = d.sort_values("agencies")
    fig = go.Figure(
        go.Bar(
            y=d["label"],
            x=d["agencies"],
            orientation="h",
            marker_color="#1565C0",
            text=[num(v) for v in d["agencies"]],
            textposition="outside",
            cliponaxis=False,
            customdata=d[["metrics"]].to_numpy(),
            hovertemplate="%{y}<br>%{x:,} 个单位给出了数字，共 %{customdata[0]:,} 条<extra></extra>",
        )
    )
    fig.update_xaxes(title_text="单位数", tickformat=",d", gridcolor="#E0E0E0")
    fig.update_yaxes(title_text="", tickformat=None)
    integer_ticks(fig, d["agencies"].max())
    return style(fig, title, height=max(260, 30 * len(d) + 120))


def coverage_groups(df: pd.DataFrame, years: list[int], title: str = "报告覆盖情况") -> go.Figure:
    """Heat map groups (provinces, cities, counties; the summed rest last) × years of report counts.

    df: label, drill_value, year, reports, error_reports, warning_reports, legacy_reports,
    aggregate_reports, in row order. A cell's colour is its worst state (errors > warnings > passed >
    legacy only); its text the report count and how many failed ("✗n"), so nothing unchecked looks passed."""
    if df.empty or not years:
        return empty()
    rows = list(dict.fromkeys(df["label"]))
    cells = {(r.label, int(r.year)): r for r in df.itertuples()}
    z, text, custom = [], [], []
    for label in rows:
        zr, tr, cr = [], [], []
        for y in years:
            r = cells.get((label, y))
            if r is None or not r.reports:
                zr.append(0)
                tr.append("")
                cr.append([None, STATUS_LABELS[0]])
                continue
            checked = r.reports - r.legacy_reports
            status = 3 if r.error_reports else 2 if r.warning_reports else 1 if checked else 4
            zr.append(status)
            tr.append(f"{r.reports:,}" + (f" ✗{r.error_reports:,}" if r.error_reports else ""))
            detail = (
                f"报告 {r.reports:,} 份（汇总报告 {r.aggregate_reports:,} 份）<br>有校验错误 {r.error_reports:,} 份，"
                f"仅有提示 {r.warning_reports:,} 份，旧式未校验 {r.legacy_reports:,} 份"
            )
            cr.append([r.drill_value, detail])
        z.append(zr)
        text.append(tr)
        custom.append(cr)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[f"{y}年" for y in years],
            y=rows,
            zmin=0,
            zmax=4,
            colorscale=STATUS_SCALE,
            text=text,
            texttemplate="%{text}",
            customdata=custom,
            xgap=2,
            ygap=2,
            showscale=False,
            hovertemplate="%{y} %{x}<br>%{customdata[1]}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", title_text="", tickformat=None, gridcolor=None)
    fig.update_xaxes(side="top", title_text="")
    return style(fig, title, height=max(260, 30 * len(rows) + 120))
