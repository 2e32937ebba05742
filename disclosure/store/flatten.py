"""Turn one parse result (CONTRACT.md) into rows of the dataset tables.

Nothing here changes a number: values are copied from the parse (null stays null, 0 stays 0); a
value of the wrong type for its column is an error, not a silent null, so a parser bug cannot
quietly lose a figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from disclosure import contract
from disclosure.contract import Check, Report
from disclosure.rules import RULES
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


def identity(report: Report) -> dict[str, Any]:
    region = report.region
    province, city, county = region.province, region.city, region.county
    return {
        "agency_id": make_agency_id(report.agency, province, city, county),
        "agency": report.agency,
        "year": _int(report.year, "year"),
        "province": province,
        "city": city,
        "county": county,
    }


def _grid(report: Report, section: str) -> contract.Grid | None:
    grids: dict[str, contract.Grid | None] = {
        "active": report.active,
        "requests": report.requests,
        "review_litigation": report.review_litigation,
    }
    return grids[section]


def report_row(report: Report) -> dict[str, Any]:
    """The `reports` row of a parse, without the columns the store derives (version, is_current…)."""
    source = report.source
    template = report.template
    if template not in contract.TEMPLATES:
        raise ContractError(f"template: {template!r} is not one of {contract.TEMPLATES}")
    row: dict[str, Any] = {
        "report_id": source.sha256,
        **identity(report),
        "template": template,
        "scope": report.scope,
        "level": report.level,
        "kind": report.kind,
        "source_file": source.file,
        "format": source.format,
        "pages": _int(source.pages, "source.pages"),
        "ocr": bool(source.ocr),
        "ocr_pages": [_int(p, "source.ocr_pages") for p in source.ocr_pages],
        "synthetic": bool(report.synthetic),  # only `disclosure synth` sets it
    }
    for column, path in CELL_COLUMNS.items():
        section, key, col = path.split(".")
        block = _grid(report, section) or {}
        value = (block.get(key) or {}).get(col)
        row[column] = _float(value, path) if path in FLOAT_PATHS else _int(value, path)
    # n_errors/n_warnings/n_not_evaluable are derived by the store from the `checks` table.
    cells = report.cells
    row["n_imputed"] = sum(1 for c in cells if c.imputed)
    row["n_ambiguous"] = sum(1 for c in cells if c.ambiguous)
    status = report.status
    state = None if status is None else status.state
    if state is not None and state not in contract.STATUS_STATES:
        raise ContractError(f"status.state: {state!r} is not one of {tuple(contract.STATUS_STATES)}")
    missing = {} if status is None else status.missing
    row["report_status"] = state
    row["n_missing"] = (
        sum(_int(v, "status.missing") or 0 for v in missing.values()) if status is not None else None
    )
    # "ambiguous=3, not_printed=3": readable in SQL and the dashboard without a nested type.
    row["missing_reasons"] = ", ".join(f"{k}={v}" for k, v in sorted(missing.items())) or None
    return row


def cell_rows(report: Report, report_id: str) -> list[dict[str, Any]]:
    rows = []
    for i, cell in enumerate(report.cells):
        path = cell.path or ""
        parts = path.split(".")
        if len(parts) != 3:
            raise ContractError(f"cells[{i}].path: {path!r} is not section.row.col")
        candidates = cell.candidates
        label = cell.label
        rows.append(
            {
                "report_id": report_id,
                "template": report.template,
                "ord": i,
                "section": parts[0],
                "row": parts[1],
                "col": parts[2],
                "path": path,
                "value": _float(cell.value, path),
                "raw": cell.raw,
                "page": _int(cell.page, f"{path}.page"),
                "imputed": bool(cell.imputed),
                "ambiguous": bool(cell.ambiguous),
                "candidates": None
                if candidates is None
                else [_float(v, f"{path}.candidates") for v in candidates],
                "unsplittable": bool(cell.unsplittable),
                "imputed_by": cell.imputed_by,
                "null_reason": _reason(cell.reason, path),
                "label_printed": None if label is None else label.printed,
                "label_match": None if label is None else label.how,
                "label_distance": None if label is None else _int(label.distance, f"{path}.label.distance"),
            }
        )
    return rows


def _reason(reason: str | None, where: str) -> str | None:
    if reason is not None and reason not in contract.NULL_REASONS:
        raise ContractError(f"{where}.reason: {reason!r} is not one of {tuple(contract.NULL_REASONS)}")
    return reason


def check_rows(checks: Sequence[Check], report_id: str) -> list[dict[str, Any]]:
    rows = []
    for i, check in enumerate(checks):
        rule = check.rule
        expected, expected_text = _num_or_text(check.expected)
        actual, actual_text = _num_or_text(check.actual)
        ok = check.ok
        known = RULES.get(rule)
        if ok is not None and not isinstance(ok, bool):
            raise ContractError(f"checks[{i}].ok: {ok!r} is not true/false/null")
        rows.append(
            {
                "report_id": report_id,
                "ord": i,
                "rule": rule,
                "severity": check.severity or (None if known is None else known.severity),
                "where": check.where,
                "expected": expected,
                "actual": actual,
                "expected_text": expected_text,
                "actual_text": actual_text,
                "ok": ok,
                "message": check.message or (None if known is None else known.description),
                "level": "report",
                "related_report_id": None,
            }
        )
    return rows


def platform_rows(report: Report, report_id: str) -> list[dict[str, Any]]:
    rows = []
    for i, metric in enumerate(report.platform_metrics):
        rows.append(
            {
                "report_id": report_id,
                "ord": i,
                **metric.to_json(),
                "value": _float(metric.value, f"platform_metrics[{i}].value"),
                "offset": _int(metric.offset, f"platform_metrics[{i}].offset"),
            }
        )
    return rows


def flatten(report: Report) -> dict[str, Any]:
    """All rows of one parse: {'report': row, 'cells': [...], 'checks': [...], 'platform_metrics': [...]}."""
    row = report_row(report)
    rid = row["report_id"]
    if not rid:
        raise ContractError("source.sha256 is missing")
    return {
        "report": row,
        "cells": cell_rows(report, rid),
        "checks": check_rows(report.checks, rid),
        "platform_metrics": platform_rows(report, rid),
    }
