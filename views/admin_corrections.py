"""更正数值 (admins only): correct one cell with a reason; the printed value stays, a revision is logged.
Also: make a held (less complete) version current."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from disclosure.admin import edits
from disclosure.dashboard import access, data, picker, ui
from disclosure.dashboard.fmt import cell_label, md
from disclosure.dashboard.pagemodel import admin as pagemodel

who = access.require_admin()
st.title("更正数值")
st.caption(
    "更正不会改动报告原文或解析值：每次更正都记录操作人、时间、原值、新值和理由，"
    "图表使用更正后的数值并加以标注，单位档案和导出中可查更正记录。"
)

# The agency first (a picker: the first picker.LIMIT agencies and a name search, never every report of the
# country), opening on the agency of the newest ingested report; then that agency's current reports.
newest = data.run("admin_reports", {"agency_id": None, "limit": 1})
if newest.empty:
    ui.no_data("数据集中还没有报告。")
    st.stop()
every = {**pagemodel.EVERY_REPORT}
c_agency, c_report = st.columns([3, 2])
if "admin_corr_agency" not in st.session_state:
    st.session_state.admin_corr_agency = str(newest["agency_id"].iloc[0])
kept = picker.names([st.session_state.admin_corr_agency])
opts, _found, search = picker.offer(every, "admin_corr_agency", c_agency, kept=kept)
if not opts.ids:
    st.info(f"没有名称包含“{md(search)}”的单位。", icon=":material/info:")
    st.stop()
if st.session_state.admin_corr_agency not in opts.labels:
    st.session_state.admin_corr_agency = opts.ids[0]
agency_id = c_agency.selectbox("单位", opts.ids, format_func=opts.labels.get, key="admin_corr_agency")
picker.show_caption(opts, search, c_agency)
reports = data.run("admin_reports", {"agency_id": agency_id, "limit": pagemodel.AGENCY_REPORTS_MAX})
current = reports[reports["is_current"]]
if current.empty:
    st.info("该单位没有当前版本的报告。", icon=":material/info:")
    st.stop()
labels = pagemodel.report_labels(current)
if st.session_state.get("admin_corr_report") not in labels:
    st.session_state.admin_corr_report = next(iter(labels))
rid = c_report.selectbox("报告", list(labels), format_func=labels.get, key="admin_corr_report")
cells = data.run("corrected_cells", {"report_id": rid})
if cells.empty:
    st.info("此报告没有表格单元格。")
else:
    paths = cells["path"].tolist()
    path = st.selectbox("单元格", paths, format_func=cell_label, key="admin_corr_path")
    row = cells[cells["path"] == path].iloc[0]
    st.text(pagemodel.cell_state(row))
    with st.form("admin_corr_form", clear_on_submit=True):
        new_value = st.number_input(
            "更正后的数值",
            value=float(row["value_corrected"]) if pd.notna(row["value_corrected"]) else 0.0,
            step=1.0,
            key="admin_corr_value",
        )
        reason = st.text_area(
            "更正理由（必填，如：原文第 3 页印刷错误，以附件为准）", key="admin_corr_reason"
        )
        if st.form_submit_button("保存更正"):
            try:
                edits.add_revision(data.data_dir(), edits.Revision(rid, path, new_value, reason, who))
                st.cache_data.clear()
                st.success("已保存更正。")
            except edits.EditError as exc:
                st.error(str(exc))
    if isinstance(agency_id, str):
        log = data.run("agency_revisions", {"agency_id": agency_id})
        if not log.empty:
            st.subheader("本单位的更正记录")
            log = pagemodel.revision_log(log)
            ui.show_table(ui.as_text(log), key="admin_corr_log")

st.subheader("未设为当前的版本")
held = edits.held_versions(data.data_dir()).to_pandas()
if held.empty:
    st.write("没有被拦下的版本。")
else:
    ui.show_table(
        ui.as_text(pagemodel.held_table(held)),
        key="admin_held",
    )
    hid = st.selectbox(
        "要设为当前版本的报告",
        held["report_id"].tolist(),
        format_func=lambda r: str(held.set_index("report_id").loc[r, "source_file"]),
        key="admin_held_pick",
    )
    if st.button("设为当前版本", key="admin_accept_btn"):
        edits.accept_version(data.data_dir(), hid, who)
        st.cache_data.clear()
        st.success("已设为当前版本。")
