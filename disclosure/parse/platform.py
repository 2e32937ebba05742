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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from disclosure.model import Document, Line, TableCell
from disclosure.numbers import NumberMatch, find_numbers

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

_TEMPLATE_SECTION_START = re.compile(r"二、主动公开政府信息(?:情况)?")
_TEMPLATE_SECTION_END = re.compile(r"五、[^。]{0,20}?(?:问题|改进)")
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
    m2 = _TEMPLATE_SECTION_START.search(squeezed)
    if m2:
        m5 = _TEMPLATE_SECTION_END.search(squeezed, m2.end())
        end = m5.start() if m5 else len(squeezed)
        if _TEMPLATE_TABLE_LABELS.search(squeezed, m2.start(), end):
            _clear(keep, idx[m2.start()], idx[end - 1] + 1 if end > 0 else 0)
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
        cue = _CUE_RE.search(inner)
        named = _CUE_PLATFORM[cue.group()] if cue else ("website" if _NAME_WEBSITE_RE.search(inner) else None)
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


def _period(sent: str, pos: int, metric: str, cumulative: list[re.Match[str]] | None = None) -> str:
    """`cumulative`: the sentence's _CUMULATIVE_RE matches, found once per sentence by the caller."""
    if "新增" in sent[max(0, pos - 8) : pos]:
        return "annual"  # 新增关注 N 人: the year's increase, even after 截至
    if metric == "followers":
        # A stock: cumulative, unless the year's gain is meant (新增, or 全年/本年 right before).
        return (
            "annual"
            if re.search(r"(?:全年|本年|今年|年内)[^，。；]{0,6}$", sent[max(0, pos - 14) : pos])
            else "cumulative"
        )
    if cumulative is None:
        cumulative = list(_CUMULATIVE_RE.finditer(sent))
    last = None
    # 截至/截止/现有 date the whole sentence; 累计 qualifies its own clause's verb only ("…累计推送150
    # 余条信息，“平潭网”…更新信息32条": the 32 is not a running total).
    clause_start = max(sent.rfind(ch, 0, pos) for ch in _CLAUSE_END) + 1
    for m in cumulative:
        if m.end() > pos:
            break
        if m.group() == "累计" and m.start() < clause_start:
            continue
        last = m
    if last is not None:
        # The year words stand at most 5 characters before 累计: look only there.
        if last.group() == "累计" and _YEAR_BEFORE_TOTAL_RE.search(
            sent[max(0, last.start() - 12) : last.start()]
        ):
            return "annual"
        # "2020年，我局官方微信公众号累计发送了460条信息": a sentence that opens with its year sums
        # that year (scj's 2020–2024 reports print 460, 736, 1568, 1603, 1430: not a running total).
        if (
            last.group() == "累计"
            and _YEAR_OPENS_RE.match(sent)
            and not _SINCE_RE.search(sent[: last.start()])
        ):
            return "annual"
        return "cumulative"
    if metric == "followers":
        return "cumulative"
    return "annual"


def extract(doc: Document) -> list[dict[str, Any]]:
    """Every platform metric of the narrative, in reading order (SPEC §9 fields)."""
    view = narrative(doc)
    s = view.text
    numbers = sorted(find_numbers(s), key=lambda n: n.start)
    out: list[dict[str, Any]] = []
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
        # Per sentence, once (per number it would make long sentences quadratic).
        names_messages = bool(_MESSAGE_NOUNS.search(_unblocked(sent, 0, len(sent), blocked)))
        cumulative = list(_CUMULATIVE_RE.finditer(sent))
        original = view.original(a, b)
        paired = _respectively(sent, a, nums, cues, blocked)
        for n in nums:
            item = _read_one(sent, a, n, cues, blocked, names_messages, paired.get(n.start))
            if item is None:
                continue
            platform_cue, metric = item
            out.append(
                {
                    "platform": platform_cue.platform if platform_cue else _DEFAULT_PLATFORM[metric],
                    "account": platform_cue.account if platform_cue else None,
                    "metric": metric,
                    "value": n.value,
                    "qualifier": n.qualifier,
                    "unit": n.unit or None,
                    "period": _period(sent, n.start - a, metric, cumulative),
                    "sentence": original,
                    "offset": view.index[n.start],
                }
            )
    return out


_BARE_COUNT_HEAD = re.compile(r"(?:量|数|粉丝|用户|关注)(?:达到|达|为|已|超过|超|突破|近|约|：|:)*$")
_DEFAULT_PLATFORM = {"views": "website", "interpretations": "website"}


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


def _read_one(
    sent: str,
    offset: int,
    n: NumberMatch,
    cues: list[_Cue],
    blocked: list[bool],
    names_messages: bool,
    paired: _Cue | None = None,
) -> tuple[_Cue | None, str] | None:
    """Platform cue and metric of one number, or None when it is not a platform metric."""
    pos = n.start - offset
    end = n.end - offset
    if blocked[pos] or n.unit in _NEVER_UNITS:
        return None
    if pos > 0 and sent[pos - 1] in "第占":
        return None
    if isinstance(n.value, int | float) and n.value < 0:
        return None
    clause = _clause_bounds(sent, pos, blocked)
    head = _unblocked(sent, clause[0], pos, blocked)
    tail = _unblocked(sent, end, clause[1], blocked)
    if n.unit == "%":
        if head.endswith("占") or "占比" in head[-4:]:
            return None
        metric = _metric_cue(head)
        if metric != "rate":
            metric = "rate" if re.search(r"办结|回复|答复|满意|解决", tail) else None
    elif "解读" in head or "解读" in tail[:30]:
        metric = "interpretations"
        if "解读" not in head and "发布" not in sent:
            metric = None
    else:
        metric = _metric_cue(head)
        if metric is None and n.unit in ("条", "篇") and _POST_NOUN_AFTER.search(tail):
            metric = "posts"
        if metric is None and head.startswith("其中") and clause[0] >= 2:
            # 其中 refers back to the previous clause's action ("解答群众问题，其中热线电话11通").
            prev = _clause_bounds(sent, clause[0] - 2, blocked)
            metric = _metric_cue(_unblocked(sent, prev[0], prev[1], blocked))
    platform_cue = paired or _choose_platform(cues, clause, pos)
    if metric is not None and (
        _AVERAGE_RE.search(head[-12:])
        or (
            metric == "posts"
            and n.unit in ("件", "份", "条")
            and (_DOCUMENT_BEFORE.search(head) or _DOCUMENT_AFTER.search(tail))
        )
    ):
        return None
    if (
        platform_cue is not None
        and platform_cue.platform in _EVENT_PLATFORMS
        and n.unit in _UNITS["events"]
        and metric in ("posts", "events", None)
    ):
        if platform_cue.end <= pos and not (
            clause[0] <= platform_cue.start and "、" not in sent[platform_cue.end : pos]
        ):
            # An event count belongs to the item it ends: "召开新闻发布会8场、警媒座谈会2场" — the 2 is
            # a 座谈会's, not the press conference's; nor is a later clause's 互动活动42场次.
            return None
        if metric in ("posts", "events", None):
            metric = "events"  # 组织19期《问政平潭》, 在线访谈12期
    if metric is None:
        return None
    if metric in ("replies", "received") and not names_messages:
        return None
    if n.unit not in _UNITS[metric] and not (
        metric == "posts" and n.unit == "个" and _MEDIA_NOUN_BEFORE.search(head)
    ):
        return None  # 发布视频50个 is allowed; 公开…8个领域 is not
    if n.unit == "" and not re.search("[万亿]", n.raw) and not _BARE_COUNT_HEAD.search(head):
        # A bare number without unit or 万 ("985后台", "IPv6") is a name, not a count, unless it
        # directly follows its measure ("关注量 3425").
        return None
    if platform_cue is None:
        if metric == "interpretations" and "发布" in head:
            return None, metric
        if metric == "views" and re.search(r"访问量|点击量", head):
            return None, metric
        return None
    if head.startswith("其中") and not any(clause[0] <= c.start < clause[1] for c in cues):
        return None
    return platform_cue, metric
