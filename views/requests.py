"""申请量: requests per year and per agency, applicant mix, year-over-year change."""

from __future__ import annotations

import streamlit as st

from disclosure.dashboard import charts, filters, models, navigation, shape, ui
from disclosure.dashboard.fmt import FLOW_LABELS

sel = ui.page_header("申请量")

headline = ui.q("headline")
rows = ui.q("requests_by_agency")
if rows.empty:
    ui.no_data()
    st.stop()

# Trends over a balanced panel by default (the same agencies every year); the unbalanced view one click away.
balanced, panel = ui.balanced_panel("req_panel")
trend = ui.q("headline", agency_ids=panel) if balanced else headline
flows = shape.flows_by_year(trend)
corr = ui.corrections()  # charts use administrators' corrections: the figures that include one are marked †
flows_corr = models.corrections_for(corr, paths=models.FLOW_PATHS, agency_ids=panel)
ui.chart(
    charts.flows_by_year(
        flows,
        models.mark(
            "收到和办理的申请（逐年，不含汇总报告）" + ("，平衡面板" if balanced else ""), flows_corr
        ),
    ),
    key="flows",
)
st.caption(models.panel_note(flows, balanced, len(panel or []), shape.flows_by_year(headline)))
if sel.include_aggregate and (headline["scope"] == "aggregate").any():
    with st.expander("汇总报告（单独列示，不与上图相加）", expanded=True):
        ui.chart(
            charts.flows_by_year(shape.flows_by_year(headline, "aggregate"), "汇总报告中的申请数量（逐年）"),
            key="flows_agg",
        )
        st.caption("汇总报告综合了其下属单位的数字，与上图的各单位报告有重叠，因此单列，永不相加。")

st.subheader("各单位申请量")
ui.url_state("req_flow", "flow", list(FLOW_LABELS), "new")
flow = st.radio(
    "指标", list(FLOW_LABELS), format_func=lambda k: FLOW_LABELS[k], horizontal=True, key="req_flow"
)
ui.to_url(flow=flow)
per_agency = shape.sum_by_agency(rows, flow)
years = f"{sel.year_from}年" if sel.year_from == sel.year_to else f"{sel.year_from}–{sel.year_to}年合计"
flow_corr = models.corrections_for(corr, paths=(models.FLOW_PATH[flow],))
ui.chart(
    charts.by_agency_bar(
        per_agency, flow, FLOW_LABELS[flow], models.mark(f"{FLOW_LABELS[flow]}申请（{years}）", flow_corr)
    ),
    key="by_agency",
    clickable=True,
)
ui.correction_caption(models.corrections_for(corr, paths=models.FLOW_PATHS))
st.caption("点击条形可打开该单位的档案。空白（未填报）不计为 0。")

left, right = st.columns(2)
with left:
    ui.chart(charts.applicant_mix(ui.q("applicant_mix")), key="mix")
with right:
    last_year = int(rows["year"].max())
    ui.chart(
        charts.yoy_change(
            shape.yoy(shape.own(rows), "new", last_year),
            f"新收申请同比变化（{last_year}年比{last_year - 1}年）",
        ),
        key="yoy",
        clickable=True,
    )

with st.expander("查看明细数据"):
    table = ui.display_table(
        rows,
        {
            "agency": "单位",
            "year": "年度",
            "new": "本年新收",
            "carried_in": "上年结转",
            "handled": "办理总计",
            "carried_out": "结转下年",
            "source_file": "来源报告",
        },
        text_cols=("source_file",),  # numbers stay numbers: they sort as numbers (95 below 859)
    )
    ui.show_table(table)
    st.page_link(
        navigation.page("export"),
        label="下载这些数据",
        icon=":material/download:",
        query_params=filters.page_query_params(),
    )
