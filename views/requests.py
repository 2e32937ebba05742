"""申请量: requests per year and per agency, applicant mix, year-over-year change."""

from __future__ import annotations

import streamlit as st

from disclosure.dashboard import charts, filters, navigation, shape, ui
from disclosure.dashboard.fmt import FLOW_LABELS

sel = ui.page_header("申请量")

headline = ui.q("headline")
rows = ui.q("requests_by_agency")
if rows.empty:
    ui.no_data()
    st.stop()

ui.chart(charts.flows_by_year(shape.flows_by_year(headline), "收到和办理的申请（逐年，不含汇总报告）"),
         key="flows")
if sel.include_aggregate and (headline["scope"] == "aggregate").any():
    with st.expander("汇总报告（单独列示，不与上图相加）", expanded=True):
        ui.chart(charts.flows_by_year(shape.flows_by_year(headline, "aggregate"), "汇总报告中的申请数量（逐年）"),
                 key="flows_agg")
        st.caption("汇总报告综合了其下属单位的数字，与上图的各单位报告有重叠，因此单列，永不相加。")

st.subheader("各单位申请量")
flow = st.radio("指标", list(FLOW_LABELS), format_func=lambda k: FLOW_LABELS[k], horizontal=True,
                key="req_flow")
per_agency = shape.sum_by_agency(rows, flow)
years = f"{sel.year_from}年" if sel.year_from == sel.year_to else f"{sel.year_from}–{sel.year_to}年合计"
ui.chart(charts.by_agency_bar(per_agency, flow, FLOW_LABELS[flow], f"{FLOW_LABELS[flow]}申请（{years}）"),
         key="by_agency", clickable=True)
st.caption("点击条形可打开该单位的档案。空白（未填报）不计为 0。")

left, right = st.columns(2)
with left:
    ui.chart(charts.applicant_mix(ui.q("applicant_mix")), key="mix")
with right:
    last_year = int(rows["year"].max())
    ui.chart(charts.yoy_change(shape.yoy(shape.own(rows), "new", last_year),
                               f"新收申请同比变化（{last_year}年比{last_year - 1}年）"), key="yoy", clickable=True)

with st.expander("查看明细数据"):
    table = ui.display_table(
        rows,
        {"agency": "单位", "year": "年度", "new": "本年新收", "carried_in": "上年结转", "handled": "办理总计",
         "carried_out": "结转下年", "source_file": "来源报告"},
        integer_cols=("new", "carried_in", "handled", "carried_out"), text_cols=("source_file",),
    )
    ui.show_table(table)
    st.page_link(navigation.page("export"), label="下载这些数据", icon=":material/download:", query_params=filters.page_query_params())
