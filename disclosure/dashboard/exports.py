"""Downloads: the filtered rows as CSV (UTF-8 with BOM, opens in Excel), Excel (with a data dictionary)
and Parquet. Pure functions: DataFrame in, bytes out. Blank cells stay empty (never 0)."""

from __future__ import annotations

import io

import pandas as pd

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


def select_columns(df: pd.DataFrame, prefix: str | None) -> pd.DataFrame:
    """Identifying columns plus the cell columns of one section (all columns when prefix is None)."""
    if prefix is None:
        return df
    cols = [c for c in BASE_COLUMNS if c in df] + [c for c in df.columns if c.startswith(prefix)]
    return df[cols]


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


def to_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so that Excel opens Chinese text correctly."""
    # CRLF rows (RFC 4180): the csv writer then quotes any field holding a lone CR or LF, which would
    # otherwise split a row in two when Excel opens the file.
    return neutralise(readable(df)).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_excel(df: pd.DataFrame, selection: str, topic: str) -> bytes:
    buf = io.BytesIO()
    data = neutralise(readable(df))
    # Strings are written as strings, never as formulas or links (xlsxwriter's defaults convert both).
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buf, engine="xlsxwriter", engine_kwargs={"options": options}) as xw:
        sheet = topic[:31]
        data.to_excel(xw, sheet_name=sheet, index=False)
        ws = xw.sheets[sheet]
        ws.freeze_panes(1, 0)
        for i, col in enumerate(data.columns):
            ws.set_column(i, i, min(40, max(10, len(str(col)) * 2)))
        neutralise(dictionary(list(df.columns))).to_excel(xw, sheet_name="数据字典", index=False)
        xw.sheets["数据字典"].set_column(0, 0, 50)
        xw.sheets["数据字典"].set_column(1, 1, 40)
        xw.sheets["数据字典"].set_column(2, 2, 80)
        neutralise(
            pd.DataFrame(
                {
                    "项目": ["筛选条件", "行数", "说明"],
                    "内容": [
                        selection,
                        len(df),
                        "只含每份报告的当前版本；汇总报告单独成行，不应与其所汇总单位的数字相加；空白不等于 0。",
                    ],
                }
            )
        ).to_excel(xw, sheet_name="说明", index=False)
        xw.sheets["说明"].set_column(1, 1, 100)
    return buf.getvalue()


def to_parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()
