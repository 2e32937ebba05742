"""办理结果: outcome groups as counts and shares, reasons within a group, rates from sums."""

from __future__ import annotations

import streamlit as st

from disclosure import benchmarks, contract
from disclosure.dashboard import charts, models, shape, ui
from disclosure.dashboard.fmt import num, pct, ratio
from disclosure.dashboard.pagemodel import common, outcomes

ui.page_header("办理结果")

by_year = ui.q("outcomes_by_year")
by_group = ui.q("outcomes_by_group")  # group one level below the filter × scope × outcome
if by_group.empty:
    ui.no_data()
    st.stop()

# Totals over the selection (own reports only). 公开率 from the headline sums, which take numerator and
# denominator over the same reports (those that print 予以公开, 部分公开 and 总计).
totals = by_year.groupby("outcome")["requests"].sum(min_count=1)
head = ui.q("headline")
head = head[head["scope"] == "own"]
c = st.columns(4)
c[0].metric("办理总计（件）", num(totals.get("handled_total")))
c[1].metric("予以公开（件）", num(totals.get("granted")))
c[2].metric("部分公开（件）", num(totals.get("partial")))
c[3].metric(
    "公开率",
    pct(ratio(head["open_num"].sum(min_count=1), head["open_den"].sum(min_count=1))),
    help="（予以公开 + 部分公开）÷ 办理总计，分子分母均为同一批报告之和",
)

corr = models.corrections_for(
    ui.corrections(), prefix=models.OUTCOME_PREFIXES
)  # outcome rows use corrected values: marked †
ui.correction_caption(corr)

ui.url_state("out_share", "share", [True, False], False, lambda v: v == "1")
share = st.toggle("按占比显示", key="out_share")
ui.to_url(share=share)
# The yearly chart over a balanced panel by default (the same agencies every year), as 申请量's.
panel = ui.balanced_panel("out_panel", corr)
balanced = panel.balanced
trend = ui.q("outcomes_by_year", panel=True) if balanced else by_year
ui.chart(
    ui.figure(
        charts.outcome_groups,
        shape.outcome_groups_long(trend, "year"),
        "year",
        share=share,
        title=models.mark(
            "办理结果构成（逐年，不含汇总报告）" + ("，平衡面板" if balanced else ""),
            models.corrections_for(corr, agency_ids=panel.members),
        ),
    ),
    key="groups_year",
)
all_reports = ui.q("headline")
st.caption(
    models.panel_note(
        shape.flows_by_year(ui.q("headline", panel=True) if balanced else all_reports),
        balanced,
        panel.size,
        shape.flows_by_year(all_reports),
    )
)

level = common.level_title(by_group)
st.subheader("细看某一类结果的理由")
groups = [g for g in contract.OUTCOME_GROUPS if g not in ("granted", "partial")]
ui.url_state("out_group", "grp", groups, "denied")
group = (
    st.segmented_control(
        "结果类别", groups, format_func=lambda g: contract.OUTCOME_GROUP_LABELS[g], key="out_group"
    )
    or "denied"
)
ui.to_url(grp=group)
open_rate = benchmarks.metrics()["open_rate"]
left, right = st.columns(2)
with left:
    ui.chart(ui.figure(charts.reasons, totals.reset_index(), group), key="reasons")
with right:
    label = contract.OUTCOME_GROUP_LABELS[group]
    ui.group_chart(
        ui.figure(
            charts.rate_bars,
            outcomes.group_rate(by_group, group),
            f"{label}占比",
            label,
            "办理总计",
            f"各{level}{label}占办理总计的比例",
            top=common.TOP_N + 1,
            color=charts.OUTCOME_COLORS[group],
            min_denominator=open_rate.min_denominator,
        ),
        key="group_rate",
        groups=by_group,
    )

st.subheader(f"各{level}比较")
ui.group_chart(
    ui.figure(
        charts.outcome_groups,
        outcomes.outcome_groups_long(by_group),
        "agency",
        share=share,
        title=models.mark(f"各{level}办理结果构成（所选年份合计，前 {common.TOP_N} 名，其余合并）", corr),
    ),
    key="groups_agency",
    groups=by_group,
)
ui.group_chart(
    ui.figure(
        charts.rate_bars,
        outcomes.open_rate(by_group),
        "公开率",
        "予以公开＋部分公开",
        "办理总计",
        models.mark(f"各{level}公开率", corr),
        top=common.TOP_N + 1,
        min_denominator=open_rate.min_denominator,
        floor=open_rate.floor,
    ),
    key="open_rate",
    groups=by_group,
)
st.caption(
    f"按{level}汇总，前 {common.TOP_N} 名（按办理总计）之外的合并为“其他”。"
    f"每个比率旁注明“分子/分母”。办理总计少于 {open_rate.min_denominator:,.0f} 件的灰色显示、排在最后，不参与排名"
    "（最小分母与阈值在设置文件 benchmarks.toml 中）。"
    + ("点击条形可打开该单位的档案。" if common.agency_level(by_group) else "点击条形可下钻到下一级。")
    + "汇总报告（标注“（汇总）”）单独成行，不计入任何合计。"
)
ui.derived_totals_note()
