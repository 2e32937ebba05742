"""申请量's page model: flows per group one level below the filter (top N + the rest), change per group.

Data in: queries/requests_by_group.sql (group × scope × year sums), queries/requests_yoy_by_group.sql
(the same agencies in both years). 汇总 reports are own rows labelled （汇总）, never added to a group.
"""

from __future__ import annotations

import pandas as pd

from disclosure.dashboard.pagemodel import common

FLOW_COUNTS = {
    "new": "n_new",
    "carried_in": "n_carried_in",
    "handled": "n_handled",
    "carried_out": "n_carried_out",
}


def click_hint(groups: pd.DataFrame) -> str:
    return "点击查看单位档案" if common.agency_level(groups) else "点击下钻到下一级"


def by_group(groups: pd.DataFrame, flow: str, top_n: int = common.TOP_N) -> pd.DataFrame:
    """One row per group (summed over the selected years; blank stays blank), the top N by `flow` and
    the rest summed, in the columns of charts.by_agency_bar (agency_id = the group's drill value)."""
    d = common.with_scope_labels(groups)
    g = d.groupby(common.KEYS, dropna=False)
    out = g[[flow]].sum(min_count=1).reset_index()
    out["n_reports"] = g["n_reports"].sum().to_numpy()
    out["n_given"] = g[FLOW_COUNTS[flow]].sum().to_numpy()
    files = g["source_files"].agg(
        lambda s: "、".join(sorted({str(v) for v in s if isinstance(v, str) and v}))
    )
    out["source_files"] = files.to_numpy()
    ranked = common.top_rest(out, flow, [flow, "n_reports", "n_given"], top_n)
    ranked["source_files"] = [
        f if isinstance(f, str) and f else f"其中 {int(n):,} 份填报"
        for f, n in zip(ranked.get("source_files", [None] * len(ranked)), ranked["n_given"], strict=True)
    ]
    return ranked.rename(columns={"drill_value": "agency_id", "label": "agency"}).assign(
        drill_value=ranked["drill_value"], label=ranked["label"]
    )


def yoy(pairs: pd.DataFrame, top_n: int = common.TOP_N) -> pd.DataFrame:
    """Per group: 本年新收 this year against the year before over the same agencies; the top N by the size
    of the change and the rest summed, in the columns of charts.yoy_change."""
    d = pairs.dropna(subset=["prev", "curr"]).copy()
    if d.empty:
        return pd.DataFrame(columns=["agency_id", "agency", "year", "prev", "curr", "change", "change_pct"])
    d["change"] = d["curr"] - d["prev"]
    d["size"] = d["change"].abs()
    year = int(d["year"].iloc[0])
    ranked = common.top_rest(d, "size", ["prev", "curr", "change", "agencies"], top_n)
    ranked["year"] = year
    ranked["change_pct"] = [
        c / p if p else float("nan") for c, p in zip(ranked["change"], ranked["prev"], strict=True)
    ]
    return ranked.rename(columns={"drill_value": "agency_id", "label": "agency"}).assign(
        drill_value=ranked["drill_value"], label=ranked["label"]
    )


def trend_groups(groups: pd.DataFrame) -> pd.DataFrame:
    """The distinct groups of the selection (drill targets of the charts)."""
    return groups[common.KEYS].drop_duplicates()
