"""办理结果's page model: outcome groups and rates per group one level below the filter (top N + rest).

Data in: queries/outcomes_by_group.sql (group × scope × outcome sums over the selected years). Rates are
numerator sum ÷ denominator sum over the group (and over the summed rest), never an average of rates.
汇总 reports are own rows labelled （汇总）, never added to a group.
"""

from __future__ import annotations

import pandas as pd

from disclosure import contract
from disclosure.dashboard.pagemodel import common


def _wide(groups: pd.DataFrame) -> pd.DataFrame:
    """group × outcome sums (blank stays blank), one row per group, 汇总 rows apart."""
    d = common.with_scope_labels(groups)
    w = d.groupby([*common.KEYS, "outcome"], dropna=False)["requests"].sum(min_count=1).unstack("outcome")
    w = w.reindex(columns=sorted(set(w.columns) | {"handled_total", "granted", "partial"}))
    return w.reset_index()


def _rates(w: pd.DataFrame, numerator: pd.Series, top_n: int) -> pd.DataFrame:
    d = w[common.KEYS].assign(numerator=numerator.to_numpy(), denominator=w["handled_total"].to_numpy())
    ranked = common.top_rest(d, "denominator", ["numerator", "denominator"], top_n)
    ranked["rate"] = [
        n / den if pd.notna(n) and pd.notna(den) and den else float("nan")
        for n, den in zip(ranked["numerator"], ranked["denominator"], strict=True)
    ]
    return ranked.assign(agency_id=ranked["drill_value"], agency=ranked["label"])


def group_rate(groups: pd.DataFrame, group: str, top_n: int = common.TOP_N) -> pd.DataFrame:
    """Share of one outcome group in 办理总计 per group (columns of charts.rate_bars); own reports only."""
    w = _wide(groups[groups["scope"] != "aggregate"])
    rows = [r for r in contract.OUTCOME_ROWS if contract.OUTCOME_GROUP[r] == group and r in w]
    num = w[rows].sum(axis=1, min_count=1) if rows else pd.Series(float("nan"), index=w.index)
    return _rates(w, num, top_n)


def open_rate(groups: pd.DataFrame, top_n: int = common.TOP_N) -> pd.DataFrame:
    """公开率 = (予以公开 + 部分公开) ÷ 办理总计 per group, from sums (a blank part leaves it blank)."""
    w = _wide(groups)
    return _rates(w, w["granted"] + w["partial"], top_n)


def outcome_groups_long(groups: pd.DataFrame, top_n: int = common.TOP_N) -> pd.DataFrame:
    """Long frame for charts.outcome_groups(x="agency"): the top N groups by 办理总计 and the rest summed,
    each with the six outcome groups' sums."""
    w = _wide(groups)
    rows = [r for r in contract.OUTCOME_ROWS if r in w]
    sums = {
        g: w[[r for r in rows if contract.OUTCOME_GROUP[r] == g]].sum(axis=1, min_count=1)
        for g in contract.OUTCOME_GROUPS
    }
    d = w[common.KEYS].assign(handled_total=w["handled_total"], **sums)
    ranked = common.top_rest(d, "handled_total", ["handled_total", *contract.OUTCOME_GROUPS], top_n)
    long = ranked.melt(
        id_vars=["drill_value", "label"],
        value_vars=list(contract.OUTCOME_GROUPS),
        var_name="group",
        value_name="requests",
    )
    return long.rename(columns={"drill_value": "agency_id", "label": "agency"})
