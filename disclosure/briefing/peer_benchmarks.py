"""Ranking metrics, peer quartiles and threshold flags for the briefing's ranking table.

PROVISIONAL HOME: the dashboard's peer benchmarks (disclosure/dashboard/benchmarks.py, written in
parallel) define the same ideas; the two are to be unified at merge time so that one set of functions
and one settings file (disclosure/benchmarks.toml, read here) serve both. Until then this module is
the only reader of that file.

Definitions (also printed in the briefing):
- a metric's value per agency and year is taken from that agency's current report; a rate is the
  report's numerator ÷ denominator (both printed), never an average of rates;
- rank: 1 = largest value among the scope's agencies with a value (ties share the better rank);
- quartiles P25/P50/P75: over the same agencies, linear interpolation (pandas `quantile`); no band is
  given with fewer than `min_peers` agencies;
- threshold flags: `min`/`max` per metric from the settings file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

SETTINGS = Path(__file__).resolve().parents[1] / "benchmarks.toml"


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str  # "件" for counts, "%" for rates
    column: str | None = None  # count: the briefing_agencies column
    numerator: str | None = None  # rate: numerator and denominator columns
    denominator: str | None = None
    numerator_label: str = ""
    denominator_label: str = ""

    @property
    def is_rate(self) -> bool:
        return self.numerator is not None


METRICS: dict[str, Metric] = {m.key: m for m in (
    Metric("new", "本年新收申请", "件", column="new"),
    Metric("handled", "办理总计", "件", column="handled"),
    Metric("open_rate", "公开率", "%", numerator="open_num", denominator="open_den",
           numerator_label="予以公开＋部分公开", denominator_label="办理总计"),
    Metric("carried_out", "结转下年", "件", column="carried_out"),
    Metric("review_total", "行政复议", "件", column="review_total"),
    Metric("correction_rate", "复议纠错率", "%", numerator="review_corrected", denominator="review_decided",
           numerator_label="结果纠正", denominator_label="复议总计－尚未审结"),
    Metric("litigation_total", "行政诉讼", "件", column="litigation_total"),
)}
DEFAULT_METRICS: tuple[str, ...] = ("new", "handled", "open_rate", "review_total", "correction_rate")


@dataclass(frozen=True)
class Thresholds:
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class Settings:
    min_peers: int
    thresholds: dict[str, Thresholds]


@cache
def settings(path: Path = SETTINGS) -> Settings:
    """The thresholds file (read once per process); a metric absent from it has no thresholds."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = set(raw.get("metrics", {})) - set(METRICS)
    if unknown:
        raise ValueError(f"{path}: unknown metrics {sorted(unknown)}")
    return Settings(
        min_peers=int(raw.get("min_peers", 4)),
        thresholds={k: Thresholds(v.get("min"), v.get("max")) for k, v in raw.get("metrics", {}).items()},
    )


def values(rows: pd.DataFrame, metric: Metric) -> pd.Series:
    """The metric per row (NaN when blank or a rate's denominator is blank or 0)."""
    if not metric.is_rate:
        return pd.to_numeric(rows[metric.column], errors="coerce").astype(float)
    num = pd.to_numeric(rows[metric.numerator], errors="coerce").astype(float)
    den = pd.to_numeric(rows[metric.denominator], errors="coerce").astype(float)
    return (num / den.where(den != 0)).astype(float)


@dataclass(frozen=True)
class Quartiles:
    n: int
    p25: float | None
    p50: float | None
    p75: float | None


def quartiles(vals: pd.Series) -> Quartiles:
    v = vals.dropna()
    if v.empty:
        return Quartiles(0, None, None, None)
    q = v.quantile([0.25, 0.5, 0.75])
    return Quartiles(len(v), float(q[0.25]), float(q[0.5]), float(q[0.75]))


def band(value: float | None, q: Quartiles, min_peers: int) -> str:
    """The value's quartile band in Chinese ("" when blank or too few peers)."""
    if value is None or pd.isna(value) or q.n < min_peers or q.p25 is None:
        return ""
    if value > q.p75:  # strictly: when most agencies share one value (all 0), none is flagged
        return "高于P75"
    if value < q.p25:
        return "低于P25"
    return "P25–P75"


def threshold_flag(value: float | None, metric: Metric, limits: Thresholds | None) -> str:
    """"低于下限 50%" / "高于上限 20件" when the value crosses a threshold of the settings file."""
    if limits is None or value is None or pd.isna(value):
        return ""
    def shown(x: float) -> str:
        return f"{x * 100:.0f}%" if metric.is_rate else f"{x:g}{metric.unit}"
    if limits.min is not None and value < limits.min:
        return f"低于下限{shown(limits.min)}"
    if limits.max is not None and value > limits.max:
        return f"高于上限{shown(limits.max)}"
    return ""


def rank(vals: pd.Series) -> pd.Series:
    """1 = largest; ties share the better rank; blank has no rank."""
    return vals.rank(ascending=False, method="min")
