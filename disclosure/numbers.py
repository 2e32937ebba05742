"""The shared number reader: one printed token, or every number in a run of prose.

Why one module: table cells ("1,036", "＋1036", "251000元", "0.5") and narrative sentences ("30余次",
"1.6万次", "二十余条", "85.4 万") are written with the same conventions, and a number read two ways in
two places is a bug waiting to happen. Chinese numerals are delegated to `cn2an` (well kept, handles
十/百/千/万/亿 and 〇-style digit strings); only the glue around it (signs, separators, 万/亿 after
Arabic digits, qualifiers, units, numbers broken across lines) is written here, because no library
does that for reports.

Decimal arithmetic is used for 万/亿 scaling so that "85.4万" is exactly 854000, not 853999.9999.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

# 1:1 translation (so offsets stay valid) of full-width digits and the few full-width symbols that
# belong to a number. The full-width comma "，" is NOT mapped: in prose it separates clauses.
_FULLWIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {"．": ".", "％": "%", "＋": "+", "－": "-", "﹢": "+", "﹣": "-", "−": "-"}
)

CN_DIGITS = "零〇一二两三四五六七八九"
CN_MAGNITUDES = "十百千万亿"
CN_NUMERAL_CHARS = CN_DIGITS + CN_MAGNITUDES + "点"

# Multipliers that may follow Arabic digits ("1.6万", "3亿").
_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}

# Units that may follow a number, longest first so "万人次" wins over "万" and "人次" over "人".
# "万元"/"亿元" are units, not multipliers: the fee column of the 2021 template is in 万元 and a
# value must stay in the unit it was printed in (SPEC §5: a fee is flagged, never rescaled).
UNITS: tuple[str, ...] = tuple(
    sorted(
        {
            "万元",
            "亿元",
            "元",
            "人次",
            "条次",
            "篇次",
            "件次",
            "个百分点",
            "个工作日",
            "工作日",
            "分钟",
            "小时",
            "条",
            "篇",
            "期",
            "次",
            "人",
            "个",
            "件",
            "场",
            "项",
            "份",
            "家",
            "名",
            "户",
            "批次",
            "批",
            "部",
            "本",
            "册",
            "页",
            "位",
            "类",
            "组",
            "天",
            "日",
            "月",
            "年",
            "号",
            "%",
            "‰",
            "字",
            "届",
            "轮",
            "通",
            "封",
            "起",
            "宗",
            "周年",
            "卷",
            "套",
            "台",
            "款",
            "所",
            "个月",
            "周",
            "季度",
            "栏目",
            "个栏目",
            "篇幅",
            "则",
            "幅",
            "张",
            "帧",
            "段",
            "集",
            "秒",
        },
        key=len,
        reverse=True,
    )
)

# Canonical qualifiers (SPEC §9) and the spellings that map onto them.
PREFIX_QUALIFIERS: dict[str, str] = {
    "超过": "超",
    "突破": "突破",
    "近": "近",
    "超": "超",
    "约": "约",
    "逾": "超",
}
SUFFIX_QUALIFIERS: dict[str, str] = {"余": "余", "多": "多"}
TRAILING_QUALIFIERS: dict[str, str] = {"以上": "以上", "左右": "约", "有余": "余"}

# An Arabic number: thousands groups or plain digits, then an optional decimal part.
ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_TOKEN_RE = re.compile(
    rf"^(?P<sign>[+-])?(?:(?P<arabic>{ARABIC})\s*(?P<mult>[万亿])?|(?P<cn>[{CN_NUMERAL_CHARS}]+))$"
)


def _normalise(token: str) -> str:
    # "○" (a circle, not the numeral 〇) is how many typesetters print the zero of a year (二○二四):
    # mapped here only, not in prose search, where a circle is a list bullet as often as a zero.
    return (
        token.translate(_FULLWIDTH)
        .replace("，", ",")
        .replace(" ", "")
        .replace("\u3000", "")
        .replace("○", "〇")
        .strip()
    )


def printed_value(arabic: str) -> int | float:
    """An Arabic number as printed (matching ARABIC), separators removed: "1,036" → 1036, "0.5" → 0.5,
    "7545.00" → 7545.0. Unlike `to_number`, a printed decimal point keeps the value a float: a table
    cell is reported exactly as printed (SPEC §5)."""
    plain = arabic.replace(",", "")
    return float(plain) if "." in plain else int(plain)


def _as_number(d: Decimal) -> int | float:
    """Integral values come back as int (counts), others as float (rates, fees)."""
    return int(d) if d == d.to_integral_value() else float(d)


def _cn_to_decimal(cn: str) -> Decimal | None:
    """Chinese numeral via cn2an; None when cn2an rejects it (e.g. a lone 百, or 十十)."""
    try:
        value = cn2an.cn2an(cn, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        # cn2an raises ValueError for malformed numerals; other errors come from odd strings.
        return None
    return Decimal(str(value))


def to_number(token: str) -> int | float | None:
    """Read one printed numeric token; None if it is not a number.

    Accepts Arabic digits (half- or full-width) with thousands separators and decimals, a leading
    sign ("+1036", "-8"), an Arabic number scaled by 万/亿 ("1.6万", "85.4 万") and Chinese numerals
    ("二十", "一千二百", "三万五千", "二〇二四"). Units are not accepted here ("251000元" → None): in prose,
    `find_numbers` reports the unit apart, so 251000 is never read as a number of something else.
    """
    s = _normalise(token)
    m = _TOKEN_RE.match(s)
    if not m:
        return None
    d: Decimal | None
    if m["arabic"] is not None:
        try:
            d = Decimal(m["arabic"].replace(",", ""))
        except InvalidOperation:
            return None
        if m["mult"]:
            d *= _MULTIPLIERS[m["mult"]]
    else:
        d = _cn_to_decimal(m["cn"])
    if d is None:
        return None
    if m["sign"] == "-":
        d = -d
    return _as_number(d)


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A number found in prose.

    `start`/`end` are offsets in the text given to `find_numbers` (not in the joined view): `start`
    is the first character of the number itself (after any prefix qualifier), `end` is just after the
    whole match including multiplier, suffix qualifier, unit and trailing qualifier. `number_end` is
    just after the digits/numerals (and a 万/亿 multiplier).
    """

    value: int | float
    raw: str
    qualifier: str | None
    unit: str
    start: int
    end: int
    number_end: int
    chinese: bool  # written in Chinese numerals


# Whitespace is removed only where it breaks a number from its own tail (multiplier, qualifier,
# unit) or a number from a trailing decimal part; whitespace between two plain numbers is kept, so
# "10 20" never becomes 1020.
_NUMBER_CHARS = set("0123456789.") | set(CN_NUMERAL_CHARS) | set("余多")
_TAIL_STARTS = set("万亿余多") | {u[0] for u in UNITS} | {q[0] for q in TRAILING_QUALIFIERS}


def _joined_view(text: str) -> tuple[str, list[int]]:
    """The text with line breaks/spaces inside a number+unit removed, and a map back to offsets."""
    t = text.translate(_FULLWIDTH)
    out: list[str] = []
    index: list[int] = []
    n = len(t)
    i = 0
    while i < n:
        ch = t[i]
        if ch.isspace() and out and out[-1] in _NUMBER_CHARS:
            j = i
            while j < n and t[j].isspace():
                j += 1
            if j < n and (t[j] in _TAIL_STARTS or (out[-1] == "." and t[j].isdigit())):
                i = j
                continue
        out.append(ch)
        index.append(i)
        i += 1
    return "".join(out), index


_CN_NUM = rf"[{CN_DIGITS}十百千][{CN_NUMERAL_CHARS}]*"
_UNIT_ALT = "|".join(re.escape(u) for u in UNITS)
_FIND_RE = re.compile(
    rf"(?P<num>(?<![\d.,])[+-]?{ARABIC}(?![\d])(?:(?P<mult>[万亿])(?!元))?|(?P<cn>{_CN_NUM}))"
    rf"(?P<sq>余|多)?(?P<unit>{_UNIT_ALT})?(?P<tq>以上|左右|有余)?"
)
_PREFIX_RE = re.compile(r"(超过|突破|近|超|约|逾)$")


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number in `text`, with qualifier, unit and offsets into `text`.

    Numbers and units broken across lines ("30\\n\\n余次", "1.6万\\n\\n次", "2024\\n年") are joined first.
    Chinese numerals are reported only when followed by a unit or 余/多 ("二十余条"), so that
    一是/统一/十分 are not read as numbers. Dates, years
    and document numbers are returned like any other number (with unit 年/月/日/号); callers decide.
    """
    view, index = _joined_view(text)
    out: list[NumberMatch] = []
    for m in _FIND_RE.finditer(view):
        num = m["num"]
        chinese = m["cn"] is not None
        if chinese and not (m["unit"] or m["sq"]) or num.endswith("点"):
            continue
        value = to_number(num)
        if value is None:
            continue
        if num[0] in "+-":
            # A dash between two numbers is a range or a date ("2021-2024"), not a sign.
            before = view[m.start() - 1] if m.start() > 0 else ""
            if num[0] == "-" and (before.isdigit() or before.isalpha()):
                num = num[1:]
                value = to_number(num)
                if value is None:
                    continue
                nstart = m.start() + 1
            else:
                nstart = m.start()
        else:
            nstart = m.start()
        qualifier: str | None = None
        # The prefixes are at most two characters: look only there (searching from 0 each time
        # would make a long text quadratic).
        pm = _PREFIX_RE.search(view, max(0, nstart - 2), nstart)
        if pm and pm.end() == nstart:
            qualifier = PREFIX_QUALIFIERS[pm[1]]
        if m["sq"]:
            qualifier = SUFFIX_QUALIFIERS[m["sq"]]
        if m["tq"]:
            qualifier = TRAILING_QUALIFIERS[m["tq"]]
        number_end_view = m.end("num")
        start = index[nstart]
        number_end = index[number_end_view - 1] + 1
        end = index[m.end() - 1] + 1
        out.append(
            NumberMatch(
                value=value,
                raw=text[start:end],
                qualifier=qualifier,
                unit=m["unit"] or "",
                start=start,
                end=end,
                number_end=number_end,
                chinese=chinese,
            )
        )
    return out
