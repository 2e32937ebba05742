"""R8: narrative versus table, on real reports. Tables are built by hand from the printed reports
(tests/corpus/TOTALS.tsv and reading the tables), so these tests exercise R8 alone; the last tests
run the whole parser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from disclosure import contract, r8
from disclosure.contract import Report
from disclosure.model import Document, Line, Page
from disclosure.pipeline import parse_file
from disclosure.r8 import claims
from disclosure.readers import read

CORPUS = Path(__file__).resolve().parent / "corpus"


def check(report: dict[str, Any], doc: Document) -> list[dict[str, Any]]:
    """R8 on a report given in its JSON form, the entries in theirs (docs/CONTRACT.md `checks`)."""
    return [c.to_json() for c in r8.check(Report.from_json(report), doc)]


def _report(
    template: str = "2021",
    rows: dict[str, dict[str, int]] | None = None,
    review: dict[str, int] | None = None,
) -> dict[str, Any]:
    """A report whose table cells are null except those given (`rows`: row → {column: value})."""
    req = {r: {c: None for c in contract.REQUEST_COLUMNS} for r in contract.REQUEST_ROW_KEYS}
    for row, cols in (rows or {}).items():
        req[row].update(cols)
    rev = {
        g: {c: (review or {}).get(g, 0) if c == "total" else 0 for c in contract.REVIEW_COLUMNS}
        for g in contract.REVIEW_GROUPS
    }
    return {"template": template, "requests": req, "review_litigation": rev}


def _by_where(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["where"]: e for e in entries}


def test_hzq2024_narrative_17_versus_table_95_fails() -> None:
    doc = read(CORPUS / "hzq2024.pdf")
    entries = _by_where(check(_report(rows={"new": {"total": 95}, "carried_in": {"total": 0}}), doc))
    e = entries["requests.new.total"]
    assert (e["expected"], e["actual"], e["ok"]) == (17, 95, False)
    assert e["rule"] == "R8" and e["severity"] == "warning"
    assert "受理政府信息公开申请" in e["message"] and "17" in e["message"]


def test_shanghai_unable_265_versus_337_and_the_agreeing_claims() -> None:
    doc = read(CORPUS / "shanghai_bgt_2019.html")
    rows = {
        "new": {"total": 859},
        "carried_in": {"total": 18},
        "handled_total": {"total": 805},
        "carried_out": {"total": 72},
        # 总计 blank on rows （一）–（六）: the applicant columns are summed.
        "unable_not_held": {
            "natural_person": 252,
            "business": 12,
            "research": 0,
            "social_org": 0,
            "legal_service": 1,
            "other_org": 0,
        },
        "unable_needs_creation": {
            "natural_person": 44,
            "business": 3,
            "research": 0,
            "social_org": 0,
            "legal_service": 0,
            "other_org": 0,
        },
        "unable_unclear": {
            "natural_person": 25,
            "business": 0,
            "research": 0,
            "social_org": 0,
            "legal_service": 0,
            "other_org": 0,
        },
    }
    entries = _by_where(check(_report("2019", rows, review={"review": 7, "litigation_direct": 9}), doc))
    unable = entries["requests.unable.total"]
    assert (unable["expected"], unable["actual"], unable["ok"]) == (265, 337, False)
    assert "无法提供" in unable["message"]
    for where, value in [
        ("requests.new.total", 859),
        ("requests.handled_total.total", 805),
        ("requests.carried_in.total", 18),
        ("requests.carried_out.total", 72),
        ("review_litigation.review.total", 7),
        ("review_litigation.litigation.total", 9),
    ]:
        assert (entries[where]["expected"], entries[where]["ok"]) == (value, True), where
    # Groups whose rows are not in this hand-built table are not evaluable, never passed.
    assert entries["requests.denied.total"]["ok"] is None


def test_zhongning_no_review_litigation_and_handled_17() -> None:
    doc = read(CORPUS / "zhongning_2024.txt")
    entries = _by_where(check(_report(rows={"handled_total": {"total": 17}}), doc))
    assert entries["requests.handled_total.total"]["ok"] is True
    assert entries["review_litigation"]["ok"] is True
    # The same sentence against a table with one review case fails.
    entries = _by_where(check(_report(rows={"handled_total": {"total": 17}}, review={"review": 1}), doc))
    assert entries["review_litigation"]["ok"] is False


def test_pingtan_2022_new_plus_carried_in_and_columns() -> None:
    doc = read(CORPUS / "pingtan_2022.txt")
    rows = {
        "new": {"total": 74, "natural_person": 71, "business": 3},
        "carried_in": {"total": 1, "natural_person": 1, "business": 0},
    }
    entries = _by_where(check(_report(rows=rows, review={"review": 2, "litigation_direct": 1}), doc))
    assert entries["requests.new.total"]["ok"] is True  # 75 = 74 new + 1 carried in
    assert entries["requests.new.natural_person"]["ok"] is True
    assert entries["requests.new.business"]["ok"] is True
    assert entries["review_litigation.review.total"]["expected"] == 2
    assert entries["review_litigation.litigation.total"]["expected"] == 1


def test_pingtan_2021_received_handled_carried_out() -> None:
    doc = read(CORPUS / "pingtan_2021.txt")
    got = {(c.kind, c.value) for c in claims(doc)}
    assert got == {("new", 70), ("handled", 69), ("carried_out", 1)}


def test_null_table_value_is_not_evaluable() -> None:
    doc = read(CORPUS / "hzq2024.pdf")
    entries = _by_where(check(_report(), doc))
    assert entries["requests.new.total"]["ok"] is None


def test_legacy_reports_get_no_r8() -> None:
    doc = read(CORPUS / "legacy" / "pingtan_county_2012.txt")
    assert check({"template": "legacy", "requests": None, "review_litigation": None}, doc) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("依申请公开方面。全年共受理政府信息公开申请30余件。", [("new", 30, "余")]),
        ("依申请公开方面。受理各类群众诉求259件。", []),
        ("政府信息公开申请方面，本年度未收到行政复议申请。", [("none", 0, None)]),
        ("本机关制发规范性文件6件。", []),
    ],
)
def test_claim_reading(text: str, expected: list[tuple[str, int, str | None]]) -> None:
    doc = Document(path="t.txt", format="txt", sha256="", pages=[Page(1, [Line(text)])])
    assert [(c.kind, c.value, c.qualifier) for c in claims(doc)] == expected


def test_qualified_claim_is_a_bound() -> None:
    doc = Document(
        path="t.txt",
        format="txt",
        sha256="",
        pages=[Page(1, [Line("依申请公开方面。全年共受理政府信息公开申请30余件。")])],
    )
    assert check(_report(rows={"new": {"total": 34}, "carried_in": {"total": 0}}), doc)[0]["ok"] is True
    assert check(_report(rows={"new": {"total": 29}, "carried_in": {"total": 0}}), doc)[0]["ok"] is False


def test_whole_parser_reports_r8_for_hzq_and_shanghai() -> None:
    hzq = [c.to_json() for c in parse_file(CORPUS / "hzq2024.pdf").checks if c.rule == "R8"]
    assert any(c["where"] == "requests.new.total" and c["ok"] is False and c["actual"] == 95 for c in hzq)
    sh = [c.to_json() for c in parse_file(CORPUS / "shanghai_bgt_2019.html").checks if c.rule == "R8"]
    assert any(c["where"] == "requests.unable.total" and c["ok"] is False and c["actual"] == 337 for c in sh)
