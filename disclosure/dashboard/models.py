"""Page models: the computations behind the pages, as pure functions on plain DataFrames.

Why a module apart from shape.py: shape reshapes query results for one chart; a page model decides what a
page shows (which agency by default, which years form a balanced panel, which state to announce). Both are
tested with plain dataframes; page scripts only lay out what these return. No Streamlit here.
"""

from __future__ import annotations

import pandas as pd

from disclosure import contract


def unique_labels(df: pd.DataFrame, id_col: str = "agency_id", name_col: str = "agency") -> dict[str, str]:
    """agency_id → display name, made unique (two agencies of one name get their region or id appended)."""
    d = df.dropna(subset=[id_col]).drop_duplicates(id_col)
    names: dict[str, str] = {
        a: (str(n) if isinstance(n, str) and n else "（单位未识别）")
        for a, n in zip(d[id_col], d[name_col], strict=True)
    }
    counts: dict[str, int] = {}
    for n in names.values():
        counts[n] = counts.get(n, 0) + 1
    region = {}
    if "county" in d:
        region = {
            a: "·".join(str(v) for v in (p, c, k) if isinstance(v, str) and v)
            for a, p, c, k in zip(d[id_col], d.get("province"), d.get("city"), d.get("county"), strict=True)
        }
    return {a: (f"{n}（{region.get(a) or a[-6:]}）" if counts[n] > 1 else n) for a, n in names.items()}


# --- 对比 -------------------------------------------------------------------------------------------

SCOPE_SUFFIX = {"own": "", "aggregate": "（汇总）"}


def scopes_by_years(cov: pd.DataFrame, agency_id: str) -> list[str]:
    """The report scopes (own / aggregate) an agency has, the one with the most years first."""
    d = cov[cov["agency_id"] == agency_id]
    counts = d.groupby("scope")["year"].nunique()
    return sorted((s for s in counts.index if s in SCOPE_SUFFIX), key=lambda s: (-counts[s], s != "own"))


def default_years_agency(cov: pd.DataFrame, preferred: tuple[str, ...] = ()) -> str | None:
    """For 同一单位（不同年度）: the first preferred agency with ≥ 2 years of one scope, else the agency with
    the most years (never an agency with one year, which can only dead-end)."""
    d = cov[cov["template"] != "legacy"] if "template" in cov else cov  # legacy reports have no tables
    per = d.groupby(["agency_id", "scope"])["year"].nunique().reset_index()
    for a in preferred:
        if (per.loc[per["agency_id"] == a, "year"] >= 2).any():
            return a
    if per.empty:
        return None
    per["aggregate"] = per["scope"] == "aggregate"  # own reports first on equal year counts
    best = per.sort_values(["year", "aggregate", "agency_id"], ascending=[False, True, True], kind="stable")
    return str(best.iloc[0]["agency_id"])


def series_rows(cells: pd.DataFrame) -> pd.DataFrame:
    """Cells of several agencies in one year: per agency, the own report's cells when it has one, else the
    汇总 report's (labelled （汇总）) — never both, so no agency is counted twice."""
    if cells.empty:
        return cells.assign(series=pd.Series(dtype=str))
    has_own = cells[cells["scope"] == "own"]["agency_id"].unique()
    keep = cells[(cells["scope"] == "own") | ~cells["agency_id"].isin(has_own)]
    return keep.assign(
        series=[f"{a}{SCOPE_SUFFIX.get(s, '')}" for a, s in zip(keep["agency"], keep["scope"], strict=True)]
    )


# --- 单位档案 ------------------------------------------------------------------------------------------


def name_history(reports: pd.DataFrame) -> list[str]:
    """The printed names of an agency in the order they were first used (renames), e.g.
    平潭综合实验区管委会 → 平潭综合实验区."""
    col = "printed_agency" if "printed_agency" in reports else "agency"
    d = reports.dropna(subset=[col]).sort_values("year", kind="stable")
    return list(dict.fromkeys(str(v) for v in d[col]))


def rate_trend(history: pd.DataFrame, metrics: list) -> pd.DataFrame:
    """Per year and rate metric (benchmarks.Metric): numerator, denominator, value — one agency, one scope.
    A year whose parts are not all printed has no value (a gap in the line, not a 0)."""
    from disclosure import benchmarks

    frames = []
    for m in metrics:
        v = benchmarks.values(history.assign(agency_id="x", agency="x"), m, by=("year",))
        frames.append(
            v.assign(
                metric=m.label,
                numerator_label=m.numerator_label,
                denominator_label=m.denominator_label,
                min_denominator=m.min_denominator,
            )
        )
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return out.sort_values(["metric", "year"]).reset_index(drop=True) if len(out) else out


# --- balanced panels ------------------------------------------------------------------------------------


def panel_note(
    flows: pd.DataFrame, balanced: bool, n_agencies: int | None, all_flows: pd.DataFrame | None = None
) -> str:
    """The caption under a yearly chart: how many reports each year holds, and whether it is a panel."""

    def per_year(f: pd.DataFrame) -> str:
        return "；".join(f"{int(r.year)}年 {int(r.n_reports)} 份" for r in f.sort_values("year").itertuples())

    counts = per_year(flows)
    if balanced:
        note = (
            f"平衡面板：只含所选每个年度都有本级报告的 {n_agencies} 个单位，逐年变化来自同一批单位。"
            f"图中每年报告数：{counts}。"
        )
        if all_flows is not None and len(all_flows):
            note += f"全部本级报告：{per_year(all_flows)}。"
        return note
    return f"全部报告（非平衡）：各年的单位不尽相同，逐年差异可能只是报告单位的变化。每年报告数：{counts}。"


# --- 主动公开 / 平台 ------------------------------------------------------------------------------------


def informative_field(d: pd.DataFrame, options: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The first (row, col) of `options` with the most non-zero values in `d` (item, field, value): a page
    must not open on a field that is 0 for everyone."""
    if d.empty:
        return options[0] if options else None
    nz = d[d["value"].fillna(0) != 0].groupby(["item", "field"]).size()
    best = max(options, key=lambda rc: (nz.get(rc, 0), -options.index(rc)), default=None)
    return best


def unit_periods(sub: pd.DataFrame) -> list[tuple[str, str]]:
    """The (unit, period) combinations of one platform metric, most frequent first: one chart axis holds
    one unit and one period only (条 is not 期, 累计 is not 本年)."""
    d = sub.assign(unit=sub["unit"].fillna(""), period=sub["period"].fillna(""))
    counts = d.groupby(["unit", "period"]).size().sort_values(ascending=False, kind="stable")
    return [(str(u), str(p)) for u, p in counts.index]


# --- administrators' corrections (issue 12: charts use corrected values and mark them) -------------------

CORRECTION_MARK = "†"
CORRECTION_NOTE = f"{CORRECTION_MARK}含管理员更正"
# The cell behind each flow of 申请量 (fmt.FLOW_LABELS' keys; 本年办理 is row （七）总计).
FLOW_PATH = {
    "new": "requests.new.total",
    "carried_in": "requests.carried_in.total",
    "handled": "requests.handled_total.total",
    "carried_out": "requests.carried_out.total",
}
FLOW_PATHS = tuple(FLOW_PATH.values())


def metric_paths(metric) -> tuple[str, ...]:
    """The cell paths a benchmarks.Metric is computed from (column requests__new__total ↔ requests.new.total)."""
    return tuple(c.replace("__", ".") for c in metric.columns)


# The cells behind 办理结果's charts: section 三's outcome rows and （七）总计, any column (a blank 总计 of
# the charts is derived from the applicant columns, so a corrected applicant cell can move it).
OUTCOME_PREFIXES = tuple(f"requests.{row}." for row in (*contract.OUTCOME_ROWS, "handled_total"))


def corrections_for(
    corr: pd.DataFrame,
    paths: tuple[str, ...] | None = None,
    prefix: str | tuple[str, ...] | None = None,
    years: tuple[int, ...] | None = None,
    scope: str | None = "own",
    agency_ids: list[str] | None = None,
) -> pd.DataFrame:
    """The corrections (rows of queries/corrections_in_selection.sql) behind one figure: its cell paths
    (exact, or by prefix or prefixes), years and report scope."""
    if corr.empty:
        return corr
    keep = pd.Series(True, index=corr.index)
    if paths is not None:
        keep &= corr["path"].isin(paths)
    if prefix is not None:
        keep &= corr["path"].str.startswith(prefix)
    if years is not None:
        keep &= corr["year"].astype(int).isin(years)
    if scope is not None:
        keep &= corr["scope"].fillna("own") == scope
    if agency_ids is not None:
        keep &= corr["agency_id"].isin(agency_ids)
    return corr[keep]


def mark(label: str, corrections: pd.DataFrame) -> str:
    """`label` with the correction mark when the figure includes an administrator's correction."""
    return f"{label}{CORRECTION_MARK}" if len(corrections) else label


def correction_lines(corrections: pd.DataFrame) -> list[str]:
    """One plain-text line per corrected cell: agency, year, cell, printed → corrected value (the hover
    text and caption under a marked figure)."""
    from disclosure.dashboard.fmt import cell_label, num

    def shown(v) -> str:
        return "空白" if v is None or pd.isna(v) else num(v)

    return [
        f"{r.agency} {int(r.year)}年 {cell_label(r.path)}：印刷值 {shown(r.printed)} → 更正值 {shown(r.corrected)}"
        for r in corrections.itertuples()
    ]
