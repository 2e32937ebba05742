"""The briefing model: plain data for one scope and year against the year before.

`build()` runs the queries in queries/ (headline, outcomes_by_year, briefing_agencies, briefing_missing,
failed_checks, platform_metrics, data_as_of; named parameters only) on a DuckDB connection and returns
a `Briefing`: typed headline figures (for tests and the dashboard preview) and an ordered list of
`Section`s made of four kinds of block (Paragraph, KeyFigures, Table, Chart). The three renderers
only lay those blocks out, so PDF, Word and HTML always carry the same numbers.

Why a small document model rather than three renderers reading the query results: every number is
formatted once, here (blank "—", thousands separators, rates with numerator and denominator), and a
renderer cannot drift from the others. Charts are Plotly figures made by the dashboard's own pure
chart functions (disclosure.dashboard.charts), titled with scope and year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go

from disclosure import benchmarks, contract
from disclosure.dashboard import charts, data, shape
from disclosure.dashboard.fmt import (
    DASH,
    FLOW_LABELS,
    PERIOD_LABELS,
    SEVERITY_LABELS,
    TEMPLATE_LABELS,
    check_description,
    is_blank,
    num,
    pct,
    ratio,
    signed,
    where_label,
)
from disclosure.dashboard.selection import Selection

LOOKBACK_YEARS = 3  # an agency is "missing" when it published in one of these years before, not in this one
# The ranking table's metrics when none are chosen (keys of disclosure/benchmarks.toml).
DEFAULT_METRICS: tuple[str, ...] = ("new", "handled", "open_rate", "review_total", "correction_rate")
MAX_CHANGES = 10
MAX_PLATFORM_ROWS = 60
MAX_CHECK_ROWS = 60
MAX_RANKING_ROWS = 100  # agencies in the ranking table (ranks are over every agency)
MAX_FLAGS = 60  # threshold breaches listed
MAX_SOURCE_ROWS = 300  # reports listed in the sources appendix


# --- blocks ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # a small-print explanation rather than body text


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    unit: str  # "件", "份" or "%" (a rate)
    current: float | None
    previous: float | None
    numerator: tuple[float | None, float | None] | None = None  # (current, previous) for rates
    denominator: tuple[float | None, float | None] | None = None

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"

    def shown(self, value: float | None) -> str:
        return pct(value) if self.is_rate else num(value)

    @property
    def delta(self) -> float | None:
        cur, prev = self.current, self.previous
        if cur is None or prev is None or is_blank(cur) or is_blank(prev):
            return None
        return float(cur) - float(prev)

    def delta_text(self) -> str:
        d = self.delta
        if d is None:
            return DASH
        if self.is_rate:
            return f"{d * 100:+.1f}个百分点"
        return signed(d)

    def delta_pct_text(self) -> str:
        d, prev = self.delta, self.previous
        if d is None or prev is None or self.is_rate or not float(prev):  # d set: prev is not blank
            return DASH
        return f"{d / float(prev):+.1%}"


@dataclass(frozen=True)
class KeyFigures:
    items: tuple[Headline, ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-align per column
    caption: str = ""
    key: str = ""  # stable name (tests, DOCX table order)


@dataclass(frozen=True)
class Chart:
    name: str  # what the chart shows: its title and the metric part of the image file name
    figure: go.Figure
    years: str  # the years it shows, for its title ("2023–2024年")
    caption: str = ""


Block = Paragraph | KeyFigures | Table | Chart


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Briefing:
    title: str
    scope: Selection  # the years of the briefing are `year` and `prev_year`, not the selection's
    scope_label: str
    scope_short: str
    year: int
    prev_year: int
    data_as_of: str
    generated_at: str
    n_reports: int  # own reports of the year counted in the figures
    n_prev_reports: int
    n_agencies: int
    n_missing: int
    n_aggregate_apart: int  # aggregate reports of the year left out (never added to own figures)
    n_failed_reports: int  # reports of the year with a failed check (error or warning)
    n_error_reports: int  # … of which with a failed check of severity error
    metrics: tuple[str, ...]
    headlines: tuple[Headline, ...]
    sections: tuple[Section, ...]
    files: tuple[str, ...] = field(default=())  # source files of the year's reports

    def cover(self) -> list[tuple[str, str]]:
        """The cover's lines (label, text), the same in every format."""
        lines = [
            ("范围", self.scope_label),
            ("年度", f"{self.year}年，对比{self.prev_year}年"),
            ("数据截至", self.data_as_of),
            (
                "报告",
                f"{self.year}年 {self.n_reports} 份（{self.n_agencies} 个单位），{self.prev_year}年 "
                f"{self.n_prev_reports} 份",
            ),
            ("缺少报告", f"{self.n_missing} 个单位（近 {LOOKBACK_YEARS} 年发布过、{self.year}年未入库）"),
            (
                "校验未通过",
                f"{self.n_failed_reports} 份{self.year}年报告有未通过的勾稽关系"
                f"（其中 {self.n_error_reports} 份有错误，其余只有提示）",
            ),
        ]
        if self.n_aggregate_apart:
            lines.append(
                ("汇总报告", f"另有 {self.n_aggregate_apart} 份汇总报告未计入（不与所汇总单位相加）")
            )
        lines.append(("生成时间", self.generated_at))
        return lines

    def headline(self, key: str) -> Headline:
        return next(h for h in self.headlines if h.key == key)

    def tables(self) -> dict[str, Table]:
        return {b.key: b for s in self.sections for b in s.blocks if isinstance(b, Table) and b.key}

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    def file_stem(self) -> str:
        return f"会议简报_{self.scope_short}_{self.year}年"


class EmptyScopeError(ValueError):
    """No report of the scope in the year or the year before: nothing to brief on."""


# --- build -----------------------------------------------------------------------------------------


def _q(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> pd.DataFrame:
    return data.run(name, params, con=con)


def _names(con: duckdb.DuckDBPyConnection, agency_ids: tuple[str, ...] | list[str] | None) -> dict[str, str]:
    """Names of the scope's chosen agencies (the cover's label): agency_names reads only those, where
    filter_options lists every agency (14 s at 2 000 000 reports, for at most a few names)."""
    if not agency_ids:
        return {}
    opts = _q(con, "agency_names", {"agency_ids": list(agency_ids)})
    return dict(zip(opts["agency_id"], opts["agency"], strict=True))


def _as_of(con: duckdb.DuckDBPyConnection) -> str:
    d = _q(con, "data_as_of", {})
    v = d["data_as_of"].iloc[0] if not d.empty else None
    return DASH if is_blank(v) else pd.Timestamp(v).strftime("%Y-%m-%d %H:%M")


def build(
    con: duckdb.DuckDBPyConnection, scope: Selection, year: int, metrics: tuple[str, ...] = DEFAULT_METRICS
) -> Briefing:
    """The briefing for `scope` in `year` compared with `year - 1` (raises EmptyScopeError). The
    selection's own years are ignored: a briefing always covers `year` and the year before."""
    unknown = [m for m in metrics if m not in benchmarks.metrics()]
    if unknown:
        raise ValueError(f"未知指标：{'、'.join(unknown)}（可选：{'、'.join(benchmarks.metrics())}）")
    prev = year - 1
    scope = scope.between(prev, year)
    params = scope.params()
    names = _names(con, scope.agency_ids)
    label, short = scope.label(names), scope.short(names)

    headline = _q(con, "headline", params)
    rows = _q(con, "briefing_agencies", params)
    if rows.empty:
        raise EmptyScopeError(f"{label}：{prev}年和{year}年都没有报告")
    rows["metric_scope"] = rows["scope"].fillna("own")
    own = rows[rows["metric_scope"] != "aggregate"]
    cur_rows, prev_rows = own[own["year"] == year], own[own["year"] == prev]
    cur = shape.year_row(headline, year) or {}
    before = shape.year_row(headline, prev) or {}
    n_agg = 0
    if not scope.include_aggregate:
        with_agg = _q(con, "headline", {**params, "include_aggregate": True})
        n_agg = int(
            with_agg.loc[(with_agg["scope"] == "aggregate") & (with_agg["year"] == year), "n_reports"].sum()
        )
    missing = _q(con, "briefing_missing", scope.between(year - LOOKBACK_YEARS, year).params())
    failed = _q(con, "failed_checks", {**scope.between(year, year).params(), "include_unevaluable": False})
    platform = _q(con, "platform_metrics", params)
    outcomes = _q(con, "outcomes_by_year", params)

    heads = _headlines(cur, before)
    as_of = _as_of(con)
    years_label = f"{prev}–{year}年"
    ctx = {"short": short, "year": year, "prev": prev, "years": years_label}
    sections = (
        _summary_section(heads, cur_rows, prev_rows, rows[rows["metric_scope"] == "aggregate"], ctx),
        _requests_section(headline, outcomes, ctx),
        _rates_section(heads, cur_rows, ctx),
        _ranking_section(cur_rows, metrics, ctx),
        _changes_section(own, metrics, ctx),
        _attention_section(missing, failed, rows[rows["year"] == year], ctx),
        _platform_section(platform, ctx),
        _sources_section(rows, ctx),
    )
    return Briefing(
        title="政府信息公开工作会议简报",
        scope=scope,
        scope_label=label,
        scope_short=short,
        year=year,
        prev_year=prev,
        data_as_of=as_of,
        generated_at=datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M"),
        n_reports=int(cur.get("n_reports") or 0),
        n_prev_reports=int(before.get("n_reports") or 0),
        n_agencies=int(cur_rows["agency_id"].nunique()),
        n_missing=len(missing),
        n_aggregate_apart=n_agg,
        n_failed_reports=int(failed["report_id"].nunique()) if not failed.empty else 0,
        n_error_reports=int(failed.loc[failed["severity"] == "error", "report_id"].nunique())
        if not failed.empty
        else 0,
        metrics=tuple(metrics),
        headlines=heads,
        sections=sections,
        files=tuple(sorted({str(f) for f in rows.loc[rows["year"] == year, "source_file"] if f})),
    )


def _v(row: dict, key: str) -> float | None:
    v = row.get(key)
    return None if v is None or is_blank(v) else float(v)


def _headlines(cur: dict, before: dict) -> tuple[Headline, ...]:
    def count(key: str, label: str, column: str, unit: str = "件") -> Headline:
        return Headline(key, label, unit, _v(cur, column), _v(before, column))

    def reports(key: str, label: str, column: str) -> Headline:
        # a count of reports is known even for a year without any: 0, not blank
        return Headline(key, label, "份", _v(cur, column) or 0.0, _v(before, column) or 0.0)

    def rate(key: str, label: str, n: str, d: str) -> Headline:
        nc, dc, np_, dp = _v(cur, n), _v(cur, d), _v(before, n), _v(before, d)
        return Headline(
            key, label, "%", ratio(nc, dc), ratio(np_, dp), numerator=(nc, np_), denominator=(dc, dp)
        )

    return (
        reports("n_reports", "已发布报告", "n_reports"),
        count("new", "本年新收申请", "new"),
        count("handled", "办理总计", "handled"),
        rate("open_rate", "公开率", "open_num", "open_den"),
        count("review_total", "行政复议", "review_total"),
        count("litigation_total", "行政诉讼", "litigation_total"),
        rate("correction_rate", "复议纠错率", "review_corrected", "review_decided"),
        reports("n_reports_with_errors", "有校验错误的报告", "n_reports_with_errors"),
    )


def _table(
    key: str, columns: list[str], rows: list[list[str]], numeric: list[bool], caption: str = ""
) -> Table:
    return Table(tuple(columns), tuple(tuple(r) for r in rows), tuple(numeric), caption, key)


def _summary_section(
    heads: tuple[Headline, ...],
    cur_rows: pd.DataFrame,
    prev_rows: pd.DataFrame,
    aggregates: pd.DataFrame,
    ctx: dict,
) -> Section:
    y, p = ctx["year"], ctx["prev"]
    both = set(cur_rows["agency_id"]) & set(prev_rows["agency_id"])
    table = _table(
        "headline",
        ["指标", f"{y}年", f"{p}年", "变化", "变化率"],
        [
            [
                f"{h.label}（{h.unit}）" if not h.is_rate else h.label,
                h.shown(h.current),
                h.shown(h.previous),
                h.delta_text(),
                h.delta_pct_text(),
            ]
            for h in heads
        ],
        [False, True, True, True, True],
    )
    note = (
        f"与{p}年同一范围相比。{y}年 {cur_rows['agency_id'].nunique()} 个单位、{p}年 "
        f"{prev_rows['agency_id'].nunique()} 个单位有报告，其中 {len(both)} 个单位两年都有；"
        "单位不同的部分，变化也来自单位的增减。汇总报告不计入。比率由分子、分母分别求和后计算；"
        "“—”表示报告空白或无法计算（不等于 0）。"
        + (f"{p}年本范围没有报告，因此不显示变化。" if prev_rows.empty else "")
    )
    blocks: list[Block] = [KeyFigures(heads[:7]), table, Paragraph(note, note=True)]
    if not aggregates.empty:  # asked for (include_aggregate): listed apart, never added to the figures above
        open_rate = benchmarks.row_values(aggregates, benchmarks.metrics()["open_rate"])
        blocks.append(
            _table(
                "aggregates",
                ["汇总报告", "年度", "本年新收申请（件）", "办理总计（件）", "公开率"],
                [
                    [str(r.agency), f"{int(r.year)}年", num(r.new), num(r.handled), pct(open_rate[i])]
                    for i, r in zip(aggregates.index, aggregates.itertuples(), strict=True)
                ],
                [False, False, True, True, True],
                "汇总报告单独列示，不与上面各单位的数字相加。",
            )
        )
    return Section("一、主要数字", tuple(blocks))


def _requests_section(headline: pd.DataFrame, outcomes: pd.DataFrame, ctx: dict) -> Section:
    y, p = ctx["year"], ctx["prev"]
    flows = shape.flows_by_year(headline)
    flows = flows[flows["year"].isin([p, y])]
    blocks: list[Block] = []
    if not flows.empty:
        blocks.append(
            Chart(
                "申请数量",
                charts.flows_by_year(flows, "申请数量"),
                ctx["years"],
                "本年新收、上年结转、本年办理与结转下年（件），汇总报告不计入。",
            )
        )
    by_year = {int(r.year): r for r in flows.itertuples()}
    rows = []
    for key in ("new", "carried_in", "handled", "carried_out"):
        a, b = (getattr(by_year[yy], key) if yy in by_year else None for yy in (y, p))
        rows.append(
            [
                FLOW_LABELS[key],
                num(a),
                num(b),
                signed(None if a is None or b is None or is_blank(a) or is_blank(b) else float(a) - float(b)),
            ]
        )
    blocks.append(_table("flows", ["项目", f"{y}年", f"{p}年", "变化"], rows, [False, True, True, True]))
    groups = shape.outcome_groups_long(outcomes.assign(agency=""), "year") if not outcomes.empty else outcomes
    totals = {
        yy: groups[groups["year"] == yy]["requests"].sum(min_count=1) if not groups.empty else None
        for yy in (y, p)
    }
    out_rows = []
    for g in contract.OUTCOME_GROUPS:
        vals: list[float | None] = []
        for yy in (y, p):
            if groups.empty:
                vals.append(None)
                continue
            s = groups[(groups["year"] == yy) & (groups["group"] == g)]["requests"]
            vals.append(None if len(s) == 0 or is_blank(s.iloc[0]) else float(s.iloc[0]))
        out_rows.append(
            [
                contract.OUTCOME_GROUP_LABELS[g],
                num(vals[0]),
                pct(ratio(vals[0], totals[y])),
                num(vals[1]),
                pct(ratio(vals[1], totals[p])),
            ]
        )
    blocks.append(
        _table(
            "outcomes",
            ["办理结果", f"{y}年（件）", f"{y}年占比", f"{p}年（件）", f"{p}年占比"],
            out_rows,
            [False, True, True, True, True],
            "各办理结果组（予以公开、部分公开、不予公开、无法提供、不予处理、其他处理）之和；"
            "占比的分母为各组之和。",
        )
    )
    if not groups.empty and groups["requests"].notna().any():
        blocks.append(
            Chart(
                "办理结果构成",
                charts.outcome_groups(groups[groups["year"].isin([p, y])], "year", title="办理结果构成"),
                ctx["years"],
            )
        )
    return Section("二、申请数量与办理结果", tuple(blocks))


def _rates_section(heads: tuple[Headline, ...], cur_rows: pd.DataFrame, ctx: dict) -> Section:
    y, p = ctx["year"], ctx["prev"]
    rows = []
    for key, metric in (
        ("open_rate", benchmarks.metrics()["open_rate"]),
        ("correction_rate", benchmarks.metrics()["correction_rate"]),
    ):
        h = next(x for x in heads if x.key == key)
        assert h.numerator is not None and h.denominator is not None  # every rate headline carries both
        for i, yy in enumerate((y, p)):
            rows.append(
                [
                    h.label,
                    f"{yy}年",
                    metric.numerator_label,
                    num(h.numerator[i]),
                    metric.denominator_label,
                    num(h.denominator[i]),
                    h.shown(h.current if i == 0 else h.previous),
                ]
            )
    blocks: list[Block] = [
        _table(
            "rates",
            ["比率", "年度", "分子", "分子数值", "分母", "分母数值", "比率值"],
            rows,
            [False, False, False, True, False, True, True],
            "分子、分母只取两项都印出的报告，分别求和后相除。",
        )
    ]
    rates = cur_rows.assign(numerator=cur_rows["open_num"], denominator=cur_rows["open_den"])
    rates = rates.assign(rate=benchmarks.row_values(rates, benchmarks.metrics()["open_rate"]))
    if rates["rate"].notna().sum() >= 2:
        blocks.append(
            Chart(
                "公开率",
                charts.rate_bars(rates, "公开率", "予以公开＋部分公开", "办理总计", "各单位公开率"),
                f"{y}年",
            )
        )
    return Section("三、公开率与纠错率", tuple(blocks))


def _ranking_section(cur_rows: pd.DataFrame, metrics: tuple[str, ...], ctx: dict) -> Section:
    """Ranks, bands and quartiles over every agency of the scope; the table shows the first
    MAX_RANKING_ROWS in ranking order and the threshold list the first MAX_FLAGS. Why capped: a
    province or the nation has thousands to hundreds of thousands of agencies, which no meeting reads
    (and which took minutes to lay out); the full list is one export away (数据导出)."""
    y = ctx["year"]
    if cur_rows.empty:
        return Section("四、单位排名与同级比较", (Paragraph(f"{y}年没有本级报告可排名。"),))
    min_peers = benchmarks.min_peers()
    d = cur_rows.drop_duplicates("agency_id").reset_index(drop=True)
    columns = ["单位"]
    per_metric = []
    quart_rows, flags, small = [], [], []
    for key in metrics:
        m = benchmarks.metrics()[key]
        pv = benchmarks.values(d, m)  # one row per agency, in d's order
        ranks = benchmarks.ranks(pv)
        q = benchmarks.quartiles(pv.loc[pv["eligible"], "value"])
        per_metric.append((m, pv, ranks, q))
        columns.append(f"{m.label}（{m.unit}）" if not m.is_rate else m.label)
        if (~pv["eligible"] & pv["value"].notna()).any():
            small.append(m)
        for i in pv.index[pv["eligible"] & (pv["flag"] != "")]:
            flags.append(
                f"{d.loc[i, 'agency']}：{m.label} {_shown(m, pv.loc[i, 'value'])}，{pv.loc[i, 'flag']}"
            )
        lim = (
            "；".join(
                x
                for x in (
                    f"下限 {pct(m.floor, 0) if m.is_rate else num(m.floor)}" if m.floor is not None else "",
                    f"上限 {pct(m.ceiling, 0) if m.is_rate else num(m.ceiling)}"
                    if m.ceiling is not None
                    else "",
                    f"最小分母 {num(m.min_denominator)}" if m.is_rate and m.min_denominator else "",
                )
                if x
            )
            or DASH
        )
        quart_rows.append([m.label, num(q.n), *(_quartile_text(x, m) for x in (q.p25, q.p50, q.p75)), lim])
    assert per_metric, "no metric to rank by"
    sort_key = per_metric[0][1]["value"]
    order = (
        pd.DataFrame({"blank": sort_key.isna(), "key": -sort_key.fillna(0), "agency": d["agency"]})
        .sort_values(["blank", "key", "agency"], kind="stable", na_position="last")
        .index[:MAX_RANKING_ROWS]
    )
    rows = []
    for i in order:
        row = [str(d.loc[i, "agency"])]
        for m, pv, ranks, q in per_metric:
            v = pv.loc[i, "value"]
            mark = ""
            if not pv.loc[i, "eligible"] and pd.notna(v):
                mark += " ○"
            b = benchmarks.band(None if pd.isna(ranks[i]) else float(v), q, min_peers)
            if b == "高于P75":
                mark += " ▲"
            elif b == "低于P25":
                mark += " ▼"
            if pv.loc[i, "flag"]:
                mark += " ⚠"
            rank_text = "" if pd.isna(ranks[i]) else f"（{int(ranks[i])}）"
            row.append(f"{_shown(m, v)}{rank_text}{mark}")
        rows.append(row)
    listed = (
        f"，按{per_metric[0][0].label}列出前 {MAX_RANKING_ROWS} 个（完整名单见数据导出）"
        if len(d) > MAX_RANKING_ROWS
        else ""
    )
    blocks: list[Block] = [
        _table(
            "ranking",
            columns,
            rows,
            [False] + [True] * len(metrics),
            f"{y}年各单位（本级报告）{listed}。括号内为在本范围 {len(d)} 个单位中的名次（1 = 最大）；"
            f"▲ 高于本范围 P75，▼ 低于 P25（少于 {min_peers} 个单位时不标）；⚠ 超出阈值"
            + ("；○ 比率的分母少于最小分母，不排名、不计入四分位、不标阈值" if small else "")
            + "。",
        ),
        _table(
            "quartiles",
            ["指标", "有数值的单位", "P25", "P50（中位数）", "P75", "阈值"],
            quart_rows,
            [False, True, True, True, True, False],
            "四分位数在本范围有该数值（比率：分母不少于最小分母）的单位之间计算（线性插值）；阈值见 disclosure/benchmarks.toml。",
        ),
    ]
    more = f"；等共 {len(flags)} 项（列出前 {MAX_FLAGS} 项）" if len(flags) > MAX_FLAGS else ""
    blocks.append(
        Paragraph("超出阈值：" + ("；".join(flags[:MAX_FLAGS]) + more if flags else "没有单位超出阈值。"))
    )
    return Section("四、单位排名与同级比较", tuple(blocks))


def _shown(m: benchmarks.Metric, v: float) -> str:
    return DASH if pd.isna(v) else (pct(v) if m.is_rate else num(v))


def _quartile_text(x: float | None, m: benchmarks.Metric) -> str:
    return DASH if x is None else (pct(x) if m.is_rate else num(round(x, 1)))


def _changes_section(own: pd.DataFrame, metrics: tuple[str, ...], ctx: dict) -> Section:
    y, p = ctx["year"], ctx["prev"]
    counts = [k for k in metrics if not benchmarks.metrics()[k].is_rate] or ["new"]
    changes = pd.concat(
        [
            shape.yoy(
                own.assign(**{key: benchmarks.row_values(own, benchmarks.metrics()[key])}), key, y
            ).assign(metric=key)
            for key in counts
        ],
        ignore_index=True,
    )
    # One row per agency, its largest change (new and handled often move together), largest first; ties by
    # name, then in the order of `counts`. Sorted as a frame: a Python loop took tens of seconds nationally.
    changes = (
        changes.assign(size=changes["change"].abs())
        .sort_values(["size", "agency"], ascending=[False, True], kind="stable")
        .drop_duplicates("agency_id")
    )
    found = [(benchmarks.metrics()[r.metric], r) for r in changes.head(MAX_CHANGES).itertuples()]
    blocks: list[Block] = []
    if not found:
        blocks.append(Paragraph(f"本范围内没有单位在{p}年和{y}年都有可比较的数字。"))
    else:
        rows = [
            [
                r.agency,
                m.label,
                num(r.prev),
                num(r.curr),
                signed(r.change),
                DASH if pd.isna(r.change_pct) else f"{r.change_pct:+.1%}",
            ]
            for m, r in found
        ]
        blocks.append(
            _table(
                "changes",
                ["单位", "指标", f"{p}年", f"{y}年", "变化", "变化率"],
                rows,
                [False, False, True, True, True, True],
                f"每个单位列出变化最大的一项指标，按变化绝对值排序，前 {MAX_CHANGES} 个单位；只比较两年都有数字的单位（缺一年不算变为 0）。",
            )
        )
        if "new" in counts:
            yo = shape.yoy(own, "new", y)
            if len(yo) >= 1:
                yo = yo.reindex(yo["change"].abs().sort_values(ascending=False).index).head(15)
                blocks.append(
                    Chart("新收申请同比变化", charts.yoy_change(yo, "新收申请同比变化"), f"{y}年比{p}年")
                )
    return Section("五、同比变化最大的单位", tuple(blocks))


def _attention_section(
    missing: pd.DataFrame, failed: pd.DataFrame, year_rows: pd.DataFrame, ctx: dict
) -> Section:
    y = ctx["year"]
    blocks: list[Block] = []
    if missing.empty:
        blocks.append(Paragraph(f"近 {LOOKBACK_YEARS} 年发布过报告的单位，{y}年都已有报告入库。"))
    else:
        blocks.append(
            _table(
                "missing",
                ["单位", "最近一次报告", "最近的文件"],
                [
                    [
                        str(r.agency) + ("（汇总）" if r.scope == "aggregate" else ""),
                        f"{int(r.last_year)}年",
                        str(r.last_file or DASH),
                    ]
                    for r in missing.itertuples()
                ],
                [False, False, False],
                f"{y - LOOKBACK_YEARS}–{y - 1}年发布过报告、但{y}年没有报告入库的单位（可能未发布，或尚未收集）。",
            )
        )
    if failed.empty:
        blocks.append(Paragraph(f"{y}年的报告全部通过勾稽关系校验（或因空白无法校验）。"))
    else:
        f = failed.head(MAX_CHECK_ROWS)
        blocks.append(
            _table(
                "checks",
                ["单位", "规则", "说明", "位置", "应为", "实际", "严重程度"],
                [
                    [
                        str(r.agency),
                        str(r.rule),
                        check_description(r.rule, r.message),
                        where_label(r.where),
                        num(r.expected),
                        num(r.actual),
                        SEVERITY_LABELS.get(r.severity, str(r.severity)),
                    ]
                    for r in f.itertuples()
                ],
                [False, False, False, False, True, True, False],
                f"{y}年报告未通过的勾稽关系（共 {len(failed)} 项"
                + (f"，列出前 {MAX_CHECK_ROWS} 项" if len(failed) > MAX_CHECK_ROWS else "")
                + "）。数字按报告原样列出，未作更正。",
            )
        )
    odd = year_rows[
        (year_rows["n_ambiguous"] > 0)
        | year_rows["derived_totals"].map(lambda v: v is not None and len(v) > 0)
    ]
    for r in odd.itertuples():
        notes = []
        if r.n_ambiguous:
            notes.append(f"{r.n_ambiguous} 个数字连写、无法唯一拆分（未计入）")
        if r.derived_totals is not None and len(r.derived_totals):
            notes.append("部分行“总计”留空，图表与合计按各类申请人之和计算")
        blocks.append(Paragraph(f"{r.agency}{y}年报告：{'；'.join(notes)}。", note=True))
    return Section("六、需要关注的报告", tuple(blocks))


def _platform_section(platform: pd.DataFrame, ctx: dict) -> Section:
    y, p = ctx["year"], ctx["prev"]
    if platform.empty:
        return Section("七、平台发布情况", (Paragraph(f"{p}–{y}年的报告正文中没有识别到平台数字。"),))
    summary = []
    for key, label in contract.PLATFORMS.items():
        s = platform[platform["platform"] == key]
        if s.empty:
            continue
        row = [label]
        for yy in (y, p):
            t = s[s["year"] == yy]
            row += [num(t["agency_id"].nunique()), num(len(t))]
        summary.append(row)
    cur = platform[platform["year"] == y]
    blocks: list[Block] = [
        _table(
            "platform_summary",
            ["平台", f"{y}年单位数", f"{y}年数字条数", f"{p}年单位数", f"{p}年数字条数"],
            summary,
            [False, True, True, True, True],
            "报告正文中给出该平台数字的单位数和数字条数（各单位的口径不同，不相加）。",
        )
    ]
    if not cur.empty:
        rows = [
            [
                str(r.agency),
                contract.PLATFORMS.get(r.platform, r.platform),
                contract.METRICS.get(r.metric, r.metric),
                num(r.value) + (r.qualifier if isinstance(r.qualifier, str) else ""),
                r.unit if isinstance(r.unit, str) else DASH,
                PERIOD_LABELS.get(r.period, DASH),
            ]
            for r in cur.head(MAX_PLATFORM_ROWS).itertuples()
        ]
        blocks.append(
            _table(
                "platform",
                ["单位", "平台", "指标", "数值", "计量单位", "口径"],
                rows,
                [False, False, False, True, False, False],
                f"{y}年报告正文中的平台数字（共 {len(cur)} 条"
                + (f"，列出前 {MAX_PLATFORM_ROWS} 条" if len(cur) > MAX_PLATFORM_ROWS else "")
                + "）。",
            )
        )
    return Section("七、平台发布情况", tuple(blocks))


def _sources_section(rows: pd.DataFrame, ctx: dict) -> Section:
    d = rows.sort_values(["year", "agency"], ascending=[False, True])
    listed = (
        f"，共 {len(d)} 份，列出前 {MAX_SOURCE_ROWS} 份（完整清单见数据导出的报告表）"
        if len(d) > MAX_SOURCE_ROWS
        else ""
    )
    d = d.head(MAX_SOURCE_ROWS)
    table = _table(
        "sources",
        ["单位", "年度", "版本", "模板", "格式", "来源文件", "入库时间", "错误/提示"],
        [
            [
                str(r.agency) + ("（汇总）" if r.metric_scope == "aggregate" else ""),
                f"{int(r.year)}",
                f"第{int(r.version)}版/共{int(r.n_versions)}版",
                TEMPLATE_LABELS.get(r.template, str(r.template)),
                f"{str(r.format or DASH).upper()}{'（OCR）' if r.ocr else ''}",
                str(r.source_file or DASH),
                DASH if is_blank(r.ingested_at) else pd.Timestamp(r.ingested_at).strftime("%Y-%m-%d"),
                f"{int(r.n_errors)}/{int(r.n_warnings)}",
            ]
            for r in d.itertuples()
        ],
        [False, False, False, False, False, False, False, True],
        f"{ctx['years']}本简报用到的每份报告（只用当前版本）{listed}。",
    )
    defs = Paragraph(
        "口径：公开率 =（予以公开 + 部分公开）÷ 办理总计；复议纠错率 = 结果纠正 ÷（复议总计 − 尚未审结）；"
        "两者都只取分子、分母均印出的报告，分别求和后相除。“—”表示报告空白、未填报或无法计算，不等于 0。"
        "汇总报告（如“全区汇总”）从不与其所汇总单位的数字相加。",
        note=True,
    )
    return Section("附录：数据来源", (table, defs))
