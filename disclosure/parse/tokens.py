"""Cell tokens: what a printed table cell holds (SPEC §5).

A cell is a number, blank, or a dash-like token; the three are different facts and are kept apart:
`parse_cell` returns the kind together with the value, and the raw text is always kept by the caller.
Built on `disclosure.numbers` (the one number reader: its ARABIC grammar and `printed_value`); what is
added here is what only a cell has: units inside the cell ("251000元", "万元"), the sign of 本年增/减,
the blank/dash distinction, and no Chinese numerals (a table prints digits; "二" in a cell is text).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from disclosure import numbers

Kind = Literal["number", "blank", "dash", "text"]

DASHES = frozenset({"/", "-", "—", "——", "–", "－", "−", "无", "／", "\\", "—-", "--", "---", "…", "\\/"})

# Count units a cell may print after its number ("3个", "2笔" for 采购项目数量): the value is the count.
COUNT_UNITS: tuple[str, ...] = ("件", "个", "项", "笔", "次", "家")
_NUM = re.compile(
    rf"^(?P<sign>[+\-])?(?P<num>{numbers.ARABIC})(?P<unit>万元|元|万|" + "|".join(COUNT_UNITS) + r")?$"
)


@dataclass(frozen=True, slots=True)
class CellValue:
    kind: Kind
    value: int | float | None = None
    unit: str | None = None  # unit printed inside the cell ("元", "万元")
    signed: bool = False  # printed with an explicit + or -
    leading_zero: bool = False  # "023": not a number as printed (a run-together artefact)


def canon(raw: str) -> str:
    """NFKC (full-width digits, ＋, ．), unify minus signs, drop all whitespace."""
    s = unicodedata.normalize("NFKC", raw)
    s = s.replace("−", "-").replace("–", "-").replace("﹣", "-").replace("，", ",")
    return "".join(s.split())


_SPLIT_DIGITS = re.compile(r"[\d.]\s+[\d.]")


@lru_cache(maxsize=8192)
def parse_cell(raw: str) -> CellValue:
    """Classify one printed cell. Numbers keep int-ness: "12" → 12, "7545.00" → 7545.0.

    Digits separated by whitespace ("9 0", a PDF cell holding two rows' numbers) are text, never
    joined into one number.

    Cached: a report's tables repeat a few dozen distinct cell texts ("0", "/", small counts)
    hundreds of times and the parser asks about the same cell from several places; the answer
    depends on the text alone and `CellValue` is frozen, so sharing it is safe.
    """
    if _SPLIT_DIGITS.search(unicodedata.normalize("NFKC", raw)):
        return CellValue("text")
    s = canon(raw)
    if s == "":
        return CellValue("blank")
    if s in DASHES or set(s) <= set("/-—–－−\\"):
        return CellValue("dash")
    m = _NUM.match(s)
    if not m:
        return CellValue("text")
    digits = m.group("num").split(".")[0].replace(",", "")
    value = numbers.printed_value(m.group("num"))
    if m.group("sign") == "-":
        value = -value
    unit = m.group("unit")
    return CellValue(
        "number",
        value,
        unit=unit,
        signed=m.group("sign") is not None,
        leading_zero=len(digits) > 1 and digits[0] == "0",
    )
