"""The admin pages' page model (复核校验, 更正数值): their tables and labels as pure functions (no Streamlit).

The revision log is one table for 更正数值 and 单位档案 (both showed it with the same renames, written twice).
"""

from __future__ import annotations

import pandas as pd

from disclosure.admin import edits
from disclosure.dashboard.fmt import cell_label

REVIEW_COLUMNS = {
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
REVISION_COLUMNS = {
    "year": "年度",
    "path": "单元格",
    "old_value": "原值",
    "new_value": "新值",
    "reason": "理由",
    "who": "操作人",
    "recorded_at": "时间",
}
HELD_COLUMNS = {
    "agency": "机关",
    "year": "年度",
    "version": "版本",
    "n_values": "数值个数",
    "template": "模板",
    "source_file": "文件",
    "held_reason": "原因",
}


def review_table(failed: pd.DataFrame) -> pd.DataFrame:
    """Failed checks with their review (未复核 when none): the check itself is always listed."""
    shown = failed.rename(columns=REVIEW_COLUMNS)
    shown["复核结论"] = shown["复核结论"].map(
        lambda d: edits.DECISIONS.get(d, "未复核") if isinstance(d, str) else "未复核"
    )
    return shown[list(REVIEW_COLUMNS.values())]


def review_label(row: pd.Series) -> str:
    return f"{row['agency']} {row['year']} {row['rule']} {row['where']}"


def revision_log(log: pd.DataFrame) -> pd.DataFrame:
    """An agency's corrections (queries/agency_revisions.sql) with Chinese headers and cell labels."""
    return (
        log.assign(path=log["path"].map(cell_label))
        .rename(columns=REVISION_COLUMNS)
        .drop(columns=["report_id"], errors="ignore")
    )


# 更正数值 picks among every agency's current reports, whatever the sidebar says (a correction is about a
# report, not a view): the selection parameters of queries/agency_search.sql that restrict nothing.
EVERY_REPORT: dict[str, object] = {
    "year_from": 0,
    "year_to": 9999,
    "province": None,
    "city": None,
    "county": None,
    "levels": None,
    "kinds": None,
    "agency_ids": None,
    "include_aggregate": True,
}
AGENCY_REPORTS_MAX = 1000  # report versions of one agency listed (an agency has a few dozen at most)


def report_labels(current: pd.DataFrame) -> dict[str, str]:
    return {
        r.report_id: f"{r.agency or '（机关不详）'} {int(r.year) if pd.notna(r.year) else '—'}年 · 第 {int(r.version)} 版"
        for r in current.itertuples()
    }


def cell_state(row: pd.Series) -> str:
    """The line above the correction form: printed text, parsed value, value in use."""
    raw = row["raw"] if row["raw"] is not None else "（未印出）"
    fixed = "（已更正）" if row["corrected"] else ""
    return f"原文：{raw}    解析值：{row['value']}    当前采用：{row['value_corrected']}{fixed}"


def held_table(held: pd.DataFrame) -> pd.DataFrame:
    return held.rename(columns=HELD_COLUMNS).drop(columns=["report_id", "ingested_at"], errors="ignore")
