"""Peer benchmarks as plain functions (no Streamlit): metric values per agency, rank, P25/P50/P75 and
threshold flags, with every definition and threshold read from disclosure/benchmarks.toml.

The ONE implementation for the dashboard (单位档案, the rate rankings of 办理结果 and 复议诉讼, 对比's rate
rows) and the 会议简报 (ranking table, quartiles, flags, year-over-year changes): issue 11 asks for "the
same definitions and settings file as the dashboard's benchmarks".

Where a rate is computed: 公开率 and 复议纠错率 are computed once per report in queries/reports_charted.sql
(`open_num`/`open_den`, `review_corrected`/`review_decided`: NULL unless every part is printed), and this
settings file names those columns. SQL is their home because the national headline (queries/headline.sql)
must be summed in DuckDB, not in pandas over two million rows, and the per-agency benchmarks here read
the same per-report parts; this module only sums them per group, ranks and flags.

Definitions (also printed on the pages and in the briefing):
- a metric's value per agency is Σ of its columns over the agency's reports in the group (one current
  report per agency and year in practice); a rate is Σ numerator ÷ Σ denominator of the reports whose
  parts are all printed, never an average of ratios; a blank part gives no value (never 0);
- eligible: a count with a value, or a rate whose denominator is ≥ `min_denominator` (settings file);
  ineligible agencies are shown but neither ranked, nor counted in the quartiles, nor flagged;
- rank: 1 = largest value among the eligible peers; ties share the better rank;
- P25/P50/P75: over the eligible peers, linear interpolation (pandas `quantile`), always computed and
  shown with their count; the quartile *band* (above P75 / below P25) is only given with at least
  `min_peers` eligible peers (a band among two or three agencies says nothing);
- threshold flags: `min`/`max` per metric of the settings file, on eligible values only.
Who the peers are is the caller's choice: 单位档案 takes the agencies of the same level and kind in the
sidebar's region (`peers_of`), the briefing the agencies of its scope.
"""

from __future__ import annotations

import functools
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SETTINGS = Path(__file__).resolve().parent / "benchmarks.toml"
SETTINGS_ENV = "DISCLOSURE_BENCHMARKS"  # another settings file (same format), e.g. for a province


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    value: tuple[str, ...] = ()
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    numerator_label: str = ""
    denominator_label: str = ""
    unit: str = ""
    floor: float | None = None
    ceiling: float | None = None
    min_denominator: float = 0
    cells: tuple[str, ...] = ()  # the report cells behind the figure, when its columns are derived

    @property
    def is_rate(self) -> bool:
        return bool(self.numerator)

    @property
    def columns(self) -> list[str]:
        """The report cells the figure is made of (for tracing and correction marks): `cells` when the
        numerator/denominator columns are computed per report (queries/reports_charted.sql)."""
        if self.cells:
            return list(self.cells)
        return [c.lstrip("-") for c in (*self.value, *self.numerator, *self.denominator)]

    def describe_thresholds(self) -> str:
        """The thresholds in Chinese, for the page (shown, never hidden in a chart)."""
        parts = []
        fmt = (lambda v: f"{v:.0%}") if self.is_rate else (lambda v: f"{v:,.0f}{self.unit}")
        if self.floor is not None:
            parts.append(f"低于 {fmt(self.floor)} 标记")
        if self.ceiling is not None:
            parts.append(f"高于 {fmt(self.ceiling)} 标记")
        if self.is_rate and self.min_denominator:
            parts.append(f"{self.denominator_label}少于 {self.min_denominator:,.0f} 件的不参与排名")
        return "；".join(parts) or "无阈值"


@functools.cache
def _raw(path: str) -> dict:
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


def _path(path: str | Path | None) -> str:
    return str(path or os.environ.get(SETTINGS_ENV) or SETTINGS)


@functools.cache
def _load(path: str) -> dict[str, Metric]:
    raw = _raw(path)
    default_min = float(raw.get("defaults", {}).get("min_denominator", 0))
    out = {}
    for key, m in raw.get("metrics", {}).items():
        if "label" not in m:
            raise ValueError(f"{path}: metric {key} has no label")
        out[key] = Metric(
            key=key,
            label=m["label"],
            value=tuple(m.get("value", ())),
            numerator=tuple(m.get("numerator", ())),
            denominator=tuple(m.get("denominator", ())),
            numerator_label=m.get("numerator_label", ""),
            denominator_label=m.get("denominator_label", ""),
            unit=m.get("unit", ""),
            floor=m.get("min"),
            ceiling=m.get("max"),
            min_denominator=float(m.get("min_denominator", default_min if m.get("numerator") else 0)),
            cells=tuple(m.get("cells", ())),
        )
    return out


def metrics(path: str | Path | None = None) -> dict[str, Metric]:
    """The metric definitions of the settings file ($DISCLOSURE_BENCHMARKS or benchmarks.toml)."""
    return _load(_path(path))


def min_peers(path: str | Path | None = None) -> int:
    """Fewest eligible peers for a quartile band (settings file `min_peers`, default 4)."""
    return int(_raw(_path(path)).get("min_peers", 4))


def row_values(rows: pd.DataFrame, metric: Metric) -> pd.Series:
    """The metric per row (one report each): NaN when a part is blank or a rate's denominator is 0."""
    if not metric.is_rate:
        return _sum(rows, metric.value)
    n, d = _sum(rows, metric.numerator), _sum(rows, metric.denominator)
    return (n / d.where(d != 0)).astype(float)


def parts(rows: pd.DataFrame, metric: Metric) -> tuple[pd.Series, pd.Series]:
    """A rate's numerator and denominator per row (one report each); NaN when a part is blank."""
    return _sum(rows, metric.numerator), _sum(rows, metric.denominator)


def _sum(df: pd.DataFrame, cols: tuple[str, ...]) -> pd.Series:
    """Row-wise signed sum; blank when any part is blank (a blank cell is not 0)."""
    out = pd.Series(0.0, index=df.index)
    for c in cols:
        sign = -1.0 if c.startswith("-") else 1.0
        col = c.lstrip("-")
        v = pd.to_numeric(df[col], errors="coerce") if col in df else pd.Series(float("nan"), index=df.index)
        out = out + sign * v.astype(float)
    return out


def values(
    reports: pd.DataFrame, metric: Metric, by: tuple[str, ...] = ("agency_id", "agency")
) -> pd.DataFrame:
    """Per group of `by` (default: agency): numerator, denominator, value and `eligible` (rate with a
    denominator ≥ min_denominator, or any non-blank count). Sums over the group's reports; a report whose
    rate parts are not all printed is left out of both numerator and denominator."""
    d = reports.copy()
    if metric.is_rate:
        d["_n"], d["_d"] = _sum(d, metric.numerator), _sum(d, metric.denominator)
        ok = d["_n"].notna() & d["_d"].notna()
        d.loc[~ok, ["_n", "_d"]] = float("nan")
    else:
        d["_n"], d["_d"] = _sum(d, metric.value), float("nan")
    g = d.groupby(list(by), dropna=False, sort=False)
    out = pd.DataFrame(
        {
            "numerator": g["_n"].sum(min_count=1),
            "denominator": g["_d"].sum(min_count=1),
            "n_reports": g.size(),
        }
    ).reset_index()
    if metric.is_rate:
        den = out["denominator"]
        out["value"] = [
            n / dd if pd.notna(n) and pd.notna(dd) and dd > 0 else float("nan")
            for n, dd in zip(out["numerator"], den, strict=True)
        ]
        out["eligible"] = out["value"].notna() & (den >= metric.min_denominator)
    else:
        out["value"] = out["numerator"]
        out["eligible"] = out["value"].notna()
    out["flag"] = [flag(metric, v) if e else "" for v, e in zip(out["value"], out["eligible"], strict=True)]
    return out


def flag(metric: Metric, value: float | None) -> str:
    """A Chinese flag when the value is beyond a threshold, else ''."""
    if value is None or pd.isna(value):
        return ""
    fmt = (lambda v: f"{v:.1%}") if metric.is_rate else (lambda v: f"{v:,.0f}")
    if metric.floor is not None and value < metric.floor:
        return f"低于下限 {fmt(metric.floor)}"
    if metric.ceiling is not None and value > metric.ceiling:
        return f"高于上限 {fmt(metric.ceiling)}"
    return ""


def ranks(peer_values: pd.DataFrame) -> pd.Series:
    """Rank per row of `values()`: 1 = largest among the eligible rows, ties share the better rank;
    an ineligible or blank row has no rank (NaN)."""
    return peer_values["value"].where(peer_values["eligible"]).rank(ascending=False, method="min")


@dataclass(frozen=True)
class Quartiles:
    n: int  # values the quartiles are computed over
    p25: float | None
    p50: float | None
    p75: float | None


def quartiles(vals: pd.Series) -> Quartiles:
    """P25/P50/P75 of the non-blank values (pass the eligible ones: `v.loc[v["eligible"], "value"]`)."""
    v = pd.to_numeric(vals, errors="coerce").dropna()
    if v.empty:
        return Quartiles(0, None, None, None)
    q = v.quantile([0.25, 0.5, 0.75])
    return Quartiles(len(v), float(q[0.25]), float(q[0.5]), float(q[0.75]))


def band(value: float | None, q: Quartiles, min_peers: int) -> str:
    """The value's quartile band in Chinese ("" when blank or fewer than `min_peers` values)."""
    if value is None or pd.isna(value) or q.n < min_peers or q.p25 is None or q.p75 is None:
        return ""
    if value > q.p75:  # strictly: when most agencies share one value (all 0), none is flagged
        return "高于P75"
    if value < q.p25:
        return "低于P25"
    return "P25–P75"


@dataclass(frozen=True)
class Position:
    """An agency's place among its peers for one metric and year."""

    value: float | None
    numerator: float | None
    denominator: float | None
    rank: int | None  # 1 = highest value, among eligible peers
    n_ranked: int  # eligible peers (including the agency)
    n_peers: int  # all peers with a report
    p25: float | None
    p50: float | None
    p75: float | None
    eligible: bool
    flag: str


def position(peer_values: pd.DataFrame, agency_id: str) -> Position:
    """Rank (1 = highest) and quartiles over the eligible peers; the agency is ranked only if eligible."""
    ranked = peer_values[peer_values["eligible"]]
    q = quartiles(ranked["value"])
    all_ranks = ranks(peer_values)
    mine = peer_values.index[peer_values["agency_id"] == agency_id]
    row = peer_values.loc[mine[0]] if len(mine) else None
    rank = None
    if row is not None and pd.notna(all_ranks.loc[mine[0]]):
        rank = int(all_ranks.loc[mine[0]])

    def f(v):
        return None if v is None or pd.isna(v) else float(v)

    return Position(
        value=f(row["value"]) if row is not None else None,
        numerator=f(row["numerator"]) if row is not None else None,
        denominator=f(row["denominator"]) if row is not None else None,
        rank=rank,
        n_ranked=len(ranked),
        n_peers=len(peer_values),
        p25=q.p25,
        p50=q.p50,
        p75=q.p75,
        eligible=bool(row["eligible"]) if row is not None else False,
        flag=str(row["flag"]) if row is not None else "",
    )


def peers_of(reports: pd.DataFrame, agency_id: str, year: int) -> pd.DataFrame:
    """Own (本级) reports of `year` with the agency's level and kind: its peers within the given rows
    (the caller passes the sidebar's region). The agency itself is included."""
    d = reports[(reports["year"] == year) & (reports["scope"].fillna("own") == "own")]
    me = d[d["agency_id"] == agency_id]
    if me.empty:
        return d.iloc[0:0]
    level, kind = me.iloc[0]["level"], me.iloc[0]["kind"]
    same = d["level"].fillna("") == (level or "")
    same &= d["kind"].fillna("") == (kind or "")
    return d[same]
