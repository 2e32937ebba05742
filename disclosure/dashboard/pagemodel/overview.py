"""总览's page model: the headline year and its comparison basis, and the coverage map aggregated.

Why the coverage map is aggregated: a row per agency is 100 000 rows at national scale. Above county
level it shows the groups one level below the filter (top N by reports + the rest summed) with report
counts; at county level (the level below a county is the agency) one row per agency, paginated.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from disclosure.dashboard import charts, models, shape
from disclosure.dashboard.pagemodel import common

COVERAGE_ROWS = 40  # agencies per page of the agency-level coverage map (× 7 years ≤ 280 cells)


@dataclass(frozen=True)
class Headline:
    """Which year the headline shows and the rows it reads (汇总 reports kept apart)."""

    rows: pd.DataFrame  # the headline rows shown (own only unless 汇总 reports are included)
    own_years: list[int]
    only_aggregate: bool
    latest: int
    cur: dict
    prev: dict


def headline(headline_all: pd.DataFrame, include_aggregate: bool) -> Headline:
    """The latest year with own reports (or with 汇总 reports when there are no own ones)."""
    rows = headline_all if include_aggregate else headline_all[headline_all["scope"] == "own"]
    own_years = sorted(headline_all.loc[headline_all["scope"] == "own", "year"].astype(int).unique())
    latest = own_years[-1] if own_years else int(headline_all["year"].max())
    return Headline(
        rows=rows,
        own_years=own_years,
        only_aggregate=not own_years,
        latest=latest,
        cur=shape.year_row(rows, latest) or {},
        prev=shape.year_row(rows, latest - 1) or {},
    )


@dataclass(frozen=True)
class Coverage:
    figure: go.Figure
    by_agency: bool
    page: common.Page | None  # the agency page shown (agency level only)
    labels: dict[str, str]  # agency_id → unique name (agency level: the profile picker)
    caption: str


AGENCY_CAPTION = (
    "每个单位一行（改名前后、本级与汇总报告都在同一行，“汇”为汇总报告）。绿色 ✓：校验全部通过；红色 ✗n：n 项勾稽关系错误；"
    "黄色 !n：n 项提示；浅灰“旧”：2019 年前的旧式报告，没有统一表格，未做校验；白灰：没有该年度报告。"
)
GROUP_CAPTION = (
    "每行一个{level}（前 {n} 名按报告数排列，其余合并为“其他”），格内为报告份数，✗n 为其中有勾稽关系错误的报告数。"
    "红色：有报告未通过校验；黄色：只有提示项；绿色：全部通过；浅灰：只有 2019 年前旧式报告（未校验）；白灰：没有报告。"
    "点击左侧条形图或在左侧筛选可下钻到下一级。"
)


def coverage(
    groups: pd.DataFrame,
    reports: pd.DataFrame | None,
    years: list[int],
    page_number: int | None = 1,
    top_n: int = common.TOP_N,
) -> Coverage:
    """The coverage map of the selection. `groups`: queries/coverage_by_group.sql; `reports`:
    queries/coverage.sql (needed at agency level only)."""
    title = "报告覆盖与校验情况（{} × 年度）"
    if common.agency_level(groups):
        cov = reports if reports is not None else pd.DataFrame(columns=["agency_id", "agency"])
        labels = models.unique_labels(cov)
        agencies = sorted(labels, key=lambda a: labels[a])
        pg = common.page(len(agencies), page_number, COVERAGE_ROWS)
        shown = agencies[pg.offset : pg.offset + pg.size]
        fig = charts.coverage(cov, shown, years, title=title.format("单位"), labels=labels)
        return Coverage(fig, True, pg, labels, AGENCY_CAPTION)
    sums = ["reports", "error_reports", "warning_reports", "legacy_reports", "aggregate_reports"]
    per_group = groups.groupby(common.KEYS, dropna=False)[["reports"]].sum().reset_index()
    ranked = common.top_rest(per_group, "reports", ["reports"], top_n)
    named = ranked[~common.is_other(ranked)]
    keep = groups.merge(named[common.KEYS], on=common.KEYS)
    order = {lab: i for i, lab in enumerate(ranked["label"])}
    rows = keep[["label", "drill_value", "year", *sums]]
    rest = groups.merge(named[common.KEYS], on=common.KEYS, how="left", indicator=True)
    rest = rest[rest["_merge"] == "left_only"]
    if not rest.empty:
        other_label = ranked["label"].iloc[-1]
        summed = rest.groupby("year")[sums].sum().reset_index().assign(label=other_label, drill_value=None)
        rows = pd.concat([rows, summed[rows.columns]], ignore_index=True)
    rows = rows.assign(_o=rows["label"].map(order)).sort_values(["_o", "year"]).drop(columns="_o")
    level = common.level_title(groups)
    fig = charts.coverage_groups(rows, years, title=title.format(level))
    return Coverage(fig, False, None, {}, GROUP_CAPTION.format(level=level, n=top_n))
