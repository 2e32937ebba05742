"""`disclosure briefing --scope … --year … --out FILE.pdf|.docx|.html` (registered by disclosure.cli).

The scope is a region written as 省/市/县 (any leading part, or one name of any level, e.g. `平潭县`;
`全部` or nothing = every region), optionally narrowed by --level/--kind or a hand-picked --agency list
(names or agency ids). A scope or year without reports is a bad input: one line on stderr, exit 2.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from disclosure.dashboard.fmt import KIND_LABELS, LEVEL_LABELS
from disclosure.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from disclosure.dashboard.selection import Selection

ALL_REGIONS = ("", "全部", "全部地区", "all")
DEFAULT_METRICS = "new,handled,open_rate,review_total,correction_rate"  # = briefing.model.DEFAULT_METRICS


def resolve_scope(
    opts: pd.DataFrame,
    region: str | None,
    levels: list[str],
    kinds: list[str],
    agencies: list[str],
    include_aggregate: bool,
    year: int,
) -> Selection:
    """The selection a user typed (the briefing's `year` and the year before), checked against the
    dataset's agencies (filter_options)."""
    from disclosure.dashboard.selection import Selection

    parts = [p.strip() for p in (region or "").replace("·", "/").split("/") if p.strip()]
    if len(parts) == 1 and parts[0] in ALL_REGIONS:
        parts = []
    where: dict[str, str | None] = {"province": None, "city": None, "county": None}
    if len(parts) == 1:
        hits = [col for col in ("province", "city", "county") if (opts[col] == parts[0]).any()]
        if not hits:
            raise InputError("--scope", f"数据集中没有地区“{parts[0]}”")
        where[hits[0]] = parts[0]
    elif parts:
        if len(parts) > 3:
            raise InputError("--scope", "地区最多写到 省/市/县 三级")
        sub = opts
        for col, value in zip(("province", "city", "county"), parts, strict=False):
            sub = sub[sub[col] == value]
            if sub.empty:
                raise InputError("--scope", f"数据集中没有地区“{'/'.join(parts)}”")
            where[col] = value
    bad = [v for v in levels if v not in LEVEL_LABELS] + [v for v in kinds if v not in KIND_LABELS]
    if bad:
        raise InputError(
            "--level/--kind",
            f"未知取值 {'、'.join(bad)}（层级：{'、'.join(LEVEL_LABELS)}；类型：{'、'.join(KIND_LABELS)}）",
        )
    ids = []
    for a in agencies:
        hit = opts[(opts["agency_id"] == a) | (opts["agency"] == a)]
        if hit.empty:
            raise InputError("--agency", f"数据集中没有单位“{a}”")
        ids.extend(hit["agency_id"].tolist())
    return Selection(
        year - 1,
        year,
        where["province"],
        where["city"],
        where["county"],
        tuple(levels),
        tuple(kinds),
        tuple(dict.fromkeys(ids)),
        include_aggregate,
    )


def briefing(
    year: Annotated[int, typer.Option("--year", help="简报年度（与上一年比较）")],
    out: Annotated[Path, typer.Option("--out", help="输出文件：.pdf、.docx 或 .html")],
    scope: Annotated[
        str, typer.Option("--scope", help="地区：省/市/县（或其中一级的名称；“全部”为所有地区）")
    ] = "全部",
    level: Annotated[
        list[str] | None, typer.Option("--level", help=f"层级（可重复）：{'、'.join(LEVEL_LABELS)}")
    ] = None,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", help=f"单位类型（可重复）：{'、'.join(KIND_LABELS)}")
    ] = None,
    agency: Annotated[
        list[str] | None, typer.Option("--agency", help="自选单位（名称或 agency_id，可重复）")
    ] = None,
    metrics: Annotated[
        str,
        typer.Option(
            "--metrics",
            help="排名指标，逗号分隔：new,handled,open_rate,"
            "carried_out,review_total,correction_rate,litigation_total",
        ),
    ] = DEFAULT_METRICS,
    include_aggregate: Annotated[
        bool, typer.Option("--include-aggregate", help="同时单独列出汇总报告（从不与本级报告相加）")
    ] = False,
    data_dir: Annotated[Path, typer.Option("--data", help="数据目录 dataset folder")] = Path("data"),
) -> None:
    """生成会议简报（PDF、Word 或 HTML）。"""
    # Heavy imports here, not at module level: `disclosure parse` must not pay for Streamlit and Plotly.
    import streamlit  # noqa: F401 - configures its loggers first; then silence the expected warning

    for name in ("streamlit.runtime.caching.cache_data_api", "streamlit.runtime.caching.cache_resource_api"):
        logging.getLogger(name).setLevel(logging.ERROR)  # "No runtime found" is expected outside the app
    from disclosure import benchmarks
    from disclosure.briefing import model, output
    from disclosure.dashboard import data

    fmt = out.suffix.lower().lstrip(".")
    if fmt not in output.FORMATS:
        raise InputError(out, "输出文件的扩展名应为 .pdf、.docx 或 .html")
    if not data.has_data(data_dir):
        raise InputError(data_dir, "不是数据目录（先运行 disclosure ingest）")
    chosen = tuple(m.strip() for m in metrics.split(",") if m.strip())
    unknown = [m for m in chosen if m not in benchmarks.metrics()]
    if unknown or not chosen:
        raise InputError(
            "--metrics",
            f"未知指标 {'、'.join(unknown) or '（空）'}（可选：{','.join(benchmarks.metrics())}）",
        )
    started = time.perf_counter()
    con = data.connect(data_dir)
    sc = resolve_scope(
        data.run("filter_options", {}, con=con),
        scope,
        level or [],
        kind or [],
        agency or [],
        include_aggregate,
        year,
    )
    try:
        b = model.build(con, sc, year, chosen)
    except model.EmptyScopeError as exc:
        raise InputError("--scope/--year", str(exc)) from exc
    output.write(b, out)
    typer.echo(
        f"会议简报已写入 {out}（{b.scope_label}，{b.year}年，{b.n_reports} 份报告，"
        f"{time.perf_counter() - started:.1f} 秒）"
    )
