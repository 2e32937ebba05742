"""复议诉讼: review and litigation outcomes, 纠错率 = 纠正 ÷ (总计 − 尚未审结)."""

from __future__ import annotations

import streamlit as st

from disclosure import benchmarks, contract
from disclosure.dashboard import charts, shape, ui
from disclosure.dashboard.fmt import num, pct

ui.page_header("复议诉讼")

review = ui.q("review_by_agency")
if review.empty:
    ui.no_data()
    st.stop()
own = shape.own(review)
overall = shape.correction_rate(own.assign(all="全部"), ["all"])

cols = st.columns(3)
for col, grp in zip(cols, contract.REVIEW_GROUPS, strict=True):
    row = overall[overall["grp"] == grp]
    total = row["total"].sum() if not row.empty else None
    rate = row["rate"].iloc[0] if not row.empty else None
    col.metric(contract.REVIEW_GROUP_LABELS[grp], f"{num(total)} 件")
    col.caption(
        f"纠错率 {pct(rate)}（纠正 {num(row['corrected'].sum() if not row.empty else None)} ÷ "
        f"已审结 {num(row['decided'].sum() if not row.empty else None)}）"
    )

ui.chart(charts.review_results(own, "复议、诉讼结果（所选年份合计，不含汇总报告）"), key="results")

st.subheader("各单位纠错率")
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
per_agency = shape.correction_rate(review, ["agency_id", "agency"])
per_agency = per_agency[per_agency["grp"] == grp].rename(
    columns={"corrected": "numerator", "decided": "denominator"}
)
ui.chart(
    charts.rate_bars(
        per_agency,
        "纠错率",
        "结果纠正",
        "已审结（总计−尚未审结）",
        f"{contract.REVIEW_GROUP_LABELS[grp]}纠错率（所选年份合计）",
        color=charts.REVIEW_COLORS["corrected"],
        min_denominator=rate_def.min_denominator,
        ceiling=rate_def.ceiling,
    ),
    key="rate",
    clickable=True,
)
st.caption(
    f"纠错率 = 结果纠正 ÷（总计 − 尚未审结），分子分母分别求和；没有已审结案件的单位不显示；已审结少于 "
    f"{rate_def.min_denominator:,.0f} 件的单位灰色显示、不参与排名（1 件中纠正 1 件不是 100% 的可比结果）。"
    "最小分母与阈值在设置文件 benchmarks.toml 中。"
)

with st.expander("逐年明细（单位 × 年度 × 类别）"):
    wide = review.pivot_table(
        index=["agency", "year", "grp", "source_file"],
        columns="result",
        values="value",
        aggfunc="first",
        dropna=False,
    ).reset_index()
    wide["grp"] = wide["grp"].map(contract.REVIEW_GROUP_LABELS)
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
