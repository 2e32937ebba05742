"""单位档案's page model: which agency the page opens on, the header line, the scope order, the peer
comparison's marks and every table, as pure functions on query results (no Streamlit).

Default agency: the one with the most years of reports in the sidebar's selection (a supervisor opens the
page to see an agency over time; the alphabetically first agency often has a single report).
"""

from __future__ import annotations

import pandas as pd

from disclosure import benchmarks, contract
from disclosure.dashboard import models
from disclosure.dashboard.fmt import (
    KIND_LABELS,
    LEVEL_LABELS,
    PERIOD_LABELS,
    SCOPE_LABELS,
    SEVERITY_LABELS,
    TEMPLATE_LABELS,
    check_description,
    num,
    where_label,
    with_qualifier,
)


def header_caption(reports: pd.DataFrame, names: list[str]) -> list[str]:
    """The parts of the line under the agency's name (region, level, kind, scopes, years, renames)."""
    head = reports.iloc[0]
    region = " · ".join(
        str(v) for v in (head["province"], head["city"], head["county"]) if isinstance(v, str) and v
    )
    parts = [
        region or "地区未识别",
        LEVEL_LABELS.get(head["level"], "层级未识别"),
        KIND_LABELS.get(head["kind"], "类型未识别"),
        "、".join(SCOPE_LABELS[s] for s in ("own", "aggregate") if (reports["scope"] == s).any()),
        f"共 {reports['year'].nunique()} 个年度的报告",
        ("名称沿革：" + " → ".join(names)) if len(names) > 1 else "",
    ]
    return [p for p in parts if p]


def scope_order(reports: pd.DataFrame, linked_year: str = "") -> list[str]:
    """The agency's report scopes: the one holding a linked year first, then the one with more years."""
    scopes = [s for s in ("own", "aggregate") if (reports["scope"] == s).any()]
    return sorted(
        scopes,
        key=lambda s: (
            not (reports.loc[reports["scope"] == s, "year"].astype(str) == linked_year).any(),
            -reports.loc[reports["scope"] == s, "year"].nunique(),
        ),
    )


def peers_corrected(peers: pd.DataFrame, metric: benchmarks.Metric) -> pd.DataFrame:
    """Peers whose figure for `metric` includes an administrator's correction (their `corrected_paths`
    meet the metric's cells): the comparison chart is then marked †, like every chart."""
    if peers.empty or "corrected_paths" not in peers:
        return peers.iloc[0:0]
    cells = set(models.metric_paths(metric))
    hit = peers["corrected_paths"].map(lambda v: v is not None and bool(cells & set(list(v))))
    return peers[hit.astype(bool)]


def check_verdict(checks: pd.DataFrame) -> tuple[str, str]:
    """("success" | "warning" | "error", text) for the report's checks."""
    ok = checks["ok"].astype(object)
    failed = checks[ok.map(lambda v: (not pd.isna(v)) and not bool(v)).astype(bool)]
    errors = failed[failed["severity"] == "error"]
    if failed.empty:
        return "success", f"全部 {len(checks)} 项校验通过或无法校验（空白）。"
    if errors.empty:  # only warnings: not a red error box
        return "warning", f"{len(failed)} 项提示未通过（没有错误；共 {len(checks)} 项）。"
    return "error", f"{len(errors)} 项错误、{len(failed) - len(errors)} 项提示未通过（共 {len(checks)} 项）。"


def printed_checks(checks: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The checks a printed profile lists — those not passed (failed, or not evaluable because a cell
    is blank) — and how many passed. Why: a briefing page needs the failures; listing every passed check
    (40–60 per report) pushed a profile past six A4 pages. The screen layout keeps the full table."""
    passed = checks["ok"].astype(object).map(lambda v: (not pd.isna(v)) and bool(v)).astype(bool)
    return checks[~passed], int(passed.sum())


def checks_table(checks: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "结果": [
                "未通过" if ok is False else ("通过" if ok is True else "无法校验")
                for ok in checks["ok"].astype(object).map(lambda v: None if pd.isna(v) else bool(v))
            ],
            "规则": checks["rule"],
            "说明": [check_description(r, m) for r, m in zip(checks["rule"], checks["message"], strict=True)],
            "位置": [where_label(w) for w in checks["where"]],
            "应为": [num(v) for v in checks["expected"]],
            "实际": [num(v) for v in checks["actual"]],
            "严重程度": checks["severity"].map(SEVERITY_LABELS),
        }
    )


def platform_table(pm: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "平台": pm["platform"].map(lambda p: contract.PLATFORMS.get(p, p)),
            "账号": pm["account"].fillna("—"),
            "指标": pm["metric"].map(lambda m: contract.METRICS.get(m, m)),
            "数值": [with_qualifier(v, q) for v, q in zip(pm["value"], pm["qualifier"], strict=True)],
            "计量单位": pm["unit"].fillna("—"),
            "口径": pm["period"].map(lambda p: PERIOD_LABELS.get(p, "—")),
            "原文句子": pm["sentence"],
        }
    )


def versions_table(reports: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "年度": reports["year"],
            "版本": reports["version"],
            "当前版本": ["是" if v else "否" for v in reports["is_current"]],
            "模板": reports["template"].map(lambda t: TEMPLATE_LABELS.get(t, t)),
            "来源文件": reports["source_file"],
            "校验错误": [num(v) for v in reports["n_errors"]],
            "入库时间": [f"{v:%Y-%m-%d %H:%M}" if pd.notna(v) else "—" for v in reports["ingested_at"]],
        }
    )


def version_labels(versions: pd.DataFrame) -> dict[str, str]:
    return {
        r.report_id: f"第 {r.version} 版{'（当前）' if r.is_current else '（已被替换）'}，入库于 {r.ingested_at:%Y-%m-%d}"
        for r in versions.itertuples()
    }
