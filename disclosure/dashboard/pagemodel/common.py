"""Aggregate before drawing: top N groups plus the rest summed and group levels (table pages: paging.py).

Why here and not in SQL: a grouped query returns one row per group one level below the filter (at most
a few hundred: the fan-out of the region hierarchy, or the agencies of one county), and each chart ranks
those rows by its own measure (new requests, 办理总计, a rate's denominator). Ranking a few hundred rows
in pandas is cheap; one SQL file per chart and measure would not be.
"""

from __future__ import annotations

import pandas as pd

# TOP_N: groups drawn by name, the rest one summed "其他" bar (at most TOP_N + 1 bars), as 总览's roll-up.
from disclosure.dashboard.rollup import LEVEL_LABELS, TOP_N

KEYS = ["drill_level", "drill_value", "label"]
AGGREGATE_SUFFIX = "（汇总）"


def level_title(df: pd.DataFrame) -> str:
    """Chinese name of the level(s) the rows are grouped by, e.g. "省份" or "区县、单位"."""
    levels = [v for v in df["drill_level"].dropna().unique()] if "drill_level" in df else []
    return "、".join(LEVEL_LABELS.get(v, v) for v in levels) or "单位"


def agency_level(df: pd.DataFrame) -> bool:
    """True when every group is one agency (a county, or chosen agencies): bars open the 单位档案."""
    levels = set(df["drill_level"].dropna()) if "drill_level" in df else set()
    return not levels or levels == {"agency"}


def with_scope_labels(df: pd.DataFrame) -> pd.DataFrame:
    """汇总 reports are their own rows, labelled （汇总）: never summed with the own reports of a group."""
    if "scope" not in df:
        return df
    agg = df["scope"] == "aggregate"
    return df.assign(
        label=[f"{lab}{AGGREGATE_SUFFIX}" if a else lab for lab, a in zip(df["label"], agg, strict=True)]
    )


def top_rest(df: pd.DataFrame, by: str, sums: list[str], n: int = TOP_N) -> pd.DataFrame:
    """The n groups largest by `by` (blank last), and every other group summed into one row labelled
    "其他（k 项）" with no drill target. Each summed column stays blank when none of its rows has a number
    (0 is not blank). Adds `n_groups` (1 for a named group, k for the rest) and `rank`."""
    d = df.sort_values([by, "label"], ascending=[False, True], na_position="last", kind="stable")
    d = d.reset_index(drop=True).assign(n_groups=1)
    head, rest = d.iloc[:n].copy(), d.iloc[n:]
    head["rank"] = range(1, len(head) + 1)
    if rest.empty:
        return head
    other = {c: rest[c].sum(min_count=1) for c in sums}
    other.update(
        {
            "drill_level": None,
            "drill_value": None,
            "label": f"其他（{len(rest)} 项）",
            "n_groups": len(rest),
            "rank": n + 1,
        }
    )
    return pd.concat([head, pd.DataFrame([other])], ignore_index=True)


def is_other(df: pd.DataFrame) -> pd.Series:
    """Rows that stand for the summed rest (no drill target)."""
    return df["drill_value"].isna()


def drill_targets(df: pd.DataFrame) -> dict[str, str]:
    """drill_value → drill_level of the groups a click can drill into (the summed rest has none)."""
    d = df.dropna(subset=["drill_value", "drill_level"])
    return {str(v): str(lv) for v, lv in zip(d["drill_value"], d["drill_level"], strict=True)}


TOP_LINES = 10  # lines drawn by name on a yearly chart (× 7 years); the rest one summed line


def top_lines(df: pd.DataFrame, value: str, sums: list[str], n: int = TOP_LINES) -> pd.DataFrame:
    """Rows (KEYS, year, value, …) of a yearly chart with one line per group: the n groups with the
    largest total over the years by name, the other groups summed per year into one "其他（k 项）" line
    (blank stays blank). Columns of charts.lines_by_year: agency (the line's name), agency_id (drill)."""
    totals = df.groupby(KEYS, dropna=False)[value].sum(min_count=1).reset_index()
    ranked = top_rest(totals, value, [value], n)
    named = ranked[~is_other(ranked)][KEYS]
    keep = df.merge(named, on=KEYS)
    rest = df.merge(named, on=KEYS, how="left", indicator=True)
    rest = rest[rest["_merge"] == "left_only"].drop(columns="_merge")
    parts = [keep]
    if not rest.empty:
        other = rest.groupby("year")[sums].sum(min_count=1).reset_index()
        other = other.assign(drill_level=None, drill_value=None, label=ranked["label"].iloc[-1])
        parts.append(other)
    out = pd.concat(parts, ignore_index=True)
    return out.assign(agency=out["label"], agency_id=out["drill_value"])
