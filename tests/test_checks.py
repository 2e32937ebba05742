"""Checks R1–R4, R6 on small hand-made reports: pass, fail, and not-evaluable are three outcomes."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from disclosure import checks, contract
from disclosure.contract import Report
from disclosure.model import Document
from disclosure.rules import RULES


def run(report: dict[str, Any], doc: Document) -> list[dict[str, Any]]:
    """checks.run on a report given in its JSON form, the entries in theirs (docs/CONTRACT.md)."""
    return [c.to_json() for c in checks.run(Report.from_json(report), doc)]


def _report(template: str = "2021") -> dict[str, Any]:
    """A consistent report: 10 new + 2 carried in = 11 handled + 1 carried out, all by natural persons."""
    req = {r: {c: 0 for c in contract.REQUEST_COLUMNS} for r in contract.REQUEST_ROW_KEYS}
    for row, v in {
        "new": 10,
        "carried_in": 2,
        "granted": 6,
        "partial": 3,
        "unable_not_held": 2,
        "handled_total": 11,
        "carried_out": 1,
    }.items():
        req[row]["natural_person"] = v
        req[row]["total"] = v
    rev = {g: {c: 0 for c in contract.REVIEW_COLUMNS} for g in contract.REVIEW_GROUPS}
    rev["review"].update(upheld=1, corrected=1, total=2)
    active = {r: {c: 0 for c in cols} for r, cols in contract.active_schema(template).items()}
    if template == "2019":
        for row in ("other_no_correction", "other_unpaid_fee"):
            req[row] = {c: None for c in contract.REQUEST_COLUMNS}
    report = {"template": template, "active": active, "requests": req, "review_litigation": rev}
    report["cells"] = _cells(report)
    return report


def _cells(report: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for path in contract.cell_paths(report["template"]):
        s, r, c = path.split(".")
        v = report[s][r][c]
        out.append(
            {
                "path": path,
                "value": v,
                "raw": None if v is None else str(v),
                "page": None,
                "imputed": False,
                "ambiguous": False,
                "candidates": None,
            }
        )
    return out


def _run(report: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    report["cells"] = _cells(report)
    doc = Document(path="x.txt", format="txt", sha256="")
    return {(c["rule"], c["where"]): c for c in run(report, doc)}


def test_consistent_report_passes_everything() -> None:
    res = _run(_report())
    assert res and all(c["ok"] is True for c in res.values()), [
        c for c in res.values() if c["ok"] is not True
    ]
    assert {c["rule"] for c in res.values()} == {"R1", "R2", "R3", "R4", "R6"}
    assert res[("R1", "requests.total")]["expected"] == 12 and res[("R1", "requests.total")]["actual"] == 12


def test_r1_fails_with_printed_numbers() -> None:
    rep = _report()
    rep["requests"]["carried_out"]["natural_person"] = 4
    rep["requests"]["carried_out"]["total"] = 4
    res = _run(rep)
    r1 = res[("R1", "requests.natural_person")]
    assert (r1["ok"], r1["expected"], r1["actual"], r1["severity"]) == (False, 12, 15, "error")


def test_r2_fails_when_outcomes_do_not_add_up() -> None:
    rep = _report()
    rep["requests"]["granted"]["natural_person"] = 7  # outcomes now 12, 总计 still 11
    res = _run(rep)
    assert res[("R2", "requests.natural_person")]["ok"] is False
    assert res[("R2", "requests.natural_person")]["actual"] == 12
    assert res[("R3", "requests.granted")]["ok"] is False  # 7 ≠ printed total 6


def test_null_cell_is_not_evaluable_never_passed() -> None:
    rep = _report()
    rep["requests"]["granted"]["total"] = None
    res = _run(rep)
    assert res[("R3", "requests.granted")]["ok"] is None
    assert res[("R2", "requests.total")]["ok"] is None
    assert res[("R2", "requests.natural_person")]["ok"] is True


def test_rows_not_printed_are_left_out_of_r2_and_r3() -> None:
    rep = _report("2019")
    res = _run(rep)
    assert res[("R2", "requests.total")]["ok"] is True
    assert ("R3", "requests.other_no_correction") not in res


def test_r4_flags_negative_and_fraction_counts() -> None:
    rep = _report()
    rep["requests"]["rejected_duplicate"]["business"] = -1
    rep["active"]["licensing"]["decisions"] = 2.5
    res = _run(rep)
    assert res[("R4", "requests.rejected_duplicate.business")]["ok"] is False
    assert res[("R4", "active.licensing.decisions")]["ok"] is False
    assert ("R4", "review_litigation") in res and res[("R4", "review_litigation")]["ok"] is True


def test_r4_allows_signed_change_and_decimal_fee() -> None:
    rep = _report("2019")
    rep["active"]["punishment"]["change"] = -185
    res = _run(rep)
    assert res[("R4", "active")]["ok"] is True
    rep = _report()
    rep["active"]["fees"]["amount_10k_yuan"] = 9116.36
    assert _run(rep)[("R4", "active")]["ok"] is True


def test_fee_that_looks_like_yuan_is_flagged_not_rescaled() -> None:
    rep = _report()
    rep["active"]["fees"]["amount_10k_yuan"] = 2_510_000.0
    res = _run(rep)
    flag = res[("R4", "active.fees.amount_10k_yuan")]
    assert flag["ok"] is False and flag["severity"] == "warning"
    assert rep["active"]["fees"]["amount_10k_yuan"] == 2_510_000.0


def test_r6_per_group() -> None:
    rep = _report()
    rep["review_litigation"]["litigation_direct"].update(upheld=3, total=2)
    res = _run(rep)
    assert res[("R6", "review_litigation.litigation_direct")]["ok"] is False
    assert res[("R6", "review_litigation.review")]["ok"] is True


def test_legacy_report_has_no_table_checks() -> None:
    rep = {"template": "legacy", "active": None, "requests": None, "review_litigation": None, "cells": []}
    out = run(rep, Document(path="x.txt", format="txt", sha256=""))
    assert [c for c in out if c["rule"] in ("R1", "R2", "R3", "R4", "R6")] == []


@pytest.mark.parametrize("rule", ["R1", "R2", "R3", "R4", "R6"])
def test_entries_carry_contract_fields(rule: str) -> None:
    res = _run(copy.deepcopy(_report()))
    entry = next(c for (r, _), c in res.items() if r == rule)
    assert list(entry) == ["rule", "severity", "where", "expected", "actual", "ok", "message"]
    assert entry["message"] == RULES[rule].description


def test_r4_not_evaluable_when_a_printed_cell_is_unreadable() -> None:
    rep = _report()
    rep["cells"] = _cells(rep)
    for c in rep["cells"]:
        if c["path"] == "requests.new.business":
            c["value"], c["raw"] = None, "31 0 0 0 0 0 31 1 0 0"
    rep["requests"]["new"]["business"] = None
    out = {(c["rule"], c["where"]): c for c in run(rep, Document(path="x.txt", format="txt", sha256=""))}
    assert out[("R4", "requests")]["ok"] is None
    assert out[("R4", "review_litigation")]["ok"] is True


def test_r4_checks_every_candidate_of_an_ambiguous_cell() -> None:
    rep = _report()
    rep["cells"] = _cells(rep)
    for c in rep["cells"]:
        if c["path"] == "active.licensing.decisions":
            c.update(value=None, raw="2293", ambiguous=True, candidates=[2, 293])
    out = {(c["rule"], c["where"]): c for c in run(rep, Document(path="x.txt", format="txt", sha256=""))}
    assert out[("R4", "active")]["ok"] is True
