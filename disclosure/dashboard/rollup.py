"""Aggregate before drawing: charts of the region hierarchy one level below the current filter.

Why: at national scale a chart with a bar per agency (100 000 bars) is unreadable and slow to build,
send and draw. `queries/region_rollup.sql` groups the selection one level below its region filter and
sums everything past the top N into one "其他" bar, so a chart has at most N + 1 marks whatever the
size of the dataset; a click on a bar names the filter to set (drill-down). The figure function is
pure (a frame in, a figure out).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

TOP_N = 30
LEVEL_LABELS = {"province": "省份", "city": "地市", "county": "区县", "agency": "单位"}


def level_title(df: pd.DataFrame) -> str:
    """Chinese name of the level the rows are grouped by (the level a click drills into)."""
    levels = [v for v in df["drill_level"].dropna().unique()]
    return "、".join(LEVEL_LABELS.get(v, v) for v in levels) or "单位"


def bars(df: pd.DataFrame, metric: str = "new", label: str = "新收申请") -> go.Figure:
    """One horizontal bar per group (at most TOP_N + 1), largest first; blank sums are drawn as gaps."""
    d = df.sort_values("rank")
    fig = go.Figure(
        go.Bar(
            x=d[metric],
            y=d["label"],
            orientation="h",
            customdata=d[["drill_level", "drill_value", "reports", "n_given"]].astype(object).values,
            hovertemplate="%{y}<br>" + label + "：%{x:,}<br>报告 %{customdata[2]} 份，"
            "其中 %{customdata[3]} 份填报<extra></extra>",
        )
    )
    fig.update_layout(
        yaxis={"autorange": "reversed", "title": level_title(d)},
        xaxis={"title": label},
        height=max(240, 22 * len(d) + 80),
        margin={"l": 10, "r": 10, "t": 30, "b": 30},
    )
    return fig


def drill(point: dict) -> tuple[str, str] | None:
    """(filter, value) a click on a bar sets, e.g. ("province", "福建省"); None for the "其他" bar."""
    data = list(point.get("customdata") or [])
    if len(data) < 2 or any(v is None or (isinstance(v, float) and v != v) for v in data[:2]):
        return None  # the summed rest (NaN from the frame) has nothing to drill into
    return str(data[0]), str(data[1])
