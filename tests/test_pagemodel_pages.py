"""Page models of 总览 申请量 办理结果 复议诉讼 平台 主动公开 on plain DataFrames shaped like their queries."""

from __future__ import annotations

import math

import pandas as pd

from disclosure import contract
from disclosure.dashboard.pagemodel import active, outcomes, overview, platform, requests, review


def test_requests_by_group_sums_years_and_keeps_aggregate_apart() -> None:
    g = pd.DataFrame(
        {
            "drill_level": "province",
            "drill_value": ["闽", "闽", "闽", "苏"],
            "label": ["福建省", "福建省", "福建省", "江苏省"],
            "scope": ["own", "own", "aggregate", "own"],
            "year": [2024, 2025, 2025, 2025],
            "n_reports": [3, 4, 1, 2],
            "new": [10.0, 5.0, 100.0, None],
            "n_new": [3, 4, 1, 0],
            "source_files": [None] * 4,
        }
    )
    out = requests.by_group(g, "new").set_index("agency")
    assert out.loc["福建省", "new"] == 15 and out.loc["福建省（汇总）", "new"] == 100  # never summed
    assert math.isnan(out.loc["江苏省", "new"])  # blank stays blank
    assert out.loc["福建省", "agency_id"] == "闽" and out.loc["福建省", "source_files"] == "其中 7 份填报"
    assert requests.click_hint(g) == "点击下钻到下一级"


def test_requests_yoy_over_groups_with_rest() -> None:
    pairs = pd.DataFrame(
        {
            "drill_level": "city",
            "drill_value": ["a", "b", "c"],
            "label": ["甲", "乙", "丙"],
            "year": 2025,
            "agencies": [2, 1, 1],
            "prev": [10.0, 4.0, 0.0],
            "curr": [20.0, 2.0, 1.0],
        }
    )
    out = requests.yoy(pairs, top_n=1).set_index("agency")
    assert out.loc["甲", "change"] == 10 and out.loc["甲", "change_pct"] == 1.0
    other = out.loc["其他（2 项）"]
    assert other["prev"] == 4 and other["curr"] == 3 and other["change"] == -1


def outcome_rows() -> pd.DataFrame:
    rows = []
    for label, granted, partial, denied, handled in (
        ("甲", 6, 2, 2, 10),
        ("乙", 1, 0, 3, 4),
        ("丙", 0, None, 1, 1),
    ):
        for outcome, v in (("granted", granted), ("partial", partial), ("handled_total", handled)):
            rows.append((label, outcome, v))
        rows.append((label, "denied_state_secret", denied))
    d = pd.DataFrame(rows, columns=["label", "outcome", "requests"])
    return d.assign(drill_level="county", drill_value=d["label"], scope="own", n_reports=1)


def test_outcomes_rates_are_ratios_of_sums_including_the_rest() -> None:
    rates = outcomes.open_rate(outcome_rows(), top_n=1).set_index("agency")
    assert rates.loc["甲", "rate"] == 0.8
    other = rates.loc["其他（2 项）"]
    # 丙's partial is blank, so its numerator is blank: the rest's rate is 乙's (1 + 0) ÷ (4 + 1)
    assert other["numerator"] == 1 and other["denominator"] == 5 and other["rate"] == 0.2
    denied = outcomes.group_rate(outcome_rows(), "denied", top_n=5).set_index("agency")
    assert denied.loc["乙", "rate"] == 0.75


def test_outcome_groups_long_has_six_groups_per_row() -> None:
    long = outcomes.outcome_groups_long(outcome_rows(), top_n=2)
    assert set(long["group"]) == set(contract.OUTCOME_GROUPS)
    assert long.groupby("agency").size().eq(len(contract.OUTCOME_GROUPS)).all()
    assert long.loc[(long["agency"] == "甲") & (long["group"] == "granted"), "requests"].item() == 6


def test_review_rates_and_overall() -> None:
    g = pd.DataFrame(
        {
            "drill_level": "province",
            "drill_value": ["a", "b", "a"],
            "label": ["甲", "乙", "甲"],
            "scope": ["own", "own", "aggregate"],
            "grp": "review",
            "upheld": [3.0, 1.0, 50.0],
            "corrected": [1.0, 1.0, 50.0],
            "other": [0.0, 0.0, 0.0],
            "pending": [1.0, 0.0, 0.0],
            "total": [5.0, 2.0, 100.0],
            "rate_corrected": [1.0, 1.0, 50.0],
            "decided": [4.0, 2.0, 100.0],
        }
    )
    o = review.overall(g).set_index("grp")
    assert o.loc["review", "total"] == 7 and o.loc["review", "rate"] == 2 / 6  # 汇总 not added
    assert math.isnan(o.loc["litigation_direct", "total"])  # no report: blank, not 0
    r = review.rates(g, "review").set_index("agency")
    assert r.loc["甲", "rate"] == 0.25 and r.loc["甲（汇总）", "rate"] == 0.5


def test_platform_group_lines_count_figures_and_approximations() -> None:
    g = pd.DataFrame(
        {
            "drill_level": "city",
            "drill_value": ["a", "b"],
            "label": ["甲", "乙"],
            "scope": "own",
            "year": 2024,
            "platform": "website",
            "metric": "articles",
            "unit": "条",
            "period": "",
            "value": [100.0, 7.0],
            "n_figures": [3, 1],
            "agencies": [2, 1],
            "n_approximate": [1, 0],
        }
    )
    assert platform.unit_periods(g, "website", "articles") == [("条", "")]
    lines = platform.group_lines(g, "website", "articles", "条", "").set_index("agency")
    assert (
        lines.loc["甲", "value"] == 100
        and lines.loc["甲", "hover"] == "3 个数字之和（2 个单位次），其中 1 个为约数"
    )


def test_active_caption_and_table_keep_blank_apart_from_zero() -> None:
    d = pd.DataFrame(
        {
            "drill_level": "agency",
            "drill_value": ["x", "y"],
            "label": ["甲局", "乙局"],
            "scope": "own",
            "year": 2024,
            "template": "2021",
            "item": "regulations",
            "field": "issued",
            "value": [0.0, None],
            "n_given": [1, 0],
            "n_reports": [1, 1],
        }
    )
    assert active.yearly_caption(d, "regulations", "issued") == "2024年 0（1/2 份报告填报）"
    cells = pd.DataFrame(
        {
            "agency": ["甲局", "甲局"],
            "year": 2024,
            "source_file": "a.txt",
            "template": "2021",
            "item": ["regulations", "regulations"],
            "field": ["issued", "repealed"],
            "value": [0.0, None],
        }
    )
    t = active.wide_table(cells, "2021")
    assert t.loc[0, active.field_label("regulations", "issued")] == "0"
    assert t.loc[0, active.field_label("regulations", "repealed")] == "—"


def test_overview_coverage_groups_sum_the_rest_and_agencies_paginate() -> None:
    rows = []
    for i in range(35):
        for year in (2024, 2025):
            rows.append(("province", f"p{i}", f"省{i:02d}", year, i + 1, 1, 0, 0, 1 if i == 0 else 0, 0))
    cols = [
        "drill_level",
        "drill_value",
        "label",
        "year",
        "reports",
        "agencies",
        "aggregate_reports",
        "legacy_reports",
        "error_reports",
        "warning_reports",
    ]
    cov = overview.coverage(pd.DataFrame(rows, columns=cols), None, [2024, 2025])
    hm = cov.figure.data[0]
    assert not cov.by_agency and len(hm.y) == 31 and hm.y[-1] == "其他（5 项）"
    assert hm.text[-1][0] == "15 ✗1"  # 1 + 2 + 3 + 4 + 5 reports, 省00's failed one carried into the rest
    agencies = pd.DataFrame(
        {
            "agency_id": [f"a{i:03d}" for i in range(90)],
            "agency": [f"单位{i:03d}" for i in range(90)],
            "scope": "own",
            "template": "2021",
            "year": 2024,
            "report_id": range(90),
            "source_file": "f",
            "failed_errors": 0,
            "failed_warnings": 0,
        }
    )
    groups = pd.DataFrame({"drill_level": ["agency"]})
    cov = overview.coverage(groups, agencies, [2024], page_number=3)
    assert cov.by_agency and cov.page.n_pages == 3 and len(cov.figure.data[0].y) == 10
    assert len(cov.labels) == 90
