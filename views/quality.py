"""数据质量: every failed check with expected/actual and the cells' source; imputed and ambiguous cells.
Layout only: pagemodel.quality builds the texts and tables; long tables are shown one page at a time."""

from __future__ import annotations

import streamlit as st

from disclosure.dashboard import ui
from disclosure.dashboard.fmt import md, where_label
from disclosure.dashboard.pagemodel import quality as pagemodel

ui.page_header("数据质量")
st.caption(
    "勾稽关系（R1–R8）是报告表格自身应满足的等式。未通过说明报告本身的数字前后矛盾或解析有疑问，"
    "这里如实列出，数字没有被改动。本页始终包含汇总报告。"
)

# Counts from aggregate queries, tables one page at a time from DuckDB (LIMIT/OFFSET): at national scale
# the selection has millions of checks and cells, and the page never fetches them to count or to page.
totals = ui.q("quality_counts", include_aggregate=True)
cov = pagemodel.coverage(totals)
if cov.n_reports == 0:  # "全部通过" would be a claim about reports that do not exist
    ui.no_data()
    st.stop()
st.caption(cov.caption())

show_null = st.toggle("同时列出无法校验的项（因单元格空白而无法计算）", key="q_null")
# Lists, not sums: aggregate (汇总) reports are always included here, whatever the sidebar toggle says,
# so that no failed check is hidden from view.
rules_found = ui.q("failed_rules", include_unevaluable=show_null, include_aggregate=True)

for col, (label, value) in zip(st.columns(4), pagemodel.counts(totals), strict=True):
    col.metric(label, value)

st.subheader("未通过的勾稽关系")
had_failures = not rules_found.empty
chosen: list[str] = []
if had_failures:
    rules = sorted(rules_found["rule"].unique())
    chosen = st.multiselect(
        "规则",
        rules,
        default=rules,
        key="q_rules",
        format_func=lambda r: f"{r} {pagemodel.check_description(r)}",
    )
p = ui.page_number(pagemodel.n_failed(rules_found, chosen), "q_failed_page")
shown = (
    ui.q(
        "failed_checks_page",
        include_unevaluable=show_null,
        include_aggregate=True,
        rules=chosen,
        limit=p.size,
        offset=p.offset,
    )
    if chosen
    else rules_found.iloc[0:0]
)
said = pagemodel.verdict(shown, had_failures, cov)
if said is not None:
    kind, text = said
    if kind == "success":
        st.success(text, icon=":material/fact_check:")
    else:
        st.info(text, icon=":material/info:")
else:
    st.caption("点选一行，可在下方看到参与计算的单元格（原文、页码）。")
    event = st.dataframe(
        pagemodel.failed_table(shown),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="q_failed",
        placeholder="—",
    )
    if p.caption():
        st.caption(p.caption())
    rows = event.selection.rows if event else []
    if rows and rows[0] < len(shown):
        chk = shown.iloc[rows[0]]
        cells = ui.q("check_cells", report_id=chk["report_id"], where=chk["where"], rule=chk["rule"])
        st.markdown(
            f"**{md(chk['agency'])} {int(chk['year'])}年 · {md(chk['rule'])} · {md(where_label(chk['where']))}**"
            f"（来源：{md(chk['source_file'])}）"
        )
        if cells.empty:
            st.info("没有找到这条校验对应的单元格记录。")
        else:
            ui.show_table(pagemodel.check_cells_table(cells))
        if st.button("打开该单位档案", key="q_open"):
            ui.open_profile(str(chk["agency_id"]))

st.subheader("每份报告的状态")
by_status = ui.q("report_status_counts", include_aggregate=True)
counts = pagemodel.status_counts(by_status)
for col, (label, value) in zip(st.columns(len(counts)), counts, strict=True):
    col.metric(label, value)
ui.sql_table(
    "report_status",
    int(by_status["n_reports"].sum()),
    "q_status",
    pagemodel.status_table,
    include_aggregate=True,
)
n_missing = pagemodel.n_missing(totals)
# A toggle, not an expander: an expander's content runs (and queries the cells) even when it is closed.
if n_missing and st.toggle(f"列出未能读出的单元格（{n_missing:,} 个）及原因", key="q_missing_show"):
    ui.sql_table(
        "missing_cells",
        n_missing,
        "q_missing",
        pagemodel.missing_table,
        include_aggregate=True,
        gap_reasons=list(pagemodel.GAP_REASONS),
    )

st.subheader("推定与有歧义的单元格")
n_flagged = pagemodel.n_flagged(totals)
if not n_flagged:
    st.success("所选范围内没有推定或有歧义的单元格。", icon=":material/fact_check:")
else:
    ui.sql_table("flagged_cells", n_flagged, "q_flagged", pagemodel.flagged_table, include_aggregate=True)
