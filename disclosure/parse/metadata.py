"""Agency, year, scope, level, kind and region of a report (SPEC §8); tells a non-report apart.

Where each value comes from, in order of trust:
- agency and year: the report's title — an archiver header line `标题:` when the page was scraped, else
  the title at the top of the body (often split over two lines, with spaces inside, e.g.
  " 中宁县人民政府办公室\\n2024 年政府信息公开工作年度报告"). The statistics period
  "YYYY年1月1日至…12月31日" gives the year when the title has none; a publication date (发布时间,
  the 落款 date) never does, because reports for year Y are published in Y+1.
- the signature (落款) supplies the agency when the title has none.
- region, level and kind come from the agency name, read against the national division table
  (`regions`); the postcode of the contact block breaks ties between same-named places.
- scope is "aggregate" only when the text says the report compiles (or its figures cover) the
  agencies of the whole jurisdiction; otherwise "own". An aggregate must never be summed with its
  members, so the evidence phrases are deliberately explicit ones.

A document whose title names another genre (a 函, 通知 …) raises `NotAReportError`: inventing a report
from a letter filed in the same web column would put made-up rows into the dataset.

The order of trust is declared as tables: `YEAR_RESOLVERS`, `AGENCY_RESOLVERS` (each source with its
example) and `NOT_A_REPORT_RULES`; `evidence["resolvers"]` names the resolver that gave each value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from disclosure import numbers
from disclosure.errors import NotAReportError
from disclosure.model import Document
from disclosure.parse import regions

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# A four-digit year in Arabic or Chinese digits (二〇二四).
_YEAR_DIGITS = r"\d{4}|[〇零○一二三四五六七八九]{4}"
_YEAR = r"(?P<year>" + _YEAR_DIGITS + ")"
# The report phrase after the year: 政府信息公开工作年度报告 and its common variants
# (政府信息公开年度报告, 信息公开工作年度报告, 政务公开工作年度报告, …年报).
_PHRASE = r"(?:政府|政务)?(?:信息)?公开(?:工作)?(?:年度报告|年报|报告)"
_AGENCY = r"(?P<agency>[^\d\s《》“”\"。，、,;；:]{2,60}?)"
# Words that cannot be part of an agency name but are part of sentences that mention a report.
_NOT_AGENCY = re.compile(
    r"信息公开|政务公开|关于|通知|要点|落实|情况|年度|报告|根据|按照|印发|做好|编制|(?:信息|政务)$"
)
# {机关}{YYYY}年(度)?…报告  /  {YYYY}年(度)?{机关}…报告. A cover letter's title is still the report's:
# "{机关}关于(报送)2021年度…年度报告(的函)" (the letter sends the report; htp_2021, lyy_2020).
_COVER = r"(?:关于(?:报送|印发|公布|发布|上报)?)?"
_COVER_END = r"(?:的(?:函|报告|通知))?"
_TITLE_AGENCY_FIRST = re.compile(_AGENCY + _COVER + _YEAR + r"年度?" + _PHRASE + _COVER_END)
_TITLE_YEAR_FIRST = re.compile(_YEAR + r"年度?" + _AGENCY + _PHRASE)
_TITLE_NO_AGENCY = re.compile(r"(?:^|[^\d])" + _YEAR + r"年度?" + _PHRASE)
# {机关}…报告（YYYY年度）
_TITLE_YEAR_AFTER = re.compile(_AGENCY + _PHRASE + r"\(" + _YEAR + r"年度?\)")
# Anything before these in an agency candidate is page furniture or sentence text, not the name.
# 正文: a page label printed on the line before the title ("正文" / title), joined to it when lines are.
_AGENCY_NOISE = re.compile(
    r".*(?:[:;,.!?\"'《》“”‘’。，、；！？【】\[\]]|当前位置|首页|年报|现发布|现将|公布|正文)"
)
_PERIOD = re.compile(
    _YEAR
    + r"年0?1月0?1日(?:起|零时)?(?:至|到|—|-|~|－|–)+(?:"
    + r"(?P<year2>"
    + _YEAR_DIGITS
    + r")年)?12月31日"
)
_POSTCODE = re.compile(r"(?:邮编|邮政编码)[:]?(\d{6})(?!\d)")
# A title that names another kind of document. Checked only when no report title was found.
_OTHER_GENRE = re.compile(
    r"关于[^。:]{2,80}?的(?P<genre>函|通知|意见|请示|批复|决定|方案|要点|总结|报告|通报|公告|说明|讲话)"
)
_ORGAN_SUFFIX = re.compile(
    r"(?:人民政府|政府|办公室|办公厅|局|委员会|委|厅|办|中心|管委会|管理委员会|实验区|开发区|新区|园区|"
    r"院|署|会|站|所|处|部|室|馆|街道办事处|办事处|街道|镇|乡|县|市|区|旗|州|盟|省)$"
)
_GOV_REST = re.compile(
    r"^(?:人民政府|政府|管委会|管理委员会|党工委管委会|街道办事处|办事处|人民政府办事处)?$"
)
_ZONE_UNIT = re.compile(
    r"^(?P<unit>(?:(?!人民政府|政府|局|委|厅|办|中心)[\u4e00-\u9fff]){0,12}?"
    r"(?:经济技术开发区|高新技术产业开发区|经济开发区|开发区|高新区|综合实验区|实验区|新区|"
    r"产业园区|工业园区|园区|保税区|自由贸易试验区|试验区|示范区|管理区))"
)
_TOWNSHIP_UNIT = re.compile(
    r"^(?P<unit>[\u4e00-\u9fff]{1,8}?(?:镇|乡|街道))(?=人民政府|政府|街道办事处|办事处|$)"
)
# Township-level offices that govern an area of a zone or county rather than serve a department
# (平潭's 海坛片区管理局): the name is the area plus one of these; level township, kind government.
_AREA_OFFICE = re.compile(
    r"^(?P<unit>[\u4e00-\u9fff]{1,8}?(?:片区|园区|社区|管理区))(?=管理局|管委会|管理委员会|办事处)"
    r"(?P<office>管理局|管委会|管理委员会|办事处)$"
)
# "一、总体情况 2024年，中宁县人民政府办公室坚持…": the subject of the overview's first sentence is the
# reporting agency in nearly every report; used only when neither title nor signature names it.
_OVERVIEW_SUBJECT = re.compile(
    r"一、总体情况(?:\d{4}年(?:度)?[,，])?(?:我|本)?(?P<agency>[^,，。;；、\d()]{2,40}?)"
    r"(?:坚持|认真|深入|全面|紧紧|紧扣|持续|始终|以习近平|围绕|高度|严格|积极|按照|根据|在)"
)
_ZONE_WORD = re.compile(r"开发区|高新区|新区|综合实验区|实验区|园区|保税区|管委会|管理委员会")

# Aggregate scope (SPEC §8). Each pattern is applied to one sentence of whitespace-free text.
# How the report was compiled is said in its preamble, so those patterns only look at the first
# _PREAMBLE characters (a sentence deep in the body such as "综合运用各类平台，形成合力" must not
# count); statements that the figures cover the whole jurisdiction may stand anywhere.
_PREAMBLE = 2000
_COMPILED_PATTERNS: tuple[re.Pattern[str], ...] = (
    # "汇总平潭综合实验区各有关单位政府信息公开工作情况编制而成", "综合各县（市、区）…年度报告编制而成"
    re.compile(
        r"(?:汇总|综合|汇编)[^。]{0,40}?(?:各|全)[^。]{0,60}?"
        r"(?:年度报告|年报|工作情况|公开情况|数据)[^。]{0,20}?(?:编制|而成|形成|汇总)"
    ),
    re.compile(r"汇总全(?:省|市|区|县|州|盟|旗)[^。]{0,40}?(?:编制|而成|形成|情况|数据|年度报告)"),
    # "本报告…根据…各工作部门、…各乡镇人民政府的政府信息公开年度报告编制"
    re.compile(r"根据[^。]{0,120}?各[^。]{0,80}?(?:年度报告|年报)[^。]{0,10}?(?:编制|汇总)"),
    re.compile(r"本报告由[^。]{0,80}?各[^。]{0,80}?(?:年度报告|年报)汇总"),
)
_JURISDICTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "jurisdiction_figures",
        re.compile(
            r"全(?:省|市|区|县|州|盟|旗)(?:各级行政机关|各级各部门|各级各单位|各单位|各部门)?共?"
            r"(?:收到|受理|新收|办理)[^。]{0,12}?申请\d+件"
        ),
    ),
    ("jurisdiction_figures", re.compile(r"全(?:省|市|区|县|州|盟|旗)共?收到\d+件申请")),
    (
        "jurisdiction_figures",
        re.compile(r"(?:我|全)(?:省|市|区|县|州|盟|旗)(?:各级单位|各级行政机关|政府信息公开单位共)"),
    ),
    (
        "member_breakdown",
        re.compile(r"各(?:乡镇|街道|县(?:\(市、区\)|区)?)(?:人民政府)?主动公开(?:政府)?信息\d+条"),
    ),
)


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).translate(_INVISIBLE)


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _year_int(raw: str) -> int | None:
    """A four-digit year in Arabic or Chinese digits (二〇二四, 二○二四), if plausible."""
    y = numbers.to_number(raw)
    return y if isinstance(y, int) and 2000 <= y <= 2100 else None


def _clean_agency(raw: str | None) -> str | None:
    if not raw:
        return None
    a = _AGENCY_NOISE.sub("", raw)
    a = a.strip("()（） #*")  # "# XX县人民政府…": a Markdown heading's marks are not the name
    if a.endswith("人民"):  # "…市人民政府信息公开工作年度报告": 政府 was read as part of the phrase
        a += "政府"
    if _NOT_AGENCY.search(a):
        return None
    if len(a) < 2 or a in {"政府", "本机关", "本单位", "我局", "我委", "我区", "我市", "我县"}:
        return None
    return a


_HEADER_LINE = re.compile(r"^([\u4e00-\u9fff]{2,6}):\s?(.*)$")


def _header(lines: list[str]) -> tuple[dict[str, str], int]:
    """An archiver's `key: value` header at the top (标题/发布时间/发布机构…), and where the body starts.

    Only 标题 (and 发布机构 as a hint) are used; 发布时间 is the publication date and never the year.
    """
    if not lines or not _HEADER_LINE.match(lines[0].strip()):
        return {}, 0
    header: dict[str, str] = {}
    first_other: int | None = None
    for i, line in enumerate(lines[:20]):
        s = line.strip()
        if re.fullmatch(r"=+\s*正文\s*=+", s):
            return header, i + 1
        m = _HEADER_LINE.match(s)
        if m and first_other is None:
            header[m.group(1)] = m.group(2).strip()
        elif first_other is None:
            first_other = i
    return header, (first_other if first_other is not None else min(len(lines), 20))


class _Compact:
    """A line with its whitespace removed, remembering where whitespace was.

    Titles are often spaced out ("2 0 2 4 年", "中 宁 县"), so matching must ignore whitespace; but a
    report title must also stand on its own — a sentence that merely mentions "做好2023年政府信息公开
    工作年度报告有关事项" is not a title. The remembered gaps (plus punctuation and line ends) are the
    word boundaries a title needs on both sides.
    """

    __slots__ = ("text", "gaps")

    def __init__(self, line: str) -> None:
        out: list[str] = []
        gaps: set[int] = set()
        for ch in line:
            if ch.isspace():
                gaps.add(len(out))
            else:
                out.append(ch)
        self.text = "".join(out)
        self.gaps = gaps

    def __add__(self, other: _Compact) -> _Compact:
        joined = _Compact("")
        joined.text = self.text + other.text
        joined.gaps = self.gaps | {len(self.text)} | {g + len(self.text) for g in other.gaps}
        return joined

    def boundary(self, i: int) -> bool:
        if i <= 0 or i >= len(self.text) or i in self.gaps:
            return True
        return self.text[i - 1] in _PUNCT or self.text[i] in _PUNCT


_PUNCT = set("《》「」『』“”\"'()（）【】[]<>:：;；,，。、!！?？-—–|/_·")


def _match_title(c: _Compact, whole: bool = False) -> tuple[str | None, int | None] | None:
    """(agency, year) of a report title in `c`, or None if `c` holds no report title.

    `whole=True` treats the entire string as the title (an archiver's 标题 line), so the title need
    not start at a word boundary.
    """
    s = c.text
    for rx in (_TITLE_AGENCY_FIRST, _TITLE_YEAR_FIRST, _TITLE_YEAR_AFTER):
        for m in rx.finditer(s):
            if not c.boundary(m.end()):
                continue
            year = _year_int(m.group("year"))
            raw = m.group("agency")
            agency = _clean_agency(raw)
            if year is None or agency is None:
                continue
            # where the cleaned agency starts: after any page furniture _clean_agency dropped
            a_start = m.start("agency") + len(raw) - len(_AGENCY_NOISE.sub("", raw).lstrip("()（） "))
            first = m.start("year") if rx is _TITLE_YEAR_FIRST else a_start
            if c.boundary(first) or whole:
                return agency, year
    for m in _TITLE_NO_AGENCY.finditer(s):
        year = _year_int(m.group("year"))
        if year is not None and c.boundary(m.end()) and (c.boundary(m.start("year")) or whole):
            return None, year
    # A line that is nothing but a title without a year ("XX局政府信息公开工作年度报告").
    bare = re.fullmatch(_AGENCY + _PHRASE, s)
    if bare and (agency := _clean_agency(bare.group("agency"))):
        return agency, None
    if re.fullmatch(_PHRASE, s):
        return None, None
    return None


def _title_from_body(lines: list[str]) -> tuple[str | None, int | None, str] | None:
    """Search the first lines for a report title, also across line breaks.

    PDF extractors break titles anywhere: the agency on one line and the year on the next, or the
    phrase itself split ("2024年政府信息公开" / "工作年度报告"). Each line is therefore tried alone and
    joined with its neighbours; a window that yields an agency wins, else the first year-only title.
    """
    nonempty = [_Compact(line) for line in lines if line.strip()][:40]
    heads = []
    for comp in nonempty:
        head = _Compact("")
        head.text, head.gaps = comp.text[:400], {g for g in comp.gaps if g <= 400}
        heads.append(head)
    year_only: tuple[str | None, int | None, str] | None = None
    bare: tuple[str | None, int | None, str] | None = None
    n = len(heads)
    for i in range(n):
        for lo, hi in ((i, i), (i - 1, i), (i, i + 1), (i - 1, i + 1), (i - 2, i)):
            if lo < 0 or hi >= n:
                continue
            window = heads[lo]
            for k in range(lo + 1, hi + 1):
                window = window + heads[k]
            found = _match_title(window)
            if found is None:
                continue
            if found[0] is not None:
                return found[0], found[1], window.text[:200]
            if found[1] is not None and year_only is None:
                year_only = (None, found[1], window.text[:200])
            elif bare is None:
                bare = (None, None, window.text[:200])  # e.g. a menu item "政府信息公开年报"
        if year_only is not None and i >= 2:
            break  # a title without agency, and none in the lines around it
    return year_only or bare


def _signature(lines: list[str]) -> str | None:
    """The issuing agency printed above/before the closing date (落款)."""
    tail = [_compact(line) for line in lines if line.strip()][-12:]
    date = (
        r"(?:"
        + _YEAR_DIGITS
        + r")年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})日)?"
    )
    for k in range(len(tail) - 1, -1, -1):
        line = re.sub(r"附件(?:下载)?$", "", tail[k])
        m = re.search(r"([\u4e00-\u9fff()]{4,40})" + date + r"$", line)
        cand = m.group(1) if m else None
        if cand is None and re.fullmatch(date, line) and k > 0:
            cand = tail[k - 1]
        if cand:
            cand = _clean_agency(re.split(r"[。;；！!]", cand)[-1])
            if cand and _ORGAN_SUFFIX.search(cand) and len(cand) <= 40:
                return cand
    return None


def _period_year(compact_text: str) -> int | None:
    m = _PERIOD.search(compact_text)
    if not m:
        return None
    y = _year_int(m.group("year"))
    if m.group("year2") and _year_int(m.group("year2")) != y:
        return None  # a multi-year period is not one reporting year
    return y


def _scope(compact_text: str) -> tuple[str, str | None]:
    found = _first_evidence(
        compact_text[:_PREAMBLE], [("compiled", rx) for rx in _COMPILED_PATTERNS]
    ) or _first_evidence(compact_text, _JURISDICTION_PATTERNS)
    return ("aggregate", found) if found else ("own", None)


def _first_evidence(text: str, patterns: Any) -> str | None:
    """ "name: quote" for the first sentence of `text` matched by one of the (name, pattern) pairs."""
    for sentence in re.split(r"[。！？!?]", text):
        for name, rx in patterns:
            m = rx.search(sentence)
            if m:
                return f"{name}: {sentence[max(0, m.start() - 40) : m.end() + 20]}"
    return None


@dataclass(frozen=True, slots=True)
class _Named:
    """An agency name read against the gazetteer: its places, the division they resolve to (None:
    unknown or ambiguous), and `rest`, the name after its last place."""

    agency: str
    places: list[regions.PlaceMatch]
    division: regions.Division | None
    rest: str


@dataclass(frozen=True, slots=True)
class LevelRule:
    """How the level of an agency is read, in order: the first rule that gives a result decides
    (level, and the rest of the name the agency type is read from). `example` is an agency name
    (with `postcode`, if the rule needs one) that this rule reads as (`level`, `agency_type`)."""

    name: str
    example: str
    postcode: str | None
    level: str | None
    agency_type: str | None
    read: Callable[[_Named], tuple[str | None, str] | None]


def _zone(n: _Named) -> re.Match[str] | None:
    return _ZONE_UNIT.match(n.rest)


def _area_office(n: _Named) -> tuple[str | None, str] | None:
    """Township-level offices governing an area of a zone (平潭's 海坛片区管理局): the government of
    that area (an empty rest reads as government)."""
    zone = _zone(n)
    return ("township", "") if zone and _AREA_OFFICE.match(n.rest[zone.end() :]) else None


def _division_rank(n: _Named) -> tuple[str | None, str] | None:
    """The division ranks are level names: province, prefecture, county; a province named by its
    short name only (宁夏…) is not the province itself unless it is a municipality."""
    d = n.division
    if d is None:
        return None, n.rest
    if d.rank == "province" and not regions.is_municipality(d) and n.places[-1].short:
        return None, n.rest
    return d.rank, n.rest


LEVEL_RULES: tuple[LevelRule, ...] = (
    LevelRule(
        "area_office_of_a_zone", "平潭综合实验区海坛片区管理局", None, "township", "government", _area_office
    ),
    LevelRule(
        "development_zone",
        "平潭综合实验区管委会办公室",
        None,
        "dev_zone",
        "department",
        lambda n: ("dev_zone", n.rest[z.end() :]) if (z := _zone(n)) else None,
    ),
    LevelRule(
        "township",
        "中宁县石空镇人民政府",
        None,
        "township",
        "government",
        lambda n: ("township", n.rest[t.end() :]) if (t := _TOWNSHIP_UNIT.match(n.rest)) else None,
    ),
    LevelRule(
        "unknown_place",  # a name the gazetteer does not know: SPEC §8 by the jurisdiction word
        "XX县人民政府",
        None,
        "county",
        "government",
        lambda n: _level_by_suffix(n.agency) if not n.places else None,
    ),
    LevelRule(
        "ambiguous_place",  # same-named places (鼓楼区), no postcode: region unknown, level not
        "鼓楼区人民政府",
        None,
        "county",
        "government",
        lambda n: (_level_by_suffix(n.agency)[0], n.rest) if n.division is None else None,
    ),
    LevelRule("division_rank", "中卫市人民政府", None, "prefecture", "government", _division_rank),
)

# The agency type (the contract's key "kind"), read from the name after its place and level unit:
# nothing or a government word is the government itself, other words one of its departments.
AGENCY_TYPE_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("government", _GOV_REST, "government"),
    ("department", re.compile(r"^(?:人民政府|政府|管委会|管理委员会)?[\u4e00-\u9fff()]+$"), "department"),
)


def _read_name(agency: str, postcode: str | None) -> _Named:
    places = regions.find_places(agency)
    division = regions.resolve(places, postcode)
    return _Named(agency, places, division, agency[places[-1].end :] if places else agency)


def classify(agency: str | None, postcode: str | None = None) -> dict[str, Any]:
    """Level, kind and region of an agency name (public so the store/dashboard can reuse it)."""
    out: dict[str, Any] = {
        "level": None,
        "kind": None,
        "region": {"province": None, "city": None, "county": None},
    }
    if not agency:
        return out
    named = _read_name(agency, postcode)
    if named.division is not None:
        out["region"] = regions.region_of(named.division)
    elif postcode:
        out["region"]["province"] = regions.province_of_postcode(postcode)
    level, rest = next(got for rule in LEVEL_RULES if (got := rule.read(named)) is not None)
    out["level"] = level
    out["kind"] = next((t for _name, rx, t in AGENCY_TYPE_RULES if rx.match(rest)), None)
    return out


def _level_by_suffix(agency: str) -> tuple[str | None, str]:
    """SPEC §8 rules by the jurisdiction word, for names the gazetteer does not know."""
    m = re.match(r"^(?P<j>.+?(?:自治区|省|直辖市|自治州|地区|盟|市|州|县|区|旗|镇|乡|街道))", agency)
    z = _ZONE_WORD.search(agency)
    if z:
        # "…管委会" is the zone's government: keep it in the rest so the kind reads "government"
        end = z.start() if z.group(0) in ("管委会", "管理委员会") else z.end()
        return "dev_zone", agency[end:]
    if not m:
        return None, agency
    j = m.group("j")
    if j.endswith(("自治区", "省", "直辖市")):
        return "province", agency[m.end() :]
    if j.endswith(("镇", "乡", "街道")):
        return "township", agency[m.end() :]
    if j.endswith(("县", "区", "旗")):
        return "county", agency[m.end() :]
    return "prefecture", agency[m.end() :]


class _Sources:
    """What one document offers the resolvers: its header, body, whitespace-free body text, and the
    title, signature and statistics period found in them (each searched once, on first use)."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        lines = text.splitlines()
        self.header, body_start = _header(lines)
        self.body = lines[body_start:]
        self.compact = _compact("\n".join(self.body))
        self.header_title = self.header.get("标题")

    @cached_property
    def header_match(self) -> tuple[str | None, int | None] | None:
        """(agency, year) of the archiver's 标题 line, None when it is not a report title."""
        return _match_title(_Compact(self.header_title), whole=True) if self.header_title else None

    @cached_property
    def body_title(self) -> tuple[str | None, int | None, str] | None:
        return _title_from_body(self.body)

    @property
    def title_found(self) -> bool:
        return self.header_match is not None or self.body_title is not None

    @cached_property
    def has_tables(self) -> bool:
        return "本年新收政府信息公开申请数量" in self.compact or "受理依申请公开信息总数" in self.compact

    @cached_property
    def period_year(self) -> int | None:
        return _period_year(self.compact)

    @cached_property
    def signature(self) -> str | None:
        return _signature(self.body)


@dataclass(frozen=True, slots=True)
class NotAReportRule:
    """Why a document without a report title is not a report. `example` is the text of such a
    document (`source`: the corpus file it is quoted from, "" when constructed)."""

    name: str
    source: str
    example: str
    reason: Callable[[_Sources], str | None]  # the error's reason, or None: this rule does not apply


def _other_genre(src: _Sources) -> str | None:
    genre_title = src.header_title or _genre_title(src.compact[:600])
    if genre_title and not src.has_tables:
        return f"不是政府信息公开工作年度报告：《{genre_title}》"
    return None


# Checked in order, and only when no report title was found: a report whose title the extractor
# broke beyond recognition still has its statistics tables and its disclosure wording.
NOT_A_REPORT_RULES: tuple[NotAReportRule, ...] = (
    NotAReportRule(
        "other_genre",
        "legacy/pingtan_gongzuoyaodian_2014.txt",
        "关于2014年政府信息公开工作要点落实情况的函",
        _other_genre,
    ),
    NotAReportRule(
        "no_disclosure_words",
        "",
        "今天天气很好，我们去公园散步。",
        lambda src: (
            "不是政府信息公开工作年度报告：全文没有提到政府信息公开"
            if "政府信息公开" not in src.compact and "政务公开" not in src.compact
            else None
        ),
    ),
    NotAReportRule(
        "no_title_no_tables",
        "",
        "我市深入推进政务公开标准化规范化建设。",
        lambda src: (
            "不是政府信息公开工作年度报告：没有年度报告标题，也没有统计表"
            if not src.has_tables and not re.search(r"年度报告|年报", src.compact)
            else None
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class Resolver:
    """One source of a metadata value, tried in order. `find(src, found)` gets the value found so far
    and returns the value this source gives, or None. A resolver runs only while no value is found,
    unless it `refines` one (then it may replace it). `evidence` names the source in the returned
    evidence when this resolver gave the value. `example` is a report text (from `source`, or
    constructed when "") in which this resolver gives `expect`."""

    name: str
    source: str
    example: str
    expect: str | int
    find: Callable[[_Sources, Any], Any]
    evidence: str | None = None
    refines: bool = False


def _signature_more_exact(src: _Sources, agency: str) -> str | None:
    """Title "XX县2023年…" signed "XX县人民政府": the same body, named more exactly. A signature
    naming an office (XX县人民政府办公室) is the compiler, not the reporting agency: not used."""
    sig = src.signature
    if sig and sig.startswith(agency) and _GOV_REST.fullmatch(sig[len(agency) :]):
        return sig
    return None


def _overview_subject(src: _Sources, _found: None) -> str | None:
    m = _OVERVIEW_SUBJECT.search(src.compact)
    if m and (subject := _clean_agency(m.group("agency"))) and _ORGAN_SUFFIX.search(m.group("agency")):
        return subject
    return None


YEAR_RESOLVERS: tuple[Resolver, ...] = (
    Resolver(
        "header_title",
        "legacy/pingtan_2011.txt",
        "标题: 平潭综合实验区2011年政府信息公开工作年度报告\n发布时间: 2012-04-11 00:00",
        2011,
        lambda src, _: src.header_match[1] if src.header_match else None,
    ),
    Resolver(
        "body_title",
        "zhongning_2024.txt",
        "中宁县人民政府办公室\n2024年政府信息公开工作年度报告",
        2024,
        lambda src, _: src.body_title[1] if src.body_title else None,
    ),
    Resolver(
        "statistics_period",
        "",
        "政府信息公开工作年度报告\n本报告中所列数据统计期限自2024年1月1日起至2024年12月31日止。",
        2024,
        lambda src, _: src.period_year,
        evidence="统计期限",
    ),
)

AGENCY_RESOLVERS: tuple[Resolver, ...] = (
    Resolver(
        "header_title",
        "legacy/pingtan_2011.txt",
        "标题: 平潭综合实验区2011年政府信息公开工作年度报告\n发布时间: 2012-04-11 00:00",
        "平潭综合实验区",
        lambda src, _: src.header_match[0] if src.header_match else None,
    ),
    Resolver(
        "body_title",
        "zhongning_2024.txt",
        "中宁县人民政府办公室\n2024年政府信息公开工作年度报告",
        "中宁县人民政府办公室",
        lambda src, _: src.body_title[0] if src.body_title else None,
    ),
    Resolver(
        "signature_more_exact",
        "",
        "中宁县2023年政府信息公开工作年度报告\n一、总体情况\n中宁县人民政府\n2024年1月15日",
        "中宁县人民政府",
        _signature_more_exact,
        evidence="落款（更完整）",
        refines=True,
    ),
    Resolver(
        "signature",
        "",
        "2023年政府信息公开工作年度报告\n一、总体情况\n……\n福州市鼓楼区教育局\n2024年1月15日",
        "福州市鼓楼区教育局",
        lambda src, _: src.signature,
        evidence="落款",
    ),
    Resolver(
        "overview_subject",
        "",
        "2024年政府信息公开工作年度报告\n一、总体情况\n2024年，中宁县人民政府办公室坚持以习近平新时代"
        "中国特色社会主义思想为指导。",
        "中宁县人民政府办公室",
        _overview_subject,
        evidence="总体情况首句",
    ),
)


def _resolve(resolvers: tuple[Resolver, ...], src: _Sources) -> tuple[Any, Resolver | None]:
    """The value the resolvers give, and the resolver that gave it (None: no value)."""
    value: Any = None
    by: Resolver | None = None
    for r in resolvers:
        if value is not None and not r.refines:
            continue
        if value is None and r.refines:
            continue
        got = r.find(src, value)
        if got is not None:
            value, by = got, r
    return value, by


def extract(doc: Document) -> dict[str, Any]:
    """Metadata of one document. Raises NotAReportError when it is not an annual report.

    Returns the contract keys (agency, year, scope, level, kind, region) plus `evidence`, a dict naming
    where each value came from; `disclosure.parse.parse_document` copies only the contract keys.
    """
    text = _norm(doc.text())
    if not text.strip():
        raise NotAReportError(doc.path, "不是政府信息公开工作年度报告：文件中没有可读的文字")
    src = _Sources(doc.path, text)
    evidence: dict[str, Any] = {}
    if src.header_match is not None:
        evidence["title"] = f"标题: {src.header_title}"
    elif src.body_title is not None:
        evidence["title"] = src.body_title[2]
    if not src.title_found:
        for rule in NOT_A_REPORT_RULES:
            if (reason := rule.reason(src)) is not None:
                raise NotAReportError(doc.path, reason)

    year, year_by = _resolve(YEAR_RESOLVERS, src)
    if year_by is not None and year_by.evidence:
        evidence["year"] = year_by.evidence
    evidence["period_year"] = src.period_year
    evidence["signature"] = src.signature
    agency, agency_by = _resolve(AGENCY_RESOLVERS, src)
    if agency_by is not None and agency_by.evidence:
        evidence["agency"] = agency_by.evidence

    pm = _POSTCODE.search(src.compact)
    postcode = pm.group(1) if pm else None
    evidence["postcode"] = postcode
    scope, scope_evidence = _scope(src.compact)
    evidence["scope"] = scope_evidence
    evidence["resolvers"] = {
        "year": year_by.name if year_by else None,
        "agency": agency_by.name if agency_by else None,
    }

    cls = classify(agency, postcode)
    return {
        "agency": agency,
        "year": year,
        "scope": scope,
        "level": cls["level"],
        "kind": cls["kind"],
        "region": cls["region"],
        "evidence": evidence,
    }


def _genre_title(head: str) -> str | None:
    m = _OTHER_GENRE.search(head)
    if not m:
        return None
    t = m.group(0)
    return t if m.group("genre") != "报告" else None
