"""数据导出: the filtered rows as a table; CSV (UTF-8 with BOM), Excel (with data dictionary), Parquet."""

from __future__ import annotations

import streamlit as st

from disclosure.dashboard import exports, ui

sel = ui.page_header("数据导出")

LABELS = {
    "requests": "申请情况（第三部分：收到和处理申请）",
    "review": "复议诉讼情况（第四部分）",
    "active": "主动公开情况（第二部分）",
    "reports": "全部字段（每份报告一行）",
    "cells": "单元格明细（每个表格单元格一行，含原文和页码）",
    "checks": "校验结果（勾稽关系）",
    "platform": "平台指标（含原文句子）",
}
ui.url_state("exp_kind", "what", list(LABELS), "requests")
kind = st.radio("导出内容", list(LABELS), format_func=LABELS.get, key="exp_kind")
ui.to_url(what=kind)
topic, query, prefix = exports.DATASETS[kind]
df = exports.select_columns(ui.q(query), prefix)
if df.empty:
    ui.no_data("所选范围内没有可导出的数据。")
    st.stop()

st.markdown(
    f"共 **{len(df):,}** 行。下载的文件只包含左侧筛选条件下的数据；空白单元格表示报告未填报（不是 0）。"
)
stem = exports.file_stem(
    topic, sel.year_from, sel.year_to, "".join(p for p in (sel.province, sel.city, sel.county) if p)
)
c1, c2, c3 = st.columns(3)
c1.download_button(
    "下载 CSV（Excel 可直接打开）",
    ui.export_bytes("csv", query, prefix, topic),
    file_name=f"{stem}.csv",
    mime="text/csv",
    icon=":material/description:",
    key="dl_csv",
    on_click="ignore",
)
c2.download_button(
    "下载 Excel（含数据字典）",
    ui.export_bytes("xlsx", query, prefix, topic),
    file_name=f"{stem}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/table_view:",
    key="dl_xlsx",
    on_click="ignore",
)
c3.download_button(
    "下载 Parquet（供分析软件使用）",
    ui.export_bytes("parquet", query, prefix, topic),
    file_name=f"{stem}.parquet",
    mime="application/octet-stream",
    icon=":material/database:",
    key="dl_parquet",
    on_click="ignore",
)

st.subheader("预览")
preview = exports.readable(exports.preview_order(df.head(500)))
ui.show_table(
    preview, height=min(420, 38 + 35 * len(preview)), key="exp_preview"
)  # no empty rows below short tables
if len(df) > 500:
    st.caption(f"预览只显示前 500 行，下载文件包含全部 {len(df):,} 行。")
with st.expander("数据字典"):
    ui.show_table(exports.dictionary(list(df.columns)))
