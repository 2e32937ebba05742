"""复议诉讼: review and litigation outcomes, 纠错率 = 纠正 ÷ (总计 − 尚未审结)."""

from __future__ import annotations

import streamlit as st

from disclosure import benchmarks, contract
from disclosure.dashboard import charts, ui
from disclosure.dashboard.fmt import num, pct
from disclosure.dashboard.pagemodel import common, paging, review

ui.page_header("复议诉讼")

by_group = ui.q("review_by_group")  # group one level below the filter × scope × case group
if by_group.empty:
    ui.no_data()
    st.stop()
overall = review.overall(by_group)

cols = st.columns(3)
for col, row in zip(cols, overall.itertuples(), strict=True):
    col.metric(contract.REVIEW_GROUP_LABELS[row.grp], f"{num(row.total)} 件")
    col.caption(f"纠错率 {pct(row.rate)}（纠正 {num(row.rate_corrected)} ÷ 已审结 {num(row.decided)}）")

ui.chart(
    charts.review_results(review.results_long(by_group), "复议、诉讼结果（所选年份合计，不含汇总报告）"),
    key="results",
)

level = common.level_title(by_group)
st.subheader(f"各{level}纠错率")
ui.url_state("rev_grp", "grp", list(contract.REVIEW_GROUPS), list(contract.REVIEW_GROUPS)[0])
grp = st.radio(
    "类别",
    list(contract.REVIEW_GROUPS),
    format_func=lambda g: contract.REVIEW_GROUP_LABELS[g],
    horizontal=True,
    key="rev_grp",
)
ui.to_url(grp=grp)
rate_def = benchmarks.metrics()["correction_rate"]
ui.group_chart(
    charts.rate_bars(
        review.rates(by_group, grp),
        "纠错率",
        "结果纠正",
        "已审结（总计−尚未审结）",
        f"各{level}{contract.REVIEW_GROUP_LABELS[grp]}纠错率（所选年份合计）",
        top=common.TOP_N + 1,
        color=charts.REVIEW_COLORS["corrected"],
        min_denominator=rate_def.min_denominator,
        ceiling=rate_def.ceiling,
    ),
    key="rate",
    groups=by_group,
)
st.caption(
    f"按{level}汇总，已审结案件最多的前 {common.TOP_N} 名之外合并为“其他”。"
    f"纠错率 = 结果纠正 ÷（总计 − 尚未审结），分子分母分别求和；没有已审结案件的不显示；已审结少于 "
    f"{rate_def.min_denominator:,.0f} 件的单位灰色显示、不参与排名（1 件中纠正 1 件不是 100% 的可比结果）。"
    "最小分母与阈值在设置文件 benchmarks.toml 中。"
)

if (detail := ui.lazy_expander("逐年明细（单位 × 年度 × 类别）", "rev_detail")) is not None:
    with detail:
        n_rows = int(ui.q("headline")["n_reports"].sum())
        pg = ui.page_number(n_rows, "rev_table_page", paging.DETAIL_ROWS)
        st.caption(pg.caption("份报告", always=True))
        wide = review.detail_table(ui.q("review_page", limit=pg.size, offset=pg.offset))
        table = ui.display_table(
            wide,
            {
                "agency": "单位",
                "year": "年度",
                "grp": "类别",
                **contract.REVIEW_COLUMN_LABELS,
                "source_file": "来源报告",
            },
            text_cols=("source_file",),
        )
        ui.show_table(table)
