"""Cross-year checks that need more than one report: R5 and R7 (SPEC §6), both warnings.

They are recomputed from the current versions on every write, because a new version of either year
changes their result; report-level checks (R1–R4, R6, R8) come from the parse and are kept as is.
A pair of reports is compared only when both exist for the same agency_id and scope in consecutive
years;
a missing cell gives `ok = null` (not evaluable), never a pass.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from disclosure import contract
from disclosure.store import schema

R7_ROWS: tuple[str, ...] = ("regulations", "normative_documents")


def _pairs(reports: pl.DataFrame, templates: tuple[str, ...]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(previous year, this year) current reports of the same agency, both of the given templates."""
    cur = reports.filter(
        pl.col("is_current")
        & pl.col("agency_id").is_not_null()
        & pl.col("year").is_not_null()
        & pl.col("template").is_in(list(templates))
    )
    # Scope is part of the key: an aggregate report is compared with last year's aggregate only.
    by_key = {(r["agency_id"], r["scope"] or "own", r["year"]): r for r in cur.iter_rows(named=True)}
    pairs = []
    for (aid, scope, year), row in sorted(by_key.items()):
        prev = by_key.get((aid, scope, year - 1))
        if prev is not None:
            pairs.append((prev, row))
    return pairs


def _check(
    row: dict[str, Any],
    prev: dict[str, Any],
    rule: str,
    where: str,
    ord_: int,
    expected: float | None,
    actual: float | None,
    detail: str,
) -> dict[str, Any]:
    severity, message = contract.RULES[rule]
    ok = None if expected is None or actual is None else expected == actual
    return {
        "report_id": row["report_id"],
        "agency_id": row["agency_id"],
        "agency": row["agency"],
        "year": row["year"],
        "is_current": True,
        "synthetic": row.get("synthetic"),
        "ord": ord_,
        "rule": rule,
        "severity": severity,
        "where": where,
        "expected": None if expected is None else float(expected),
        "actual": None if actual is None else float(actual),
        "expected_text": None,
        "actual_text": None,
        "ok": ok,
        "message": f"{message}（{detail}）",
        "level": "dataset",
        "related_report_id": prev["report_id"],
    }


def r5(reports: pl.DataFrame) -> list[dict[str, Any]]:
    """carried_in(Y) = carried_out(Y−1), per applicant column; both table templates qualify."""
    out = []
    for prev, row in _pairs(reports, ("2021", "2019")):
        detail = f"{row['year']}年上年结转 vs {prev['year']}年结转下年度"
        for i, col in enumerate(contract.REQUEST_COLUMNS):
            expected = prev[f"requests__carried_out__{col}"]
            actual = row[f"requests__carried_in__{col}"]
            out.append(_check(row, prev, "R5", f"requests.{col}", i, expected, actual, detail))
    return out


def r7(reports: pl.DataFrame) -> list[dict[str, Any]]:
    """in_force(Y) = in_force(Y−1) + issued(Y) − repealed(Y); only the 2021 template has these cells."""
    out = []
    for prev, row in _pairs(reports, ("2021",)):
        detail = f"{prev['year']}年现行有效 + {row['year']}年制发 − 废止"
        for i, key in enumerate(R7_ROWS):
            before = prev[f"active__{key}__in_force"]
            issued = row[f"active__{key}__issued"]
            repealed = row[f"active__{key}__repealed"]
            expected = None if None in (before, issued, repealed) else before + issued - repealed
            actual = row[f"active__{key}__in_force"]
            out.append(_check(row, prev, "R7", f"active.{key}", 100 + i, expected, actual, detail))
    return out


def run(reports: pl.DataFrame) -> pl.DataFrame:
    """All dataset-level check rows for the current versions, typed as the `checks` table."""
    return schema.from_rows(r5(reports) + r7(reports), "checks")
