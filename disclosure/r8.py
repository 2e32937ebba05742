"""Check R8 (a warning): what the narrative says about requests and appeals versus the tables.

Why: the 总体情况 section often restates the year's request figures in prose, and real reports
disagree with their own tables (hzq2024: 受理…申请 17 件 in the text, 95 in the table). Each claim the
text makes is compared with the parsed tables and reported as data, with the evidence sentence.

Claims read from the narrative (same reader as the platform metrics: `platform.narrative`, numbers by
`disclosure.numbers.find_numbers`), only from sentences about 政府信息公开申请 / 依申请:

- 收到/受理/新收 N 件 (申请)            ≈ requests.new.total, or new + carried_in (both readings occur)
- 办结/答复/办理 N 件                    ≈ requests.handled_total.total (not in a clause opening 其中)
- 上年(度)结转 N 件                      ≈ requests.carried_in.total
- N 件 … 结转下年度 / 顺延到下年度      ≈ requests.carried_out.total
- 自然人 N 件、商业企业 M 件 (after a 收到 claim) ≈ that column of new (or new + carried_in)
- 予以公开/部分公开/不予公开/无法提供/不予处理/其他处理 N 件 (labels joined by 及/和 are summed)
                                         ≈ the sum of that outcome group's rows
- 行政复议 N 件; (行政)诉讼 N 件          ≈ review.total; litigation_direct.total + litigation_after_review.total
- 未发生/未收到/无 … 行政复议、行政诉讼  ⇒ those groups of section 四 are all zero

Counts in 条 in a sentence that also counts 主动公开 are information items, not requests: skipped.
A value with a qualifier (30余件) is a bound, compared as such. A needed table value that is null
gives `ok: None` (not evaluable), never a pass. Legacy reports have no tables and get no R8 entries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from disclosure import contract
from disclosure.contract import Check, CheckValue, Grid, Parsed, Value
from disclosure.model import Document
from disclosure.numbers import find_numbers
from disclosure.parse.platform import narrative
from disclosure.rules import make_check, sum_or_none

_GROUP_LABELS: dict[str, str] = {
    "予以公开": "granted",
    "部分公开": "partial",
    "不予公开": "denied",
    "无法提供": "unable",
    "不予处理": "rejected",
    "其他处理": "other",
}
_GROUP_RE = re.compile("|".join(_GROUP_LABELS))
_COLUMN_LABELS: dict[str, str] = {
    "自然人": "natural_person",
    "商业企业": "business",
    "科研机构": "research",
    "社会公益组织": "social_org",
    "法律服务机构": "legal_service",
    "其他组织": "other_org",
}
_COLUMN_RE = re.compile("|".join(_COLUMN_LABELS))
_REVIEW_RE = re.compile(r"行政复议|诉讼")
_CARRIED_OUT_RE = re.compile(
    r"结转下一?年|结转至下一?年|结转到下一?年|顺延到下一?年|顺延至下一?年|转入下一?年"
)
_CARRIED_IN_RE = re.compile(r"上一?年度?结转|结转上一?年")
_VERB_RE = re.compile(r"办结|答复|办理|收到|受理|新收|接到|接收")
_VERB_KIND = {
    "办结": "handled",
    "答复": "handled",
    "办理": "handled",
    "收到": "new",
    "受理": "new",
    "新收": "new",
    "接到": "new",
    "接收": "new",
}
_ABOUT_REQUESTS = re.compile(r"政府信息公开申请|依申请|公开申请|信息公开.{0,6}申请")
_NONE_RE = re.compile(r"(?:未发生|没有发生|未收到|未出现|无)[^，；。]*?(?:行政复议|行政诉讼)")
_CLAUSE_END = "，；：,;:（）()"
_HEADING_RE = re.compile(r"（[一二三四五六七八九十]{1,2}）|[一二三四五六七八九十]{1,2}、")
# Things other than information-disclosure requests that are also 受理/办结 in these sentences.
_OTHER_OBJECTS = re.compile(r"诉求|留言|咨询|投诉|信访|审批|复议|诉讼|事项|业务")
_COUNT_UNITS = frozenset({"件", "条", "宗"})


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement of the narrative: `kind` is new/handled/carried_in/carried_out/group/column/
    review/litigation/none; `keys` names the groups, column or section-四 groups it is about."""

    kind: str
    value: int | float
    qualifier: str | None
    keys: tuple[str, ...]
    sentence: str


def _sentences(s: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(s):
        if ch in "。！？":
            out.append((start, i + 1))
            start = i + 1
    if start < len(s):
        out.append((start, len(s)))
    return out


def _clause(sent: str, pos: int) -> tuple[int, int]:
    a = pos
    while a > 0 and sent[a - 1] not in _CLAUSE_END:
        a -= 1
    b = pos
    while b < len(sent) and sent[b] not in _CLAUSE_END:
        b += 1
    return a, b


def _labels_before(head: str, pattern: re.Pattern[str], table: dict[str, str], gap: int) -> list[str]:
    """Labels ending at most `gap` characters before the number, with labels chained to them by
    及/和/与/、 ("予以公开及部分公开258件" → granted, partial)."""
    matches = list(pattern.finditer(head))
    if not matches or len(head) - matches[-1].end() > gap:
        return []
    keys = [table[matches[-1].group()]]
    for prev, nxt in zip(reversed(matches[:-1]), reversed(matches[1:]), strict=True):
        if head[prev.end() : nxt.start()] in ("及", "和", "与", "、", "以及"):
            keys.insert(0, table[prev.group()])
        else:
            break
    return keys


def claims(doc: Document) -> list[Claim]:
    """Every R8 claim of the narrative, in reading order."""
    view = narrative(doc)
    s = view.text
    numbers = find_numbers(s)
    out: list[Claim] = []
    bounds = _sentences(s)
    for k, (a, b) in enumerate(bounds):
        sent = s[a:b]
        evidence = view.original(a, b)
        # A sentence is about requests when it says 申请 and its subsection (from the last heading
        # such as （二） within 600 characters) or the two sentences before it name 依申请/政府信息公开申请
        # ("（二）依申请公开方面。…。本年度全区共收到70件申请").
        start = bounds[max(0, k - 2)][0]
        headings = list(_HEADING_RE.finditer(s, max(0, a - 600), a))
        if headings:
            start = min(start, headings[-1].start())
        context = s[start:b]
        for m in _NONE_RE.finditer(sent):
            c0, c1 = _clause(sent, m.start())
            negated = sent[m.start() : c1]  # the whole clause: 未发生…行政复议、行政诉讼情况
            groups = []
            if "复议" in negated:
                groups.append("review")
            if "诉讼" in negated:
                groups += ["litigation_direct", "litigation_after_review"]
            out.append(Claim("none", 0, None, tuple(groups), evidence))
        about_requests = "申请" in sent and bool(_ABOUT_REQUESTS.search(context))
        request_claim_seen = False
        for n in (n for n in numbers if a <= n.start < b):
            if n.unit not in _COUNT_UNITS:
                continue
            if n.unit == "条" and "主动公开" in sent:
                # "制发政府信息437条，其中主动公开55条、依申请公开341条、不予公开41条": information items
                # split by how they were released, not requests and their outcomes.
                continue
            pos = n.start - a
            c0, c1 = _clause(sent, pos)
            head, tail = sent[c0:pos], sent[n.end - a : c1]
            claim = _read_claim(head, tail, about_requests, request_claim_seen)
            if claim is None:
                continue
            kind, keys = claim
            request_claim_seen = request_claim_seen or kind == "new"
            out.append(Claim(kind, n.value, n.qualifier, keys, evidence))
    return out


def _read_claim(
    head: str, tail: str, about_requests: bool, after_new: bool
) -> tuple[str, tuple[str, ...]] | None:
    groups = _labels_before(head, _GROUP_RE, _GROUP_LABELS, 4)
    if groups:
        return "group", tuple(groups)
    review = _labels_before(head, _REVIEW_RE, {"行政复议": "review", "诉讼": "litigation"}, 4)
    if review:
        return review[-1], ()
    if not about_requests or _REVIEW_RE.search(head + tail):
        return None
    columns = _labels_before(head, _COLUMN_RE, _COLUMN_LABELS, 2)
    if columns and after_new:
        return "column", (columns[-1],)
    if _CARRIED_OUT_RE.search(tail) or _CARRIED_OUT_RE.search(head):
        return "carried_out", ()
    if _CARRIED_IN_RE.search(head):
        return "carried_in", ()
    verbs = list(_VERB_RE.finditer(head))
    # "办结依申请2件，其中公开答复1件": a clause opening with 其中 is a part of the total before it.
    if verbs and not _OTHER_OBJECTS.search(head + tail) and not head.startswith("其中"):
        return _VERB_KIND[verbs[-1].group()], ()
    return None


# --- comparison with the tables ------------------------------------------------------------------


def _row_total(cells: Mapping[str, Value]) -> int | float | None:
    """The printed 总计 of a row, or the sum of its applicant columns when 总计 is blank
    (shanghai_bgt_2019 leaves 总计 blank on rows （一）–（六））."""
    total = cells.get("total")
    if total is not None:
        return total
    return sum_or_none([cells.get(c) for c in contract.APPLICANT_COLUMNS])


def _group_total(req: Grid, group: str, template: str) -> int | float | None:
    """Sum of an outcome group's rows. A row with no value at all is a row the report does not print
    (a 2021 report printing （六）其他处理 as one row) and is left out; a printed row with a null cell
    makes the sum unknown."""
    rows = [
        req.get(r) or {}
        for r in contract.request_row_keys(template)
        if contract.OUTCOME_GROUP.get(r) == group
    ]
    printed = [cells for cells in rows if any(v is not None for v in cells.values())]
    if not printed:
        return None
    return sum_or_none([_row_total(cells) for cells in printed])


def _agrees(value: float, qualifier: str | None, table: float) -> bool:
    if qualifier in ("余", "多", "超", "以上", "突破"):
        return table >= value
    if qualifier == "近":
        return table <= value and table >= value * 0.8
    if qualifier == "约":
        return abs(table - value) <= max(1, 0.1 * value)
    return table == value


def _entry(where: str, expected: CheckValue, actual: CheckValue, ok: bool | None, message: str) -> Check:
    return make_check("R8", where, expected, actual, ok, message=message)


def check(report: Parsed, doc: Document) -> list[Check]:
    """R8 entries: `expected` is the narrative's number, `actual` the table's."""
    req = report.requests
    rev = report.review_litigation
    template = report.template or "2021"
    if req is None or template == "legacy":
        return []
    out: list[Check] = []
    for c in claims(doc):
        shown = f"{c.value}{c.qualifier or ''}"
        if c.kind == "none":
            if rev is None:
                continue
            values = [rev[g][col] for g in c.keys for col in contract.REVIEW_COLUMNS]
            actual = sum_or_none(values)
            ok = None if actual is None else all(v == 0 for v in values)
            names = "、".join(contract.REVIEW_GROUP_LABELS[g] for g in c.keys)
            out.append(
                _entry(
                    "review_litigation",
                    0,
                    actual,
                    ok,
                    f"正文称未发生{names}，表格四合计为 {actual}：“{c.sentence}”",
                )
            )
        elif c.kind in ("review", "litigation"):
            if rev is None:
                continue
            groups = ["review"] if c.kind == "review" else ["litigation_direct", "litigation_after_review"]
            actual = sum_or_none([rev[g]["total"] for g in groups])
            ok = None if actual is None else _agrees(c.value, c.qualifier, actual)
            label = "行政复议" if c.kind == "review" else "行政诉讼"
            where = (
                f"review_litigation.{groups[0]}.total"
                if len(groups) == 1
                else "review_litigation.litigation.total"
            )
            out.append(
                _entry(
                    where, c.value, actual, ok, f"正文称{label} {shown} 件，表格四为 {actual}：“{c.sentence}”"
                )
            )
        elif c.kind == "group":
            actual = sum_or_none([_group_total(req, g, template) for g in c.keys])
            ok = None if actual is None else _agrees(c.value, c.qualifier, actual)
            label = "及".join(contract.OUTCOME_GROUP_LABELS[g] for g in c.keys)
            out.append(
                _entry(
                    f"requests.{'+'.join(c.keys)}.total",
                    c.value,
                    actual,
                    ok,
                    f"正文称{label} {shown} 件，表格三为 {actual}：“{c.sentence}”",
                )
            )
        else:
            out.append(_request_entry(c, req, shown))
    return out


_ROW_OF = {"handled": "handled_total", "carried_in": "carried_in", "carried_out": "carried_out"}
_KIND_LABEL = {
    "handled": "办结/答复",
    "carried_in": "上年结转",
    "carried_out": "结转下年度",
    "new": "收到/受理",
}


def _request_entry(c: Claim, req: Grid, shown: str) -> Check:
    if c.kind in ("new", "column"):
        col = c.keys[0] if c.kind == "column" else "total"
        new = (req.get("new") or {}).get(col)
        carried = (req.get("carried_in") or {}).get(col)
        both = None if new is None or carried is None else new + carried
        ok: bool | None
        if new is None:
            ok = None
        else:
            ok = _agrees(c.value, c.qualifier, new) or (
                both is not None and _agrees(c.value, c.qualifier, both)
            )
        label = "收到/受理" if c.kind == "new" else contract.REQUEST_COLUMN_LABELS[col] + "申请"
        return _entry(
            f"requests.new.{col}",
            c.value,
            new,
            ok,
            f"正文称{label} {shown} 件，表格三新收为 {new}（含上年结转为 {both}）：“{c.sentence}”",
        )
    row = _ROW_OF[c.kind]
    actual = (req.get(row) or {}).get("total")
    ok = None if actual is None else _agrees(c.value, c.qualifier, actual)
    return _entry(
        f"requests.{row}.total",
        c.value,
        actual,
        ok,
        f"正文称{_KIND_LABEL[c.kind]} {shown} 件，表格三{contract.REQUEST_ROW_LABELS[row]}为 {actual}：“{c.sentence}”",
    )
