"""Every table cell of every corpus report against values read by hand (tests/expected/*.json).

Expected-file conventions (see each file's `_note`):
- a row is a list of printed values in column order, or null when the report does not print it;
- in a row, "0*" is a blank cell imputed as 0 and "" a blank cell left null; "V^R1" is a cell of a row
  printed with fewer numbers than columns, forced to V by the rule named (imputed, raw = the printed run);
- an active row written {"run": "…"} is printed as run-together digits with no identity to decide
  the split: its cells are checked against an independent brute-force enumeration of the printed run
  (a cell with one possible value must be determined, any other must be ambiguous with exactly the
  possible values as candidates).
- checks: (rule, where) pairs listed under "fail" must fail, under "not_evaluable" must be ok null,
  and every other R1/R2/R3/R4/R6 entry must pass.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from disclosure import contract, pipeline
from disclosure.errors import InputError
from disclosure.parse import sections, tables
from disclosure.readers import read

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = Path(__file__).parent / "expected"
# Top-level files, then the department reports (tests/expected/pingtan_departments/, named by their
# path under tests/corpus).
FILES = sorted(p.name.removesuffix(".json") for p in EXPECTED.glob("*.json")) + sorted(
    f"pingtan_departments/{p.name.removesuffix('.json')}"
    for p in (EXPECTED / "pingtan_departments").glob("*.json")
)


def parse_file(path: Path | str) -> dict[str, Any]:
    """The report's JSON contract (what `disclosure parse --json` prints)."""
    return pipeline.parse_file(path).to_json()


@cache
def parsed(name: str) -> dict[str, Any]:
    return parse_file(CORPUS / name)


@cache
def expected(name: str) -> dict[str, Any]:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


def cells_by_path(name: str) -> dict[str, dict[str, Any]]:
    return {c["path"]: c for c in parsed(name)["cells"]}


# --- independent oracle for run-together active rows --------------------------------------------
_KIND_RX = {
    "int": r"0|[1-9][0-9]*",
    "signed": r"[+-]?(?:0|[1-9][0-9]*)",
    "decimal": r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?",
    "money": r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:元)?",
}


def _oracle_value(kind: str, part: str) -> float | int:
    if kind in ("decimal", "money"):
        return float(part.removesuffix("元"))
    return int(part)


def brute_force(run: str, kinds: list[str]) -> list[set[float | int]]:
    """Per column, every value some split of `run` (no leading zeros) gives it."""
    out: list[set[float | int]] = [set() for _ in kinds]
    for cuts in itertools.combinations(range(1, len(run)), len(kinds) - 1):
        bounds = (0, *cuts, len(run))
        parts = [run[a:b] for a, b in itertools.pairwise(bounds)]
        if all(re.fullmatch(_KIND_RX[k], p) for k, p in zip(kinds, parts, strict=True)):
            for i, (k, p) in enumerate(zip(kinds, parts, strict=True)):
                out[i].add(_oracle_value(k, p))
    return out


def _kinds(template: str, row: str) -> list[str]:
    return tables.active_kinds(template)[row]


# --- tests ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", FILES)
def test_template_and_cell_list(name: str) -> None:
    rep, exp = parsed(name), expected(name)
    assert rep["template"] == exp["template"]
    assert [c["path"] for c in rep["cells"]] == contract.cell_paths(exp["template"])
    for c in rep["cells"]:
        assert set(c) == {
            "path",
            "value",
            "raw",
            "page",
            "imputed",
            "ambiguous",
            "candidates",
            "unsplittable",
            "imputed_by",
            "reason",
            "label",
        }


@pytest.mark.parametrize("name", FILES)
def test_active_cells(name: str) -> None:
    exp = expected(name)
    cells = cells_by_path(name)
    schema = contract.active_schema(exp["template"])
    assert set(exp["active"]) == set(schema)
    for row, want in exp["active"].items():
        cols = schema[row]
        if isinstance(want, dict):
            possible = brute_force(want["run"], _kinds(exp["template"], row))
            for col, vals in zip(cols, possible, strict=True):
                cell = cells[f"active.{row}.{col}"]
                assert vals, (row, col)
                if len(vals) == 1:
                    assert not cell["ambiguous"] and cell["value"] == next(iter(vals)), cell
                else:
                    assert cell["ambiguous"] and cell["value"] is None, cell
                    assert cell["candidates"] == sorted(vals), cell
            continue
        for col, v in zip(cols, want, strict=True):
            cell = cells[f"active.{row}.{col}"]
            if v is None:  # a row the report does not print
                assert (cell["value"], cell["raw"], cell["reason"]) == (None, None, "not_printed"), cell
                continue
            assert cell["value"] == v and not cell["ambiguous"] and not cell["imputed"], cell
            assert type(cell["value"]) is (float if col in ("amount_10k_yuan", "amount") else int), cell


def _check_row(
    cells: dict[str, dict[str, Any]], prefix: str, cols: tuple[str, ...], want: list | None
) -> None:
    if want is None:
        for col in cols:
            cell = cells[f"{prefix}.{col}"]
            assert cell["raw"] is None and cell["value"] is None, cell
        return
    for col, v in zip(cols, want, strict=True):
        cell = cells[f"{prefix}.{col}"]
        assert not cell["ambiguous"], cell
        if v == "0*":
            assert (cell["value"], cell["raw"], cell["imputed"]) == (0, "", True), cell
        elif v == "":
            assert (cell["value"], cell["raw"], cell["imputed"]) == (None, "", False), cell
        elif isinstance(v, str) and "^" in v:
            value, rule = v.split("^")
            assert (cell["value"], cell["imputed"], cell["imputed_by"]) == (int(value), True, rule), cell
            assert cell["unsplittable"] and cell["raw"], cell
        else:
            assert cell["value"] == v and type(cell["value"]) is int and not cell["imputed"], cell
            assert cell["raw"] is not None and cell["raw"] != "", cell


@pytest.mark.parametrize("name", FILES)
def test_request_cells(name: str) -> None:
    exp = expected(name)
    cells = cells_by_path(name)
    assert list(exp["requests"]) == list(contract.REQUEST_ROW_KEYS)
    for row, want in exp["requests"].items():
        _check_row(cells, f"requests.{row}", contract.REQUEST_COLUMNS, want)


@pytest.mark.parametrize("name", FILES)
def test_review_cells(name: str) -> None:
    exp = expected(name)
    cells = cells_by_path(name)
    for group, want in exp["review_litigation"].items():
        _check_row(cells, f"review_litigation.{group}", contract.REVIEW_COLUMNS, want)


@pytest.mark.parametrize("name", FILES)
def test_nested_values_match_cells(name: str) -> None:
    rep = parsed(name)
    for c in rep["cells"]:
        section, row, col = c["path"].split(".")
        assert rep[section][row][col] == c["value"]


@pytest.mark.parametrize("name", FILES)
def test_raw_pages_candidates(name: str) -> None:
    exp = expected(name)
    cells = cells_by_path(name)
    for path, raw in exp["raw"].items():
        assert cells[path]["raw"] == raw, cells[path]
    for path, page in exp["pages"].items():
        assert cells[path]["page"] == page, cells[path]
    for path, cands in exp.get("candidates", {}).items():
        assert cells[path]["ambiguous"] and cells[path]["candidates"] == cands, cells[path]
    pdf = name.endswith(".pdf")
    for c in parsed(name)["cells"]:
        if pdf and c["raw"] is not None:
            assert isinstance(c["page"], int), c
        if not pdf:
            assert c["page"] is None, c


@pytest.mark.parametrize("name", FILES)
def test_checks(name: str) -> None:
    exp = expected(name)
    rep = parsed(name)
    fail = {tuple(x) for x in exp["checks"]["fail"]}
    not_eval = {tuple(x) for x in exp["checks"]["not_evaluable"]}
    seen = set()
    for c in rep["checks"]:
        if c["rule"] not in ("R1", "R2", "R3", "R4", "R6"):
            continue
        key = (c["rule"], c["where"])
        seen.add(key)
        assert c["severity"] in ("error", "warning") and c["message"], c
        if key in fail:
            assert c["ok"] is False, c
        elif key in not_eval:
            assert c["ok"] is None, c
        else:
            assert c["ok"] is True, c
    assert fail <= seen and not_eval <= seen
    rules = [c["rule"] for c in rep["checks"]]
    assert rules.count("R1") == 7 and rules.count("R2") == 7 and rules.count("R6") == 3
    printed_rows = [r for r in contract.REQUEST_ROW_KEYS if exp["requests"][r] is not None]
    assert rules.count("R3") == len(printed_rows)


def test_pingtan_2020_r2_fails_with_printed_numbers() -> None:
    """The report is inconsistent; the parser must show it, not repair it."""
    by = {(c["rule"], c["where"]): c for c in parsed("pingtan_2020.txt")["checks"]}
    assert (by[("R2", "requests.total")]["expected"], by[("R2", "requests.total")]["actual"]) == (21, 27)
    assert (
        by[("R2", "requests.natural_person")]["expected"],
        by[("R2", "requests.natural_person")]["actual"],
    ) == (20, 26)


def _totals() -> list[dict[str, str]]:
    """TOTALS.tsv of the corpus and of pingtan_departments/ (its `file` column relative to that folder)."""
    with (CORPUS / "TOTALS.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    lines = (CORPUS / "pingtan_departments" / "TOTALS.tsv").read_text(encoding="utf-8").splitlines()
    for row in csv.DictReader([ln for ln in lines if not ln.startswith("#")], delimiter="\t"):
        rows.append({**row, "file": f"pingtan_departments/{row['file']}"})
    return rows


@pytest.mark.parametrize("row", _totals(), ids=lambda r: r["file"])
def test_totals_tsv(row: dict[str, str]) -> None:
    """Cross-check against the independent hand-read TOTALS.tsv (total column of section 三)."""
    req = parsed(row["file"])["requests"]
    rev = parsed(row["file"])["review_litigation"]

    def total(r: str) -> int:
        v = req[r]["total"]
        if v is None:  # shanghai: 总计 blank on rows （一）-（六）; TOTALS uses the row sum
            v = sum(req[r][c] for c in contract.APPLICANT_COLUMNS)
        return v

    def group(prefix: str) -> int:
        return sum(total(r) for r in contract.REQUEST_ROW_KEYS if r.startswith(prefix))

    assert total("new") == int(row["new_requests_total"])
    assert total("carried_in") == int(row["carried_over_total"])
    assert total("granted") == int(row["granted_total"])
    assert total("partial") == int(row["partial_total"])
    assert group("unable_") == int(row["unable_total"])
    assert group("rejected_") == int(row["not_processed_total"])
    assert req["handled_total"]["total"] == int(row["grand_total"])
    assert req["carried_out"]["total"] == int(row["carried_forward_total"])
    assert rev["review"]["total"] == int(row["review_total"])
    assert rev["litigation_direct"]["total"] == int(row["litigation_direct_total"])
    assert rev["litigation_after_review"]["total"] == int(row["litigation_after_review_total"])


def test_every_corpus_report_has_expectations() -> None:
    reports = {r["file"] for r in _totals()}
    top = {f for f in FILES if "/" not in f}
    assert {r for r in reports if "/" not in r} == top
    assert set(FILES) <= reports  # every department report with expected cells has hand-read totals
    departments = {f"pingtan_departments/{p.name}" for p in (CORPUS / "pingtan_departments").glob("*.txt")}
    assert len(departments) == 89 and departments <= reports  # every department report prints its tables


def test_legacy_reports_have_no_tables() -> None:
    for p in sorted((CORPUS / "legacy").glob("*.txt")):
        assert sections.detect_template(read(p)) == "legacy", p.name


def test_pdf_text_without_grids_gives_no_wrong_number() -> None:
    """hzq2024.pdf read as bare text lines (no table grids): its labels are vertically centred, so
    some numbers sit before their label or two rows' numbers meet at a page break. Cells may then be
    null, but every number that is given must be the printed one."""
    import pdfplumber

    from disclosure.model import Document, Line, Page

    pages = []
    with pdfplumber.open(CORPUS / "hzq2024.pdf") as pdf:
        for i, p in enumerate(pdf.pages, start=1):
            pages.append(Page(i, [Line(t, i) for t in (p.extract_text() or "").split("\n")]))
    doc = Document(path="hzq2024.pdf", format="pdf", sha256="", pages=pages, has_pages=True)
    got = {c.path: c.to_json() for c in tables.parse_tables(doc, "2021").cells}
    exp = expected("hzq2024.pdf")
    want: dict[str, Any] = {}
    for section in ("active", "requests", "review_litigation"):
        shape = (
            contract.active_schema("2021")
            if section == "active"
            else dict.fromkeys(contract.REQUEST_ROW_KEYS, contract.REQUEST_COLUMNS)
            if section == "requests"
            else dict.fromkeys(contract.REVIEW_GROUPS, contract.REVIEW_COLUMNS)
        )
        for row, cols in shape.items():
            vals = exp[section][row] or [None] * len(cols)
            want.update({f"{section}.{row}.{c}": v for c, v in zip(cols, vals, strict=True)})
    given = [p for p, c in got.items() if c["value"] is not None]
    assert len(given) > 150  # most of the table is still read
    for p in given:
        assert got[p]["value"] == want[p], (p, got[p], want[p])
        assert not got[p]["imputed"], got[p]


# --- the JSON contract, byte for byte ----------------------------------------------------------------
ROOT = Path(__file__).parent.parent
CONTRACT_SHA = EXPECTED / "contract_sha256.tsv"


def _contract_lines() -> list[list[str]]:
    return [line.split("\t") for line in CONTRACT_SHA.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("line", _contract_lines(), ids=lambda line: line[0])
def test_contract_json_unchanged(line: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`disclosure parse FILE --json` of every corpus report is byte-for-byte what it was when
    tests/expected/contract_sha256.tsv was written. A deliberate change of the output regenerates it
    (`python scripts/contract_diff.py hashes`) and says why in its commit; an accidental one fails here."""
    name, want = line[0], line[1]
    monkeypatch.chdir(ROOT)  # a rejected file's message names the path as given
    rel = Path(name).relative_to("tests/corpus") if name.startswith("tests/corpus/") else None
    if want == "rejected":
        with pytest.raises(InputError) as exc:
            parse_file(name)
        assert f"错误: {' '.join(str(exc.value).split())}" == line[2]
        return
    report = parsed(rel.as_posix()) if rel is not None else parse_file(ROOT / name)
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == want, (
        f"{name}: parse JSON changed; diff it with scripts/contract_diff.py compare"
    )


def test_contract_sha_lists_every_report() -> None:
    """Every report file under tests/corpus and tests/markdown has its line (a new file gets one)."""
    files = sorted(
        p.relative_to(ROOT).as_posix()
        for base in (CORPUS, ROOT / "tests" / "markdown")
        for p in base.rglob("*")
        if p.suffix in (".txt", ".pdf", ".html", ".md", ".docx") and p.name != "README.md"
    )
    assert [line[0] for line in _contract_lines()] == files
