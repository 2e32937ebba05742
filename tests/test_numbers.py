"""Unit tests of the shared number reader (disclosure.numbers)."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure.numbers import find_numbers, printed_value, to_number
from disclosure.parse.tokens import parse_cell


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("0", 0),
        ("17", 17),
        ("1,036", 1036),
        ("10,407", 10407),
        ("１２３", 123),
        ("＋1036", 1036),
        ("+1036", 1036),
        ("-8", -8),
        ("－8", -8),
        ("0.5", 0.5),
        ("12.00", 12),
        (" 95 ", 95),
        ("1.6万", 16000),
        ("85.4 万", 854000),
        ("3亿", 300_000_000),
        ("二十", 20),
        ("十", 10),
        ("一千二百", 1200),
        ("三万五千", 35000),
        ("一亿二千万", 120_000_000),
        ("二〇二四", 2024),
        ("零", 0),
    ],
)
def test_to_number_reads(token: str, expected: float) -> None:
    value = to_number(token)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    "token", ["", "/", "-", "—", "无", "abc", "百", "251000元", "1.2.3", "12 人", "一是"]
)
def test_to_number_rejects(token: str) -> None:
    assert to_number(token) is None


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    # 万元 stays a unit: a fee is kept in the unit it was printed in; 万 alone is a multiplier.
    [("251000元", 251000, "元"), ("5万元", 5, "万元"), ("12.5%", 12.5, "%"), ("1.6万", 16000, "")],
)
def test_units_are_split_not_swallowed(text: str, value: float, unit: str) -> None:
    assert [(n.value, n.unit) for n in find_numbers(text)] == [(value, unit)]
    assert to_number(text) == (value if unit == "" else None)


@settings(deadline=None)  # timing varies when other test runs share the machine
@given(st.integers(min_value=0, max_value=10**12))
def test_chinese_numeral_round_trip(n: int) -> None:
    assert to_number(cn2an.an2cn(n)) == n


_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@settings(deadline=None)  # timing varies when other test runs share the machine
@given(st.integers(min_value=0, max_value=10**12), st.booleans(), st.booleans())
def test_arabic_round_trip(n: int, separators: bool, fullwidth: bool) -> None:
    s = f"{n:,}" if separators else str(n)
    if fullwidth:
        s = s.translate(_FULL)
    assert to_number(s) == n


@settings(deadline=None)  # timing varies when other test runs share the machine
@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["", "-", "+"]))
def test_signed_round_trip(n: int, sign: str) -> None:
    assert to_number(f"{sign}{n}") == (-n if sign == "-" else n)


@settings(deadline=None)  # timing varies when other test runs share the machine
@given(st.integers(min_value=1, max_value=99999), st.integers(min_value=0, max_value=9))
def test_wan_scaling_is_exact(whole: int, tenth: int) -> None:
    assert to_number(f"{whole}.{tenth}万") == whole * 10000 + tenth * 1000


def _one(text: str):
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


def test_find_numbers_joins_broken_lines() -> None:
    m = _one("回应网民留言 30\n\n余次")
    assert (m.value, m.qualifier, m.unit) == (30, "余", "次")
    m = _one("浏览量1.6万\n\n次")
    assert (m.value, m.qualifier, m.unit) == (16000, None, "次")
    m = _one("截至2024\n年")
    assert (m.value, m.unit) == (2024, "年")


def test_find_numbers_offsets_point_into_original_text() -> None:
    text = "“中宁政府网”公众号全年累计发布信息 139 条，回应网民留言 30\n\n余次，累计关注人数 3425人"
    found = find_numbers(text)
    assert [m.value for m in found] == [139, 30, 3425]
    for m in found:
        assert text[m.start : m.number_end].replace(",", "") == str(m.value)
    assert text[found[1].start : found[1].end] == "30\n\n余次"


def test_find_numbers_qualifiers() -> None:
    assert _one("超过1,200人").qualifier == "超"
    assert _one("近500条").qualifier == "近"
    assert _one("突破10万人").value == 100000
    assert _one("突破10万人").qualifier == "突破"
    assert _one("约300篇").qualifier == "约"
    assert _one("5000条以上").qualifier == "以上"
    assert _one("二十余条").value == 20
    assert _one("二十余条").qualifier == "余"
    assert _one("300多人").qualifier == "多"
    assert _one("发布信息139条").qualifier is None


def test_find_numbers_spaced_multiplier() -> None:
    m = _one("关注量 85.4 万")
    assert m.value == 854000


def test_find_numbers_skips_chinese_words_that_are_not_numbers() -> None:
    assert find_numbers("一是统一思想，十分重视，进一步加强") == []


def test_find_numbers_keeps_separate_numbers_separate() -> None:
    assert [m.value for m in find_numbers("10 20\n30")] == [10, 20, 30]
    assert [m.value for m in find_numbers("2021-2024年")] == [2021, 2024]


def test_find_numbers_money_unit() -> None:
    m = _one("收费5万元")
    assert (m.value, m.unit) == (5, "万元")


# --- one reader: table cells (parse.tokens) read digits through numbers -------------------------


@pytest.mark.parametrize(("year", "expected"), [("二〇二四", 2024), ("二○二四", 2024), ("二零二三", 2023)])
def test_year_in_chinese_digits_including_the_circle_zero(year: str, expected: int) -> None:
    """Typesetters print the zero of a year as 〇, 零 or the circle ○; all read the same."""
    assert to_number(year) == expected


def test_printed_value_keeps_the_printed_form() -> None:
    assert printed_value("1,036") == 1036 and isinstance(printed_value("1,036"), int)
    assert printed_value("7545.00") == 7545.0 and isinstance(printed_value("7545.00"), float)
    assert to_number("7545.00") == 7545 and isinstance(to_number("7545.00"), int)  # prose: a count


@settings(deadline=None)  # timing varies when other test runs share the machine
@given(
    st.integers(min_value=0, max_value=10**9),
    st.sampled_from(["", ".5", ".00", ".25"]),
    st.booleans(),
    st.sampled_from(["", "+", "-"]),
)
def test_cells_and_prose_read_digits_alike(n: int, frac: str, separators: bool, sign: str) -> None:
    """A cell and a sentence printing the same digits give the same value (a cell keeps the float
    type of a printed decimal point; the magnitude never differs)."""
    printed = (f"{n:,}" if separators else str(n)) + frac
    cell = parse_cell(sign + printed)
    assert cell.kind == "number"
    assert cell.value == to_number(sign + printed)
    assert cell.value == (-1 if sign == "-" else 1) * printed_value(printed)
