"""A new version must earn it: a version much less complete than the current one is held back.

Why: a truncated download or a PDF with a few flipped bytes still parses "successfully" — the title
gives agency and year, so it becomes a new version of that agency's report and, being newest, would
replace the good one everywhere (0 of 200 values, or 179 of 200 cells lost). Such a version is
stored (nothing is lost and it can be inspected) but not made current unless someone accepts it
(`disclosure ingest --accept`, or an administrator's click), and the ingest summary says why.

The rules are a table of small named rules, each with its example; the first that fires is the
reason. They compare a candidate with the version that is current at that point of the agency's
history, in ingest order, so the outcome depends only on stored columns (a rebuild or a reparse
gives the same answer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import polars as pl

# A template's rank: the 2021 table is a superset of the 2019 one; legacy reports have no tables.
TEMPLATE_RANK = {"2021": 2, "2019": 1, "legacy": 0}
# "Much less complete": fewer than this share of the current version's printed values.
MIN_VALUE_SHARE = 0.8


class Rule(NamedTuple):
    name: str
    example: str
    test: Callable[[dict[str, Any], dict[str, Any]], str | None]  # (new, current) -> reason or None


def _turned_legacy(new: dict[str, Any], cur: dict[str, Any]) -> str | None:
    if new.get("template") == "legacy" and cur.get("template") not in (None, "legacy"):
        return (
            f"新版本没有统一统计表（识别为 2019 年以前格式），当前版本为 {cur['template']} 版格式 "
            f"(turned legacy)"
        )
    return None


def _template_downgrade(new: dict[str, Any], cur: dict[str, Any]) -> str | None:
    n, c = TEMPLATE_RANK.get(new.get("template") or ""), TEMPLATE_RANK.get(cur.get("template") or "")
    if n is not None and c is not None and n < c:
        return f"新版本为 {new['template']} 版格式，旧于当前版本的 {cur['template']} 版 (template downgrade)"
    return None


def _fewer_values(new: dict[str, Any], cur: dict[str, Any]) -> str | None:
    n, c = new.get("n_values") or 0, cur.get("n_values") or 0
    if c > 0 and n < MIN_VALUE_SHARE * c:
        return (
            f"新版本只有 {n} 个数值，当前版本有 {c} 个（不到 {MIN_VALUE_SHARE:.0%}） "
            f"(fewer values: {n} < {MIN_VALUE_SHARE:g} x {c})"
        )
    return None


RULES: tuple[Rule, ...] = (
    Rule(
        "turned_legacy",
        "2024 report cut off after 一、总体情况: no tables found, labelled legacy",
        _turned_legacy,
    ),
    Rule(
        "template_downgrade",
        "a 2021-template report re-read as 2019 because its 2021-only rows are gone",
        _template_downgrade,
    ),
    Rule("fewer_values", "a PDF with 5 flipped bytes: 21 of 200 values left", _fewer_values),
)


def less_complete(new: dict[str, Any], cur: dict[str, Any]) -> str | None:
    """Why `new` should not replace `cur` (the first rule that fires), or None."""
    for rule in RULES:
        reason = rule.test(new, cur)
        if reason:
            return reason
    return None


def apply(reports: pl.DataFrame, group: pl.Expr) -> pl.DataFrame:
    """Set `is_current` and `held_reason` per version group (`group` names it), in ingest order.

    The first version is current; each later one becomes current unless it is less complete than
    the current one and not `accepted`, in which case it is held with the reason.
    """
    df = reports.with_columns(group.alias("_g"), pl.int_range(pl.len()).alias("_i"))
    cols = ["_g", "_i", "ingest_seq", "template", "n_values", "accepted"]
    current: dict[int, bool] = {}
    held: dict[int, str | None] = {}
    ordered = df.select(cols).sort(["_g", "ingest_seq"], nulls_last=True).iter_rows(named=True)
    group_key: object = object()
    cur: dict[str, Any] | None = None
    cur_i = -1
    for row in ordered:
        if row["_g"] != group_key:
            if cur is not None:
                current[cur_i] = True
            group_key, cur, cur_i = row["_g"], row, row["_i"]
            held[row["_i"]] = None
            continue
        reason = None if row["accepted"] else less_complete(row, cur)  # type: ignore[arg-type]
        held[row["_i"]] = reason
        if reason is None:
            cur, cur_i = row, row["_i"]
    if cur is not None:
        current[cur_i] = True
    n = df.height
    return df.with_columns(
        pl.Series("is_current", [current.get(i, False) for i in range(n)], dtype=pl.Boolean),
        pl.Series("held_reason", [held.get(i) for i in range(n)], dtype=pl.Utf8),
    ).drop("_g", "_i")
