"""Turn one parse result (CONTRACT.md) into rows of the dataset tables.

Nothing here changes a number: values are copied from the parse (null stays null, 0 stays 0); a
value of the wrong type for its column is an error, not a silent null, so a parser bug cannot
quietly lose a figure.
"""

from __future__ import annotations

import math
from typing import Any

from disclosure import contract
from disclosure.store.columns import CELL_COLUMNS, FLOAT_PATHS
from disclosure.store.identity import agency_id as make_agency_id


class ContractError(ValueError):
    """The parse result does not have the shape of the contract."""


def _int(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ContractError(f"{where}: boolean {value!r} where an integer was expected")
    if isinstance(value, float) and value.is_integer() and abs(value) <= contract.MAX_ABS_VALUE:
        value = int(value)
    if isinstance(value, int):
        if abs(value) > contract.MAX_ABS_VALUE:
            raise ContractError(f"{where}: value out of range (above 2^53)")
        return value
    raise ContractError(f"{where}: {value!r} is not an integer")


def _float(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ContractError(f"{where}: {value!r} is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ContractError(f"{where}: {value!r} is not a finite number")
    if abs(value) > contract.MAX_ABS_VALUE:  # also keeps float() of a huge int from overflowing
        raise ContractError(f"{where}: value out of range (above 2^53)")
    return float(value)


def _num_or_text(value: Any) -> tuple[float | None, str | None]:
    """Check expected/actual: numbers go to the DOUBLE column, anything else to the text column."""
    if value is None:
        return None, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value), None
    return None, str(value)


def identity(report: dict[str, Any]) -> dict[str, Any]:
    region = report.get("region") or {}
    province, city, county = region.get("province"), region.get("city"), region.get("county")
    return {
        "agency_id": make_agency_id(report.get("agency"), province, city, county),
        "agency": report.get("agency"),
        "year": _int(report.get("year"), "year"),
        "province": province,
        "city": city,
        "county": county,
    }


def report_row(report: dict[str, Any]) -> dict[str, Any]:
    """The `reports` row of a parse, without the columns the store derives (version, is_current…)."""
    source = report.get("source") or {}
    template = report.get("template")
    if template not in contract.TEMPLATES:
        raise ContractError(f"template: {template!r} is not one of {contract.TEMPLATES}")
    row: dict[str, Any] = {
        "report_id": source.get("sha256"),
        **identity(report),
        "template": template,
        "scope": report.get("scope"),
        "level": report.get("level"),
        "kind": report.get("kind"),
        "source_file": source.get("file"),
        "format": source.get("format"),
        "pages": _int(source.get("pages"), "source.pages"),
        "ocr": bool(source.get("ocr")),
        "ocr_pages": [_int(p, "source.ocr_pages") for p in (source.get("ocr_pages") or [])],
        "synthetic": bool(report.get("synthetic", False)),  # only `disclosure synth` sets it
    }
    for column, path in CELL_COLUMNS.items():
        section, key, col = path.split(".")
        block = report.get(section) or {}
        value = (block.get(key) or {}).get(col)
        row[column] = _float(value, path) if path in FLOAT_PATHS else _int(value, path)
    # n_errors/n_warnings/n_not_evaluable are derived by the store from the `checks` table.
    cells = report.get("cells") or []
    row["n_imputed"] = sum(1 for c in cells if c.get("imputed"))
    row["n_ambiguous"] = sum(1 for c in cells if c.get("ambiguous"))
    status = report.get("status") or {}
    state = status.get("state")
    if state is not None and state not in contract.STATUS_STATES:
        raise ContractError(f"status.state: {state!r} is not one of {tuple(contract.STATUS_STATES)}")
    missing = status.get("missing") or {}
    row["report_status"] = state
    row["n_missing"] = sum(_int(v, "status.missing") or 0 for v in missing.values()) if status else None
    # "ambiguous=3, not_printed=3": readable in SQL and the dashboard without a nested type.
    row["missing_reasons"] = ", ".join(f"{k}={v}" for k, v in sorted(missing.items())) or None
    return row


def cell_rows(report: dict[str, Any], report_id: str) -> list[dict[str, Any]]:
    rows = []
    for i, cell in enumerate(report.get("cells") or []):
        path = cell.get("path") or ""
        parts = path.split(".")
        if len(parts) != 3:
            raise ContractError(f"cells[{i}].path: {path!r} is not section.row.col")
        candidates = cell.get("candidates")
        rows.append(
            {
                "report_id": report_id,
                "template": report.get("template"),
                "ord": i,
                "section": parts[0],
                "row": parts[1],
                "col": parts[2],
                "path": path,
                "value": _float(cell.get("value"), path),
                "raw": cell.get("raw"),
                "page": _int(cell.get("page"), f"{path}.page"),
                "imputed": bool(cell.get("imputed")),
                "ambiguous": bool(cell.get("ambiguous")),
                "candidates": None
                if candidates is None
                else [_float(v, f"{path}.candidates") for v in candidates],
                "unsplittable": bool(cell.get("unsplittable")),
                "imputed_by": cell.get("imputed_by"),
                "null_reason": _reason(cell.get("reason"), path),
                "label_printed": (cell.get("label") or {}).get("printed"),
                "label_match": (cell.get("label") or {}).get("how"),
                "label_distance": _int((cell.get("label") or {}).get("distance"), f"{path}.label.distance"),
            }
        )
    return rows


def _reason(reason: Any, where: str) -> str | None:
    if reason is not None and reason not in contract.NULL_REASONS:
        raise ContractError(f"{where}.reason: {reason!r} is not one of {tuple(contract.NULL_REASONS)}")
    return reason


def check_rows(report: dict[str, Any], report_id: str) -> list[dict[str, Any]]:
    rows = []
    for i, check in enumerate(report.get("checks") or []):
        rule = check.get("rule")
        expected, expected_text = _num_or_text(check.get("expected"))
        actual, actual_text = _num_or_text(check.get("actual"))
        ok = check.get("ok")
        default_severity, default_message = contract.RULES.get(rule, (None, None))
        if ok is not None and not isinstance(ok, bool):
            raise ContractError(f"checks[{i}].ok: {ok!r} is not true/false/null")
        rows.append(
            {
                "report_id": report_id,
                "ord": i,
                "rule": rule,
                "severity": check.get("severity") or default_severity,
                "where": check.get("where"),
                "expected": expected,
                "actual": actual,
                "expected_text": expected_text,
                "actual_text": actual_text,
                "ok": ok,
                "message": check.get("message") or default_message,
                "level": "report",
                "related_report_id": None,
            }
        )
    return rows


def platform_rows(report: dict[str, Any], report_id: str) -> list[dict[str, Any]]:
    rows = []
    for i, metric in enumerate(report.get("platform_metrics") or []):
        rows.append(
            {
                "report_id": report_id,
                "ord": i,
                **{k: metric.get(k) for k in contract.PLATFORM_METRIC_FIELDS},
                "value": _float(metric.get("value"), f"platform_metrics[{i}].value"),
                "offset": _int(metric.get("offset"), f"platform_metrics[{i}].offset"),
            }
        )
    return rows


def flatten(report: dict[str, Any]) -> dict[str, Any]:
    """All rows of one parse: {'report': row, 'cells': [...], 'checks': [...], 'platform_metrics': [...]}."""
    row = report_row(report)
    rid = row["report_id"]
    if not rid:
        raise ContractError("source.sha256 is missing")
    return {
        "report": row,
        "cells": cell_rows(report, rid),
        "checks": check_rows(report, rid),
        "platform_metrics": platform_rows(report, rid),
    }
