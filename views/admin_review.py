"""复核校验 (admins only): confirm or dismiss a failed check with a note; the check itself stays shown."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from disclosure.admin import edits
from disclosure.dashboard import access, data, ui
from disclosure.dashboard.pagemodel import admin as pagemodel
from disclosure.dashboard.pagemodel import paging

who = access.require_admin()
st.title("复核校验")
st.caption("复核只记录结论和说明，不会隐藏或改动任何校验结果。")

failed = data.run("check_reviews", {"report_id": None})
if failed.empty:
    ui.no_data("没有未通过的校验。")
    st.stop()
page = ui.page_number(len(failed), "admin_review_page")  # issue 13: one page of checks at a time
on_page = paging.rows(failed, page)
ui.show_table(ui.as_text(pagemodel.review_table(on_page)), key="admin_review_table")
if page.caption():
    st.caption(page.caption())
pick = st.selectbox(
    "要复核的校验",
    list(range(len(on_page))),
    key="admin_review_pick",
    format_func=lambda i: pagemodel.review_label(on_page.iloc[i]),
)
chk = on_page.iloc[pick]
with st.form("admin_review_form", clear_on_submit=True):
    decision = st.radio(
        "结论", list(edits.DECISIONS), format_func=edits.DECISIONS.get, key="admin_review_decision"
    )
    note = st.text_area("说明（必填）", key="admin_review_note")
    if st.form_submit_button("保存复核"):
        try:
            edits.add_review(
                data.data_dir(),
                chk["report_id"],
                chk["rule"],
                None if pd.isna(chk["where"]) else chk["where"],
                chk["level"],
                decision,
                note,
                who,
            )
            st.cache_data.clear()
            st.success("已保存复核。")
        except edits.EditError as exc:
            st.error(str(exc))
