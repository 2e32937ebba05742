"""The `disclosure ingest` command (registered by disclosure.cli; also `python -m disclosure.store`).

Exit codes: 0 every file ingested or unchanged; 1 some files failed (the others are committed);
2 usage problem (nothing matched, data folder locked by another ingest) — nothing written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from disclosure import limits
from disclosure.store import ingest as ingest_mod
from disclosure.store.snapshot import LockedError

EXIT_SOME_FAILED = 1
EXIT_USAGE = 2

STATUS_LABELS = {
    "ingested": "新导入 ingested",
    "unchanged": "未变化 unchanged",
    "new_version": "新版本 new_version",
    "held": "未设为当前 held",
    "accepted": "已确认 accepted",
    "reparsed": "重新解析 reparsed",
    "failed": "失败 failed",
}


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
    """导入年度报告到 Parquet 数据集 (ingest report files into the Parquet dataset)."""
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


app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.callback()
def _group() -> None:
    """Keep `ingest` a sub-command (Typer would otherwise flatten a one-command app)."""


app.command("ingest")(ingest)


def main() -> None:
    app(prog_name="python -m disclosure.store")


if __name__ == "__main__":
    main()
