"""The rules' one declaration (disclosure.rules): what each identity states over cell paths, and the
forms the parser, the checks, the dataset checks and the generator derive from it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from disclosure import contract
from disclosure.parse import digits, tables
from disclosure.rules import DATASET_RULES, REPORT_RULES, RULES, make_check, sum_or_none
from disclosure.rules import identities as ids

ROOT = Path(__file__).resolve().parents[1]


def test_every_rule_has_severity_level_and_chinese_description() -> None:
    assert list(RULES) == [f"R{i}" for i in range(1, 9)]
    assert REPORT_RULES == ("R1", "R2", "R3", "R4", "R6", "R8") and DATASET_RULES == ("R5", "R7")
    for r in RULES.values():
        assert r.severity in contract.SEVERITY_LABELS
        assert any("\u4e00" <= ch <= "\u9fff" for ch in r.description), r


def test_r1_r2_per_column_then_r3_per_row_in_declared_order() -> None:
    rows = contract.request_row_keys("2021")
    found = ids.request_identities(rows)
    assert [i.rule for i in found[:4]] == ["R1", "R2", "R1", "R2"]
    r1 = found[0]
    assert r1.where == "requests.natural_person"
    assert r1.left == ("requests.new.natural_person", "requests.carried_in.natural_person")
    assert r1.right == ("requests.handled_total.natural_person", "requests.carried_out.natural_person")
    r3 = found[2 * len(contract.REQUEST_COLUMNS)]
    assert (r3.rule, r3.where, r3.left) == ("R3", "requests.new", ("requests.new.total",))
    assert r3.right == tuple(f"requests.new.{c}" for c in contract.APPLICANT_COLUMNS)
    assert len(found) == 2 * len(contract.REQUEST_COLUMNS) + len(rows)


def test_r2_sums_only_the_rows_given_while_r1_keeps_its_rows() -> None:
    """A 2019 report has no other_no_correction/other_unpaid_fee rows: R2 leaves them out."""
    r1, r2 = ids.request_identities(contract.request_row_keys("2019"))[:2]
    assert len(r2.right) == len(contract.OUTCOME_ROWS) - 2
    assert "requests.other_unpaid_fee.natural_person" not in r2.right
    assert len(r1.right) == 2
    short = ids.request_identities(["new", "handled_total"])
    assert short[0].right == ("requests.handled_total.natural_person", "requests.carried_out.natural_person")
    assert short[1].right == ()


def test_r6_per_group() -> None:
    r6 = ids.review_identities()
    assert [i.where for i in r6] == [f"review_litigation.{g}" for g in contract.REVIEW_GROUPS]
    assert r6[0].left == ("review_litigation.review.total",)
    assert r6[0].right == tuple(
        f"review_litigation.review.{c}" for c in ("upheld", "corrected", "other", "pending")
    )


def test_linear_forms_are_the_identities_over_row_and_column_index() -> None:
    rows = contract.request_row_keys("2021")
    forms = ids.request_linear_forms(rows)
    assert forms[0] == [("new", 0, 1), ("carried_in", 0, 1), ("handled_total", 0, -1), ("carried_out", 0, -1)]
    assert forms[2 * 7] == [("new", 6, 1)] + [("new", c, -1) for c in range(6)]
    # A consistent table satisfies every form.
    cands = {r: [tuple([0] * 7)] for r in rows}
    cands["new"] = [(1, 0, 0, 0, 0, 0, 1)]
    cands["granted"] = [(1, 0, 0, 0, 0, 0, 1)]
    cands["handled_total"] = [(1, 0, 0, 0, 0, 0, 1)]
    cands["carried_out"] = [(0,) * 7, (1, 0, 0, 0, 0, 0, 1)]  # only the zero row keeps R1
    reduced, searched = digits.solve_joint(cands, forms)
    assert searched and reduced["carried_out"] == [(0,) * 7]


@pytest.mark.parametrize(
    ("parts", "holds"),
    [(("1", "2", "3"), True), (("1", "2", "4"), False), (("§", "2", "4"), True)],
)
def test_row_identity_as_the_split_search_group_check(parts: tuple[str, ...], holds: bool) -> None:
    """R6's declaration read on a group's printed parts: a dash makes the group hold vacuously."""
    check = tables._row_check(ids.RowSum("R6", "review_litigation", "total", ("a", "b")))
    assert check(0, parts) is holds


def test_sum_search_applies_because_the_total_is_the_last_column() -> None:
    assert ids.last_column_is_total(ids.R3, contract.REQUEST_COLUMNS)
    assert ids.last_column_is_total(ids.R6, contract.REVIEW_COLUMNS)
    assert not ids.last_column_is_total(ids.R3, tuple(reversed(contract.REQUEST_COLUMNS)))


def test_year_over_year_paths_and_expected_values() -> None:
    r5 = ids.year_identities(ids.R5)
    assert [t.where for t in r5] == [f"requests.{c}" for c in contract.REQUEST_COLUMNS]
    assert (r5[0].this, r5[0].prev_plus) == (
        "requests.carried_in.natural_person",
        ("requests.carried_out.natural_person",),
    )
    r7 = ids.year_identities(ids.R7)
    assert [t.where for t in r7] == ["active.regulations", "active.normative_documents"]
    t = r7[0]
    assert (t.this, t.prev_plus, t.this_plus, t.this_minus) == (
        "active.regulations.in_force",
        ("active.regulations.in_force",),
        ("active.regulations.issued",),
        ("active.regulations.repealed",),
    )
    prev = {"active.regulations.in_force": 40}
    this = {"active.regulations.issued": 3, "active.regulations.repealed": 1}
    assert ids.year_expected(t, prev, this) == 42
    assert ids.year_expected(t, prev, {**this, "active.regulations.issued": None}) is None


def test_make_check_and_sum_or_none() -> None:
    c = make_check("R3", "requests.new", 5, 5, True)
    assert (c.severity, c.message) == ("error", RULES["R3"].description)
    assert make_check("R4", "x", None, None, False, "warning", "说明").severity == "warning"
    assert sum_or_none([1, 2.5]) == 3.5 and sum_or_none([1, None]) is None and sum_or_none([]) == 0


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_parse_knows_nothing_of_checks_and_rules_read_no_documents() -> None:
    """The documented flow: read → parse → check, composed only by disclosure.pipeline."""
    for path in sorted((ROOT / "disclosure" / "parse").glob("*.py")):
        bad = {
            m
            for m in _imports(path)
            if m.startswith(("disclosure.checks", "disclosure.r8", "disclosure.pipeline"))
        }
        assert not bad, (path.name, bad)
    for path in [ROOT / "disclosure" / "contract.py", *sorted((ROOT / "disclosure" / "rules").glob("*.py"))]:
        bad = {
            m
            for m in _imports(path)
            if m.startswith(
                ("disclosure.parse", "disclosure.readers", "disclosure.checks", "disclosure.store")
            )
        }
        assert not bad, (path.name, bad)
