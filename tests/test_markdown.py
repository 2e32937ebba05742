"""Markdown input (docs/CONTRACT.md "Markdown input"): the reader on made and converter-made files,
and the parser on them against the hand-read cells of the same reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from disclosure import contract
from disclosure.model import Line, Table
from disclosure.pipeline import parse_file
from disclosure.readers import read_bytes

HERE = Path(__file__).parent
MD = HERE / "markdown"
EXPECTED = HERE / "expected" / "pingtan_departments"


def test_reader_yields_real_tables_and_lines() -> None:
    doc = read_bytes(
        "# 标题\n\n行政许可 97\n行政处罚 3\n\n| a | b |\n|---|---|\n| 三、 | `9` |\n| x \\| y |\n".encode(),
        "t.md",
    )
    blocks = doc.pages[0].blocks
    assert doc.format == "md" and not doc.has_pages
    assert [b.text for b in blocks if isinstance(b, Line)] == ["标题", "行政许可 97", "行政处罚 3"]
    (table,) = [b for b in blocks if isinstance(b, Table)]
    # header kept; inline code unwrapped; escaped pipe stays in its cell; the short row padded with a blank
    assert table.texts() == [["a", "b"], ["三、", "9"], ["x | y", ""]]


def test_text_with_a_pipe_table_is_markdown_whatever_its_name() -> None:
    data = b"x\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert read_bytes(data, "report.txt").format == "md"
    assert read_bytes(b"plain | text, no table rule\n", "report.txt").format == "txt"


def _expected(name: str) -> dict:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["jsp_2024.txt", "gwh_2019.txt"])
def test_pandoc_markdown_gives_the_hand_read_cells(name: str) -> None:
    """pandoc's GFM of a report's tables reads back to the numbers read by hand from the page text."""
    rep = parse_file(MD / f"{name.removesuffix('.txt')}.pandoc.md").to_json()
    exp = _expected(name)
    assert rep["template"] == exp["template"] and rep["source"]["format"] == "md"
    for row in contract.request_row_keys(exp["template"]):
        want = [int(str(v).split("^")[0].removesuffix("*")) for v in exp["requests"][row]]
        assert [rep["requests"][row][c] for c in contract.REQUEST_COLUMNS] == want, row
    for g in contract.REVIEW_GROUPS:
        assert [rep["review_litigation"][g][c] for c in contract.REVIEW_COLUMNS] == exp["review_litigation"][
            g
        ]
    for row, cols in contract.active_schema(exp["template"]).items():
        want = exp["active"][row]
        if isinstance(want, list) and all(v is not None for v in want):
            assert [rep["active"][row][c] for c in cols] == want, row
    cells = {c["path"]: c for c in rep["cells"]}
    assert all(
        cells[f"requests.{r}.total"]["label"]["how"] == "keyword"
        for r in contract.request_row_keys(exp["template"])
    )


def test_handmade_conventions() -> None:
    rep = parse_file(MD / "handmade_conventions.md").to_json()
    cells = {c["path"]: c for c in rep["cells"]}
    assert (rep["agency"], rep["year"], rep["template"]) == ("平潭综合实验区测试局", 2024, "2021")
    # key-value lines outside any table
    assert rep["active"]["licensing"]["decisions"] == 97 and rep["active"]["punishment"]["decisions"] == 3
    assert [rep["active"]["normative_documents"][c] for c in ("issued", "repealed", "in_force")] == [1, 0, 5]
    # placeholder header + label split over two cells
    assert [rep["requests"]["new"][c] for c in contract.REQUEST_COLUMNS] == [3, 0, 0, 0, 0, 0, 3]
    assert rep["requests"]["unable_not_held"]["total"] == 1
    # the blank 总计 cell stays blank (no identity makes it 0), with its reason
    g = cells["requests.granted.total"]
    assert (g["value"], g["raw"], g["imputed"], g["reason"]) == (None, "", False, "blank")
    assert rep["requests"]["granted"]["natural_person"] == 2
    # section 四 as three 5-column tables
    assert rep["review_litigation"]["review"] == {
        "upheld": 1,
        "corrected": 0,
        "other": 0,
        "pending": 0,
        "total": 1,
    }
    assert rep["status"]["state"] == "complete"  # a printed blank is read, not missing
