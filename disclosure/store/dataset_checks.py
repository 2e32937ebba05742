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

from disclosure.rules import RULES
from disclosure.rules.identities import R5, R7, YearOverYear, YearTerm, year_expected, year_identities
from disclosure.store import schema
from disclosure.store.columns import column_of


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
    severity, message = RULES[rule].severity, RULES[rule].description
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


def _year_checks(
    reports: pl.DataFrame, rule: YearOverYear, templates: tuple[str, ...], first_ord: int, detail: str
) -> list[dict[str, Any]]:
    """One row per instance of a year-over-year identity (its declaration: disclosure.rules.identities)
    per pair of consecutive current reports; `detail` is formatted with both years."""
    terms: list[YearTerm] = year_identities(rule)
    out = []
    for prev, row in _pairs(reports, templates):
        text = detail.format(prev=prev["year"], this=row["year"])
        for i, term in enumerate(terms):
            names = {term.this, *term.prev_plus, *term.this_plus, *term.this_minus}
            prev_vals = {p: prev[column_of(p)] for p in names}
            this_vals = {p: row[column_of(p)] for p in names}
            expected = year_expected(term, prev_vals, this_vals)
            actual = this_vals[term.this]
            out.append(_check(row, prev, rule.rule, term.where, first_ord + i, expected, actual, text))
    return out


def r5(reports: pl.DataFrame) -> list[dict[str, Any]]:
    """carried_in(Y) = carried_out(Y−1), per applicant column; both table templates qualify."""
    return _year_checks(reports, R5, ("2021", "2019"), 0, "{this}年上年结转 vs {prev}年结转下年度")


def r7(reports: pl.DataFrame) -> list[dict[str, Any]]:
    """in_force(Y) = in_force(Y−1) + issued(Y) − repealed(Y); only the 2021 template has these cells."""
    return _year_checks(reports, R7, ("2021",), 100, "{prev}年现行有效 + {this}年制发 − 废止")


def run(reports: pl.DataFrame) -> pl.DataFrame:
    """All dataset-level check rows for the current versions, typed as the `checks` table."""
    return schema.from_rows(r5(reports) + r7(reports), "checks")
