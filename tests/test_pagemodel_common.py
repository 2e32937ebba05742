"""Aggregate before drawing: top N + the rest summed, blank kept blank, pages (plain pandas)."""

from __future__ import annotations

import math

import pandas as pd

from disclosure.dashboard.pagemodel import common


def groups(values: list[float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "drill_level": "province",
            "drill_value": [f"p{i}" for i in range(len(values))],
            "label": [f"省{i}" for i in range(len(values))],
            "v": values,
            "w": [None] * len(values),
        }
    )


def test_top_rest_keeps_the_largest_and_sums_the_rest() -> None:
    d = groups([5, 1, None, 9, 0, 3])
    out = common.top_rest(d, "v", ["v", "w"], n=2)
    assert list(out["label"]) == ["省3", "省0", "其他（4 项）"]
    assert out["v"].sum() == 18  # nothing lost
    other = out.iloc[-1]
    assert other["n_groups"] == 4 and other["drill_value"] is None
    assert math.isnan(other["w"])  # a column no group gave stays blank, not 0
    assert list(common.is_other(out)) == [False, False, True]


def test_top_rest_without_rest_has_no_other_row() -> None:
    out = common.top_rest(groups([1, 2]), "v", ["v"], n=5)
    assert len(out) == 2 and not common.is_other(out).any()


def test_zero_is_summed_blank_is_not() -> None:
    out = common.top_rest(groups([4, 0, 0]), "v", ["v"], n=1)
    assert out.iloc[-1]["v"] == 0  # two zeros sum to 0, not blank


def test_scope_labels_keep_aggregate_rows_apart() -> None:
    d = pd.DataFrame({"label": ["福建省", "福建省"], "scope": ["own", "aggregate"]})
    assert list(common.with_scope_labels(d)["label"]) == ["福建省", "福建省（汇总）"]


def test_levels_and_drill_targets() -> None:
    d = groups([1, 2])
    assert common.level_title(d) == "省份" and not common.agency_level(d)
    assert common.agency_level(d.assign(drill_level="agency"))
    assert common.drill_targets(common.top_rest(d, "v", ["v"], n=1)) == {"p1": "province"}


def test_top_lines_sums_the_rest_per_year() -> None:
    d = pd.DataFrame(
        {
            "drill_level": "city",
            "drill_value": ["a", "a", "b", "b", "c"],
            "label": ["甲", "甲", "乙", "乙", "丙"],
            "year": [2024, 2025, 2024, 2025, 2025],
            "value": [10.0, 20.0, 1.0, None, 2.0],
        }
    )
    out = common.top_lines(d, "value", ["value"], n=1)
    other = out[out["agency"].str.startswith("其他")].set_index("year")["value"]
    assert other[2024] == 1 and other[2025] == 2  # 乙's blank 2025 is not 0
    assert set(out["agency"]) == {"甲", "其他（2 项）"}
