"""对比's page model: what the page shows for a set of series (agencies in one year, or one agency's years),
as pure functions on query results (no Streamlit; views/compare.py only places widgets and charts).

- `url_state`: the comparison a link names (cmode, cy + cmp, cid + csc + cyr), checked against the data;
- `key_figures`: the long frame of the bar chart (主要数字, 总计 column);
- `rates`: 公开率 and 复议纠错率 per series from the per-report parts of queries/reports_charted.sql (the one
  definition; corrected values like every chart, marked †);
- `delta_table`: every field with its delta against the first series (agencies) or the year before (years);
- `only_differences` / `in_sections`: the table's two filters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from disclosure import benchmarks
from disclosure.dashboard import models
from disclosure.dashboard.fmt import SCOPE_LABELS, cell_label

MAX_SERIES = 8
SECTION_NAMES = {"active": "主动公开", "requests": "申请", "review_litigation": "复议诉讼"}
# The bar chart's fields (总计 column), in reading order.
KEY_PATHS: dict[str, str] = {
    "requests.new.total": "本年新收",
    "requests.carried_in.total": "上年结转",
    "requests.granted.total": "予以公开",
    "requests.partial.total": "部分公开",
    "requests.handled_total.total": "办理总计",
    "requests.carried_out.total": "结转下年",
    "review_litigation.review.total": "行政复议",
    "review_litigation.litigation_direct.total": "直接起诉",
    "review_litigation.litigation_after_review.total": "复议后起诉",
}


@dataclass(frozen=True)
class UrlState:
    """Session values a link asks for (only those that exist in the data); empty when the URL names none."""

    values: dict[str, object] = field(default_factory=dict)


def url_state(
    query: Mapping[str, Sequence[str]], ids: Sequence[str], years: Sequence[int], scopes: Sequence[str]
) -> UrlState:
    """Read the comparison from URL query values (key → list of values, as `st.query_params.get_all`).

    Agencies unknown to the data, years without reports and more than MAX_SERIES agencies are dropped: a
    stale or hand-edited link opens a valid comparison instead of an error."""

    def one(key: str) -> str | None:
        values = list(query.get(key, ()))
        return values[0] if values else None

    out: dict[str, object] = {}
    mode = one("cmode")
    if mode in ("agencies", "years"):
        out["cmp_mode"] = mode
    cy = one("cy") or ""
    if cy.isdigit() and int(cy) in years:
        out["cmp_year"] = int(cy)
        out[f"cmp_units_{int(cy)}"] = [a for a in query.get("cmp", ()) if a in ids][:MAX_SERIES]
    cid = one("cid")
    if cid in ids:
        out["cmp_aid"] = cid
        csc = one("csc")
        if csc in scopes:
            out[f"cmp_scope_{cid}"] = csc
        out[f"cmp_years_{cid}"] = [int(y) for y in query.get("cyr", ()) if y.isdigit()]
    return UrlState(out)


def agency_url(year: int, chosen: Sequence[str]) -> dict[str, str | list[str]]:
    return {"cmode": "agencies", "cy": str(year), "cmp": list(chosen)}


def years_url(agency_id: str, scope: str, years: Sequence[int]) -> dict[str, str | list[str]]:
    return {"cmode": "years", "cid": agency_id, "csc": scope, "cyr": [str(y) for y in years]}


def template_warning(cells: pd.DataFrame, series_col: str = "series") -> str | None:
    """A plain-text warning when the series use different templates (section 二 then differs)."""
    templates = cells.groupby(series_col)["template"].first()
    if templates.nunique() <= 1:
        return None
    return (
        "所选报告使用了不同版本的模板（"
        + "、".join(f"{k}：{v}版" for k, v in templates.items())
        + "）。第二部分（主动公开）的栏目不同，只在同一模板的报告之间比较；其他栏目照常对比。"
    )


def _value(wide: pd.DataFrame, path: str, series: str) -> float | None:
    if path not in wide.index or series not in wide.columns:
        return None
    v = wide.loc[path, series]
    return None if v is None or pd.isna(v) else float(v)


def key_figures(wide: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    """field, series, value for the bar chart (blank stays None, never 0)."""
    return pd.DataFrame(
        [
            {"field": label, "series": s, "value": _value(wide, p, s)}
            for s in order
            for p, label in KEY_PATHS.items()
        ],
        columns=["field", "series", "value"],
    )


def rates(
    parts: pd.DataFrame, series_of: Mapping[tuple[str, str, int], str], order: Sequence[str]
) -> pd.DataFrame:
    """One row per rate metric and series: value (in %), numerator, denominator and their definitions.

    `parts`: rows of queries/compare_reports.sql (agency_id, scope, year, corrected_paths, the rate parts);
    `series_of`: (agency_id, scope, year) → series label. A series whose parts are not all printed shows a
    blank rate (never 0); a rate that includes a corrected cell is marked †."""
    by_series: dict[str, pd.Series] = {}
    for row in parts.itertuples(index=False):
        s = series_of.get((row.agency_id, row.scope, int(row.year)))
        if s is not None:
            by_series[s] = pd.Series(row._asdict())
    out = []
    for m in benchmarks.metrics().values():
        if not m.is_rate:
            continue
        cells = set(models.metric_paths(m))
        for s in order:
            r = by_series.get(s)
            n = d = None
            corrected = False
            if r is not None:
                frame = pd.DataFrame([r])
                num_s, den_s = benchmarks.parts(frame, m)
                n_v, d_v = num_s.iloc[0], den_s.iloc[0]
                n = None if pd.isna(n_v) else float(n_v)
                d = None if pd.isna(d_v) else float(d_v)
                paths = r.get("corrected_paths")
                corrected = paths is not None and bool(cells & set(list(paths)))
            value = n / d if n is not None and d else None
            out.append(
                {
                    "比率": m.label + (models.CORRECTION_MARK if corrected else ""),
                    "对象": s,
                    "比率值": None if value is None else round(value * 100, 1),
                    "分子": n,
                    "分母": d,
                    "分子口径": m.numerator_label,
                    "分母口径": m.denominator_label,
                }
            )
    return pd.DataFrame(out, columns=["比率", "对象", "比率值", "分子", "分母", "分子口径", "分母口径"])


def delta_table(wide: pd.DataFrame, order: Sequence[str], against_first: bool) -> pd.DataFrame:
    """部分, 栏目, one column per series and one `X 比 Y` delta column per later series: against the first
    series (agencies) or the previous one (years). A delta is blank when either side is blank."""
    rows = []
    for path in wide.index:
        section = path.split(".")[0]
        row: dict[str, object] = {"部分": SECTION_NAMES.get(section, section), "栏目": cell_label(path)}
        for i, s in enumerate(order):
            v = _value(wide, path, s)
            row[s] = v
            if i == 0:
                continue
            ref = order[0] if against_first else order[i - 1]
            r = _value(wide, path, ref)
            row[f"{s} 比 {ref}"] = None if v is None or r is None else v - r
        rows.append(row)
    return pd.DataFrame(rows)


def delta_columns(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if " 比 " in c]


def only_differences(table: pd.DataFrame) -> pd.DataFrame:
    """The rows with at least one non-zero, non-blank delta."""
    cols = delta_columns(table)
    if not cols or table.empty:
        return table.iloc[0:0] if not cols else table
    keep = table[cols].apply(lambda r: any(pd.notna(v) and v != 0 for v in r), axis=1)
    return table[keep]


def in_sections(table: pd.DataFrame, sections: Sequence[str]) -> pd.DataFrame:
    return table[table["部分"].isin(list(sections))] if not table.empty else table


def years_prompt(scope: str, n_years: int) -> str:
    return f"请至少选择 2 个年度进行对比（该单位的{SCOPE_LABELS[scope]}共有 {n_years} 个年度）。"


def years(by_year: pd.DataFrame) -> list[int]:
    """The years offered, newest first, from queries/selection_years.sql (one row per year with reports)."""
    return sorted({int(y) for y in by_year["year"].dropna()}, reverse=True)
