"""Label normalisation and the keyword patterns that identify table rows (SPEC §3, §7).

Why keywords and not exact labels: real reports wrap labels over lines and pages, misspell them
("2.其他法律行政止公开", "行政法复议"), mix half- and full-width brackets and numbering ("1." "1、"
"1．"), and occasionally use traditional characters. Every comparison therefore happens on a
*normalised* string: NFKC, no whitespace, one bracket and quote style, "N." numbering, simplified
label characters. `normalise_with_map` keeps, for every normalised character, the index of the
source character it came from, so a match can be mapped back to the printed text (raw tokens, page).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from disclosure import contract

# Traditional → simplified, only for characters that occur in the mandated table labels. A full
# converter (OpenCC) would be a heavy dependency for ~80 characters whose mapping is unambiguous.
_TRAD = str.maketrans(
    "範規開處總計請數結轉機關國與資複議訟維糾審務許強罰費發廢現製項業構會組織屬權類內過執詢沒補確獲"
    "訪舉報訴應無當繳納護險穩決統對購採額減體單條讀質辦這計區門絡據劃錄態歲網經濟價證書運營"
    "東來們從實際線傳媒佈於參為並們後見號區勞動齊",
    "范规开处总计请数结转机关国与资复议讼维纠审务许强罚费发废现制项业构会组织属权类内过执询没补确获"
    "访举报诉应无当缴纳护险稳决统对购采额减体单条读质办这计区门络据划录态岁网经济价证书运营"
    "东来们从实际线传媒布于参为并们后见号区劳动齐",
)

_BRACKETS = str.maketrans(
    {
        "(": "（",
        ")": "）",
        "[": "（",
        "]": "）",
        "【": "（",
        "】": "）",
        "〔": "（",
        "〕": "）",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "‘": "'",
        "’": "'",
        "＂": '"',
    }
)

_WS = frozenset(" \t\r\n\f\v\u00a0\u3000\u2002\u2003\u2009\u200b\u200c\u200d\u2060\ufeff")


@cache
def _norm_char(ch: str) -> str:
    """Cached: a report has a few hundred distinct characters but tens of thousands of occurrences."""
    if ch in _WS:
        return ""
    out = unicodedata.normalize("NFKC", ch)
    if out.isspace():
        return ""
    return out.translate(_BRACKETS).translate(_TRAD)


@lru_cache(maxsize=16)
def normalise_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    """Normalised text plus, per normalised character, the index of its source character.

    Numbering "1、" / "1．" / "1。" becomes "1." (only after an Arabic digit, so "一、" stays).
    Cached (immutable result) because template detection, section bounds and row reading normalise
    the same document text several times.
    """
    chars: list[str] = []
    src: list[int] = []
    for i, ch in enumerate(text):
        for c in _norm_char(ch):
            if c in "、。" and chars and chars[-1].isdigit():
                c = "."
            chars.append(c)
            src.append(i)
    return "".join(chars), tuple(src)


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Normalised form of a label (see module docstring)."""
    return normalise_with_map(text)[0]


# --- Row patterns ---------------------------------------------------------------------------------
# Each pattern matches the *start* of a row label in normalised text, including its numbering prefix
# ("2." / "（三）" / "一、") so the numbering digit is never read as a cell value of the row before
# ("…00000002.其他法律…" in run-together text).
_N = r"(?:[1-9]\.)?"

ACTIVE_ROW_PATTERNS: dict[str, str] = {
    "regulations": r"规章",
    "normative_documents": r"(?:行政)?规范性文件",
    "licensing": r"行政许可",
    "other_services": r"其他对外管理服务事项",
    "punishment": r"行政处罚",
    "coercion": r"行政强制",
    "fees": r"行政事业性收费",
    "procurement": r"政府集中采购",
}

REQUEST_ROW_PATTERNS: dict[str, str] = {
    "new": r"(?:一[、.])?本年(?:度)?新收",
    "carried_in": r"(?:二[、.])?上年(?:度)?结转",
    "granted": r"(?:（一）)?予以公开",
    "partial": r"(?:（二）)?部分公开(?:（[^）\d]{0,30}）)?",
    "denied_state_secret": _N + r"(?:属于)?国家秘密",
    "denied_law_forbidden": _N + r"其他法律",
    "denied_security_stability": _N + r"(?:危及)?\"?三安全一稳定",
    "denied_third_party": _N + r"(?:保护)?第三方",
    "denied_internal_affairs": _N + r"(?:属于)?(?:三类)?内部事务",
    "denied_process_info": _N + r"(?:属于)?(?:四类)?过程性",
    "denied_enforcement_file": _N + r"(?:属于)?行政执法案卷",
    "denied_admin_query": _N + r"(?:属于)?行政查询",
    "unable_not_held": _N + r"本机关不掌握",
    "unable_needs_creation": _N + r"没有现成",
    "unable_unclear": _N + r"补正后",
    "rejected_complaint": _N + r"信访",
    "rejected_duplicate": _N + r"重复申请",
    "rejected_publication": _N + r"(?:要求提供)?(?:公开)?出版物",
    "rejected_excessive": _N + r"无正当理由大量",
    "rejected_confirmation": _N + r"要求行政机关确认",
    "other_no_correction": _N + r"申请人无正当理由逾期",
    "other_unpaid_fee": _N + r"申请人逾期未按",
    # "3.其他", or a bare "其他" directly followed by its values (shs_2021 drops the numbering)
    "other_other": r"(?:[1-9]\.其他(?!法律|对外|结果|组织|情形)|其他(?=[ \d/—-]))",
    "handled_total": r"(?:（七）(?:总计|合计)|^(?:总计|合计)$)",
    "carried_out": r"(?:四[、.])?结转下年",
}

# The （六）其他处理 heading: the row itself when a report prints it as one row (2019 template, or a
# 2021 report such as hzq2024 that did not split it).
OTHER_GROUP_PATTERN = r"(?:（六）)?其他处理"

# Headings that carry no numbers but end the previous row's text.
REQUEST_STOPPERS: tuple[str, ...] = (
    r"三[、.]本年度?办理结果",
    r"（三）不予公开",
    r"（四）无法提供",
    r"（五）不予处理",
    r"（六）其他处理",
)

ACTIVE_STOPPERS: tuple[str, ...] = (
    r"第[二十\d]+条第（[一二三四五六七八九十\d]+）项",
    r"信息内容",
    r"本年制发件数",
    r"本年废止件数",
    r"现行有效件数",
    r"本年(?:处理)?决定数量",
    r"处理决定数量",
    r"本年收费金额(?:（[^）]*）)?",
    r"本年新制作数量",
    r"本年新公开数量",
    r"对外公开总数量",
    r"上一年项目数量",
    r"本年增/?减",
    r"采购项目数量",
    r"采购总金额(?:（[^）]*）)?",
)

REQUEST_COLUMN_PATTERNS: dict[str, str] = {
    "natural_person": r"^自然人$",
    "business": r"^商业企业$",
    "research": r"^科研机构$",
    "social_org": r"^社会公益组织$",
    "legal_service": r"^法律服务机构$",
    "other_org": r"^其他(?:组织)?$",
    "total": r"^(?:总计|合计)$",
}

ACTIVE_COLUMN_PATTERNS: dict[str, str] = {
    "issued": r"本年制发件数",
    "repealed": r"本年废止件数",
    "in_force": r"现行有效件数",
    "decisions": r"处理决定数量",
    "amount_10k_yuan": r"收费金额",
    "made": r"新制作数量",
    "published": r"新公开数量",
    "total_published": r"公开总数量",
    "prev_items": r"上一年项目数量",
    "change": r"增/?减",
    "projects": r"采购项目数量",
    "amount": r"采购总金额",
}

REVIEW_COLUMN_PATTERNS: dict[str, str] = {
    "upheld": r"^结果维持$",
    "corrected": r"^结果纠正$",
    "other": r"^其他结果$",
    "pending": r"^尚未审结$",
    "total": r"^(?:总计|合计)$",
}


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    """The compiled pattern, kept for the life of the process (the patterns above are a fixed set)."""
    return re.compile(pattern)


# Order in which a table row's label is tested: specific sub-items first, because a label cell of a
# merged group heading ("（六）其他处理") is copied into each of its rows.
_TABLE_MATCH_ORDER: tuple[str, ...] = (
    "new",
    "carried_in",
    "carried_out",
    "handled_total",
    "denied_state_secret",
    "denied_law_forbidden",
    "denied_security_stability",
    "denied_third_party",
    "denied_internal_affairs",
    "denied_process_info",
    "denied_enforcement_file",
    "denied_admin_query",
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear",
    "rejected_complaint",
    "rejected_duplicate",
    "rejected_publication",
    "rejected_excessive",
    "rejected_confirmation",
    "other_no_correction",
    "other_unpaid_fee",
    "other_other",
    "partial",
    "granted",
)


def match_request_row(label: str) -> str | None:
    """Row key of a section 三 table row from its (already normalised) label text, or None.

    A label that is only the （六）其他处理 heading is `other_other` (the one-row form).
    """
    key = _first_key(REQUEST_ROW_PATTERNS, _TABLE_MATCH_ORDER, label)
    if key is None and compiled(OTHER_GROUP_PATTERN).search(label):
        return "other_other"
    return key


def _first_key(patterns: dict[str, str], keys: Iterable[str], label: str) -> str | None:
    """The first of `keys` whose pattern is found in `label`, or None."""
    for key in keys:
        if compiled(patterns[key]).search(label):
            return key
    return None


def match_active_row(label: str, keys: tuple[str, ...]) -> str | None:
    """Row key of a section 二 row label among `keys` (the template's rows), or None."""
    return _first_key(ACTIVE_ROW_PATTERNS, keys, label)


def match_request_column(label: str) -> str | None:
    return _first_key(REQUEST_COLUMN_PATTERNS, REQUEST_COLUMN_PATTERNS, label)


def match_active_column(label: str) -> str | None:
    return _first_key(ACTIVE_COLUMN_PATTERNS, ACTIVE_COLUMN_PATTERNS, label)


def match_review_column(label: str) -> str | None:
    return _first_key(REVIEW_COLUMN_PATTERNS, REVIEW_COLUMN_PATTERNS, label)


# --- Typo-tolerant matching (second pass, after the keyword patterns) -----------------------------
# The printed label of each row without its numbering, normalised: what a typo'd label is compared
# with when no keyword pattern matched (属于行政执法案件 for 案卷, 行政复义 for 复议).
def _core(label: str) -> str:
    return normalise(label.split("：")[-1])


FUZZY_REQUEST_LABELS: dict[str, str] = {key: _core(label) for key, label, _ in contract.REQUEST_ROWS}
# Section-三 rows whose first words are too generic to stand alone: compared with the label's head
# only (the tail of these labels is often reworded).
FUZZY_REQUEST_LABELS["new"] = "本年新收政府信息公开申请数量"
FUZZY_REQUEST_LABELS["carried_in"] = "上年结转政府信息公开申请数量"
FUZZY_REQUEST_LABELS["handled_total"] = "（七）总计"
FUZZY_REQUEST_LABELS["carried_out"] = "结转下年度继续办理"
FUZZY_REQUEST_LABELS["other_other"] = "3.其他"


def max_edits(label: str) -> int:
    """Edits tolerated for a label of this length: one per five characters, at most two — enough for
    a wrong, dropped or inserted character, never enough to turn one row's label into another's
    (no row's printed label is within another row's tolerance; tests/test_real_reports.py checks it)."""
    return min(2, len(label) // 5)


@dataclass(frozen=True, slots=True)
class Approx:
    start: int  # in the searched text
    end: int
    distance: int


def approx_find(
    needle: str, text: str, max_dist: int, start: int = 0, end: int | None = None
) -> Approx | None:
    """Best (fewest edits, then leftmost) occurrence of `needle` in text[start:end] within `max_dist`
    edits (Levenshtein against a substring: Sellers' algorithm, O(len(needle)·len(text))).

    Hand-written: libraries (rapidfuzz, regex's fuzzy matching) would do it, but this is one small
    dynamic programme over a few hundred characters, and the end-to-start trace it needs to report
    where the match lies is simple to keep.
    """
    end = len(text) if end is None else end
    m = len(needle)
    if m == 0 or end <= start:
        return None
    # prev[i] = edits to match needle[:i] ending at the previous text position; origin[i] = where that match starts.
    prev = list(range(m + 1))
    prev_origin = [start] * (m + 1)
    best: Approx | None = None
    for j in range(start, end):
        ch = text[j]
        cur = [0] * (m + 1)
        cur_origin = [j + 1] * (m + 1)
        for i in range(1, m + 1):
            sub = prev[i - 1] + (needle[i - 1] != ch)
            ins = prev[i] + 1  # text char extra
            dele = cur[i - 1] + 1  # needle char missing
            if sub <= ins and sub <= dele:
                cur[i], cur_origin[i] = sub, (prev_origin[i - 1] if i > 1 else j)
            elif ins <= dele:
                cur[i], cur_origin[i] = ins, prev_origin[i]
            else:
                cur[i], cur_origin[i] = dele, cur_origin[i - 1]
        if cur[m] <= max_dist and (best is None or cur[m] < best.distance):
            best = Approx(cur_origin[m], j + 1, cur[m])
            if cur[m] == 0:
                break
        prev, prev_origin = cur, cur_origin
    return best


def fuzzy_request_row(label: str) -> tuple[str, int] | None:
    """(row key, edits) of a table row label that no keyword pattern matched, or None.

    Only whole-label comparisons: the label (numbering stripped) must be within `max_edits` of one
    row's printed label, and strictly closer to it than to any other row's."""
    text = re.sub(r"^(?:[1-9]\.|（[一二三四五六七]）|[一二三四][、.])+", "", label)
    scored = []
    for key, target in FUZZY_REQUEST_LABELS.items():
        t = re.sub(r"^(?:[1-9]\.|（[一二三四五六七]）)", "", target)
        d = _levenshtein(text, t)
        if d <= max_edits(t):
            scored.append((d, key))
    scored.sort()
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1], scored[0][0]


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
