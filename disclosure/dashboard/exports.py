"""Downloads: the filtered rows as CSV (UTF-8 with BOM, opens in Excel), Excel (with a data dictionary)
and Parquet. Blank cells stay empty (never 0); every text cell from a report is neutralised (OWASP).

Issue 13: a national export must not be built in memory. The writers take an iterable of DataFrame
chunks (DuckDB hands them over `CHUNK_ROWS` at a time, `stream_export.chunks`) and write each chunk to
the file before reading the next: CSV with pandas' writer chunk by chunk, Excel with xlsxwriter's
`constant_memory` mode (a row is flushed to disk once written), Parquet with DuckDB's own `COPY`.
`to_csv(df)` / `to_excel(df, …)` remain as one-chunk wrappers for tests and small tables.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import pandas as pd
import xlsxwriter

from disclosure import contract
from disclosure.dashboard.fmt import (
    KIND_LABELS,
    LEVEL_LABELS,
    PERIOD_LABELS,
    SCOPE_LABELS,
    SEVERITY_LABELS,
    cell_label,
    where_label,
)
from disclosure.store.dictionary import DICTIONARY

META_LABELS: dict[str, str] = {
    "report_id": "报告编号（文件SHA-256）",
    "agency_id": "单位编号",
    "agency": "单位",
    "year": "年度",
    "template": "模板",
    "scope": "报告范围",
    "level": "层级",
    "kind": "单位类型",
    "province": "省份",
    "city": "地市",
    "county": "区县",
    "source_file": "来源文件",
    "source_path": "存档路径",
    "format": "文件格式",
    "pages": "页数",
    "ocr": "是否OCR识别",
    "version": "版本",
    "is_current": "是否当前版本",
    "ingested_at": "入库时间",
    "parser_version": "解析程序版本",
    "n_errors": "校验错误数",
    "n_warnings": "校验提示数",
    "path": "单元格路径",
    "section": "部分",
    "row": "行",
    "col": "列",
    "value": "数值",
    "value_corrected": "数值（含管理员更正）",
    "corrected": "是否已更正",
    "correction_reason": "更正理由",
    "raw": "原文",
    "page": "页码",
    "imputed": "是否推定为0",
    "ambiguous": "是否有歧义",
    "rule": "规则",
    "severity": "严重程度",
    "where": "位置",
    "expected": "应为",
    "actual": "实际",
    "ok": "是否通过",
    "message": "说明",
    "platform": "平台",
    "account": "账号",
    "metric": "指标",
    "qualifier": "限定词",
    "unit": "单位（计量）",
    "period": "口径",
    "sentence": "原文句子",
    "offset": "原文位置",
    "printed_agency": "报告上的单位名称",
    "printed_agency_id": "报告上的单位编号",
    "imputed_cells": "推定为0的单元格",
    "ambiguous_cells": "有歧义的单元格",
    "difference": "差额",
}
CHECK_LEVEL_LABELS: dict[str, str] = {"report": "报告内", "dataset": "跨报告"}
# Identifiers go last in the preview, the figures first (they were off-screen behind id columns).
TRAILING_COLUMNS = (
    "printed_agency",
    "printed_agency_id",
    "agency_id",
    "report_id",
    "source_path",
    "parser_version",
    "ingest_seq",
    "ingested_at",
    "parsed_at",
    "ocr_pages",
)
SECTION_SHORT = {"active": "主动公开", "requests": "申请", "review_litigation": "复议诉讼"}

# What the export page offers: key → (Chinese topic used in the file name, query, column filter)
DATASETS: dict[str, tuple[str, str, str | None]] = {
    "requests": ("申请情况", "export_reports", "requests__"),
    "review": ("复议诉讼情况", "export_reports", "review_litigation__"),
    "active": ("主动公开情况", "export_reports", "active__"),
    "reports": ("全部字段", "export_reports", None),
    "cells": ("单元格明细", "export_cells", None),
    "checks": ("校验结果", "export_checks", None),
    "platform": ("平台指标", "export_platform", None),
}
BASE_COLUMNS = [
    "province",
    "city",
    "county",
    "agency_id",
    "agency",
    "printed_agency",
    "level",
    "kind",
    "scope",
    "year",
    "template",
    "source_file",
    "n_errors",
    "n_warnings",
    "imputed_cells",
    "ambiguous_cells",
    "report_id",
]


def column_label(col: str) -> str:
    if col.count("__") == 2:
        section, row, c = col.split("__")
        return f"{SECTION_SHORT.get(section, section)}：{cell_label(f'{section}.{row}.{c}')}"
    return META_LABELS.get(col, col)


def column_subset(columns: list[str], prefix: str | None) -> list[str] | None:
    """Identifying columns plus the cell columns of one section (None = all columns)."""
    if prefix is None:
        return None
    return [c for c in BASE_COLUMNS if c in columns] + [c for c in columns if c.startswith(prefix)]


def select_columns(df: pd.DataFrame, prefix: str | None) -> pd.DataFrame:
    """Identifying columns plus the cell columns of one section (all columns when prefix is None)."""
    keep = column_subset(list(df.columns), prefix)
    return df if keep is None else df[keep]


def readable(df: pd.DataFrame) -> pd.DataFrame:
    """Chinese headers and Chinese codes for categorical values; numbers stay numbers, blank stays blank."""
    out = df.copy()
    maps: dict[str, dict[str, str]] = {
        "kind": KIND_LABELS,
        "scope": SCOPE_LABELS,
        "severity": SEVERITY_LABELS,
        "platform": contract.PLATFORMS,
        "metric": contract.METRICS,
        "period": PERIOD_LABELS,
    }
    for col, mapping in maps.items():
        if col in out:
            out[col] = out[col].map(lambda v, m=mapping: m.get(v, v) if isinstance(v, str) else v)
    if (
        "level" in out and "rule" in out
    ):  # checks: report-level or dataset-level (the agency level is not here)
        out["level"] = out["level"].map(lambda v: CHECK_LEVEL_LABELS.get(v, v) if isinstance(v, str) else v)
    elif "level" in out:
        out["level"] = out["level"].map(lambda v: LEVEL_LABELS.get(v, v) if isinstance(v, str) else v)
    if "section" in out:
        out["section"] = out["section"].map(lambda v: SECTION_SHORT.get(v, v) if isinstance(v, str) else v)
    if "path" in out:
        out["path"] = out["path"].map(lambda v: cell_label(v) if isinstance(v, str) else v)
    for col in ("row", "col"):
        if col in out and "path" in df:
            out = out.drop(columns=col)  # codes of the path, which is now its Chinese label
    if "where" in out:
        out["where"] = out["where"].map(lambda v: where_label(v) if isinstance(v, str) else v)
    for col in ("imputed_cells", "ambiguous_cells"):
        if col in out:
            out[col] = out[col].map(
                lambda v: (
                    None
                    if v is None or not hasattr(v, "__len__") or not len(v)
                    else "、".join(cell_label(p) for p in v)
                )
            )
    for col in out.columns:
        out[col] = _whole_numbers(out[col])
    for col in ("ok", "imputed", "ambiguous", "ocr", "is_current", "corrected"):
        if col in out:
            out[col] = out[col].map(lambda v: "是" if v is True else ("否" if v is False else None))
    if "candidates" in out:
        out["candidates"] = out["candidates"].map(
            lambda v: None if v is None or (not hasattr(v, "__len__")) else "、".join(f"{x:g}" for x in v)
        )
    for col in out.columns:
        if str(out[col].dtype).startswith("datetime") and getattr(out[col].dt, "tz", None) is not None:
            out[col] = out[col].dt.tz_localize(None)
    return out.rename(columns={c: column_label(c) for c in out.columns})


def _whole_numbers(col: pd.Series) -> pd.Series:
    """Counts as integers (65, not 65.0): a float column whose values are all whole becomes nullable
    Int64; a column mixing counts and money (cells.value) keeps each value's own form. Blank stays blank."""
    if not pd.api.types.is_float_dtype(col):
        return col
    values = col.dropna()
    if values.empty:
        return col
    whole = (values == values.round()) & (values.abs() < 2**53)
    if bool(whole.all()):
        return col.astype("Int64")
    return pd.Series(
        [
            None if pd.isna(v) else (int(v) if float(v).is_integer() and abs(v) < 2**53 else float(v))
            for v in col
        ],
        index=col.index,
        dtype=object,
        name=col.name,
    )


def preview_order(df: pd.DataFrame) -> pd.DataFrame:
    """Columns for the on-screen preview: agency and year first, then the figures, identifiers last."""
    first = [c for c in ("agency", "year") if c in df]
    last = [c for c in TRAILING_COLUMNS if c in df]
    figures = [
        c
        for c in df.columns
        if (
            c.count("__") == 2
            or c in ("value", "expected", "actual", "rule", "ok", "path", "platform", "metric")
        )
        and c not in first
        and c not in last
    ]
    middle = [c for c in df.columns if c not in first and c not in last and c not in figures]
    return df[[*first, *figures, *middle, *last]]


def file_stem(topic: str, year_from: int, year_to: int, region: str | None = None) -> str:
    """Chinese download name with the region, e.g. 政府信息公开_福建省福州市_申请情况_2019-2024."""
    years = f"{year_from}" if year_from == year_to else f"{year_from}-{year_to}"
    place = "".join(ch for ch in (region or "全部地区") if ch not in '\\/:*?"<>|').strip() or "全部地区"
    return f"政府信息公开_{place}_{topic}_{years}"


def dictionary(columns: list[str]) -> pd.DataFrame:
    """One row per exported column: Chinese name, key, unit and meaning from the store's dictionary."""
    rows = []
    for col in columns:
        info = DICTIONARY.get(col)
        label = info.label if info else None
        unit = info.unit if info else None
        meaning = info.description if info else None
        if col.count("__") == 2:
            section, row, c = col.split("__")
            unit = unit or ("万元" if c == "amount_10k_yuan" else ("元" if c == "amount" else "件"))
            meaning = meaning or f"报告表格单元格：{cell_label(f'{section}.{row}.{c}')}。"
            if "0" not in meaning:
                meaning += "空白表示报告未填报或无法确定，不等于 0。"
        rows.append(
            {
                "列名": column_label(col),
                "字段": col,
                "中文名称": label or column_label(col),
                "计量单位": unit or "",
                "说明": meaning or "",
            }
        )
    return pd.DataFrame(rows)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """The write choke point of every spreadsheet export: text from a report (an account named
    `=HYPERLINK(…)`, a file name starting with `+`) must never run as a formula. OWASP's rule for
    CSV injection: a cell beginning with = + - @ tab or CR gets a leading `'`. Numbers stay numbers."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            hit = out[col].map(lambda v: isinstance(v, str) and v.startswith(_FORMULA_START)).astype(bool)
            if hit.any():  # touch only those cells: a mixed int/None column must keep its values as they are
                out[col] = out[col].astype(object)
                out.loc[hit, col] = "'" + out.loc[hit, col].astype(str)
    return out


EXCEL_MAX_ROWS = 1_048_575  # rows below the header on one Excel sheet
NOTE = "只含每份报告的当前版本；汇总报告单独成行，不应与其所汇总单位的数字相加；空白不等于 0。"


def _sheet_chunk(df: pd.DataFrame) -> pd.DataFrame:
    """One chunk as it goes into a spreadsheet: Chinese headers and codes, then neutralised."""
    return neutralise(readable(df))


def write_csv(chunks: Iterable[pd.DataFrame], out: IO[bytes]) -> int:
    """Write the chunks as one CSV (UTF-8 with BOM so that Excel opens Chinese text; CRLF rows, RFC
    4180, so that a field holding a lone CR or LF is quoted and cannot split a row). Returns the rows."""
    out.write("\ufeff".encode())
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    rows, first = 0, True
    try:
        for chunk in chunks:
            if chunk.empty and not first:
                continue
            _sheet_chunk(chunk).to_csv(text, index=False, header=first, lineterminator="\r\n")
            rows += len(chunk)
            first = False
    finally:
        text.detach()  # leave `out` open for the caller
    return rows


def to_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so that Excel opens Chinese text correctly (one chunk: small tables, tests)."""
    buf = io.BytesIO()
    write_csv([df], buf)
    return buf.getvalue()


def _cell(v: Any) -> Any:
    """A value as xlsxwriter writes it: blank stays an empty cell, timestamps as text, numbers as numbers."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if hasattr(v, "item") and not isinstance(v, str):
        return v.item()
    return v


def _write_rows(ws: Any, frame: pd.DataFrame, start: int) -> int:
    for i, row in enumerate(frame.itertuples(index=False, name=None)):
        for j, v in enumerate(row):
            v = _cell(v)
            if v is None:
                continue
            if isinstance(v, str):
                ws.write_string(start + i, j, v)  # never a formula or a link, whatever it looks like
            elif isinstance(v, bool):
                ws.write_boolean(start + i, j, v)
            elif isinstance(v, int | float):
                ws.write_number(start + i, j, v)
            else:
                ws.write_string(start + i, j, str(v))
    return len(frame)


def write_excel(
    chunks: Iterable[pd.DataFrame],
    out: str | Path | IO[bytes],
    columns: list[str],
    selection: str,
    topic: str,
    n_rows: int | None = None,
) -> int:
    """Write the chunks to one workbook: the data sheet, 数据字典 (one row per column) and 说明 (the selection
    and the row count). xlsxwriter's `constant_memory` mode flushes each row to a temporary file, so the
    workbook is never held in memory (rows must then be written in order, which chunks are)."""
    options = {
        "constant_memory": True,
        "strings_to_formulas": False,  # strings are written as strings, never as formulas or links
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    wb = xlsxwriter.Workbook(out, options)
    header_fmt = wb.add_format({"bold": True})
    sheet = topic[:31]
    ws = wb.add_worksheet(sheet)
    rows, header = 0, None
    for chunk in chunks:
        frame = _sheet_chunk(chunk)
        if header is None:
            header = list(frame.columns)
            for j, name in enumerate(header):
                ws.set_column(j, j, min(40, max(10, len(str(name)) * 2)))
                ws.write_string(0, j, str(name), header_fmt)
        if rows + len(frame) > EXCEL_MAX_ROWS:
            raise ValueError(f"Excel 一个工作表最多 {EXCEL_MAX_ROWS:,} 行，请改用 CSV 或 Parquet")
        rows += _write_rows(ws, frame, 1 + rows)
    if header is None:  # no chunk at all: still a header row
        for j, name in enumerate(column_label(c) for c in columns):
            ws.write_string(0, j, name, header_fmt)
    ws.freeze_panes(1, 0)
    meta = [
        ("数据字典", neutralise(dictionary(columns)), {0: 50, 1: 40, 2: 80}),
        (
            "说明",
            neutralise(
                pd.DataFrame(
                    {
                        "项目": ["筛选条件", "行数", "说明"],
                        "内容": [selection, rows if n_rows is None else n_rows, NOTE],
                    }
                )
            ),
            {1: 100},
        ),
    ]
    for name, frame, widths in meta:
        ms = wb.add_worksheet(name)
        for j, col in enumerate(frame.columns):
            ms.write_string(0, j, str(col), header_fmt)
        _write_rows(ms, frame, 1)
        for j, width in widths.items():
            ms.set_column(j, j, width)
    wb.close()
    return rows


def to_excel(df: pd.DataFrame, selection: str, topic: str) -> bytes:
    """The workbook of one DataFrame (small tables, tests): the same writer as the streamed export."""
    buf = io.BytesIO()
    write_excel([df], buf, list(df.columns), selection, topic)
    return buf.getvalue()


def to_parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()
