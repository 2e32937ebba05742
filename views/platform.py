"""平台: platform metrics by platform, agency and year; every point with its evidence sentence."""

from __future__ import annotations

import streamlit as st

from disclosure import contract
from disclosure.dashboard import charts, ui
from disclosure.dashboard.fmt import PERIOD_LABELS
from disclosure.dashboard.pagemodel import common, paging, platform

ui.page_header("平台")
st.caption("从报告“总体情况”正文中读出的政府网站、政务新媒体等平台数字。每个数字都附有原文句子。")

by_group = ui.q("platform_by_group")  # group one level below the filter × year × platform × metric
if by_group.empty:
    ui.no_data("所选范围内的报告没有提到平台数字。")
    st.stop()
by_agency = common.agency_level(by_group)

ui.chart(charts.platform_mentions(platform.mentions(ui.q("platform_mentions"))), key="pf_mentions")

platforms = platform.platforms(by_group)
c1, c2 = st.columns(2)
ui.url_state("pf_platform", "pf", platforms, platforms[0])
chosen = c1.selectbox(
    "平台", platforms, format_func=lambda p: contract.PLATFORMS.get(p, p), key="pf_platform"
)
metrics = platform.metrics(by_group, chosen)
ui.url_state("pf_metric", "pm", metrics, metrics[0])
metric = c2.selectbox("指标", metrics, format_func=lambda m: contract.METRICS.get(m, m), key="pf_metric")
# One unit and one period per axis: 条 is not 期, 累计 is not 本年.
combos = platform.unit_periods(by_group, chosen, metric)
codes = {f"{u}|{p}": (u, p) for u, p in combos}
ui.url_state("pf_unit", "pu", combos, combos[0], lambda v: codes.get(v))
if len(combos) > 1:
    st.radio(
        "计量单位与口径",
        combos,
        horizontal=True,
        key="pf_unit",
        format_func=lambda up: f"{up[0] or '未注明单位'} · {PERIOD_LABELS.get(up[1], '口径未注明')}",
        help="同一指标的数字有不同计量单位或口径（本年/累计）时分开画，不放在同一坐标轴上。",
    )
unit, period = st.session_state.pf_unit
ui.to_url(pf=chosen, pm=metric, pu=f"{unit}|{period}")
label = (
    f"{contract.PLATFORMS.get(chosen, chosen)} · {contract.METRICS.get(metric, metric)}"
    f"（{PERIOD_LABELS.get(period, '口径未注明')}）"
)
metric_label = contract.METRICS.get(metric, metric)
if by_agency:
    # Every figure is a point: a report may give the same metric more than once (e.g. two websites).
    pm = ui.q("platform_metrics")
    sub = platform.agency_points(pm, chosen, metric, unit, period)
    ui.chart(
        charts.lines_by_year(sub, "value", metric_label, label, unit=unit), key="pf_chart", clickable=True
    )
    st.caption(
        "鼠标悬停可看到原文句子；点击数据点可打开该单位档案。带“余”“近”“超”等字样的数字是约数。"
        "同一单位同一年给出多个数字时（如多个网站）全部画出，不连线、不相加。"
    )
else:
    level = common.level_title(by_group)
    lines = platform.group_lines(by_group, chosen, metric, unit, period)
    ui.group_chart(
        charts.lines_by_year(lines, "value", metric_label, f"{label}，按{level}合计", unit=unit),
        key="pf_chart",
        groups=by_group,
    )
    st.caption(
        f"每条线为一个{level}中各单位所给数字之和（前 {common.TOP_LINES} 名，其余合并为“其他”）；悬停可看到由多少个数字相加、"
        "其中多少为约数（带“余”“近”“超”等字样）。同一单位给出多个数字（如多个网站）时一并相加。"
        "点击数据点可下钻到下一级；到区县一级时逐个单位显示，并附原文句子。"
    )


def show_figures(df) -> None:
    """Platform figures as a table with Chinese headers and labels."""
    ui.show_table(
        ui.display_table(
            df.assign(
                platform=df["platform"].map(contract.PLATFORMS),
                metric=df["metric"].map(contract.METRICS),
                period=df["period"].map(PERIOD_LABELS),
            ),
            {
                "agency": "单位",
                "year": "年度",
                "platform": "平台",
                "account": "账号",
                "metric": "指标",
                "value": "数值",
                "qualifier": "限定词",
                "unit": "计量单位",
                "period": "口径",
                "sentence": "原文句子",
                "source_file": "来源报告",
            },
            text_cols=("account", "qualifier", "unit", "period", "source_file"),
        )
    )


def paged(df, key: str):
    """One page of a figures table (the page number picker only when there are several)."""
    pg = ui.page_number(len(df), key, paging.DETAIL_ROWS)
    st.caption(pg.caption(always=True))
    return paging.rows(df, pg)


if by_agency:
    show_figures(paged(sub, "pf_table_page"))
    with st.expander("所有平台数字"):
        show_figures(paged(pm, "pf_all_page"))
