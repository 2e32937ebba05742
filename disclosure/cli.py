"""The `disclosure` command, the project's one CLI: `parse` one report (JSON or a readable summary),
`ingest` many into the dataset, `synth` a synthetic dataset, `briefing` a meeting brief.

Error policy: a user who points the tool at a bad file gets ONE line on stderr naming the file and
the reason ("错误: <file>: <reason>") and exit code 2 — never a traceback. Unexpected failures are
bugs, but still become one line (file, exception type, and a hint to rerun with `--debug`, which
re-raises so a developer sees the traceback). This is why `main()` runs the Typer app with its
pretty tracebacks off and catches what escapes it: Typer would otherwise print a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from disclosure import contract, limits
from disclosure.contract import Cell, Grid, Report, Value
from disclosure.errors import InputError, display_name
from disclosure.rules import RULES
from disclosure.store import ingest as ingest_mod
from disclosure.store.snapshot import LockedError

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1

app = typer.Typer(
    name="disclosure",
    help="政府信息公开工作年度报告：解析、入库、会议简报。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

# The file being processed, so an unexpected exception can still be reported against it.
_current: dict[str, str | None] = {"file": None}


# `--debug` is declared (root and parse) so Typer accepts and documents it; `main()` reads it from
# argv itself, because the exceptions it governs are caught outside the Typer app.
@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="出错时显示完整的 Python 回溯（开发用）"),
) -> None:
    """政府信息公开工作年度报告：解析、入库。"""


@app.command("parse")
def parse_cmd(
    file: str = typer.Argument(..., help="报告文件（PDF、DOCX、HTML 或文本）"),
    as_json: bool = typer.Option(False, "--json", help="输出与数据契约一致的 JSON 对象"),
    debug: bool = typer.Option(False, "--debug", help="出错时显示完整的 Python 回溯（开发用）"),
    max_file_mb: float = typer.Option(
        0, "--max-file-mb", min=0, help="文件大小上限 MB（0 为默认 100，或环境变量 DISCLOSURE_MAX_FILE_MB）"
    ),
) -> None:
    """解析一份年度报告。"""
    from disclosure.pipeline import parse_file

    limits.set_max_file_mb(max_file_mb)
    _current["file"] = display_name(file)
    report = parse_file(file)
    if as_json:
        out = json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
        sys.stdout.buffer.write(out.encode("utf-8"))
        sys.stdout.flush()
    else:
        render_summary(report, _console())


# --- ingest ----------------------------------------------------------------------------------------
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2  # ingest: nothing matched, or the data folder is locked by another ingest

STATUS_LABELS = {
    "ingested": "新导入 ingested",
    "unchanged": "未变化 unchanged",
    "new_version": "新版本 new_version",
    "held": "未设为当前 held",
    "accepted": "已确认 accepted",
    "reparsed": "重新解析 reparsed",
    "failed": "失败 failed",
}


@app.command("ingest")
def ingest(
    paths: Annotated[
        list[str] | None, typer.Argument(help="文件、文件夹（递归）或通配符 files, folders, globs")
    ] = None,
    data: Annotated[Path, typer.Option("--data", help="数据目录 dataset folder")] = Path("data"),
    reparse: Annotated[
        bool, typer.Option("--reparse", help="重新解析已存的全部源文件 re-parse stored sources")
    ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="并行解析进程数 parallel workers")] = 2,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0, help="每个文件的时限（秒，0 为不限）")
    ] = 600.0,
    max_memory_mb: Annotated[
        int, typer.Option("--max-memory-mb", min=0, help="每个解析进程的内存上限 MB（0 为不限）")
    ] = 4096,
    keep: Annotated[int, typer.Option("--keep", min=1, help="保留的快照数 snapshots to keep")] = 3,
    max_file_mb: Annotated[
        float, typer.Option("--max-file-mb", min=0, help="每个文件的大小上限 MB（0 为默认 100）")
    ] = 0,
    accept: Annotated[
        bool,
        typer.Option(
            "--accept",
            help="即使新版本明显不如当前版本完整，也设为当前版本 accept less complete versions as current",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度条 no progress bar")] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="在 Dask 集群上解析：local:2（本机 2 个进程）或 tcp://主机:8786 (parse on Dask)",
        ),
    ] = None,
) -> None:
    """导入年度报告到 Parquet 数据集 (ingest report files into the Parquet dataset).

    Exit codes: 0 every file ingested or unchanged; 1 some files failed (the others are committed);
    2 usage problem (nothing matched, data folder locked by another ingest) — nothing written.
    """
    paths = list(paths or [])
    err = Console(stderr=True)
    if not paths and not reparse:
        err.print("错误: 请给出要导入的文件或文件夹 (no PATH given)")
        raise typer.Exit(EXIT_USAGE)
    limits.set_max_file_mb(max_file_mb)
    opts = ingest_mod.Options(
        reparse=reparse,
        jobs=jobs,
        timeout=timeout or None,
        max_memory_mb=max_memory_mb or None,
        keep=keep,
        progress=not quiet,
        accept=accept,
        scheduler=scheduler,
    )
    try:
        summary = ingest_mod.run(paths, data, opts)
    except LockedError as exc:
        err.print(f"错误: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    print_summary(summary, Console(file=sys.stdout))
    if summary.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def print_summary(summary: ingest_mod.Summary, console: Console) -> None:
    n = len(summary.results)
    rate = n / summary.elapsed if summary.elapsed else 0.0
    counts = "  ".join(
        f"{STATUS_LABELS[s]}: {summary.count(s)}"
        for s in ingest_mod.STATUSES
        if s not in ("reparsed", "held", "accepted") or summary.count(s)
    )
    console.print(f"{n} 个文件 files in {summary.elapsed:.1f} s ({rate:.1f}/s) — {counts}", soft_wrap=True)
    if summary.skipped:
        console.print(
            f"跳过 skipped {summary.skipped} 个非报告扩展名的文件 (files without a report extension)"
        )
    # One unwrapped line per held or failed file ("file: reason"), so it can be grepped and copied.
    for r in summary.results:
        if r.status == "held":
            console.print(
                f"未设为当前 held: {r.file}: {r.reason}", soft_wrap=True, markup=False, highlight=False
            )
    for r in summary.failed:
        console.print(f"失败 failed: {r.file}: {r.reason}", soft_wrap=True, markup=False, highlight=False)
    if summary.snapshot is not None:
        console.print(f"快照 snapshot: {summary.snapshot}", soft_wrap=True, highlight=False)


def _register_briefing() -> None:
    """`disclosure briefing` is implemented by disclosure.briefing.cli; only registered here."""
    from disclosure.briefing.cli import briefing

    app.command("briefing")(briefing)


_register_briefing()


@app.command("synth")
def synth_cmd(
    reports: Annotated[int, typer.Option("--reports", help="合成报告份数（如 10000、2000000）")],
    out: Annotated[Path, typer.Option("--out", help="输出数据目录：必须为空目录或已有的合成数据目录")],
    seed: Annotated[int, typer.Option("--seed", help="随机种子（同一种子得到同一数据）")] = 0,
) -> None:
    """生成合成数据集（与真实数据同一结构，每行 synthetic = true），用于规模测试；不会写入真实数据目录。"""
    import os
    import time

    from disclosure import synth

    configured = Path(os.environ["DISCLOSURE_DATA"]) if os.environ.get("DISCLOSURE_DATA") else None
    t0 = time.monotonic()
    try:
        result = synth.generate(reports, out, seed=seed, configured_data=configured)
    except synth.SynthError as exc:
        print(f"错误: {exc}", file=sys.stderr)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    print(
        f"合成数据：{result.reports} 份报告，{result.agencies} 个机关，{result.buckets} 个分桶，"
        f"用时 {time.monotonic() - t0:.1f} 秒 → {result.snapshot}"
    )


# --- human summary -------------------------------------------------------------------------------

BLANK = "—"  # a cell the report leaves blank / not given: never shown as 0
# Said next to an aggregate report's scope: its figures include its subordinate agencies' reports.
AGGREGATE_NOTE = "（含下属机关，勿与其重复相加）"
SUMMARY_PERIOD_LABELS = {"annual": "全年", "cumulative": "累计"}


def _console() -> Console:
    # A fixed width when piped keeps the wide tables intact in files and tests.
    return Console(width=None if sys.stdout.isatty() else 140, highlight=False)


def _fmt(v: object) -> str:
    if v is None:
        return BLANK
    if isinstance(v, float):
        # repr gives the shortest exact decimal: a printed 24252.311082 must not show as 24252.31.
        return repr(v).removesuffix(".0")
    return str(v)


def _cell_text(path: str, value: Value, cells: Mapping[str, Cell]) -> Text:
    cell = cells.get(path)
    if cell is not None and cell.ambiguous:
        return Text("?", style="bold magenta")
    if cell is not None and cell.imputed:
        return Text(f"{_fmt(value)}*", style="yellow")
    if value is None:
        raw = None if cell is None else cell.raw
        return Text(raw if raw and raw.strip() else BLANK, style="dim")
    return Text(_fmt(value))


def _label(labels: Mapping[str, str], key: str | None) -> str:
    return BLANK if key is None else labels.get(key, BLANK)


def render_summary(report: Report, console: Console) -> None:
    """Print a person-readable view of one parsed report."""
    region = report.region
    place = " / ".join(v for v in (region.province, region.city, region.county) if v)
    src = report.source
    scope = _label(contract.SCOPE_LABELS, report.scope)
    if report.scope == "aggregate":
        scope += AGGREGATE_NOTE
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("机关", report.agency or BLANK)
    head.add_row("年度", _fmt(report.year))
    head.add_row("格式", _label(contract.TEMPLATE_LABELS, report.template))
    head.add_row("范围", scope)
    head.add_row("层级", _label(contract.LEVEL_LABELS, report.level))
    head.add_row("类型", _label(contract.KIND_LABELS, report.kind))
    head.add_row("地区", place or BLANK)
    pages = f"，{src.pages} 页" if src.pages else ""
    ocr = f"，OCR 页：{list(src.ocr_pages)}" if src.ocr else ""
    head.add_row("来源", f"{src.file}（{src.format}{pages}{ocr}）")
    console.print(head)
    console.print()

    cells = report.cell_map()
    template = report.template
    if template == "legacy" or report.requests is None:
        console.print("[dim]此报告没有 2019 年起的统一统计表格，只保留机关、年度和正文指标。[/dim]")
    else:
        _render_tables(report, cells, console)
        console.print(
            f"[dim]{BLANK} = 报告未填或未给出（不等于 0）；* = 按勾稽关系推定为 0；? = 数字连写无法唯一拆分[/dim]"
        )
        for c in (c for c in cells.values() if c.ambiguous):
            cands = list(c.candidates or ())
            shown = "、".join(map(_fmt, cands[:8])) + (f" 等 {len(cands)} 种" if len(cands) > 8 else "")
            console.print(f"[magenta]?[/magenta] {c.path}：原文 “{c.raw}”，可能为 {shown}")
        console.print()

    _render_metrics(report, console)
    _render_checks(report, console)


def _render_tables(report: Report, cells: Mapping[str, Cell], console: Console) -> None:
    template = report.template
    groups: dict[tuple[str, ...], list[str]] = {}
    for row, cols in contract.active_schema(template).items():
        groups.setdefault(cols, []).append(row)
    console.print("[bold]二、主动公开政府信息情况[/bold]")
    for cols, rows in groups.items():
        console.print(
            _value_table(
                "active",
                report.active or {},
                "信息内容",
                rows,
                contract.ACTIVE_ROW_LABELS,
                cols,
                contract.ACTIVE_COLUMN_LABELS,
                cells,
            )
        )
    console.print("[bold]三、收到和处理政府信息公开申请情况[/bold]")
    console.print(
        _value_table(
            "requests",
            report.requests or {},
            "项目",
            contract.request_row_keys(template),
            contract.REQUEST_ROW_LABELS,
            contract.REQUEST_COLUMNS,
            contract.REQUEST_COLUMN_LABELS,
            cells,
        )
    )
    console.print("[bold]四、政府信息公开行政复议、行政诉讼情况[/bold]")
    console.print(
        _value_table(
            "review_litigation",
            report.review_litigation or {},
            "",
            contract.REVIEW_GROUPS,
            contract.REVIEW_GROUP_LABELS,
            contract.REVIEW_COLUMNS,
            contract.REVIEW_COLUMN_LABELS,
            cells,
        )
    )


def _value_table(
    section: str,
    data: Grid,
    head: str,
    rows: Sequence[str],
    row_labels: Mapping[str, str],
    cols: Sequence[str],
    col_labels: Mapping[str, str],
    cells: Mapping[str, Cell],
) -> Table:
    """One statistics table: a label column, then one right-aligned column per value column; the
    cell for `row`/`col` is `data[row][col]`, annotated from `cells["{section}.{row}.{col}"]`."""
    t = Table(show_header=True, header_style="bold")
    t.add_column(head)
    for col in cols:
        t.add_column(col_labels[col], justify="right")
    for row in rows:
        values = data.get(row) or {}
        t.add_row(row_labels[row], *[_cell_text(f"{section}.{row}.{c}", values.get(c), cells) for c in cols])
    return t


def _render_metrics(report: Report, console: Console) -> None:
    metrics = report.platform_metrics
    if not metrics:
        return
    t = Table(title="平台数据（正文）", show_header=True, header_style="bold", title_justify="left")
    for name in ("平台", "账号", "指标", "数值", "单位", "期间"):
        t.add_column(name)
    for m in metrics:
        t.add_row(
            contract.PLATFORMS.get(m.platform, str(m.platform)),
            m.account or "",
            contract.METRICS.get(m.metric, str(m.metric)),
            f"{m.qualifier or ''}{_fmt(m.value)}",
            m.unit or "",
            SUMMARY_PERIOD_LABELS.get(m.period or "", m.period or ""),
        )
    console.print(t)
    console.print()


def _render_checks(report: Report, console: Console) -> None:
    checks = report.checks
    failed = [c for c in checks if c.ok is False]
    unknown = [c for c in checks if c.ok is None]
    passed = len(checks) - len(failed) - len(unknown)
    if not checks:
        console.print("[bold]勾稽关系检查[/bold]：没有可检查的统计表")
        return
    console.print(
        f"[bold]勾稽关系检查[/bold]：{passed} 项通过，{len(failed)} 项不符，{len(unknown)} 项无法检查"
    )
    if not failed:
        return
    t = Table(show_header=True, header_style="bold")
    for name in ("规则", "级别", "位置", "应为", "实际", "说明"):
        t.add_column(name)
    for c in failed:
        known = RULES.get(c.rule)
        severity = c.severity or ("" if known is None else known.severity)
        message = c.message or ("" if known is None else known.description)
        style = "red" if severity == "error" else "yellow"
        t.add_row(
            Text(c.rule, style=style),
            contract.SEVERITY_LABELS.get(severity, "提示"),
            c.where,
            _fmt(c.expected),
            _fmt(c.actual),
            message,
        )
    console.print(t)


# --- entry point ---------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def main(argv: list[str] | None = None) -> None:
    """Console entry point (`disclosure = "disclosure.cli:main"`)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    try:
        # Standalone mode: Typer itself handles --help, usage errors (exit 2) and typer.Exit.
        app(args=args, prog_name="disclosure")
    except InputError as exc:
        if debug:
            raise
        print(f"错误: {_one_line(str(exc))}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - the user must get one line, not a traceback
        if debug:
            raise
        where = _current["file"] or "disclosure"
        print(
            f"错误: {where}: 内部错误 {type(exc).__name__}: {_one_line(str(exc))[:300]}"
            f"（可加 --debug 查看详情，并请报告此问题）",
            file=sys.stderr,
        )
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
