"""Consistency rules R1–R4 and R6 on one parsed report (SPEC §6, docs/CONTRACT.md `checks`), then R8.

Each result is data shown to users: a report that contradicts itself fails its check, it is never
"fixed". A rule whose cells are null (blank, dash, ambiguous, not printed) is reported with
`ok: None` — not evaluable — and never counted as passed. The identities come from their one
declaration (`disclosure.rules.identities`); their severity and description from `disclosure.rules`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from disclosure import contract, r8
from disclosure.contract import Cell, Check, FailedCheck, MissingCell, Parsed, Status, Value
from disclosure.model import Document
from disclosure.parse.tokens import parse_cell
from disclosure.rules import make_check, sum_or_none
from disclosure.rules.identities import Identity, by_rule, request_identities, review_identities

Number = int | float

# A fee "in 万元" this large (≥ 100 亿元) is far more likely a yuan figure written in the 万元 column.
FEE_10K_YUAN_SUSPECT = 1_000_000


def _compare(ident: Identity, values: Mapping[str, Value]) -> Check:
    expected = sum_or_none([values.get(p) for p in ident.left])
    actual = sum_or_none([values.get(p) for p in ident.right])
    ok = None if expected is None or actual is None else expected == actual
    return make_check(ident.rule, ident.where, expected, actual, ok)


def run(report: Parsed, doc: Document) -> tuple[Check, ...]:
    """Every report-level check of a parse: R1–R3, R4, R6 on its tables, then R8 on its narrative."""
    out: list[Check] = []
    if report.template in ("2021", "2019") and report.requests is not None:
        cells = report.cell_map()
        out += requests_checks(report.requests, cells, report.template)
        out += r4_checks(cells)
        out += r6_checks(report.review_litigation or {})
    out += r8.check(report, doc)
    return tuple(out)


def report_status(report: Parsed, checks: Sequence[Check]) -> Status:
    """The declared status of a parsed report (docs/CONTRACT.md `status`).

    `complete`: every cell of its template is read (a printed blank or dash is read) and no check
    fails; `contradictions`: every cell read, some checks fail — the source contradicts itself and
    each failed check is listed; `incomplete`: some cells could not be read, each with its reason
    (contract.GAP_REASONS), failed checks listed too; `legacy`: a pre-2019 report (no standard tables).
    """
    failed = tuple(FailedCheck(c.rule, c.where, c.severity) for c in checks if c.ok is False)
    missing = tuple(
        MissingCell(c.path, c.reason)
        for c in report.cells
        if c.value is None and c.reason is not None and c.reason in contract.GAP_REASONS
    )
    counts: dict[str, int] = {}
    for m in missing:
        counts[m.reason] = counts.get(m.reason, 0) + 1
    if report.template == "legacy":
        state = "legacy"
    elif missing:
        state = "incomplete"
    elif failed:
        state = "contradictions"
    else:
        state = "complete"
    return Status(state, dict(sorted(counts.items())), missing, failed)


def _printed(cells: Mapping[str, Cell], row: str) -> bool:
    """A row the report prints (a 2019 report has no rows other_no_correction/other_unpaid_fee; a
    2021 report may print （六）其他处理 as one row). Without cells, assume printed."""
    if not cells:
        return True
    return any(
        (c := cells.get(f"requests.{row}.{col}")) is not None and c.raw is not None
        for col in contract.REQUEST_COLUMNS
    )


def _grid_values(section: str, grid: contract.Grid) -> dict[str, Value]:
    return {f"{section}.{row}.{col}": v for row, cols in grid.items() for col, v in cols.items()}


def requests_checks(req: contract.Grid, cells: Mapping[str, Cell], template: str) -> list[Check]:
    """R1, R2 per column and R3 per printed row of section 三."""
    # With cells, the rows the report prints (a 2019 section 二 may come with a 2021 section 三);
    # without, the template's rows.
    keys = contract.REQUEST_ROW_KEYS if cells else contract.request_row_keys(template)
    rows = [r for r in keys if _printed(cells, r)]
    values = _grid_values("requests", req)
    return [_compare(ident, values) for ident in by_rule(request_identities(rows))]


def r6_checks(rev: contract.Grid) -> list[Check]:
    values = _grid_values("review_litigation", rev)
    return [_compare(ident, values) for ident in review_identities()]


def _r4_ok(path: str, value: Number) -> bool:
    if path.endswith((".amount_10k_yuan", ".amount")):
        return value >= 0
    if path.endswith(".change"):
        return float(value).is_integer()
    return float(value).is_integer() and value >= 0 and not isinstance(value, bool)


def r4_checks(cells: Mapping[str, Cell]) -> list[Check]:
    """R4 per section: one failing entry per offending cell, else one entry for the section: ok True
    when every value (and every candidate of an ambiguous cell) is valid, None when some printed
    cell could not be read as a number at all (or nothing was given). Also a warning when a fee in
    the 万元 column looks like yuan — flagged, never rescaled."""
    out = []
    for section in ("active", "requests", "review_litigation"):
        sec = {p: c for p, c in cells.items() if p.startswith(section + ".")}
        bad: list[tuple[str, Number]] = [
            (p, c.value) for p, c in sec.items() if c.value is not None and not _r4_ok(p, c.value)
        ]
        bad += [
            (p, v)
            for p, c in sec.items()
            if c.ambiguous
            for v in (c.candidates or ())
            if v is not None and not _r4_ok(p, v)
        ]
        for p, v in bad:
            out.append(make_check("R4", p, "≥ 0" if not p.endswith(".change") else "integer", v, False))
        if bad:
            continue
        unread = any(
            c.value is None
            and c.raw is not None
            and (
                (c.ambiguous and not c.candidates)
                or (not c.ambiguous and parse_cell(str(c.raw)).kind == "text")
            )
            for c in sec.values()
        )
        present = any(c.value is not None or (c.ambiguous and c.candidates) for c in sec.values())
        out.append(make_check("R4", section, None, None, None if unread or not present else True))
    fee = cells.get("active.fees.amount_10k_yuan")
    if fee is not None and fee.value is not None:
        raw = str(fee.raw or "")
        suspect = ("元" in raw and "万元" not in raw) or fee.value >= FEE_10K_YUAN_SUSPECT
        if suspect:
            out.append(
                make_check(
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
