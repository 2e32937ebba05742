"""Label normalisation and row matching: printed variants map to the same key (SPEC §7)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure.model import Document, Line, Page
from disclosure.parse import labels, sections

# Printed labels of section 三 rows as the 2021 template prints them (the sub-item part only, as
# a table cell holds it; group headings are separate cells).
PRINTED = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "denied_state_secret": "1.属于国家秘密",
    "denied_law_forbidden": "2.其他法律行政法规禁止公开",
    "denied_security_stability": "3.危及“三安全一稳定”",
    "denied_third_party": "4.保护第三方合法权益",
    "denied_internal_affairs": "5.属于三类内部事务信息",
    "denied_process_info": "6.属于四类过程性信息",
    "denied_enforcement_file": "7.属于行政执法案卷",
    "denied_admin_query": "8.属于行政查询事项",
    "unable_not_held": "1.本机关不掌握相关政府信息",
    "unable_needs_creation": "2.没有现成信息需要另行制作",
    "unable_unclear": "3.补正后申请内容仍不明确",
    "rejected_complaint": "1.信访举报投诉类申请",
    "rejected_duplicate": "2.重复申请",
    "rejected_publication": "3.要求提供公开出版物",
    "rejected_excessive": "4.无正当理由大量反复申请",
    "rejected_confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_other": "3.其他",
    "handled_total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}

_FULLWIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
_SWAPS = {"（": ["(", "（"], "）": [")", "）"], "“": ['"', "“", "「"], "”": ['"', "”", "」"]}
_NUMBERING = [".", "、", "．"]
_SPACES = [" ", "\n", "\u3000", "\t", "\u00a0", " \n "]


@st.composite
def printed_variant(draw: st.DrawFn, label: str) -> str:
    """The label as some report might print it: brackets, quotes, numbering punctuation and
    full-width forms varied, and whitespace (line wraps, ideographic spaces) inserted anywhere."""
    out = []
    for i, ch in enumerate(label):
        if ch == "." and i > 0 and label[i - 1].isdigit():
            ch = draw(st.sampled_from(_NUMBERING))
        elif ch in _SWAPS:
            ch = draw(st.sampled_from(_SWAPS[ch]))
        elif ch in _FULLWIDTH and draw(st.booleans()):
            ch = _FULLWIDTH[ch]
        out.append(ch)
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(_SPACES)))
    return "".join(out)


@st.composite
def key_and_variant(draw: st.DrawFn) -> tuple[str, str]:
    key = draw(st.sampled_from(sorted(PRINTED)))
    return key, draw(printed_variant(PRINTED[key]))


@given(key_and_variant())
def test_variant_normalises_to_same_label(kv: tuple[str, str]) -> None:
    key, variant = kv
    assert labels.normalise(variant) == labels.normalise(PRINTED[key])


@given(key_and_variant())
def test_variant_matches_its_row(kv: tuple[str, str]) -> None:
    key, variant = kv
    assert labels.match_request_row(labels.normalise(variant)) == key


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("2.其他法律行政止公开", "denied_law_forbidden"),  # typo in hzq2024.pdf
        ("1.屬於國家秘密", "denied_state_secret"),  # traditional characters
        ("（三）不予公开\n1.属于国家秘密", "denied_state_secret"),  # merged group cell copied in
        ("（六）其他处理", "other_other"),  # one-row form (2019 template, hzq2024)
        ("（六）其他处理 3.其他", "other_other"),
        ("（六）其他处理 1.申请人无正当理由逾期不补正", "other_no_correction"),
        ("(七)合计", "handled_total"),
        ("三、本年\n度办理\n结果 （一）予以公开", "granted"),
        ("5.要求行政机关确认或重 新出具\n已获取信息", "rejected_confirmation"),
    ],
)
def test_known_label_variants(printed: str, key: str) -> None:
    assert labels.match_request_row(labels.normalise(printed)) == key


@pytest.mark.parametrize(
    "header",
    ["三、本年度办理结果", "申请人情况", "法人或其他组织", "自然人", "（三）不予公开", "（四）无法提供"],
)
def test_headers_are_not_rows(header: str) -> None:
    assert labels.match_request_row(labels.normalise(header)) is None


def test_section_four_heading_with_typo_is_found() -> None:
    text = (
        "二、主动公开政府信息情况 规章000 三、收到和处理政府信息公开申请情况 四、结转下年度继续办理0000000 "
        "四、政府信息公开行政法复议、行政诉讼情况 0 0 0 五、存在的主要问题及改进情况"
    )
    b = sections.find_bounds(text)
    assert b.review is not None and text[b.review[0] :].startswith("四、政府信息公开行政法复议")
    assert b.requests is not None and "结转下年度" in text[b.requests[0] : b.requests[1]]


def _doc(text: str) -> Document:
    return Document(path="x.txt", format="txt", sha256="", pages=[Page(1, [Line(text)])])


@pytest.mark.parametrize(
    ("text", "template"),
    [
        ("信息内容 本年制发件数 本年废止件数 现行有效件数 规章", "2021"),
        ("信息内容 本年新制作数量 本年新公开数量 对外公开总数量 第二十条第(九)项", "2019"),
        ("主动公开政府信息数 条 425 受理申请 0", "legacy"),
    ],
)
def test_template_by_labels(text: str, template: str) -> None:
    assert sections.detect_template(_doc(text)) == template


def test_review_columns_follow_header_labels() -> None:
    """Section 四 grid that prints 总计 first in every group: cells are read by header label."""
    from disclosure.model import Table, TableCell
    from disclosure.parse import tables

    cols = ["总计", "结果维持", "结果纠正", "其他结果", "尚未审结"]
    grid = Table(
        [
            [TableCell(t) for t in cols * 3],
            [TableCell(t) for t in ["3", "1", "2", "0", "0", "5", "4", "0", "1", "0", "0", "", "", "", ""]],
        ]
    )
    doc = Document(
        path="x.html",
        format="html",
        sha256="",
        pages=[
            Page(
                1,
                [Line("四、政府信息公开行政复议、行政诉讼情况"), grid, Line("五、存在的主要问题及改进情况")],
            )
        ],
    )
    rev = tables.parse_tables(doc, "2021").review_litigation
    assert rev["review"] == {"upheld": 1, "corrected": 2, "other": 0, "pending": 0, "total": 3}
    assert rev["litigation_direct"] == {"upheld": 4, "corrected": 0, "other": 1, "pending": 0, "total": 5}
    assert rev["litigation_after_review"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 0,
        "total": 0,
    }


@given(st.text(alphabet=st.sampled_from(list("规章（）() \n\u3000１2.、“”0其他處理")), max_size=40))
def test_normalised_text_maps_back_to_its_source(text: str) -> None:
    """Every normalised character points at the source character it came from, in order, so a
    label found in normalised text can be located (page, raw token) in the printed text."""
    norm, src = labels.normalise_with_map(text)
    assert len(norm) == len(src)
    assert list(src) == sorted(src)
    for ch, i in zip(norm, src, strict=True):
        # "、" after a digit becomes "." (numbering); every other character normalises on its own.
        assert labels.normalise(text[i]) == ch or (ch == "." and text[i] in ".、。．")
