"""Consistency rules R1–R4 and R6 on one parsed report (SPEC §6, docs/CONTRACT.md `checks`), then R8.

Each result is data shown to users: a report that contradicts itself fails its check, it is never
"fixed". A rule whose cells are null (blank, dash, ambiguous, not printed) is reported with
`ok: None` — not evaluable — and never counted as passed.
"""

from __future__ import annotations

from typing import Any

from disclosure import contract
from disclosure.model import Document

Number = int | float

# A fee "in 万元" this large (≥ 100 亿元) is far more likely a yuan figure written in the 万元 column.
FEE_10K_YUAN_SUSPECT = 1_000_000


def entry(
    rule: str,
    where: str,
    expected: Any,
    actual: Any,
    ok: bool | None,
    severity: str | None = None,
    message: str | None = None,
) -> dict[str, Any]:
    sev, msg = contract.RULES[rule]
    return {
        "rule": rule,
        "severity": severity or sev,
        "where": where,
        "expected": expected,
        "actual": actual,
        "ok": ok,
        "message": message or msg,
    }


def sum_or_none(values: list[Number | None]) -> Number | None:
    """The sum, or None when any value is null (a sum over an unknown cell is unknown)."""
    if any(v is None for v in values):
        return None
    return sum(values)  # type: ignore[arg-type]


def _compare(rule: str, where: str, expected: Number | None, actual: Number | None) -> dict[str, Any]:
    ok = None if expected is None or actual is None else expected == actual
    return entry(rule, where, expected, actual, ok)


def run(report: dict[str, Any], doc: Document) -> list[dict[str, Any]]:
    from disclosure.parse import r8

    out: list[dict[str, Any]] = []
    if report.get("template") in ("2021", "2019") and report.get("requests") is not None:
        cells = {c["path"]: c for c in report.get("cells") or []}
        out += requests_checks(report["requests"], cells, report["template"])
        out += r4_checks(report, cells)
        out += r6_checks(report["review_litigation"])
    out += r8.check(report, doc)
    return out


def report_status(report: dict[str, Any]) -> dict[str, Any]:
    """The declared status of a parsed report (docs/CONTRACT.md `status`).

    `complete`: every cell of its template is read (a printed blank or dash is read) and no check
    fails; `contradictions`: every cell read, some checks fail — the source contradicts itself and
    each failed check is listed; `incomplete`: some cells could not be read, each with its reason
    (contract.GAP_REASONS), failed checks listed too; `legacy`: a pre-2019 report (no standard tables).
    """
    failed = [
        {"rule": c["rule"], "where": c["where"], "severity": c["severity"]}
        for c in report.get("checks") or []
        if c.get("ok") is False
    ]
    missing = [
        {"path": c["path"], "reason": c.get("reason")}
        for c in report.get("cells") or []
        if c.get("value") is None and c.get("reason") in contract.GAP_REASONS
    ]
    counts: dict[str, int] = {}
    for m in missing:
        counts[m["reason"]] = counts.get(m["reason"], 0) + 1
    if report.get("template") == "legacy":
        state = "legacy"
    elif missing:
        state = "incomplete"
    elif failed:
        state = "contradictions"
    else:
        state = "complete"
    return {
        "state": state,
        "missing": dict(sorted(counts.items())),
        "missing_cells": missing,
        "failed_checks": failed,
    }


def _printed(cells: dict[str, dict[str, Any]], row: str) -> bool:
    """A row the report prints (a 2019 report has no rows other_no_correction/other_unpaid_fee; a
    2021 report may print （六）其他处理 as one row). Without cells, assume printed."""
    if not cells:
        return True
    return any(cells.get(f"requests.{row}.{c}", {}).get("raw") is not None for c in contract.REQUEST_COLUMNS)


def requests_checks(
    req: dict[str, dict[str, Any]], cells: dict[str, dict[str, Any]], template: str
) -> list[dict[str, Any]]:
    out = []
    # With cells, the rows the report prints (a 2019 section 二 may come with a 2021 section 三);
    # without, the template's rows.
    keys = contract.REQUEST_ROW_KEYS if cells else contract.request_row_keys(template)
    rows = [r for r in keys if _printed(cells, r)]
    outcome = [r for r in rows if r in contract.OUTCOME_GROUP]
    for col in contract.REQUEST_COLUMNS:
        lhs = sum_or_none([req["new"][col], req["carried_in"][col]])
        rhs = sum_or_none([req["handled_total"][col], req["carried_out"][col]])
        out.append(_compare("R1", f"requests.{col}", lhs, rhs))
    for col in contract.REQUEST_COLUMNS:
        out.append(
            _compare(
                "R2",
                f"requests.{col}",
                req["handled_total"][col],
                sum_or_none([req[r][col] for r in outcome]),
            )
        )
    for row in rows:
        out.append(
            _compare(
                "R3",
                f"requests.{row}",
                req[row]["total"],
                sum_or_none([req[row][c] for c in contract.APPLICANT_COLUMNS]),
            )
        )
    return out


def r6_checks(rev: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        _compare(
            "R6",
            f"review_litigation.{g}",
            rev[g]["total"],
            sum_or_none([rev[g][c] for c in contract.REVIEW_COLUMNS[:-1]]),
        )
        for g in contract.REVIEW_GROUPS
    ]


def _r4_ok(path: str, value: Number) -> bool:
    if path.endswith((".amount_10k_yuan", ".amount")):
        return value >= 0
    if path.endswith(".change"):
        return float(value).is_integer()
    return float(value).is_integer() and value >= 0 and not isinstance(value, bool)


def r4_checks(report: dict[str, Any], cells: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """R4 per section: one failing entry per offending cell, else one entry for the section: ok True
    when every value (and every candidate of an ambiguous cell) is valid, None when some printed
    cell could not be read as a number at all (or nothing was given). Also a warning when a fee in
    the 万元 column looks like yuan — flagged, never rescaled."""
    from disclosure.parse.tokens import parse_cell

    out = []
    for section in ("active", "requests", "review_litigation"):
        sec = {p: c for p, c in cells.items() if p.startswith(section + ".")}
        bad = [
            (p, c["value"]) for p, c in sec.items() if c["value"] is not None and not _r4_ok(p, c["value"])
        ]
        bad += [
            (p, v)
            for p, c in sec.items()
            if c.get("ambiguous")
            for v in (c.get("candidates") or [])
            if not _r4_ok(p, v)
        ]
        for p, v in bad:
            out.append(entry("R4", p, "≥ 0" if not p.endswith(".change") else "integer", v, False))
        if bad:
            continue
        unread = any(
            c["value"] is None
            and c.get("raw") is not None
            and (
                (c.get("ambiguous") and not c.get("candidates"))
                or (not c.get("ambiguous") and parse_cell(str(c["raw"])).kind == "text")
            )
            for c in sec.values()
        )
        present = any(
            c["value"] is not None or (c.get("ambiguous") and c.get("candidates")) for c in sec.values()
        )
        out.append(entry("R4", section, None, None, None if unread or not present else True))
    fee = cells.get("active.fees.amount_10k_yuan")
    if fee is not None and fee.get("value") is not None:
        raw = str(fee.get("raw") or "")
        suspect = ("元" in raw and "万元" not in raw) or fee["value"] >= FEE_10K_YUAN_SUSPECT
        if suspect:
            out.append(
                entry(
                    "R4",
                    "active.fees.amount_10k_yuan",
                    "万元",
                    raw,
                    False,
                    "warning",
                    "收费金额疑似以元而非万元填报（未换算）",
                )
            )
    return out
