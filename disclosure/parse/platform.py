"""Platform activity stated in the narrative (SPEC §9): posts, followers, replies, views, events…

Why rules and not a model: every item must carry its evidence sentence and be exactly right, and the
vocabulary of these reports is small and formulaic. The rules, in order:

1. Narrative only. Table blocks are skipped; so are the template's table sections 二–四 (detected by
   their table labels, so a legacy report's prose sections 二–四 are kept) and a legacy report's
   flattened 统计表 (from "统计表 … 指标名称" to the end).
2. Text is read with whitespace removed (PDF text breaks words and numbers across lines), through an
   index map so offsets still point into `Document.text()`.
3. Sentences end at 。！？; clauses at ，；：,;. Every number (via `disclosure.numbers.find_numbers`)
   is a candidate; dates, years, document numbers (unit 年/月/日/号), 第N, numbers inside quoted names
   (“12345”) and shares (占N%) are not.
4. Platform: the nearest platform cue before the number in its clause, else the first cue after it
   in its clause (组织19期《问政平潭》), else the nearest cue earlier in the sentence (carried over:
   "公众号…发布信息139条，回应网民留言30余次"). A cue that is one item of a list of channels
   ("政府网站、政务新媒体", "门户网站、《公报》") names no single platform: the number then takes a
   single platform named earlier in the sentence (the sentence's subject), or is not reported.
   Quoted names are accounts: “中宁政府网”公众号 is wechat with account 中宁政府网; a quoted name not
   followed by a platform word is searched for cues itself (“平潭12345便民服务平台” → hotline).
   Book titles 《…》 of documents (通知, 办法…) never give cues; other 《…》 (《问政平潭》, 《…公报》) do.
5. Metric: the nearest metric cue before the number in its clause (发布 → posts, 关注/粉丝 → followers,
   回应/回复/办结 → replies and 收到/受理 → received but only when the sentence names messages
   (留言, 诉求, 咨询…), 浏览量/阅读量 → views, 征集/调查/访谈 → events, 办结率/满意率 → rate); 解读
   anywhere in the clause → interpretations; N条短视频/N条信息 → posts. Each metric accepts its own
   units (posts: 条/篇/期/件; events: 期/场/次 …). A clause starting 其中 that names its own platform
   inherits the previous clause's metric ("解答群众问题，其中热线电话11通"). Events of interview,
   press conference and livestream platforms counted in 期/场/次 are `events`.
6. Defaults when no platform is named: 访问量/点击量 (a web-page measure) → website; 发布…解读N篇
   → website (the statutory first platform for policy interpretation). Otherwise nothing is reported.
7. Period: the nearest of 累计/截至/截止/现有 before the number in its sentence makes it cumulative,
   unless a year word (全年, 今年, 本年, 年内, 2019年) stands just before 累计; followers are a stock,
   so cumulative unless 新增; everything else annual.
8. Category breakdowns (其中 … / "在网站公开的N条信息中，…类信息M条") have no verb of their own and are
   therefore not reported.

Rules 3–6 for one number are the ordered tables `NUMBER_RULES` (is it a platform metric at all, and
on which platform) and `METRIC_RULES` (which metric), each rule with its name and an example sentence
from a real report; `explain` shows which rules read each number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from disclosure.model import Document, Line, TableCell
from disclosure.numbers import NumberMatch, find_numbers
from disclosure.parse import sections

# --- platform cues -------------------------------------------------------------------------------
# Longest first within the alternation so 政务新媒体 wins over 新媒体, 微信公众号 over 微信.
_PLATFORM_CUES: tuple[tuple[str, str], ...] = (
    ("政务新媒体", "new_media"),
    ("两微一端", "new_media"),
    ("新媒体", "new_media"),
    ("两微", "new_media"),
    ("微阵地", "new_media"),
    ("微信公众号", "wechat"),
    ("政务微信", "wechat"),
    ("公众号", "wechat"),
    ("微信号", "wechat"),
    ("服务号", "wechat"),
    ("订阅号", "wechat"),
    ("微信", "wechat"),
    ("视频号", "video_channel"),
    ("微博", "weibo"),
    ("抖音", "douyin"),
    ("今日头条", "toutiao"),
    ("头条号", "toutiao"),
    ("小程序", "mini_program"),
    ("客户端", "app"),
    ("APP", "app"),
    ("App", "app"),
    ("移动端", "app"),
    ("门户网站", "website"),
    ("政府网站", "website"),
    ("官方网站", "website"),
    ("网站", "website"),
    ("门户网", "website"),
    ("政府网", "website"),
    ("信息网", "website"),
    ("采购网", "website"),
    ("官网", "website"),
    ("互联网上", "website"),
    ("公报", "gazette"),
    ("12345", "hotline"),
    ("热线", "hotline"),
    ("信箱", "mailbox"),
    ("新闻发布会", "press_conference"),
    ("发布会", "press_conference"),
    ("在线访谈", "interview"),
    ("访谈节目", "interview"),
    ("访谈栏目", "interview"),
    ("问政", "interview"),
    ("直播", "livestream"),
)
_CUE_RE = re.compile("|".join(re.escape(c) for c, _ in sorted(_PLATFORM_CUES, key=lambda x: -len(x[0]))))
_CUE_PLATFORM = dict(_PLATFORM_CUES)
# A quoted name ending in 网 is a website (“中国平潭网”), unless a platform word follows the quote.
_NAME_WEBSITE_RE = re.compile(r"网$")

_LIST_SEPARATORS = ("、", "和", "及", "与", "或", "以及")
_DOC_TITLE_RE = re.compile(r"通知|办法|条例|意见|规定|方案|决定|规划|纲要|报告|细则|指南|手册|指标|制度|函")

# --- metric cues ---------------------------------------------------------------------------------
_MESSAGE_NOUNS = re.compile(r"留言|诉求|信件|来信|咨询|投诉|问题|提问|来电|工单|求助|建议")
_METRIC_CUES: tuple[tuple[str, str], ...] = (
    # views before posts: 浏览量 must not be read as 浏览 → nothing.
    ("浏览量", "views"),
    ("阅读量", "views"),
    ("访问量", "views"),
    ("点击量", "views"),
    ("播放量", "views"),
    ("观看量", "views"),
    ("浏览", "views"),
    ("阅读", "views"),
    ("播放", "views"),
    ("观看", "views"),
    ("点赞", "likes"),
    ("关注人数", "followers"),
    ("关注量", "followers"),
    ("粉丝", "followers"),
    ("用户", "followers"),
    ("订阅", "followers"),
    ("关注", "followers"),
    ("办结率", "rate"),
    ("办理率", "rate"),
    ("回复率", "rate"),
    ("答复率", "rate"),
    ("满意率", "rate"),
    ("回应率", "rate"),
    ("解决率", "rate"),
    ("满意度", "rate"),
    ("回应", "replies"),
    ("回复", "replies"),
    ("答复", "replies"),
    ("办结", "replies"),
    ("解答", "replies"),
    ("收到", "received"),
    ("受理", "received"),
    ("接收", "received"),
    ("接到", "received"),
    ("接听", "received"),
    ("征集", "events"),
    ("调查", "events"),
    ("访谈", "events"),
    ("举办", "events"),
    ("召开", "events"),
    ("发布", "posts"),
    ("推送", "posts"),
    ("公开", "posts"),
    ("公布", "posts"),
    ("编发", "posts"),
    ("刊登", "posts"),
    ("刊发", "posts"),
    ("编印", "posts"),
    ("制作", "posts"),
    ("印发", "posts"),
    ("发表", "posts"),
    ("出版", "posts"),
    ("公示", "posts"),
    ("展示", "posts"),
    ("更新", "posts"),
    ("推出", "posts"),
    ("发送", "posts"),
    ("上传", "posts"),
    ("转载", "posts"),
    ("转发", "posts"),
)
_METRIC_RE = re.compile("|".join(re.escape(c) for c, _ in sorted(_METRIC_CUES, key=lambda x: -len(x[0]))))
_METRIC_OF = dict(_METRIC_CUES)
# Words containing a metric cue that are not the action: 应主动公开的政府信息 (a category name inside a
# breakdown), 不予公开 (a refusal), 公开率.
_NOT_METRIC = re.compile(
    r"关注度|关注关切|公开率|公开属性|依申请公开|依申请|公开申请|不予公开|(?:公开|公示|发布)的"
)
# An average per month/day is not the year's count ("月平均发布量90余篇").
_AVERAGE_RE = re.compile(r"(?:月|日|周|每月|每日|每周)(?:平均|均)")
# Documents made public, not posts ("在门户网站新增公开规章2件、规范性文件8件"): a count in 件 right
# after a document type.
_DOCUMENT_BEFORE = re.compile(r"(?:规章|规范性文件)[、和及]?$")
_DOCUMENT_AFTER = re.compile(
    r"^(?:部|个)?(?:行政)?(?:规章|规范性文件)"
)  # "审核…印发的22条规范性文件并在网站公开"

_UNITS: dict[str, frozenset[str]] = {
    "posts": frozenset({"条", "篇", "期", "件", "则", "份", "条次", "篇次"}),
    "interpretations": frozenset({"条", "篇", "期", "件", "项", "份", "次"}),
    "followers": frozenset({"人", "名", "户", "人次", "个", ""}),
    "views": frozenset({"次", "人次", "人", "条次", ""}),
    "likes": frozenset({"次", "个", "人次", ""}),
    "replies": frozenset({"条", "件", "次", "个", "通", "封", "人次", "起", "条次", "件次"}),
    "received": frozenset({"条", "件", "次", "个", "通", "封", "人次", "起", "条次", "件次"}),
    "events": frozenset({"期", "场", "次", "场次", "轮"}),
    "rate": frozenset({"%"}),
}
_EVENT_PLATFORMS = frozenset({"interview", "press_conference", "livestream"})
_POST_NOUN_AFTER = re.compile(r"^(?:政府|政务|各类)?(?:短视频|视频|信息|文章|推文|图文|稿件)")
_MEDIA_NOUN_BEFORE = re.compile(r"(?:视频|作品|图解|H5|动漫)$")
_NEVER_UNITS = frozenset(
    {
        "年",
        "月",
        "日",
        "号",
        "周",
        "周年",
        "个月",
        "季度",
        "天",
        "小时",
        "分钟",
        "秒",
        "个工作日",
        "工作日",
        "元",
        "万元",
        "亿元",
        "个百分点",
        "字",
        "页",
    }
)

_CUMULATIVE_RE = re.compile(r"累计|截至|截止|现有")
_YEAR_OPENS_RE = re.compile(
    r"^(?:[（(][一二三四五六七八九十]+[)）][^，。]{0,12}?)?(?:\d{4}年度?|全年|今年|本年)[，,]?"
)
_SINCE_RE = re.compile(r"以来|开通|上线|截至|截止")
_YEAR_BEFORE_TOTAL_RE = re.compile(r"(?:全年|今年|本年|年内|年度|\d{4}年)[^。]{0,5}$")

_SENTENCE_END = "。！？!?"
_CLAUSE_END = "，；：,;:"

_QUOTE_PAIRS = {"“": "”", '"': '"', "「": "」", "‘": "’"}
_TITLE_PAIRS = {"《": "》", "〈": "〉", "<": ">"}
_DOCNO_RE = re.compile(r"〔\d{4}〕\d+号|\[\d{4}\]\d+号")

_TEMPLATE_TABLE_LABELS = re.compile(r"第二十条|本年新收政府信息公开申请|本年制发件数|本年新制作数量")
_LEGACY_TABLE = re.compile(r"统计表.{0,40}?指标名称")


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int  # in the compact view
    end: int
    platform: str
    account: str | None
    in_list: bool  # one item of a list of channels: names no single platform


class _Compact:
    """`Document.text()` with whitespace (and zero-width characters) removed, plus the index map."""

    def __init__(self, text: str, keep: list[bool]) -> None:
        chars: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(text):
            if not keep[i] or ch.isspace() or ch in "\u200b\u200c\u200d\ufeff":
                # Removed characters still separate sentences if they were a table/section gap.
                if not keep[i] and chars and chars[-1] != "。":
                    chars.append("。")
                    index.append(i)
                continue
            chars.append(ch)
            index.append(i)
        self.text = "".join(chars)
        self.index = index
        self.source = text

    def original(self, start: int, end: int) -> str:
        """The original text of a compact span, whitespace tidied for display."""
        if start >= end:
            return ""
        raw = self.source[self.index[start] : self.index[end - 1] + 1]
        raw = re.sub(r"\s*\n\s*", "", raw)
        return re.sub(r"\s+", " ", raw).strip()


def _narrative_mask(doc: Document) -> tuple[str, list[bool]]:
    """`doc.text()` and, per character, whether it belongs to the narrative (rule 1)."""
    text = doc.text()
    keep = [True] * len(text)
    pos = 0
    for page in doc.pages:
        for block in page.blocks:
            if isinstance(block, Line):
                pos += len(block.text) + 1
            else:
                for row in block.rows:
                    n = len("\t".join(c.text for c in row))
                    if not _is_prose_row(row):
                        for k in range(pos, min(pos + n, len(text))):
                            keep[k] = False
                    pos += n + 1
    flat = re.sub(r"\s", " ", text)  # same length: offsets stay valid
    squeezed, idx = _squeeze(flat)
    span = sections.template_tables_span(squeezed)
    if span is not None:
        start, end = span
        if _TEMPLATE_TABLE_LABELS.search(squeezed, start, end):
            _clear(keep, idx[start], idx[end - 1] + 1 if end > 0 else 0)
    mt = _LEGACY_TABLE.search(squeezed)
    if mt:
        _clear(keep, idx[mt.start()], len(text))
    return text, keep


def _is_prose_row(row: list[TableCell]) -> bool:
    """A layout table (a web page wrapping the whole report in <table>) holds prose: a row whose
    only non-empty text is one long paragraph is narrative, not a table row."""
    texts = {c.text.strip() for c in row if c.text.strip()}
    return len(texts) == 1 and len(next(iter(texts))) >= 50


def _squeeze(text: str) -> tuple[str, list[int]]:
    idx = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in idx), idx


def _clear(keep: list[bool], start: int, end: int) -> None:
    for k in range(start, min(end, len(keep))):
        keep[k] = False


def narrative(doc: Document) -> _Compact:
    """The narrative of a document as a compact view (used by R8 too)."""
    text, keep = _narrative_mask(doc)
    return _Compact(text, keep)


def _bracket_spans(s: str, pairs: dict[str, str]) -> list[tuple[int, int]]:
    """(start, end) of each bracketed span, brackets included; unbalanced openers are ignored."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(s):
        close = pairs.get(s[i])
        if close:
            j = s.find(close, i + 1, i + 62)  # a span is at most 60 characters: look no further
            if j != -1 and j - i <= 60 and not any(e in s[i + 1 : j] for e in _SENTENCE_END):
                spans.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return spans


# Longest sentence read as one. The corpus's longest is ~1 000 characters; the per-sentence rules
# compare every number with every cue of its sentence, so a text without sentence ends (a 1.8 MB
# page of run-on text) would take quadratic time. Longer sentences are cut at a clause end (else
# hard) into pieces of at most this length, which keeps the whole extraction linear in the text.
MAX_SENTENCE = 2000


def _sentence_bounds(s: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(s):
        i = m.start()
        if i > start:
            bounds.extend(_cut_long(s, start, i + 1))
        start = i + 1
    if start < len(s):
        bounds.extend(_cut_long(s, start, len(s)))
    return bounds


_SENTENCE_END_RE = re.compile("[" + re.escape(_SENTENCE_END) + "]")


def _cut_long(s: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) as pieces of at most MAX_SENTENCE characters, cut after a clause end if any."""
    out = []
    while end - start > MAX_SENTENCE:
        window = s[start + MAX_SENTENCE // 2 : start + MAX_SENTENCE]
        cut = max(window.rfind(ch) for ch in _CLAUSE_END)
        stop = start + MAX_SENTENCE // 2 + cut + 1 if cut >= 0 else start + MAX_SENTENCE
        out.append((start, stop))
        start = stop
    out.append((start, end))
    return out


def _find_cues(sent: str, quotes: list[tuple[int, int]], titles: list[tuple[int, int]]) -> list[_Cue]:
    """Platform cues of one sentence (rule 4), with accounts and list membership."""
    blocked = [False] * len(sent)
    for a, b in titles:
        inner = sent[a + 1 : b - 1]
        if _DOC_TITLE_RE.search(inner):
            for k in range(a, b):
                blocked[k] = True
    cues: list[_Cue] = []
    quote_at_end = {b: (a, b) for a, b in quotes}
    for a, b in quotes:
        for k in range(a, b):
            blocked[k] = True
    for m in _CUE_RE.finditer(sent):
        if any(blocked[m.start() : m.end()]):
            continue
        platform = _CUE_PLATFORM[m.group()]
        account = None
        start, end = m.start(), m.end()
        q = quote_at_end.get(m.start())
        if q:
            account = sent[q[0] + 1 : q[1] - 1]
            start = q[0]
        title = next(((x, y) for x, y in titles if x < m.start() and m.end() < y), None)
        if title:
            # 《上海市人民政府公报》, 《问政平潭》: the whole title is the cue and names the account.
            start, end = title
            account = sent[start + 1 : end - 1]
            if any(c.start == start for c in cues):
                continue
        cues.append(_Cue(start, end, platform, account, False))
    # Quoted names not followed by a platform word: cues inside the name, or a name ending in 网.
    cue_starts = {c.start for c in cues}
    for a, b in quotes:
        if a in cue_starts:
            continue
        inner = sent[a + 1 : b - 1]
        inner_cue = _CUE_RE.search(inner)
        named = (
            _CUE_PLATFORM[inner_cue.group()]
            if inner_cue
            else ("website" if _NAME_WEBSITE_RE.search(inner) else None)
        )
        if named:
            cues.append(_Cue(a, b, named, inner, False))
    cues.sort(key=lambda c: c.start)
    # "政务新媒体“X”微信公众号", "微信公众号政务新媒体": the generic word stands in apposition to the
    # specific platform it is printed against, which names it; it is not a second item of a list.
    cues = [
        c
        for c in cues
        if not (
            c.platform == "new_media"
            and any(o.platform != "new_media" and (o.start == c.end or o.end == c.start) for o in cues)
        )
    ]
    return [_Cue(c.start, c.end, c.platform, c.account, _in_list(sent, c, cues)) for c in cues]


def _in_list(sent: str, cue: _Cue, cues: list[_Cue]) -> bool:
    """True when the cue is one of several channels listed together (rule 4)."""
    after = sent[cue.end : cue.end + 2]
    before = sent[max(0, cue.start - 2) : cue.start]
    if any(after.startswith(s) for s in _LIST_SEPARATORS) or any(
        before.endswith(s) for s in _LIST_SEPARATORS
    ):
        return True
    for other in cues:
        if other is cue or other.platform == cue.platform:
            continue
        gap = sent[cue.end : other.start] if other.start >= cue.end else sent[other.end : cue.start]
        if other.start < cue.end and other.end > cue.start:
            continue
        if gap == "":
            return True  # 政务微博微信
        if (
            len(gap) <= 15
            and (gap.startswith(_LIST_SEPARATORS) or gap.endswith(_LIST_SEPARATORS))
            and not re.search(r"[\d，；：。,;:]", gap)
        ):
            return True  # 门户网站、人事人才公共服务网微信号
    return False


def _choose_platform(cues: list[_Cue], clause: tuple[int, int], pos: int) -> _Cue | None:
    """Rule 4: the platform cue for a number at `pos` (sentence coordinates)."""
    c0, c1 = clause
    before = [c for c in cues if c0 <= c.start and c.end <= pos]
    if before:
        chosen = before[-1]
    else:
        after = [c for c in cues if c.start >= pos and c.end <= c1]
        if after:
            chosen = after[0]
        else:
            earlier = [c for c in cues if c.end <= c0]
            if not earlier:
                return None
            chosen = earlier[-1]
    if not chosen.in_list:
        return chosen
    subject = [c for c in cues if c.end <= chosen.start and not c.in_list]
    return subject[-1] if subject else None


def _clause_bounds(sent: str, pos: int, blocked: list[bool]) -> tuple[int, int]:
    start = pos
    while start > 0 and not (sent[start - 1] in _CLAUSE_END and not blocked[start - 1]):
        start -= 1
    end = pos
    while end < len(sent) and not (sent[end] in _CLAUSE_END and not blocked[end]):
        end += 1
    return start, end


def _metric_cue(text: str) -> str | None:
    """The metric of the nearest metric cue in `text` (the clause before the number)."""
    best: tuple[int, str] | None = None
    masked = _NOT_METRIC.sub(lambda m: "□" * len(m.group()), text)
    for m in _METRIC_RE.finditer(masked):
        best = (m.start(), _METRIC_OF[m.group()])
    return best[1] if best else None


@dataclass(frozen=True, slots=True)
class _Dated:
    """What the period rules look at for one item: its sentence, the number's position, its metric
    and the nearest marker of a running total (累计/截至/截止/现有) that dates it, if any."""

    sent: str
    pos: int
    metric: str
    marker: re.Match[str] | None


def _dating_marker(sent: str, pos: int, cumulative: list[re.Match[str]]) -> re.Match[str] | None:
    """截至/截止/现有 date the whole sentence; 累计 qualifies its own clause's verb only ("…累计推送150
    余条信息，“平潭网”…更新信息32条": the 32 is not a running total)."""
    last = None
    clause_start = max(sent.rfind(ch, 0, pos) for ch in _CLAUSE_END) + 1
    for m in cumulative:
        if m.end() > pos:
            break
        if m.group() == "累计" and m.start() < clause_start:
            continue
        last = m
    return last


def _total_in_year(d: _Dated) -> bool:
    """A year word at most 5 characters before 累计 ("今年累计发布"): the year's total."""
    m = d.marker
    return (
        m is not None
        and m.group() == "累计"
        and bool(_YEAR_BEFORE_TOTAL_RE.search(d.sent[max(0, m.start() - 12) : m.start()]))
    )


def _sentence_opens_with_its_year(d: _Dated) -> bool:
    m = d.marker
    return (
        m is not None
        and m.group() == "累计"
        and bool(_YEAR_OPENS_RE.match(d.sent))
        and not _SINCE_RE.search(d.sent[: m.start()])
    )


@dataclass(frozen=True, slots=True)
class PeriodRule:
    """Rule 7, in order: the first rule that `applies` gives the item's period. `example` (from the
    report `source`, "" when constructed) holds the item printed as `target` that this rule dates."""

    name: str
    source: str
    example: str
    target: str
    period: Literal["annual", "cumulative"]
    applies: Callable[[_Dated], bool]


PERIOD_RULES: tuple[PeriodRule, ...] = (
    PeriodRule(
        "new_increase",  # the year's increase, even after 截至
        "",
        "截至12月31日，政务微博累计发布信息300条，粉丝新增50人。",
        "50人",
        "annual",
        lambda d: "新增" in d.sent[max(0, d.pos - 8) : d.pos],
    ),
    PeriodRule(
        "followers_gained_this_year",
        "",
        "政务微博全年关注人数增加500人。",
        "500人",
        "annual",
        lambda d: (
            d.metric == "followers"
            and bool(re.search(r"(?:全年|本年|今年|年内)[^，。；]{0,6}$", d.sent[max(0, d.pos - 14) : d.pos]))
        ),
    ),
    PeriodRule(
        "followers_are_a_stock",
        "pingtan_departments/nyn_2020.txt",
        "2020年，我局微信公众号关注用户达938人。",
        "938人",
        "cumulative",
        lambda d: d.metric == "followers",
    ),
    PeriodRule(
        "total_in_year",
        "",
        "今年累计在政府网站发布信息20条。",
        "20条",
        "annual",
        _total_in_year,
    ),
    PeriodRule(
        # scj's 2020–2024 reports print 460, 736, 1568, 1603, 1430 "累计": not a running total.
        "sentence_opens_with_its_year",
        "pingtan_departments/scj_2020.txt",
        "2020年，我局官方微信公众号累计发送了460条信息",
        "460条",
        "annual",
        _sentence_opens_with_its_year,
    ),
    PeriodRule(
        "running_total",
        "pingtan_departments/gyz_2021.txt",
        "“平潭国资”微信公众号累计推送150余条信息。",
        "150余条",
        "cumulative",
        lambda d: d.marker is not None,
    ),
    PeriodRule(
        "the_year",
        "hzq2024.pdf",
        "2024 年，我区在政府网站平台主动发布各类政府信息 2428 条，",
        "2428 条",
        "annual",
        lambda d: True,
    ),
)


def _period(sent: str, pos: int, metric: str, cumulative: list[re.Match[str]]) -> tuple[str, str]:
    """Rule 7: (period, name of the deciding rule). `cumulative`: the sentence's _CUMULATIVE_RE
    matches, found once per sentence by the caller."""
    dated = _Dated(sent, pos, metric, _dating_marker(sent, pos, cumulative))
    for rule in PERIOD_RULES:
        if rule.applies(dated):
            return rule.period, rule.name
    raise AssertionError("unreachable: the last period rule always applies")


# A bare number (no unit) is a count only right after its measure: "关注量 3425".
_BARE_COUNT_HEAD = re.compile(r"(?:量|数|粉丝|用户|关注)(?:达到|达|为|已|超过|超|突破|近|约|：|:)*$")
# Metrics reported on a default platform when none is named (rule 6).
_DEFAULT_PLATFORM = {"views": "website", "interpretations": "website"}


@dataclass(frozen=True, slots=True)
class _Sentence:
    """One sentence of the compact narrative and what all its numbers share (found once per sentence:
    found per number, long sentences would take quadratic time)."""

    text: str
    offset: int  # where the sentence starts in the compact view
    cues: list[_Cue]
    blocked: list[bool]  # inside quotes, titles or a document number
    names_messages: bool
    paired: dict[int, _Cue]  # number start (view offset) → its platform in a "分别" list
    cumulative: list[re.Match[str]]
    original: str  # the sentence as printed, for the item's evidence


def _sentences(view: _Compact) -> Iterator[tuple[_Sentence, list[NumberMatch]]]:
    """Each sentence of the view that holds numbers, with its numbers (rules 2–3)."""
    s = view.text
    numbers = sorted(find_numbers(s), key=lambda n: n.start)
    nxt = 0  # numbers and sentences are both in text order: one pass over each
    for a, b in _sentence_bounds(s):
        while nxt < len(numbers) and numbers[nxt].start < a:
            nxt += 1
        nums = []
        while nxt < len(numbers) and numbers[nxt].start < b:
            nums.append(numbers[nxt])
            nxt += 1
        if not nums:
            continue
        sent = s[a:b]
        quotes = _bracket_spans(sent, _QUOTE_PAIRS)
        titles = _bracket_spans(sent, _TITLE_PAIRS)
        blocked = [False] * len(sent)
        for x, y in quotes + titles:
            for k in range(x, y):
                blocked[k] = True
        for dm in _DOCNO_RE.finditer(sent):
            for k in range(dm.start(), dm.end()):
                blocked[k] = True
        cues = _find_cues(sent, quotes, titles)
        yield (
            _Sentence(
                text=sent,
                offset=a,
                cues=cues,
                blocked=blocked,
                names_messages=bool(_MESSAGE_NOUNS.search(_unblocked(sent, 0, len(sent), blocked))),
                paired=_respectively(sent, a, nums, cues, blocked),
                cumulative=list(_CUMULATIVE_RE.finditer(sent)),
                original=view.original(a, b),
            ),
            nums,
        )


class _Reading:
    """One number of one sentence on its way through the rules; what the rules look at is computed
    once, on first use (most numbers are dates, rejected before their clause is ever needed)."""

    def __init__(self, sentence: _Sentence, number: NumberMatch) -> None:
        self.sentence = sentence
        self.number = number
        self.text = sentence.text
        self.pos = number.start - sentence.offset  # in sentence coordinates
        self.end = number.end - sentence.offset
        self.unit = number.unit
        self.metric: str | None = None

    @cached_property
    def clause(self) -> tuple[int, int]:
        return _clause_bounds(self.text, self.pos, self.sentence.blocked)

    @cached_property
    def head(self) -> str:
        """The clause before the number, quoted and titled spans masked."""
        return _unblocked(self.text, self.clause[0], self.pos, self.sentence.blocked)

    @cached_property
    def tail(self) -> str:
        """The clause after the number (after its unit), masked like `head`."""
        return _unblocked(self.text, self.end, self.clause[1], self.sentence.blocked)

    @cached_property
    def head_metric(self) -> str | None:
        return _metric_cue(self.head)

    @cached_property
    def cue(self) -> _Cue | None:
        """Rule 4: the number's platform cue (a "分别" list pairs numbers with platforms first)."""
        return self.sentence.paired.get(self.number.start) or _choose_platform(
            self.sentence.cues, self.clause, self.pos
        )


# What a rule says about a number: "reject" (not a platform metric), "metric" (it set `metric`),
# "accept" (a platform metric of the cue's platform), "default" (a platform metric of the metric's
# default platform: no platform is named), or None (no opinion: the next rule decides).
Step = Literal["reject", "metric", "accept", "default"] | None


@dataclass(frozen=True, slots=True)
class MetricRule:
    """How the metric of a number is named (rule 5). The first rule that `applies` gives the metric
    (which may be None: a percentage that is not a rate). `example` is a sentence from a real report
    in which this rule names the metric of the number printed as `target`; `expect` is the item that
    number then gives, (platform, metric), or None when it is not reported."""

    name: str
    source: str  # the corpus report the example is from ("" for a constructed one)
    example: str
    target: str
    expect: tuple[str, str] | None
    applies: Callable[[_Reading], bool]
    metric: Callable[[_Reading], str | None]


def _previous_clause_metric(r: _Reading) -> str | None:
    prev = _clause_bounds(r.text, r.clause[0] - 2, r.sentence.blocked)
    return _metric_cue(_unblocked(r.text, prev[0], prev[1], r.sentence.blocked))


_OUTCOME_AFTER = re.compile(r"办结|回复|答复|满意|解决")

METRIC_RULES: tuple[MetricRule, ...] = (
    MetricRule(
        "rate_named",
        "pingtan_departments/jtj_2024.txt",
        "2024年，我局通过关联12345平台受理群众政策解答、维权服务等方面的诉求累计受理4355件，全部办结，办理率100%，满意率达99.04%。",
        "99.04%",
        ("hotline", "rate"),
        lambda r: r.unit == "%" and r.head_metric == "rate",
        lambda r: "rate",
    ),
    MetricRule(
        "rate_by_outcome_after",
        "legacy/pingtan_2018.txt",
        "截至目前我区政府网站共收到网友留言11条，已100%及时整改并按时办结回复。",
        "100%",
        ("website", "rate"),
        lambda r: r.unit == "%" and bool(_OUTCOME_AFTER.search(r.tail)),
        lambda r: "rate",
    ),
    MetricRule(
        "percent_not_a_rate",
        "shanghai_bgt_2019.html",
        "经政务公开工作机构审核的市政府公文主动公开率达90.2%。",
        "90.2%",
        None,
        lambda r: r.unit == "%",
        lambda r: None,
    ),
    MetricRule(
        "interpretation",
        "hzq2024.pdf",
        "2024 年，我区在政府网站平台主动发布各类政府信息 2428 条，公开政府常务会议 7期，解读信息发布 7 条。",
        "7 条",
        ("website", "interpretations"),
        lambda r: "解读" in r.head or ("解读" in r.tail[:30] and "发布" in r.text),
        lambda r: "interpretations",
    ),
    MetricRule(
        "interpretation_not_published",
        "pingtan_2019.txt",
        "（1）加强政策解读信息公开。",
        "1",
        None,
        lambda r: "解读" in r.tail[:30],
        lambda r: None,
    ),
    MetricRule(
        "verb_before",
        "pingtan_departments/gyz_2025.txt",
        "微信公众号累计推送15条原创信息。",
        "15条",
        ("wechat", "posts"),
        lambda r: r.head_metric is not None,
        lambda r: r.head_metric,
    ),
    MetricRule(
        "post_noun_after",
        "shanghai_bgt_2019.html",
        "运用抖音号报道进博会，41条短视频播放量超2300万，",
        "41条",
        ("douyin", "posts"),
        lambda r: r.unit in ("条", "篇") and bool(_POST_NOUN_AFTER.search(r.tail)),
        lambda r: "posts",
    ),
    MetricRule(
        "breakdown_inherits",
        "pingtan_departments/zrz_2020.txt",
        "通过热线电话，家园985后台以及网络直播间的方式解答群众问题，其中热线电话11通，创新了信息公开渠道及形式。",
        "11通",
        ("hotline", "replies"),
        lambda r: r.head.startswith("其中") and r.clause[0] >= 2,
        _previous_clause_metric,
    ),
)


def _resolve_metric(r: _Reading, trace: list[str]) -> Step:
    for rule in METRIC_RULES:
        if rule.applies(r):
            trace.append(rule.name)
            r.metric = rule.metric(r)
            return "metric"
    return None


@dataclass(frozen=True, slots=True)
class Rule:
    """One step of reading a number, in order (rules 3–6). `example` is a sentence from a real report
    in which this rule decides the number printed as `target`; `expect` is the item that number then
    gives, (platform, metric), or None when it is not reported."""

    name: str
    source: str  # the corpus report the example is from ("" for a constructed one)
    example: str
    target: str
    expect: tuple[str, str] | None
    apply: Callable[[_Reading, list[str]], Step]


def _reject_if(test: Callable[[_Reading], bool]) -> Callable[[_Reading, list[str]], Step]:
    return lambda r, _trace: "reject" if test(r) else None


def _is_event_count(r: _Reading) -> bool:
    """Rule 5: a count in 期/场/次 of an interview, press-conference or livestream platform."""
    cue = r.cue
    return (
        cue is not None
        and cue.platform in _EVENT_PLATFORMS
        and r.unit in _UNITS["events"]
        and r.metric in ("posts", "events", None)
    )


def _event_of_another_item(r: _Reading) -> bool:
    """An event count belongs to the item it ends: "召开新闻发布会8场、警媒座谈会2场" — the 2 is a
    座谈会's, not the press conference's; nor is a later clause's 互动活动42场次."""
    cue = r.cue
    assert cue is not None  # only asked of event counts
    return cue.end <= r.pos and not (r.clause[0] <= cue.start and "、" not in r.text[cue.end : r.pos])


def _as_events(r: _Reading, _trace: list[str]) -> Step:
    if not _is_event_count(r):
        return None
    r.metric = "events"  # 组织19期《问政平潭》, 在线访谈12期
    return "metric"


def _unit_fits(r: _Reading) -> bool:
    """Each metric accepts its own units; 发布视频50个 is allowed, 公开…8个领域 is not."""
    assert r.metric is not None
    return r.unit in _UNITS[r.metric] or (
        r.metric == "posts" and r.unit == "个" and bool(_MEDIA_NOUN_BEFORE.search(r.head))
    )


def _default_if(metric: str, cue_words: re.Pattern[str]) -> Callable[[_Reading, list[str]], Step]:
    """Rule 6: a metric reported on its default platform when none is named."""
    return lambda r, _trace: (
        "default" if r.cue is None and r.metric == metric and cue_words.search(r.head) else None
    )


NUMBER_RULES: tuple[Rule, ...] = (
    Rule(
        "quoted_or_titled",
        "pingtan_departments/hzs_2021.txt",
        "二是推出“一件事”集成套餐服务。",
        "一件",
        None,
        _reject_if(lambda r: r.sentence.blocked[r.pos]),
    ),
    Rule(
        "date_or_amount",
        "legacy/pingtan_2011.txt",
        "2011年刊出政务公开栏12期。",
        "2011年",
        None,
        _reject_if(lambda r: r.unit in _NEVER_UNITS),
    ),
    Rule(
        "ordinal_or_share",
        "legacy/pingtan_2012.txt",
        "各乡镇主动公开政府信息534条，占27%。",
        "27%",
        None,
        _reject_if(lambda r: r.pos > 0 and r.text[r.pos - 1] in "第占"),
    ),
    Rule(
        "negative",
        "hzq2024.pdf",
        "- 5 -",  # a page number printed between dashes
        "-5",
        None,
        _reject_if(lambda r: isinstance(r.number.value, int | float) and r.number.value < 0),
    ),
    Rule(
        "share_of_a_total",
        "shanghai_bgt_2019.html",
        "41条短视频播放量超2300万，在抖音相关话题所有播放量中占比26%。",
        "26%",
        None,
        _reject_if(lambda r: r.unit == "%" and (r.head.endswith("占") or "占比" in r.head[-4:])),
    ),
    Rule(
        "metric",
        "pingtan_departments/nyn_2020.txt",
        "2020年，我局微信公众号关注用户达938人。",
        "938人",
        ("wechat", "followers"),
        _resolve_metric,
    ),
    Rule(
        "average_not_total",
        "pingtan_departments/nyn_2023.txt",
        "2023年，我局微信公众号关注用户达1804人，月平均发布量90余篇。",
        "90余篇",
        None,
        _reject_if(lambda r: r.metric is not None and bool(_AVERAGE_RE.search(r.head[-12:]))),
    ),
    Rule(
        "documents_not_posts",
        "pingtan_departments/gwh_2019.txt",
        "先后审核各部门印发的22条规范性文件并在政府网站上发布。",
        "22条",
        None,
        _reject_if(
            lambda r: (
                r.metric == "posts"
                and r.unit in ("件", "份", "条")
                and bool(_DOCUMENT_BEFORE.search(r.head) or _DOCUMENT_AFTER.search(r.tail))
            )
        ),
    ),
    Rule(
        "event_of_another_item",
        "pingtan_departments/gaj_2021.txt",
        "同时，全年召开新闻发布会5场，发布民意征集4期，",
        "4期",
        None,
        _reject_if(lambda r: _is_event_count(r) and _event_of_another_item(r)),
    ),
    Rule(
        "event_count",
        "pingtan_departments/gaj_2021.txt",
        "同时，全年召开新闻发布会5场，发布民意征集4期，",
        "5场",
        ("press_conference", "events"),
        _as_events,
    ),
    Rule(
        "no_metric",
        "pingtan_departments/lyy_2020.txt",
        "依申请公开信息0条。",
        "0条",
        None,
        _reject_if(lambda r: r.metric is None),
    ),
    Rule(
        "replies_need_messages",
        "pingtan_departments/zrz_2024.txt",
        "全年受理信息公开申请69件。",
        "69件",
        None,
        _reject_if(lambda r: r.metric in ("replies", "received") and not r.sentence.names_messages),
    ),
    Rule(
        "unit_fits_metric",
        "pingtan_departments/scj_2023.txt",
        "回应了85度C平潭某门店老鼠出现在面包柜事件等多个舆情问题。",
        "85",
        None,
        _reject_if(lambda r: not _unit_fits(r)),
    ),
    Rule(
        "bare_number_is_a_name",
        "",
        "政府网站首页浏览支持IPv6访问。",
        "6",
        None,
        _reject_if(
            lambda r: (
                r.unit == "" and not re.search("[万亿]", r.number.raw) and not _BARE_COUNT_HEAD.search(r.head)
            )
        ),
    ),
    Rule(
        "interpretation_on_website",
        "pingtan_2024.txt",
        "全年发布政策文件解读96篇，获得良好的传播效果。",
        "96篇",
        ("website", "interpretations"),
        _default_if("interpretations", re.compile("发布")),
    ),
    Rule(
        "web_page_views",
        "legacy/pingtan_2011.txt",
        "2011年政府信息公开专栏访问量达11460人次。",
        "11460人次",
        ("website", "views"),
        _default_if("views", re.compile(r"访问量|点击量")),
    ),
    Rule(
        "no_platform",
        "pingtan_2019.txt",
        "全年共发布信息68条。",
        "68条",
        None,
        _reject_if(lambda r: r.cue is None),
    ),
    Rule(
        "breakdown_without_platform",
        "pingtan_departments/jjp_2021.txt",
        "2021年共发布795篇公众号信息，其中原创类信息210篇，",
        "210篇",
        None,
        _reject_if(
            lambda r: (
                r.head.startswith("其中")
                and not any(r.clause[0] <= c.start < r.clause[1] for c in r.sentence.cues)
            )
        ),
    ),
    Rule(
        "platform_metric",
        "pingtan_departments/nyn_2020.txt",
        "2020年，我局微信公众号关注用户达938人。",
        "938人",
        ("wechat", "followers"),
        lambda _r, _trace: "accept",
    ),
)


def _read_one(sentence: _Sentence, number: NumberMatch, trace: list[str]) -> tuple[_Cue | None, str] | None:
    """Platform cue and metric of one number, or None when it is not a platform metric: the first
    rule of NUMBER_RULES that decides. `trace` receives the name of every rule that acted."""
    r = _Reading(sentence, number)
    for rule in NUMBER_RULES:
        step = rule.apply(r, trace)
        if step is None:
            continue
        trace.append(rule.name)
        if step == "reject":
            return None
        if step == "metric":
            continue
        assert r.metric is not None
        return (r.cue if step == "accept" else None), r.metric
    return None  # unreachable: the last rule accepts


@dataclass(frozen=True, slots=True)
class Explained:
    """How one number of the narrative was read: the rules that acted on it, and the item (or None)."""

    number: NumberMatch
    sentence: str
    rules: tuple[str, ...]
    item: dict[str, Any] | None
    period_rule: str | None  # the PERIOD_RULES entry that dated the item


def _item(
    sentence: _Sentence, view: _Compact, n: NumberMatch, cue: _Cue | None, metric: str
) -> dict[str, Any]:
    return {
        "platform": cue.platform if cue else _DEFAULT_PLATFORM[metric],
        "account": cue.account if cue else None,
        "metric": metric,
        "value": n.value,
        "qualifier": n.qualifier,
        "unit": n.unit or None,
        "period": _period(sentence.text, n.start - sentence.offset, metric, sentence.cumulative)[0],
        "sentence": sentence.original,
        "offset": view.index[n.start],
    }


def explain(doc: Document) -> list[Explained]:
    """Every number of the narrative with the rules that read it (for tests and rule debugging)."""
    view = narrative(doc)
    out: list[Explained] = []
    for sentence, nums in _sentences(view):
        for n in nums:
            trace: list[str] = []
            got = _read_one(sentence, n, trace)
            item = _item(sentence, view, n, *got) if got else None
            period_rule = (
                _period(sentence.text, n.start - sentence.offset, got[1], sentence.cumulative)[1]
                if got
                else None
            )
            out.append(Explained(n, sentence.original, tuple(trace), item, period_rule))
    return out


def extract(doc: Document) -> list[dict[str, Any]]:
    """Every platform metric of the narrative, in reading order (SPEC §9 fields)."""
    view = narrative(doc)
    out: list[dict[str, Any]] = []
    for sentence, nums in _sentences(view):
        for n in nums:
            got = _read_one(sentence, n, [])
            if got is not None:
                out.append(_item(sentence, view, n, *got))
    return out


def _unblocked(sent: str, start: int, end: int, blocked: list[bool]) -> str:
    return "".join(ch if not blocked[start + k] else "□" for k, ch in enumerate(sent[start:end]))


def _respectively(
    sent: str, offset: int, nums: list[NumberMatch], cues: list[_Cue], blocked: list[bool]
) -> dict[int, _Cue]:
    """ "微博、微信分别发布平潭旅游信息495条和632条": k listed platforms, 分别, then k numbers in the
    clause — the i-th number is the i-th platform's. Returns number start (text offset) → cue."""
    out: dict[int, _Cue] = {}
    for m in re.finditer("分别", sent):
        c0, c1 = _clause_bounds(sent, m.start(), blocked)
        listed = [c for c in cues if c0 <= c.start and c.end <= m.start()]
        after = [n for n in nums if m.end() <= n.start - offset < c1]
        if (
            len(listed) >= 2
            and len(listed) == len(after)
            and len({c.platform for c in listed}) == len(listed)
        ):
            out.update({n.start: c for n, c in zip(after, listed, strict=True)})
    return out
