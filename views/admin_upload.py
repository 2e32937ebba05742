"""上传报告 (admins only): check an upload, parse it in the isolated worker, preview, then commit."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from disclosure import limits
from disclosure.admin import upload
from disclosure.dashboard import access, data, ui
from disclosure.dashboard.fmt import cell_label
from disclosure.errors import InputError

who = access.require_admin()
st.title("上传报告")
st.caption(
    f"文件格式按内容识别（PDF、DOCX、HTML、文本），单个文件不超过 {limits.current().max_file_mb:g} MB。"
    "先在隔离的解析进程中解析并预览，确认后才写入数据集（原子提交：要么完整写入，要么不变）。"
)

uploaded = st.file_uploader("选择报告文件", key="admin_upload_file", accept_multiple_files=False)
state = st.session_state
if uploaded is not None and state.get("admin_upload_id") != uploaded.file_id:
    old = state.pop("admin_staged", None)
    if old is not None:
        old.discard()
    state["admin_upload_id"] = uploaded.file_id
    state.pop("admin_preview", None)
    try:
        state["admin_staged"] = upload.stage(uploaded.getvalue(), uploaded.name)
    except InputError as exc:
        st.error(f"无法接受此文件：{exc.reason}")

staged = state.get("admin_staged")
if staged is None:
    st.stop()
if "admin_preview" not in state:
    with st.spinner("正在隔离解析…"):
        state["admin_preview"] = upload.preview(staged)
pre = state["admin_preview"]
st.text(f"文件：{staged.name}（{staged.kind}，{staged.size:,} 字节，解析 {pre.seconds:.1f} 秒）")
if not pre.ok:
    st.error(f"解析失败，未入库：{pre.reason}")
    st.stop()

rep = pre.report
meta = pd.DataFrame(
    {
        "项目": ["机关", "年度", "模板", "范围"],
        "内容": [
            rep.get("agency") or "—",
            str(rep.get("year") or "—"),
            rep.get("template") or "—",
            rep.get("scope") or "—",
        ],
    }
)
ui.show_table(meta, key="admin_meta")
st.subheader("解析出的表格单元格")
cells = pd.DataFrame(pre.cells)
if cells.empty:
    st.warning("没有解析出统计表（可能是 2019 年以前的报告，或文件不完整）。")
else:
    shown = pd.DataFrame(
        {
            "单元格": cells["path"].map(cell_label),
            "原文": cells["raw"],
            "数值": cells["value"],
            "页码": cells["page"],
        }
    )
    ui.show_table(ui.as_text(shown), height=360, key="admin_cells")
    st.caption(f"共 {len(cells):,} 个单元格，其中 {int(cells['value'].notna().sum()):,} 个有数值。")
st.subheader("未通过的勾稽关系检查")
if pre.failed_checks:
    checks = pd.DataFrame(pre.failed_checks)
    ui.show_table(
        ui.as_text(
            checks[["rule", "where", "expected", "actual", "message"]].rename(
                columns={
                    "rule": "规则",
                    "where": "位置",
                    "expected": "应为",
                    "actual": "实际",
                    "message": "说明",
                }
            )
        ),
        key="admin_checks",
    )
else:
    st.write("全部通过或无法检查。")

accept = st.checkbox("即使不如当前版本完整，也设为当前版本", key="admin_accept")
if st.button("确认入库", type="primary", key="admin_commit", icon=":material/cloud_upload:"):
    summary = upload.commit(data.data_dir(), staged, accept=accept)
    staged.discard()
    for key in ("admin_staged", "admin_preview"):
        state.pop(key, None)
    for r in summary.results:
        if r.status == "failed":
            st.error(f"入库失败：{r.reason}")
        elif r.status == "held":
            st.warning(f"已存档，但未设为当前版本：{r.reason}")
        else:
            st.success(f"已入库（{r.status}），版本 {r.version or 1}。")
    st.cache_data.clear()
