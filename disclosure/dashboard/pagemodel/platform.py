"""平台's page model: one platform metric per group one level below the filter, or per agency with its
evidence sentence at county level.

Data in: queries/platform_by_group.sql (sums, figure and agency counts per group, year, platform, metric,
unit, period) and, at agency level, queries/platform_metrics.sql (every figure with its sentence). One
axis holds one unit and one period (条 is not 期, 累计 is not 本年).
"""

from __future__ import annotations

import pandas as pd

from disclosure import contract
from disclosure.dashboard.pagemodel import common


def mentions(counts: pd.DataFrame) -> pd.DataFrame:
    """queries/platform_mentions.sql with the platform's Chinese name (charts.platform_mentions)."""
    return counts.assign(label=counts["platform"].map(lambda p: contract.PLATFORMS.get(p, p)))


def platforms(groups: pd.DataFrame) -> list[str]:
    return [p for p in contract.PLATFORMS if p in set(groups["platform"])]


def metrics(groups: pd.DataFrame, platform: str) -> list[str]:
    sub = groups[groups["platform"] == platform]
    return [m for m in contract.METRICS if m in set(sub["metric"])]


def unit_periods(groups: pd.DataFrame, platform: str, metric: str) -> list[tuple[str, str]]:
    """(unit, period) of one metric, the most figures first."""
    sub = groups[(groups["platform"] == platform) & (groups["metric"] == metric)]
    counts = sub.groupby(["unit", "period"])["n_figures"].sum().sort_values(ascending=False, kind="stable")
    return [(str(u), str(p)) for u, p in counts.index]


def group_lines(groups: pd.DataFrame, platform: str, metric: str, unit: str, period: str) -> pd.DataFrame:
    """One line per group (top N by sum, the rest summed) of one metric, unit and period; hover says how
    many figures and agencies each point sums and how many are approximate (余、近、超)."""
    sub = common.with_scope_labels(
        groups[
            (groups["platform"] == platform)
            & (groups["metric"] == metric)
            & (groups["unit"] == unit)
            & (groups["period"] == period)
        ]
    )
    lines = common.top_lines(sub, "value", ["value", "n_figures", "agencies", "n_approximate"])
    return lines.assign(
        hover=[
            f"{int(n):,} 个数字之和（{int(a):,} 个单位次）" + (f"，其中 {int(q):,} 个为约数" if q else "")
            for n, a, q in zip(lines["n_figures"], lines["agencies"], lines["n_approximate"], strict=True)
        ],
        source_file="",
    )


def agency_points(pm: pd.DataFrame, platform: str, metric: str, unit: str, period: str) -> pd.DataFrame:
    """Every figure of one metric, unit and period (agency level) with its sentence as hover text."""
    sub = pm[
        (pm["platform"] == platform)
        & (pm["metric"] == metric)
        & (pm["unit"].fillna("") == unit)
        & (pm["period"].fillna("") == period)
    ].copy()
    sub["hover"] = [
        "“" + str(s) + "”" + (f"（{q}，为约数）" if q else "")
        for s, q in zip(sub["sentence"], sub["qualifier"], strict=True)
    ]
    return sub.sort_values(["agency", "year"])
