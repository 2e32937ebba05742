"""平台: platform metrics by platform, agency and year; every point with its evidence sentence."""

from __future__ import annotations

import streamlit as st

from disclosure import contract
from disclosure.dashboard import charts, models, shape, ui
from disclosure.dashboard.fmt import PERIOD_LABELS

ui.page_header("平台")
st.caption("从报告“总体情况”正文中读出的政府网站、政务新媒体等平台数字。每个数字都附有原文句子。")

pm = ui.q("platform_metrics")
if pm.empty:
    ui.no_data("所选范围内的报告没有提到平台数字。")
    st.stop()

ui.chart(charts.platform_mentions(shape.platform_mentions(pm)), key="pf_mentions")

platforms = [p for p in contract.PLATFORMS if p in set(pm["platform"])]
c1, c2 = st.columns(2)
ui.url_state("pf_platform", "pf", platforms, platforms[0])
platform = c1.selectbox(
    "平台", platforms, format_func=lambda p: contract.PLATFORMS.get(p, p), key="pf_platform"
)
sub = pm[pm["platform"] == platform]
metrics = [m for m in contract.METRICS if m in set(sub["metric"])]
ui.url_state("pf_metric", "pm", metrics, metrics[0])
metric = c2.selectbox("指标", metrics, format_func=lambda m: contract.METRICS.get(m, m), key="pf_metric")
sub = sub[sub["metric"] == metric].copy()
# One unit and one period per axis: 条 is not 期, 累计 is not 本年.
combos = models.unit_periods(sub)
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
ui.to_url(pf=platform, pm=metric, pu=f"{unit}|{period}")
sub = sub[(sub["unit"].fillna("") == unit) & (sub["period"].fillna("") == period)].copy()
sub["hover"] = [
    "“" + str(s) + "”" + (f"（{q}，为约数）" if q else "")
    for s, q in zip(sub["sentence"], sub["qualifier"], strict=True)
]
# Every figure is a point: a report may give the same metric more than once (e.g. two websites).
points = sub.sort_values(["agency", "year"])
label = (
    f"{contract.PLATFORMS.get(platform, platform)} · {contract.METRICS.get(metric, metric)}"
    f"（{PERIOD_LABELS.get(period, '口径未注明')}）"
)
ui.chart(
    charts.lines_by_year(points, "value", contract.METRICS.get(metric, metric), label, unit=unit),
    key="pf_chart",
    clickable=True,
)
st.caption(
    "鼠标悬停可看到原文句子；点击数据点可打开该单位档案。带“余”“近”“超”等字样的数字是约数。"
    "同一单位同一年给出多个数字时（如多个网站）全部画出，不连线、不相加。"
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


show_figures(sub)
with st.expander("所有平台数字"):
    show_figures(pm)
