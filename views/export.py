"""数据导出: the filtered rows, counted first, previewed one page at a time, and downloaded as CSV (UTF-8 with
BOM), Excel (with data dictionary) or Parquet — each file streamed to disk (stream_export), never built
in memory. Layout only: pagemodel.export decides what is offered and said."""

from __future__ import annotations

import streamlit as st

from disclosure.dashboard import data, exports, stream_export, ui
from disclosure.dashboard.pagemodel import export as pagemodel

sel = ui.page_header("数据导出")

ui.url_state("exp_kind", "what", list(pagemodel.LABELS), "requests")
kind = st.radio("导出内容", list(pagemodel.LABELS), format_func=pagemodel.LABELS.get, key="exp_kind")
ui.to_url(what=kind)
_, query, prefix = exports.DATASETS[kind]
params = sel.params()
con = data.connection()
n_rows = ui.export_count(query, params)
all_columns = ui.export_columns(query, params)
keep = exports.column_subset(all_columns, prefix)
plan = pagemodel.plan(kind, sel, n_rows, len(keep or all_columns))
if n_rows == 0:
    ui.no_data("所选范围内没有可导出的数据。")
    st.stop()

st.markdown(plan.summary)
cols = st.columns(len(plan.downloads))
for col, d in zip(cols, plan.downloads, strict=True):
    if plan.eager:
        payload = ui.export_file_bytes(d.fmt, query, prefix, plan.topic) if d.enabled else b""
    else:  # made on click, outside the script run: everything it needs is bound here
        payload = stream_export.deferred(
            d.fmt, query, dict(params), prefix=prefix, selection=sel.describe(), topic=plan.topic, con=con
        )
    col.download_button(
        d.label,
        payload,
        file_name=d.file_name,
        mime=d.mime,
        icon=d.icon,
        key=f"dl_{d.fmt}",
        on_click="ignore",
        disabled=not d.enabled,
        help=d.help,
    )

st.subheader("预览")
p = ui.page_number(n_rows, "exp_page", pagemodel.PREVIEW_ROWS)
rows = ui.export_page(query, params, p.size, p.offset, keep)
preview = exports.readable(exports.preview_order(rows))
ui.show_table(
    preview, height=min(420, 38 + 35 * len(preview)), key="exp_preview"
)  # no empty rows below short tables
st.caption(
    (p.caption() + "。" if p.caption() else f"共 {n_rows:,} 行。") + "预览按页读取，下载文件包含全部行。"
)
with st.expander("数据字典"):
    ui.show_table(exports.dictionary(keep or all_columns))
