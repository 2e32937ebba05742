"""复核校验 (admins only): confirm or dismiss a failed check with a note; the check itself stays shown."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from disclosure.admin import edits
from disclosure.dashboard import access, data, ui

who = access.require_admin()
st.title("复核校验")
st.caption("复核只记录结论和说明，不会隐藏或改动任何校验结果。")

failed = data.run("check_reviews", {"report_id": None})
if failed.empty:
    ui.no_data("没有未通过的校验。")
    st.stop()
shown = failed.rename(
    columns={
        "agency": "机关",
        "year": "年度",
        "rule": "规则",
        "where": "位置",
        "expected": "应为",
        "actual": "实际",
        "decision": "复核结论",
        "review_note": "复核说明",
        "reviewed_by": "复核人",
    }
)
shown["复核结论"] = shown["复核结论"].map(
    lambda d: edits.DECISIONS.get(d, "未复核") if isinstance(d, str) else "未复核"
)
ui.show_table(
    ui.as_text(shown[["机关", "年度", "规则", "位置", "应为", "实际", "复核结论", "复核说明", "复核人"]]),
    key="admin_review_table",
)
keys = list(range(len(failed)))
pick = st.selectbox(
    "要复核的校验",
    keys,
    key="admin_review_pick",
    format_func=lambda i: (
        f"{failed.iloc[i]['agency']} {failed.iloc[i]['year']} "
        f"{failed.iloc[i]['rule']} {failed.iloc[i]['where']}"
    ),
)
chk = failed.iloc[pick]
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
