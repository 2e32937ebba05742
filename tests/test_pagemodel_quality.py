"""数据质量's page model on plain pandas frames: coverage, counts, verdict and the failed-check table."""

from __future__ import annotations

import pandas as pd

from disclosure.dashboard.pagemodel import quality as pm


def checks(ok: list[object], severity: list[str]) -> pd.DataFrame:
    n = len(ok)
    return pd.DataFrame(
        {
            "agency": ["甲"] * n,
            "year": [2024] * n,
            "rule": ["R1"] * n,
            "message": [""] * n,
            "where": ["requests.new"] * n,
            "expected": [10.0] * n,
            "actual": [9.0] * n,
            "difference": [1.0] * n,
            "severity": severity,
            "ok": pd.array(ok, dtype="boolean"),
            "source_file": ["a.pdf"] * n,
        }
    )


def totals(**counts: int) -> pd.DataFrame:
    """One row of queries/quality_counts.sql."""
    cols = (
        "n_reports",
        "n_legacy",
        "failed_errors",
        "failed_warnings",
        "n_imputed",
        "n_ambiguous",
        "n_missing",
    )
    return pd.DataFrame({c: [counts.get(c, 0)] for c in cols})


def test_legacy_reports_are_not_counted_as_passed():
    cov = pm.coverage(totals(n_reports=3, n_legacy=2))
    assert (cov.n_reports, cov.n_legacy, cov.n_checked) == (3, 2, 1)
    assert "2 份为 2019 年以前的旧式报告" in cov.caption() and "不算“通过”" in cov.caption()
    only_legacy = pm.coverage(totals(n_reports=1, n_legacy=1))
    assert pm.coverage(totals().iloc[0:0]).n_reports == 0  # no reports: never "全部通过"
    kind, text = pm.verdict(checks([], []), False, only_legacy)
    assert kind == "info" and "旧式报告" in text  # never "全部通过" about reports without tables
    assert pm.verdict(checks([], []), False, cov) == (
        "success",
        "所选范围内有表格的 1 份报告全部通过了勾稽关系校验。",
    )
    assert pm.verdict(checks([], []), True, cov)[0] == "info"  # every rule deselected
    assert pm.verdict(checks([False], ["error"]), True, cov) is None


def test_counts_come_from_the_aggregate_row_and_blank_is_not_a_failure():
    t = totals(failed_errors=1, failed_warnings=2, n_imputed=2, n_ambiguous=1, n_missing=7)
    assert pm.counts(t) == [
        ("未通过的错误项", "1"),
        ("未通过的提示项", "2"),
        ("推定为 0 的空白单元格", "2"),
        ("有歧义的单元格", "1"),
    ]
    assert (pm.n_flagged(t), pm.n_missing(t)) == (3, 7)
    rules = pd.DataFrame({"rule": ["R1", "R2", "R8"], "n_rows": [4, 1, 250]})
    assert pm.n_failed(rules, ["R1", "R8"]) == 254 and pm.n_failed(rules, []) == 0
    assert pm.n_failed(rules.iloc[0:0], ["R1"]) == 0
    by_status = pd.DataFrame({"report_status": ["complete", "incomplete", None], "n_reports": [5, 2, 1]})
    assert pm.status_counts(by_status) == [
        ("完整且一致", "5"),
        ("完整，原文数字矛盾（已列出）", "0"),
        ("不完整（缺失原因已列出）", "2"),
        ("2018年及以前的旧模板（无标准表格）", "0"),
    ]
    failed = checks([False, False, None, False], ["error", "warning", "error", "warning"])
    table = pm.failed_table(failed)
    assert table["结果"].tolist() == ["未通过", "未通过", "无法校验", "未通过"]
    assert table["应为"].iloc[0] == "10" and table["严重程度"].iloc[0] == "错误"


def test_missing_reasons_are_shown_in_chinese():
    assert pm.reasons_text("ambiguous=19") == "连写数字有多种拆分 19 个"
    assert pm.reasons_text("blank=2; mystery=1") == "空白（原文未填） 2 个；mystery 1 个"  # unknown kept
    assert pm.reasons_text(None) == "—" and pm.reasons_text("") == "—"
