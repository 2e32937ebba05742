"""申请量: requests per year and per agency, applicant mix, year-over-year change."""

from __future__ import annotations

import streamlit as st

from disclosure.dashboard import charts, filters, models, navigation, shape, ui
from disclosure.dashboard.fmt import FLOW_LABELS
from disclosure.dashboard.pagemodel import common, paging, requests

sel = ui.page_header("申请量")

headline = ui.q("headline")
groups = ui.q("requests_by_group")  # one row per group one level below the filter, scope and year
if groups.empty:
    ui.no_data()
    st.stop()

# Trends over a balanced panel by default (the same agencies every year); the unbalanced view one click away.
corr = ui.corrections()  # charts use administrators' corrections: the figures that include one are marked †
panel = ui.balanced_panel("req_panel", corr)
balanced = panel.balanced
trend = ui.q("headline", panel=True) if balanced else headline
flows = shape.flows_by_year(trend)
flows_corr = models.corrections_for(corr, paths=models.FLOW_PATHS, agency_ids=panel.members)
ui.chart(
    charts.flows_by_year(
        flows,
        models.mark(
            "收到和办理的申请（逐年，不含汇总报告）" + ("，平衡面板" if balanced else ""), flows_corr
        ),
    ),
    key="flows",
)
st.caption(models.panel_note(flows, balanced, panel.size, shape.flows_by_year(headline)))
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
per_group = requests.by_group(groups, flow)
years = f"{sel.year_from}年" if sel.year_from == sel.year_to else f"{sel.year_from}–{sel.year_to}年合计"
flow_corr = models.corrections_for(corr, paths=(models.FLOW_PATH[flow],))
level = common.level_title(groups)
ui.group_chart(
    charts.by_agency_bar(
        per_group,
        flow,
        FLOW_LABELS[flow],
        models.mark(f"各{level}{FLOW_LABELS[flow]}申请（{years}）", flow_corr),
        top=common.TOP_N + 1,
        click_hint=requests.click_hint(groups),
    ),
    key="by_agency",
    groups=groups,
)
ui.correction_caption(models.corrections_for(corr, paths=models.FLOW_PATHS))
st.caption(
    f"按{level}汇总（前 {common.TOP_N} 名，其余合并为“其他”）；"
    + ("点击条形可打开该单位的档案。" if common.agency_level(groups) else "点击条形可下钻到下一级。")
    + "空白（未填报）不计为 0。汇总报告单独成行（标注“（汇总）”），不与本级报告相加。"
)

left, right = st.columns(2)
with left:
    ui.chart(charts.applicant_mix(ui.q("applicant_mix")), key="mix")
with right:
    last_year = int(groups["year"].max())
    ui.group_chart(
        charts.yoy_change(
            requests.yoy(ui.q("requests_yoy_by_group", year=last_year)),
            f"新收申请同比变化（{last_year}比{last_year - 1}年，同一批单位）",
        ),
        key="yoy",
        groups=groups,
    )

if (detail := ui.lazy_expander("查看明细数据", "req_detail")) is not None:
    with detail:
        n_rows = int(headline["n_reports"].sum())
        pg = ui.page_number(n_rows, "req_table_page", paging.DETAIL_ROWS)
        rows = ui.q("requests_page", limit=pg.size, offset=pg.offset)
        st.caption(pg.caption(always=True))
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
