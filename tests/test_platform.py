"""Platform metrics from the narrative (SPEC §9) against the hand-labelled gold file."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pytest

from disclosure.contract import METRICS, PLATFORM_METRIC_FIELDS, PLATFORMS
from disclosure.model import Document, Line, Page, Table, TableCell
from disclosure.parse import platform
from disclosure.parse.platform import extract
from disclosure.readers import read

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import platform_misses  # noqa: E402  (scoring shared with the misses script)

CORPUS = ROOT / "tests" / "corpus"


def _doc(*lines: str) -> Document:
    return Document(path="t.txt", format="txt", sha256="", pages=[Page(1, [Line(t) for t in lines])])


def _gold_rows() -> list[dict[str, str]]:
    text = platform_misses.GOLD.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@pytest.fixture(scope="module")
def scores():
    return platform_misses.score()


def test_overall_precision_and_recall(scores) -> None:
    tp = sum(s[0] for s in scores.values())
    npred = sum(s[1] for s in scores.values())
    ngold = sum(s[2] for s in scores.values())
    assert ngold >= 40, "the gold file should hold several dozen items"
    precision, recall = tp / npred, tp / ngold
    assert precision >= 0.95, f"precision {precision:.3f}"
    assert recall >= 0.90, f"recall {recall:.3f}"


@pytest.mark.parametrize("file", platform_misses.corpus_files())
def test_no_report_is_badly_wrong(scores, file: str) -> None:
    """Per report: no more than one false positive, and at least half of its gold items found."""
    tp, npred, ngold, _misses, fps, _items = scores[file]
    assert sum(fps.values()) <= 1, fps
    if ngold:
        assert tp / ngold >= 0.5


def test_gold_quotes_are_in_the_documents() -> None:
    """The gold is checked against the text: each quote occurs in its report and shows its value."""
    cache: dict[str, str] = {}
    for row in _gold_rows():
        if row["file"] not in cache:
            cache[row["file"]] = re.sub(r"\s", "", read(CORPUS / row["file"]).text())
        assert row["quote"] in cache[row["file"]], row
        assert row["platform"] in PLATFORMS and row["metric"] in METRICS, row
        assert row["period"] in ("annual", "cumulative"), row
        assert row["qualifier"] in ("", "余", "多", "近", "超", "突破", "约", "以上"), row


def test_gold_covers_every_corpus_file() -> None:
    files = set(platform_misses.corpus_files())
    assert {r["file"] for r in _gold_rows()} <= files
    assert len(files) == 19 + 89  # + the 89 pingtan_departments reports


def test_items_have_the_contract_shape_and_point_at_their_number() -> None:
    for file in platform_misses.corpus_files():
        doc = read(CORPUS / file)
        text = doc.text()
        for item in extract(doc):
            assert tuple(item) == PLATFORM_METRIC_FIELDS
            assert item["platform"] in PLATFORMS and item["metric"] in METRICS
            assert item["period"] in ("annual", "cumulative")
            digits = re.sub(r"\s", "", text[item["offset"] : item["offset"] + 12])
            assert digits[:1].isdigit(), (file, item)
            squeezed_sentence = re.sub(r"\s", "", item["sentence"])
            assert digits[:3] in squeezed_sentence or digits[:2] in squeezed_sentence


def test_zhongning_wechat_sentence_from_spec() -> None:
    doc = read(CORPUS / "zhongning_2024.txt")
    got = {
        (i["platform"], i["metric"], i["value"], i["qualifier"], i["period"], i["account"])
        for i in extract(doc)
    }
    assert ("wechat", "posts", 139, None, "annual", "中宁政府网") in got
    assert ("wechat", "replies", 30, "余", "annual", "中宁政府网") in got
    assert ("wechat", "followers", 3425, None, "cumulative", "中宁政府网") in got
    views = [i for i in extract(doc) if i["metric"] == "views"]
    assert [v["value"] for v in views] == [16000]
    assert "浏览量达 1.6万" in views[0]["sentence"] or "浏览量达1.6万" in views[0]["sentence"]


def test_spec_weibo_example_with_spaced_wan() -> None:
    got = extract(_doc("微博德州环境发布信息 16000 条，关注量 85.4 万。"))
    assert [(i["platform"], i["metric"], i["value"]) for i in got] == [
        ("weibo", "posts", 16000),
        ("weibo", "followers", 854000),
    ]


def test_broken_lines_inside_numbers() -> None:
    got = extract(
        _doc("加强“某某发布”公众号建设，全年累计发布信息 1", "39 条，回应网民留言 30", "", "余次。")
    )
    # "1\n39" is not joined (two numbers), but "30\n\n余次" is.
    assert ("wechat", "replies", 30, "余") in {
        (i["platform"], i["metric"], i["value"], i["qualifier"]) for i in got
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "根据国办公开办函〔2021〕30号要求，本报告统计数据从2024年1月1日至2024年12月31日。",
        "2024年审查规范性文件 6 件，开展规范性文件清理 1次。",
        "政府网站开设专栏，覆盖20个领域。",
        "依照《条例》第二十条第（九）项，在政府网站公开。",
        "依托政府网站、微信公众号，共公开51条疫情防控相关信息。",
        "对5个发挥作用不明显的政务新媒体予以关停注销。",
        "在抖音相关话题所有播放量中占比26%。",
        "全年依法规范办结依申请公开 17件。",
    ],
)
def test_not_platform_metrics(sentence: str) -> None:
    assert extract(_doc(sentence)) == []


def test_table_blocks_are_not_narrative() -> None:
    table = Table([[TableCell("政府网站发布信息"), TableCell("120条")]])
    doc = Document(path="t", format="html", sha256="", pages=[Page(1, [Line("一、总体情况"), table])])
    assert extract(doc) == []


def test_period_rules() -> None:
    got = extract(
        _doc("今年累计在政府网站发布信息20条；截至12月31日，政务微博累计发布信息300条，粉丝新增50人。")
    )
    periods = {(i["platform"], i["value"]): i["period"] for i in got}
    assert periods[("website", 20)] == "annual"
    assert periods[("weibo", 300)] == "cumulative"
    assert periods[("weibo", 50)] == "annual"
    got = extract(_doc("“某某发布”公众号关注人数3425人。"))
    assert [(i["metric"], i["period"]) for i in got] == [("followers", "cumulative")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "12345政务服务便民热线共受理群众诉求5.6万件，办结率99.8%。",
            [("hotline", "received", 56000), ("hotline", "rate", 99.8)],
        ),
        ("县长信箱共收到来信120封，已全部回复。", [("mailbox", "received", 120)]),
        ("全年召开新闻发布会15场。", [("press_conference", "events", 15)]),
        (
            "开展网络直播8场，观看量超10万人次。",
            [("livestream", "events", 8), ("livestream", "views", 100000)],
        ),
        (
            "政务抖音号发布短视频300条，播放量2000万次，点赞50万。",
            [("douyin", "posts", 300), ("douyin", "views", 20_000_000), ("douyin", "likes", 500_000)],
        ),
        ("全年通过政府网站发布政府信息1234条，其中政策文件56条。", [("website", "posts", 1234)]),
        (
            "全年主动公开政府信息5000余条，其中通过政府网站公开3000条，政务新媒体公开2000条。",
            [("website", "posts", 3000), ("new_media", "posts", 2000)],
        ),
        ("视频号发布视频50个。", [("video_channel", "posts", 50)]),
        ("截至2024年底，全县共有政务新媒体账号45个。", []),
        ("通过政府网站、政务新媒体发布信息300条。", []),
        ("通过政府网站受理依申请公开17件。", []),
        ("12345热线全年接听来电3.2万个。", [("hotline", "received", 32000)]),
    ],
)
def test_typical_sentences(sentence: str, expected: list[tuple[str, str, float]]) -> None:
    assert [(i["platform"], i["metric"], i["value"]) for i in extract(_doc(sentence))] == expected


def test_layout_table_paragraphs_are_narrative() -> None:
    prose = "2024年，我单位通过政府门户网站全年主动公开各类政府信息10407条，持续做好政策解读和回应关切工作。"
    table = Table([[TableCell(prose)]])
    doc = Document(path="t", format="html", sha256="", pages=[Page(1, [table])])
    assert [(i["platform"], i["value"]) for i in extract(doc)] == [("website", 10407)]


def test_qualifiers_and_accounts_of_found_items_match_the_gold(scores) -> None:
    """Beyond the match key: the qualifier must agree, and an account the gold names next to its
    platform word must be found when the item is found."""
    wrong = []
    for row in _gold_rows():
        items = scores[row["file"]][5]
        same = [
            i
            for i in items
            if (i["platform"], i["metric"], platform_misses._value_key(i["value"]), i["period"])
            == (row["platform"], row["metric"], platform_misses._value_key(row["value"]), row["period"])
        ]
        if not same:
            continue
        if (same[0]["qualifier"] or "") != row["qualifier"]:
            wrong.append(("qualifier", row))
        if same[0]["account"] and row["account"] and same[0]["account"] != row["account"]:
            wrong.append(("account", row))
    assert wrong == []


# --- the rule tables: every rule decides its own example ------------------------------------------

_SOURCE_TEXT: dict[str, str] = {}


def _squeezed_report(source: str) -> str:
    if source not in _SOURCE_TEXT:
        _SOURCE_TEXT[source] = re.sub(r"\s", "", read(CORPUS / source).text())
    return _SOURCE_TEXT[source]


def _reading_of(example: str, target: str) -> platform.Explained:
    found = [
        e
        for e in platform.explain(_doc(example))
        if re.sub(r"\s", "", e.number.raw) == re.sub(r"\s", "", target)
    ]
    assert found, f"{target!r} is not a number of {example!r}"
    return found[0]


@pytest.mark.parametrize("rule", platform.NUMBER_RULES + platform.METRIC_RULES, ids=lambda r: r.name)
def test_each_rule_decides_its_example(rule: platform.Rule | platform.MetricRule) -> None:
    """The rule acts on its example's target number, and the number then reads as the rule says."""
    reading = _reading_of(rule.example, rule.target)
    assert rule.name in reading.rules, reading.rules
    got = (reading.item["platform"], reading.item["metric"]) if reading.item else None
    assert got == rule.expect


@pytest.mark.parametrize(
    "rule", [r for r in platform.NUMBER_RULES + platform.METRIC_RULES if r.source], ids=lambda r: r.name
)
def test_rule_examples_are_quoted_from_real_reports(rule: platform.Rule | platform.MetricRule) -> None:
    assert re.sub(r"\s", "", rule.example) in _squeezed_report(rule.source)


def test_rule_names_are_unique_and_the_last_rule_accepts() -> None:
    names = [r.name for r in platform.NUMBER_RULES + platform.METRIC_RULES]
    assert len(names) == len(set(names))
    assert platform.NUMBER_RULES[-1].name == "platform_metric"


@pytest.mark.parametrize("rule", platform.PERIOD_RULES, ids=lambda r: r.name)
def test_each_period_rule_dates_its_example(rule: platform.PeriodRule) -> None:
    reading = _reading_of(rule.example, rule.target)
    assert reading.item is not None, reading.rules
    assert (reading.period_rule, reading.item["period"]) == (rule.name, rule.period)


@pytest.mark.parametrize("rule", [r for r in platform.PERIOD_RULES if r.source], ids=lambda r: r.name)
def test_period_examples_are_quoted_from_real_reports(rule: platform.PeriodRule) -> None:
    assert re.sub(r"\s", "", rule.example) in _squeezed_report(rule.source)
