"""Metadata (SPEC §8) on every real report of the corpus, plus the variants the corpus lacks.

Expected values were read from the documents by hand: the title for agency and year, the 统计期限
for the year where the title has none, the contact block's postcode, and the sentence that makes a
report an aggregate (quoted below next to each case).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure.errors import InputError, NotAReportError
from disclosure.model import Document, Line, Page
from disclosure.parse import metadata
from disclosure.readers import read

CORPUS = Path(__file__).parent / "corpus"
LEGACY = CORPUS / "legacy"

PINGTAN = {"province": "福建省", "city": "福州市", "county": "平潭县"}
ZHONGNING = {"province": "宁夏回族自治区", "city": "中卫市", "county": "中宁县"}
HONGZE = {"province": "江苏省", "city": "淮安市", "county": "洪泽区"}
SHANGHAI = {"province": "上海市", "city": None, "county": None}

# file: (agency, year, level, kind, scope, region)
EXPECTED: dict[str, tuple[str, int, str, str, str, dict[str, str | None]]] = {
    # "现发布《中宁县人民政府办公室 2024年政府信息公开工作年度报告》"; own office only.
    "zhongning_2024.txt": ("中宁县人民政府办公室", 2024, "county", "department", "own", ZHONGNING),
    # "区政府办代表区政府受理政府信息公开申请 17 件": the district government's own report.
    "hzq2024.pdf": ("淮安市洪泽区人民政府", 2024, "county", "government", "own", HONGZE),
    # "市政府办公厅代表市政府共受理…": own; 上海 is a municipality, no prefecture layer.
    "shanghai_bgt_2019.html": ("上海市人民政府办公厅", 2019, "province", "department", "own", SHANGHAI),
    # "我区政府信息公开单位共公布政府信息2599条"
    "pingtan_2019.txt": ("平潭综合实验区", 2019, "dev_zone", "government", "aggregate", PINGTAN),
    # "2020年全区各级行政机关共受理政府信息公开申请21件"
    "pingtan_2020.txt": ("平潭综合实验区", 2020, "dev_zone", "government", "aggregate", PINGTAN),
    # "全年主动公开我区各级单位政府信息2645条", "本年度全区共收到70件申请"
    "pingtan_2021.txt": ("平潭综合实验区", 2021, "dev_zone", "government", "aggregate", PINGTAN),
    # "汇总平潭综合实验区各有关单位政府信息公开工作情况编制而成"
    "pingtan_2022.txt": ("平潭综合实验区", 2022, "dev_zone", "government", "aggregate", PINGTAN),
    # No sentence says the figures cover other agencies ("全年办理政府信息公开申请218件"): own.
    "pingtan_2024.txt": ("平潭综合实验区", 2024, "dev_zone", "government", "own", PINGTAN),
}

# Legacy (≤ 2018). 2011–2013: "根据…管委会及各工作部门、平潭县人民政府、平潭县各乡镇人民政府的政府信息公开
# 年度报告编制"; 2014–2018: "各乡镇主动公开政府信息N条" (the report's totals include the townships).
LEGACY_EXPECTED: dict[str, tuple[str, int, str, str, str, dict[str, str | None]]] = {
    **{
        f"pingtan_{y}.txt": ("平潭综合实验区", y, "dev_zone", "government", "aggregate", PINGTAN)
        for y in (2011, 2012, 2013, 2015, 2016, 2018)
    },
    # 标题: 平潭综合实验区管委会2014年度政府信息公开工作年度报告 (管委会 of the zone = its government)
    "pingtan_2014.txt": ("平潭综合实验区管委会", 2014, "dev_zone", "government", "aggregate", PINGTAN),
    **{
        f"pingtan_county_{y}.txt": ("平潭县人民政府", y, "county", "government", "aggregate", PINGTAN)
        for y in (2011, 2012, 2013)
    },
}


def _doc(text: str, path: str = "synthetic.txt") -> Document:
    return Document(path, "txt", "", [Page(1, [Line(t, 1) for t in text.splitlines()])])


def _check(meta: dict, expected: tuple) -> None:
    agency, year, level, kind, scope, region = expected
    got = (meta["agency"], meta["year"], meta["level"], meta["kind"], meta["scope"], meta["region"])
    assert got == (agency, year, level, kind, scope, region), meta.get("evidence")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_report(name: str) -> None:
    _check(metadata.extract(read(CORPUS / name)), EXPECTED[name])


@pytest.mark.parametrize("name", sorted(LEGACY_EXPECTED))
def test_legacy_report(name: str) -> None:
    _check(metadata.extract(read(LEGACY / name)), LEGACY_EXPECTED[name])


def test_every_corpus_file_is_covered() -> None:
    """A report added to the corpus must get expected values here (no silent gaps)."""
    reports = {p.name for p in CORPUS.iterdir() if p.suffix in {".txt", ".pdf", ".html", ".docx"}}
    legacy = {p.name for p in LEGACY.glob("*.txt")} - {"pingtan_gongzuoyaodian_2014.txt"}
    assert reports == set(EXPECTED)
    assert legacy == set(LEGACY_EXPECTED)


def test_contract_keys_and_types() -> None:
    meta = metadata.extract(read(CORPUS / "zhongning_2024.txt"))
    assert list(meta)[:6] == ["agency", "year", "scope", "level", "kind", "region"]
    assert list(meta["region"]) == ["province", "city", "county"]
    assert isinstance(meta["year"], int)


# --- not a report ---------------------------------------------------------------------------------


def test_letter_is_not_a_report() -> None:
    path = LEGACY / "pingtan_gongzuoyaodian_2014.txt"
    with pytest.raises(NotAReportError) as err:
        metadata.extract(read(path))
    assert isinstance(err.value, InputError)
    assert err.value.path.endswith("pingtan_gongzuoyaodian_2014.txt")
    assert err.value.reason.startswith("不是政府信息公开工作年度报告")
    assert err.value.reason.endswith("函》")


def test_letter_without_archiver_header_is_not_a_report() -> None:
    """The body alone (title inside the page furniture) must still be recognised as a letter."""
    text = (LEGACY / "pingtan_gongzuoyaodian_2014.txt").read_text(encoding="utf-8")
    body = text.split("==================== 正文 ====================", 1)[1]
    with pytest.raises(NotAReportError, match="函"):
        metadata.extract(_doc(body))


def test_letter_mentioning_annual_report_in_body_is_still_a_letter() -> None:
    doc = _doc(
        "关于2023年政务公开工作要点落实情况的函\n省政府办公厅：\n根据《关于做好2023年政府信息公开工作年度报告"
        "有关事项的通知》要求，现将有关情况函告如下。\nXX市人民政府办公室\n2023年12月1日"
    )
    with pytest.raises(NotAReportError):
        metadata.extract(doc)


@pytest.mark.parametrize("text", ["", "   \n\t\n", "今天天气很好，我们去公园散步。\n晚上吃饺子。"])
def test_empty_or_unrelated_text_is_not_a_report(text: str) -> None:
    with pytest.raises(NotAReportError):
        metadata.extract(_doc(text))


# --- titles and years -----------------------------------------------------------------------------


def test_title_split_over_lines_with_spaces_everywhere() -> None:
    doc = _doc(" 中 宁 县 人 民 政 府 办 公 室\n2 0 2 4 年 政 府 信 息 公 开 工 作 年 度 报 告\n正文……")
    meta = metadata.extract(doc)
    assert (meta["agency"], meta["year"]) == ("中宁县人民政府办公室", 2024)


def test_year_first_title() -> None:
    meta = metadata.extract(_doc("2019年上海市人民政府办公厅政府信息公开工作年度报告\n发布日期：2020-01-31"))
    assert (meta["agency"], meta["year"]) == ("上海市人民政府办公厅", 2019)


def test_chinese_numeral_year() -> None:
    meta = metadata.extract(_doc("淮安市洪泽区人民政府二〇二三年度政府信息公开工作年度报告\n正文"))
    assert (meta["agency"], meta["year"]) == ("淮安市洪泽区人民政府", 2023)


def test_shared_zheng_fu_in_title() -> None:
    """ "…市人民政府信息公开工作年度报告": 政府 belongs to both the agency and the phrase."""
    meta = metadata.extract(_doc("2022年淮安市人民政府信息公开工作年度报告"))
    assert meta["agency"] == "淮安市人民政府"


def test_year_never_from_publication_date() -> None:
    """An archiver header's 发布时间 (Y+1) must not become the year; the 统计期限 gives it."""
    doc = _doc(
        "标题: 淮安市洪泽区人民政府政府信息公开工作年度报告\n发布时间: 2025-01-20 10:00\n"
        "==================== 正文 ====================\n"
        "本报告中所列数据统计期限自2024年1月1日起至2024年12月31日止。\n淮安市洪泽区人民政府\n2025年1月20日"
    )
    meta = metadata.extract(doc)
    assert meta["year"] == 2024
    assert meta["evidence"]["year"] == "统计期限"


def test_no_year_anywhere_is_null_not_publication_year() -> None:
    doc = _doc(
        "标题: 政府信息公开工作年度报告\n发布时间: 2025-01-20 10:00\n"
        "==================== 正文 ====================\n一、总体情况\n本年度共收到申请3件。"
    )
    assert metadata.extract(doc)["year"] is None


def test_agency_from_signature_when_title_has_none() -> None:
    doc = _doc(
        "2023年政府信息公开工作年度报告\n本报告统计期限为2023年1月1日至2023年12月31日。"
        "如有疑问请联系（邮编：350001）。\n一、总体情况\n……\n福州市鼓楼区教育局\n2024年1月15日"
    )
    meta = metadata.extract(doc)
    assert (meta["agency"], meta["year"]) == ("福州市鼓楼区教育局", 2023)
    assert meta["evidence"]["agency"] == "落款"
    assert (meta["level"], meta["kind"]) == ("county", "department")
    assert meta["region"] == {"province": "福建省", "city": "福州市", "county": "鼓楼区"}


# --- region, level, kind --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agency", "postcode", "level", "kind", "region"),
    [
        ("中宁县人民政府办公室", None, "county", "department", ZHONGNING),
        ("淮安市洪泽区人民政府", None, "county", "government", HONGZE),
        ("上海市人民政府办公厅", None, "province", "department", SHANGHAI),
        (
            "上海市黄浦区人民政府",
            None,
            "county",
            "government",
            {"province": "上海市", "city": None, "county": "黄浦区"},
        ),
        (
            "浦东新区人民政府",
            None,
            "county",
            "government",
            {"province": "上海市", "city": None, "county": "浦东新区"},
        ),
        (
            "宁夏回族自治区人民政府",
            None,
            "province",
            "government",
            {"province": "宁夏回族自治区", "city": None, "county": None},
        ),
        (
            "中卫市人民政府",
            None,
            "prefecture",
            "government",
            {"province": "宁夏回族自治区", "city": "中卫市", "county": None},
        ),
        ("中宁县石空镇人民政府", None, "township", "government", ZHONGNING),
        ("平潭综合实验区", None, "dev_zone", "government", PINGTAN),
        ("平潭综合实验区管委会办公室", None, "dev_zone", "department", PINGTAN),
        (
            "苏州工业园区管理委员会",
            None,
            "dev_zone",
            "government",
            {"province": "江苏省", "city": "苏州市", "county": None},
        ),
        (
            "昆山市人民政府",
            None,
            "county",
            "government",
            {"province": "江苏省", "city": "苏州市", "county": "昆山市"},
        ),
        (
            "仙桃市人民政府",
            None,
            "county",
            "government",
            {"province": "湖北省", "city": None, "county": "仙桃市"},
        ),
        # Six 鼓楼区 in China: the parent named first, or the postcode, picks one; else no guess.
        (
            "福州市鼓楼区人民政府",
            None,
            "county",
            "government",
            {"province": "福建省", "city": "福州市", "county": "鼓楼区"},
        ),
        (
            "鼓楼区人民政府",
            "350001",
            "county",
            "government",
            {"province": "福建省", "city": "福州市", "county": "鼓楼区"},
        ),
        (
            "鼓楼区人民政府",
            "210008",
            "county",
            "government",
            {"province": "江苏省", "city": None, "county": None},
        ),
        ("鼓楼区人民政府", None, "county", "government", {"province": None, "city": None, "county": None}),
    ],
)
def test_classify(agency: str, postcode: str | None, level: str, kind: str, region: dict) -> None:
    got = metadata.classify(agency, postcode)
    assert (got["level"], got["kind"], got["region"]) == (level, kind, region)


# --- scope ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "本报告由市政府办公室综合各县（市、区）政府和市政府各部门的年度报告编制而成。",
        "本报告根据《条例》要求，汇总全市各级行政机关政府信息公开工作情况编制。",
        "本报告由县政务公开办根据县政府各部门、各乡镇政府信息公开年度报告汇总编制。",
        "2023年，全市各级行政机关共收到政府信息公开申请1234件。",
    ],
)
def test_aggregate_scope(sentence: str) -> None:
    meta = metadata.extract(_doc("XX市人民政府2023年政府信息公开工作年度报告\n" + sentence))
    assert meta["scope"] == "aggregate", sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "区政府办代表区政府受理政府信息公开申请17件。",
        "定期巡检各部门公开落实情况，督促各部门做好信息发布。",
        "区、县直各单位已有20多家预算部门对外公布本部门预决算和“三公”经费预算汇总数。",
    ],
)
def test_own_scope(sentence: str) -> None:
    meta = metadata.extract(_doc("XX市人民政府2023年政府信息公开工作年度报告\n" + sentence))
    assert meta["scope"] == "own", sentence


ARCHIVED = sorted(
    [p for p in CORPUS.glob("*.txt") if p.name in EXPECTED] + [LEGACY / n for n in LEGACY_EXPECTED],
    key=lambda p: p.name,
)


@pytest.mark.parametrize(
    "path", [p for p in ARCHIVED if "=== 正文 ===" in p.read_text(encoding="utf-8")], ids=lambda p: p.name
)
def test_scraped_body_without_archiver_header(path: Path) -> None:
    """The same agency and year from the page body alone (title line, or 总体情况's first sentence)."""
    text = path.read_text(encoding="utf-8")
    body = text.split("==================== 正文 ====================", 1)[1]
    meta = metadata.extract(_doc(body, path.name))
    expected = {**EXPECTED, **LEGACY_EXPECTED}[path.name]
    assert (meta["agency"], meta["year"], meta["scope"]) == (expected[0], expected[1], expected[4])


@pytest.mark.parametrize(
    ("text", "agency", "year"),
    [
        # the phrase itself broken by the PDF extractor
        (
            "宁夏回族自治区发展和改革委员会\n2023年政府信息公开\n工作年度报告\n一、总体情况",
            "宁夏回族自治区发展和改革委员会",
            2023,
        ),
        # year after the phrase, in brackets
        ("中卫市财政局政府信息公开工作年度报告（2022年度）\n一、总体情况", "中卫市财政局", 2022),
        # a web page <title> with the site name after an underscore
        (
            "淮安市洪泽区人民政府2024年政府信息公开工作年度报告_淮安市洪泽区人民政府\n正文",
            "淮安市洪泽区人民政府",
            2024,
        ),
        # site info block before the title
        (
            "索引号：014101234/2024-00012\n发布机构：中宁县人民政府办公室\n中宁县人民政府办公室2023年政府信息公开工作年度报告\n正文",
            "中宁县人民政府办公室",
            2023,
        ),
    ],
)
def test_title_variants(text: str, agency: str, year: int) -> None:
    meta = metadata.extract(_doc(text))
    assert (meta["agency"], meta["year"]) == (agency, year)


def test_sentence_mentioning_a_report_is_not_its_title() -> None:
    """Only a standalone title counts; a sentence quoting another year's report gives no agency/year."""
    doc = _doc(
        "政府信息公开工作年度报告\n按照做好2022年政府信息公开工作年度报告有关事项的要求，"
        "本报告统计期限为2023年1月1日至2023年12月31日。"
    )
    meta = metadata.extract(doc)
    assert meta["year"] == 2023


def test_title_line_without_year_takes_year_from_period() -> None:
    doc = _doc("中卫市财政局\n政府信息公开工作年度报告\n本报告统计期限为2023年1月1日至2023年12月31日。")
    meta = metadata.extract(doc)
    assert (meta["agency"], meta["year"]) == ("中卫市财政局", 2023)


def test_menu_item_before_the_real_title() -> None:
    doc = _doc(
        "首页\n政务公开\n政府信息公开年报\n当前位置\n\n中宁县人民政府办公室2023年政府信息公开工作年度报告\n正文"
    )
    meta = metadata.extract(doc)
    assert (meta["agency"], meta["year"]) == ("中宁县人民政府办公室", 2023)


@pytest.mark.parametrize("name", ["hzq2024.pdf", "shanghai_bgt_2019.html"])
def test_docx_rendering_gives_the_same_metadata(tmp_path: Path, name: str) -> None:
    """The same report as a Word file (title in a paragraph, tables as Word tables)."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from builders import build_docx

    path = build_docx(CORPUS / name, tmp_path / f"{name}.docx")
    _check(metadata.extract(read(path)), EXPECTED[name])


def test_body_sentence_with_zonghe_is_not_aggregate() -> None:
    body = (
        "一、总体情况\n"
        + "。".join(["本机关坚持以公开为常态"] * 200)
        + "。综合运用各类平台和各种渠道，形成工作合力。"
    )
    meta = metadata.extract(_doc("中卫市财政局2023年政府信息公开工作年度报告\n" + body))
    assert meta["scope"] == "own"


def test_two_character_place_inside_a_word_is_not_a_place() -> None:
    assert metadata.classify("国家税务总局城区税务分局")["region"] == {
        "province": None,
        "city": None,
        "county": None,
    }


@pytest.mark.parametrize(
    ("signature", "agency"),
    [("中宁县人民政府", "中宁县人民政府"), ("中宁县人民政府办公室", "中宁县"), ("中卫市财政局", "中宁县")],
)
def test_signature_refines_a_bare_place_title(signature: str, agency: str) -> None:
    doc = _doc(f"中宁县2023年政府信息公开工作年度报告\n一、总体情况\n……\n{signature}\n2024年1月20日")
    meta = metadata.extract(doc)
    assert meta["agency"] == agency
    assert meta["year"] == 2023


def test_every_unique_division_name_resolves_to_itself() -> None:
    """Across the whole gazetteer: '{name}人民政府办公室' gives that division's region and level.

    Guards the longest-match place scan against shorter names hiding inside longer ones.
    """
    from disclosure.parse import regions

    g = regions.gazetteer()
    levels = {"province": "province", "prefecture": "prefecture", "county": "county"}
    wrong = []
    for code, name in g.by_code.items():
        if len(g.by_name[name]) > 1:
            continue
        division = regions.Division(code, name)
        got = metadata.classify(name + "人民政府办公室")
        if (got["region"], got["level"], got["kind"]) != (
            regions.region_of(division),
            levels[division.rank],
            "department",
        ):
            wrong.append((name, got))
    assert len(g.by_code) > 3000
    assert wrong == []


# --- the rule tables: every resolver and not-a-report rule handles its own example ----------------


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize(
    ("field", "resolver"),
    [("year", r) for r in metadata.YEAR_RESOLVERS] + [("agency", r) for r in metadata.AGENCY_RESOLVERS],
    ids=lambda x: x if isinstance(x, str) else x.name,
)
def test_each_resolver_gives_its_example(field: str, resolver: metadata.Resolver) -> None:
    meta = metadata.extract(_doc(resolver.example))
    assert meta["evidence"]["resolvers"][field] == resolver.name
    assert meta[field] == resolver.expect
    if resolver.evidence:
        assert meta["evidence"][field] == resolver.evidence


@pytest.mark.parametrize("rule", metadata.NOT_A_REPORT_RULES, ids=lambda r: r.name)
def test_each_not_a_report_rule_rejects_its_example(rule: metadata.NotAReportRule) -> None:
    doc = _doc(rule.example)
    sources = metadata._Sources(doc.path, rule.example)
    earlier = metadata.NOT_A_REPORT_RULES[: metadata.NOT_A_REPORT_RULES.index(rule)]
    assert all(r.reason(sources) is None for r in earlier)
    with pytest.raises(NotAReportError) as err:
        metadata.extract(doc)
    assert err.value.reason == rule.reason(sources)


@pytest.mark.parametrize(
    "rule",
    [
        r
        for r in metadata.YEAR_RESOLVERS + metadata.AGENCY_RESOLVERS + metadata.NOT_A_REPORT_RULES
        if r.source
    ],
    ids=lambda r: r.name,
)
def test_rule_examples_are_quoted_from_real_reports(
    rule: metadata.Resolver | metadata.NotAReportRule,
) -> None:
    assert _squeezed(rule.example) in _squeezed(read(CORPUS / rule.source).text())


@pytest.mark.parametrize("rule", metadata.LEVEL_RULES, ids=lambda r: r.name)
def test_each_level_rule_reads_its_example(rule: metadata.LevelRule) -> None:
    """The rule is the first of the table to read its example, and the example classifies as it says."""
    named = metadata._read_name(rule.example, rule.postcode)
    first = next(r for r in metadata.LEVEL_RULES if r.read(named) is not None)
    assert first.name == rule.name
    got = metadata.classify(rule.example, rule.postcode)
    assert (got["level"], got["kind"]) == (rule.level, rule.agency_type)
