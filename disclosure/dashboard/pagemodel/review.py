"""复议诉讼's page model: totals and 纠错率 per case group, and per group one level below the filter.

Data in: queries/review_by_group.sql (group × scope × case group sums). 纠错率 = 纠正 ÷ (总计 − 尚未审结),
both summed over the reports that print all three cells, never an average of rates. 汇总 reports are
own rows labelled （汇总）, never added to a group or to the totals.
"""

from __future__ import annotations

import pandas as pd

from disclosure import contract
from disclosure.dashboard.pagemodel import common

RESULTS = ("upheld", "corrected", "other", "pending", "total")


def overall(groups: pd.DataFrame) -> pd.DataFrame:
    """Per case group over own reports: total (blank when no report gave it), corrected, decided, rate."""
    own = groups[groups["scope"] != "aggregate"]
    g = own.groupby("grp")[["total", "rate_corrected", "decided"]].sum(min_count=1)
    g = g.reindex(list(contract.REVIEW_GROUPS))
    g["rate"] = [
        c / d if pd.notna(c) and pd.notna(d) and d else None
        for c, d in zip(g["rate_corrected"], g["decided"], strict=True)
    ]
    return g.reset_index()


def results_long(groups: pd.DataFrame) -> pd.DataFrame:
    """Own reports' results per case group, long (grp, result, value) for charts.review_results."""
    own = groups[groups["scope"] != "aggregate"]
    g = own.groupby("grp")[list(RESULTS)].sum(min_count=1).reset_index()
    return g.melt(id_vars="grp", var_name="result", value_name="value")


def rates(groups: pd.DataFrame, grp: str, top_n: int = common.TOP_N) -> pd.DataFrame:
    """纠错率 of one case group per group one level below the filter (columns of charts.rate_bars): the
    top N by decided cases and the rest summed (its rate from the summed parts)."""
    d = common.with_scope_labels(groups[groups["grp"] == grp])
    d = d.groupby(common.KEYS, dropna=False)[["rate_corrected", "decided"]].sum(min_count=1).reset_index()
    d = d.rename(columns={"rate_corrected": "numerator", "decided": "denominator"})
    d = d[d["denominator"].fillna(0) > 0]  # no decided case: no rate to show
    ranked = common.top_rest(d, "denominator", ["numerator", "denominator"], top_n)
    ranked["rate"] = [
        n / den if pd.notna(n) and den else float("nan")
        for n, den in zip(ranked["numerator"], ranked["denominator"], strict=True)
    ]
    return ranked.assign(agency_id=ranked["drill_value"], agency=ranked["label"])


def detail_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One page of queries/review_page.sql with the case group's Chinese name."""
    return rows.assign(grp=rows["grp"].map(contract.REVIEW_GROUP_LABELS))
