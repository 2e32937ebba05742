"""数据导出's page model: what the page says and offers for an export of N rows (no Streamlit).

The row count comes first (DuckDB counts, nothing is built): the page says how many rows each file will
hold before any file is made. Small exports are made when the page is drawn (instant downloads); larger
ones only when their button is clicked (Streamlit's deferred download), streamed to a temporary file by
stream_export.write_file. Excel is not offered beyond its sheet limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from disclosure.dashboard import exports
from disclosure.dashboard.selection import Selection

LABELS: dict[str, str] = {
    "requests": "申请情况（第三部分：收到和处理申请）",
    "review": "复议诉讼情况（第四部分）",
    "active": "主动公开情况（第二部分）",
    "reports": "全部字段（每份报告一行）",
    "cells": "单元格明细（每个表格单元格一行，含原文和页码）",
    "checks": "校验结果（勾稽关系）",
    "platform": "平台指标（含原文句子）",
}
EAGER_ROWS = 20_000  # up to this many rows the files are made with the page; beyond, on click
PREVIEW_ROWS = 100  # rows per preview page (asked from DuckDB one page at a time)


@dataclass(frozen=True)
class Download:
    fmt: str
    label: str
    mime: str
    icon: str
    file_name: str
    enabled: bool
    help: str


@dataclass(frozen=True)
class ExportPlan:
    topic: str
    query: str
    prefix: str | None
    n_rows: int
    n_columns: int
    stem: str
    eager: bool  # files made when the page is drawn (small), else on click
    summary: str  # said before any file is made
    downloads: tuple[Download, ...]


def plan(kind: str, sel: Selection, n_rows: int, n_columns: int) -> ExportPlan:
    """The export of `kind` for the selection, knowing its size (stream_export.row_count / columns)."""
    topic, query, prefix = exports.DATASETS[kind]
    stem = exports.file_stem(
        topic, sel.year_from, sel.year_to, "".join(p for p in (sel.province, sel.city, sel.county) if p)
    )
    eager = n_rows <= EAGER_ROWS
    excel_ok = n_rows <= exports.EXCEL_MAX_ROWS
    summary = (
        f"共 **{n_rows:,}** 行、{n_columns:,} 列：下载的每个文件都包含这 {n_rows:,} 行，只含左侧筛选条件下的数据；"
        "空白单元格表示报告未填报（不是 0）。"
    )
    if not eager:
        summary += "文件较大，点击下载按钮后才开始生成（逐块写入临时文件，不在内存中整体构建），请稍候。"
    downloads = (
        Download(
            "csv",
            "下载 CSV（Excel 可直接打开）",
            "text/csv",
            ":material/description:",
            f"{stem}.csv",
            True,
            f"UTF-8（带 BOM），{n_rows:,} 行",
        ),
        Download(
            "xlsx",
            "下载 Excel（含数据字典）",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ":material/table_view:",
            f"{stem}.xlsx",
            excel_ok,
            f"{n_rows:,} 行，另附“数据字典”和“说明”工作表"
            if excel_ok
            else f"Excel 一个工作表最多 {exports.EXCEL_MAX_ROWS:,} 行，本次 {n_rows:,} 行：请下载 CSV 或 Parquet",
        ),
        Download(
            "parquet",
            "下载 Parquet（供分析软件使用）",
            "application/octet-stream",
            ":material/database:",
            f"{stem}.parquet",
            True,
            f"{n_rows:,} 行，保留原始编码和数据类型",
        ),
    )
    return ExportPlan(topic, query, prefix, n_rows, n_columns, stem, eager, summary, downloads)
