"""数据质量's page model: the coverage line, the four counts, the verdict and every table, as pure functions
on query results (no Streamlit; views/quality.py only lays them out, one page of rows at a time).

Failed 勾稽 rules are listed as they are, never hidden or "fixed"; "全部通过" is only said about reports
that exist and have tables (a range of legacy reports only is not "passed").
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from disclosure import contract
from disclosure.dashboard.fmt import (
    SEVERITY_LABELS,
    cell_label,
    check_description,
    num,
    raw_text,
    where_label,
)

GAP_REASONS = tuple(contract.GAP_REASONS)


@dataclass(frozen=True)
class Coverage:
    n_reports: int
    n_legacy: int

    @property
    def n_checked(self) -> int:
        return self.n_reports - self.n_legacy

    def caption(self) -> str:
        text = f"所选范围内共 {self.n_reports:,} 份报告，其中 {self.n_checked:,} 份有统一表格并做了校验"
        if self.n_legacy:
            return (
                text
                + f"；{self.n_legacy:,} 份为 2019 年以前的旧式报告，没有统一表格，未做勾稽校验（不算“通过”）。"
            )
        return text + "。"


def _total(totals: pd.DataFrame, column: str) -> int:
    """One count of queries/quality_counts.sql's single row (0 when the frame is empty)."""
    if totals.empty or pd.isna(totals[column].iloc[0]):
        return 0
    return int(totals[column].iloc[0])


def coverage(totals: pd.DataFrame) -> Coverage:
    """Reports and legacy reports of the selection, from queries/quality_counts.sql."""
    return Coverage(_total(totals, "n_reports"), _total(totals, "n_legacy"))


def _failed(failed: pd.DataFrame) -> pd.Series:
    """True where a check was evaluated and failed (False); blank (unevaluable) is not a failure."""
    return failed["ok"].astype(object).map(lambda v: (not pd.isna(v)) and not bool(v)).astype(bool)


def counts(totals: pd.DataFrame) -> list[tuple[str, str]]:
    """(label, shown number) of the four headline counts, summed by queries/quality_counts.sql from the
    reports' own counts (failed = evaluated and false; a blank, unevaluable check is not a failure)."""
    return [
        ("未通过的错误项", num(_total(totals, "failed_errors"))),
        ("未通过的提示项", num(_total(totals, "failed_warnings"))),
        ("推定为 0 的空白单元格", num(_total(totals, "n_imputed"))),
        ("有歧义的单元格", num(_total(totals, "n_ambiguous"))),
    ]


def n_flagged(totals: pd.DataFrame) -> int:
    """Rows of queries/flagged_cells.sql (imputed or ambiguous cells: a cell is never both)."""
    return _total(totals, "n_imputed") + _total(totals, "n_ambiguous")


def n_missing(totals: pd.DataFrame) -> int:
    """Rows of queries/missing_cells.sql (the reports' n_missing: cells not read, by a gap reason)."""
    return _total(totals, "n_missing")


def n_failed(rules: pd.DataFrame, chosen: Collection[str]) -> int:
    """Rows of queries/failed_checks_page.sql for the chosen rules (queries/failed_rules.sql counts them)."""
    return int(rules.loc[rules["rule"].isin(list(chosen)), "n_rows"].sum()) if not rules.empty else 0


def verdict(failed: pd.DataFrame, had_failures: bool, cov: Coverage) -> tuple[str, str] | None:
    """("info" | "success", text) when nothing is listed, else None."""
    if not failed.empty:
        return None
    if had_failures:
        return "info", "请至少选择一条规则。"
    if cov.n_checked == 0:
        return "info", "所选范围内只有 2019 年以前的旧式报告，没有可校验的表格。"
    return "success", f"所选范围内有表格的 {cov.n_checked:,} 份报告全部通过了勾稽关系校验。"


def failed_table(failed: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
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
            "结果": ["未通过" if bad else "无法校验" for bad in _failed(failed)],
            "来源报告": failed["source_file"],
        }
    )


def check_cells_table(cells: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "单元格": [cell_label(p) for p in cells["path"]],
            "数值": [num(v) for v in cells["value"]],
            "原文": [raw_text(r) for r in cells["raw"]],
            "页码": [num(p) for p in cells["page"]],
            "推定为0": ["是" if v else "" for v in cells["imputed"]],
            "有歧义": ["是" if v else "" for v in cells["ambiguous"]],
        }
    )


def status_counts(by_status: pd.DataFrame) -> list[tuple[str, str]]:
    """(label, shown number) per declared status, from queries/report_status_counts.sql."""
    c = dict(zip(by_status["report_status"], by_status["n_reports"], strict=True))
    return [(label, num(int(c.get(state, 0)))) for state, label in contract.STATUS_STATES.items()]


def reasons_text(reasons: object) -> str:
    """The store's `missing_reasons` ("ambiguous=19; blank=2") in Chinese ("连写数字有多种拆分 19 个；…");
    a code the contract does not know is kept as printed, never dropped."""
    if not isinstance(reasons, str) or not reasons.strip():
        return "—"
    parts = []
    for item in (p.strip() for p in reasons.replace(",", ";").split(";")):
        if not item:
            continue
        code, _, count = item.partition("=")
        label = contract.NULL_REASONS.get(code.strip(), code.strip())
        parts.append(f"{label} {count.strip()} 个" if count.strip() else label)
    return "；".join(parts) or "—"


def status_table(status: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "单位": status["agency"],
            "年度": status["year"],
            "状态": [contract.STATUS_STATES.get(s, s) for s in status["report_status"]],
            "缺失单元格": [num(v) for v in status["n_missing"]],
            "缺失原因": [reasons_text(r) for r in status["missing_reasons"]],
            "未通过的校验": [num(v) for v in status["n_errors"].fillna(0) + status["n_warnings"].fillna(0)],
            "来源报告": status["source_file"],
        }
    )


def _candidates(c: object) -> str:
    """A cell's candidate readings (a list, or a numpy array from DuckDB), or — when there are none."""
    if isinstance(c, Collection) and not isinstance(c, str) and len(c):
        return "、".join(num(x) for x in c)
    return "—"


def missing_table(missing: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "单位": missing["agency"],
            "年度": missing["year"],
            "单元格": [cell_label(p) for p in missing["path"]],
            "原因": [contract.NULL_REASONS.get(r, r) for r in missing["null_reason"]],
            "原文": [raw_text(r) for r in missing["raw"]],
            "可能的值": [_candidates(c) for c in missing["candidates"]],
            "来源报告": missing["source_file"],
        }
    )


def flagged_table(flagged: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "单位": flagged["agency"],
            "年度": flagged["year"],
            "单元格": [cell_label(p) for p in flagged["path"]],
            "情况": ["有歧义" if a else "空白推定为 0" for a in flagged["ambiguous"]],
            "数值": [num(v) for v in flagged["value"]],
            "原文": [raw_text(r) for r in flagged["raw"]],
            "可能的值": [_candidates(c) for c in flagged["candidates"]],
            "页码": [num(p) for p in flagged["page"]],
            "来源报告": flagged["source_file"],
        }
    )
