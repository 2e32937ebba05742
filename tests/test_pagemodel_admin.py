"""The admin pages' page model on plain pandas frames."""

from __future__ import annotations

import pandas as pd

from disclosure.dashboard.pagemodel import admin as pm


def test_review_table_lists_every_failed_check_unreviewed_ones_included():
    failed = pd.DataFrame(
        {
            "agency": ["甲", "乙"],
            "year": [2024, 2023],
            "rule": ["R1", "R2"],
            "where": ["requests.new", None],
            "expected": [1.0, 2.0],
            "actual": [2.0, 3.0],
            "decision": ["confirmed", None],
            "review_note": ["核对原件", None],
            "reviewed_by": ["alice", None],
            "report_id": ["r1", "r2"],
        }
    )
    t = pm.review_table(failed)
    assert list(t.columns) == list(pm.REVIEW_COLUMNS.values()) and len(t) == 2
    assert t["复核结论"].iloc[1] == "未复核" and t["复核结论"].iloc[0] != "未复核"
    assert pm.review_label(failed.iloc[0]) == "甲 2024 R1 requests.new"


def test_revision_log_has_chinese_headers_and_cell_labels():
    log = pd.DataFrame(
        {
            "report_id": ["r"],
            "year": [2024],
            "path": ["requests.new.total"],
            "old_value": [3.0],
            "new_value": [4.0],
            "reason": ["印刷错误"],
            "who": ["bob"],
            "recorded_at": [pd.Timestamp("2026-01-01")],
        }
    )
    out = pm.revision_log(log)
    assert "report_id" not in out and out["单元格"].iloc[0].startswith("一、本年新收")
    assert {"原值", "新值", "理由", "操作人", "时间"} <= set(out.columns)


def test_report_labels_and_cell_state():
    current = pd.DataFrame({"report_id": ["r"], "agency": [None], "year": [float("nan")], "version": [2]})
    assert pm.report_labels(current) == {"r": "（机关不详） —年 · 第 2 版"}
    row = pd.Series({"raw": None, "value": 3.0, "value_corrected": 4.0, "corrected": True})
    assert pm.cell_state(row) == "原文：（未印出）    解析值：3.0    当前采用：4.0（已更正）"
