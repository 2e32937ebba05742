"""数据质量: every failed check with expected/actual and the cells' source; imputed and ambiguous cells."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from disclosure import contract
from disclosure.dashboard import ui
from disclosure.dashboard.fmt import (
    SEVERITY_LABELS,
    cell_label,
    check_description,
    md,
    num,
    raw_text,
    where_label,
)

ui.page_header("数据质量")
st.caption(
    "勾稽关系（R1–R8）是报告表格自身应满足的等式。未通过说明报告本身的数字前后矛盾或解析有疑问，"
    "这里如实列出，数字没有被改动。本页始终包含汇总报告。"
)

in_range = ui.q("coverage", include_aggregate=True)
if in_range.empty:  # "全部通过" would be a claim about reports that do not exist
    ui.no_data()
    st.stop()
n_legacy = int((in_range["template"] == "legacy").sum())
n_checked = len(in_range) - n_legacy
st.caption(
    f"所选范围内共 {len(in_range)} 份报告，其中 {n_checked} 份有统一表格并做了校验"
    + (
        f"；{n_legacy} 份为 2019 年以前的旧式报告，没有统一表格，未做勾稽校验（不算“通过”）。"
        if n_legacy
        else "。"
    )
)

show_null = st.toggle("同时列出无法校验的项（因单元格空白而无法计算）", key="q_null")
# Lists, not sums: aggregate (汇总) reports are always included here, whatever the sidebar toggle says,
# so that no failed check is hidden from view.
failed = ui.q("failed_checks", include_unevaluable=show_null, include_aggregate=True)
flagged = ui.q("flagged_cells", include_aggregate=True)

c = st.columns(4)
c[0].metric("未通过的错误项", num(int(((failed["ok"] == False) & (failed["severity"] == "error")).sum())))  # noqa: E712
c[1].metric("未通过的提示项", num(int(((failed["ok"] == False) & (failed["severity"] != "error")).sum())))  # noqa: E712
c[2].metric("推定为 0 的空白单元格", num(int(flagged["imputed"].sum()) if not flagged.empty else 0))
c[3].metric("有歧义的单元格", num(int(flagged["ambiguous"].sum()) if not flagged.empty else 0))

st.subheader("未通过的勾稽关系")
had_failures = not failed.empty
if had_failures:
    rules = sorted(failed["rule"].unique())
    chosen = st.multiselect(
        "规则", rules, default=rules, key="q_rules", format_func=lambda r: f"{r} {check_description(r)}"
    )
    failed = failed[failed["rule"].isin(chosen)].reset_index(drop=True)
if failed.empty and had_failures:
    st.info("请至少选择一条规则。", icon=":material/info:")
elif failed.empty and n_checked == 0:
    st.info("所选范围内只有 2019 年以前的旧式报告，没有可校验的表格。", icon=":material/info:")
elif failed.empty:
    st.success(f"所选范围内有表格的 {n_checked} 份报告全部通过了勾稽关系校验。", icon=":material/fact_check:")
else:
    table = pd.DataFrame(
        {
            "单位": failed["agency"],
            "年度": failed["year"],
            "规则": failed["rule"],
            "说明": [check_description(r, m) for r, m in zip(failed["rule"], failed["message"], strict=True)],
            "位置": [where_label(w) for w in failed["where"]],
            "应为": [num(v) for v in failed["expected"]],
            "实际": [num(v) for v in failed["actual"]],
            "差额": [num(v) for v in failed["difference"]],
            "严重程度": failed["severity"].map(SEVERITY_LABELS),
            "结果": ["未通过" if ok is False or ok == False else "无法校验" for ok in failed["ok"]],  # noqa: E712
            "来源报告": failed["source_file"],
        }
    )
    st.caption("点选一行，可在下方看到参与计算的单元格（原文、页码）。")
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="q_failed",
    )
    rows = event.selection.rows if event else []
    if rows:
        chk = failed.iloc[rows[0]]
        cells = ui.q("check_cells", report_id=chk["report_id"], where=chk["where"], rule=chk["rule"])
        st.markdown(
            f"**{md(chk['agency'])} {int(chk['year'])}年 · {md(chk['rule'])} · {md(where_label(chk['where']))}**"
            f"（来源：{md(chk['source_file'])}）"
        )
        if cells.empty:
            st.info("没有找到这条校验对应的单元格记录。")
        else:
            ui.show_table(
                pd.DataFrame(
                    {
                        "单元格": [cell_label(p) for p in cells["path"]],
                        "数值": [num(v) for v in cells["value"]],
                        "原文": [raw_text(r) for r in cells["raw"]],
                        "页码": [num(p) for p in cells["page"]],
                        "推定为0": ["是" if v else "" for v in cells["imputed"]],
                        "有歧义": ["是" if v else "" for v in cells["ambiguous"]],
                    }
                )
            )
        if st.button("打开该单位档案", key="q_open"):
            ui.open_profile(str(chk["agency_id"]))

st.subheader("每份报告的状态")
status = ui.q("report_status", include_aggregate=True)
if status.empty:
    ui.no_data()
else:
    counts = status["report_status"].value_counts()
    cols = st.columns(len(contract.STATUS_STATES))
    for col, (state, label) in zip(cols, contract.STATUS_STATES.items(), strict=True):
        col.metric(label, num(int(counts.get(state, 0))))
    ui.show_table(
        pd.DataFrame(
            {
                "单位": status["agency"],
                "年度": status["year"],
                "状态": [contract.STATUS_STATES.get(s, s) for s in status["report_status"]],
                "缺失单元格": [num(v) for v in status["n_missing"]],
                "缺失原因": status["missing_reasons"].fillna("—"),
                "未通过的校验": [
                    num(v) for v in status["n_errors"].fillna(0) + status["n_warnings"].fillna(0)
                ],
                "来源报告": status["source_file"],
            }
        ),
        key="q_status",
    )
    missing = ui.q("missing_cells", include_aggregate=True, gap_reasons=list(contract.GAP_REASONS))
    if not missing.empty:
        with st.expander(f"未能读出的单元格（{num(len(missing))} 个）及原因"):
            ui.show_table(
                pd.DataFrame(
                    {
                        "单位": missing["agency"],
                        "年度": missing["year"],
                        "单元格": [cell_label(p) for p in missing["path"]],
                        "原因": [contract.NULL_REASONS.get(r, r) for r in missing["null_reason"]],
                        "原文": [raw_text(r) for r in missing["raw"]],
                        "可能的值": [
                            "、".join(num(x) for x in c) if hasattr(c, "__len__") and len(c) else "—"
                            for c in missing["candidates"]
                        ],
                        "来源报告": missing["source_file"],
                    }
                )
            )

st.subheader("推定与有歧义的单元格")
if flagged.empty:
    st.success("所选范围内没有推定或有歧义的单元格。", icon=":material/fact_check:")
else:
    ui.show_table(
        pd.DataFrame(
            {
                "单位": flagged["agency"],
                "年度": flagged["year"],
                "单元格": [cell_label(p) for p in flagged["path"]],
                "情况": ["有歧义" if a else "空白推定为 0" for a in flagged["ambiguous"]],
                "数值": [num(v) for v in flagged["value"]],
                "原文": [raw_text(r) for r in flagged["raw"]],
                "可能的值": [
                    "、".join(num(x) for x in c) if hasattr(c, "__len__") and len(c) else "—"
                    for c in flagged["candidates"]
                ],
                "页码": [num(p) for p in flagged["page"]],
                "来源报告": flagged["source_file"],
            }
        )
    )
