"""Issue 9: what real, untuned reports do, one test per case — on the corpus text where the case occurs,
on made inputs (a real report's text with one thing changed) where it does not."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from disclosure import contract, pipeline
from disclosure.model import Document, Line, Page
from disclosure.parse import digits, metadata, platform
from disclosure.parse.tables import REQUEST_ROW_CHECK, REVIEW_GROUP_CHECK
from disclosure.readers import read, read_bytes


def parse_file(path: Path | str) -> dict[str, Any]:
    """The report's JSON contract (what `disclosure parse --json` prints)."""
    return pipeline.parse_file(path).to_json()


def parse_document(doc: Document) -> dict[str, Any]:
    return pipeline.parse_document(doc).to_json()


CORPUS = Path(__file__).parent / "corpus"
DEPTS = CORPUS / "pingtan_departments"
STATUS = Path(__file__).parent / "expected" / "status.tsv"


def made(name: str, old: str, new: str) -> dict:
    """Parse the real report `name` with `old` (which must occur once) replaced by `new`."""
    text = (DEPTS / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return parse_document(read_bytes(text.replace(old, new).encode("utf-8"), f"made_{name}"))


def cells(rep: dict) -> dict[str, dict]:
    return {c["path"]: c for c in rep["cells"]}


def row(rep: dict, key: str) -> list:
    return [rep["requests"][key][c] for c in contract.REQUEST_COLUMNS]


# --- declared status of every corpus report --------------------------------------------------------
def _status_rows() -> list[dict[str, str]]:
    lines = [ln for ln in STATUS.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _corpus_reports() -> set[str]:
    formats = {".txt", ".pdf", ".html", ".docx", ".md"}
    return {
        str(p.relative_to(CORPUS))
        for p in CORPUS.rglob("*")
        if p.suffix in formats and p.name not in {"README.md"} and "MANIFEST" not in p.name
    }


def test_status_table_covers_every_corpus_report() -> None:
    assert {r["file"] for r in _status_rows()} == _corpus_reports()


@pytest.mark.parametrize("want", _status_rows(), ids=lambda r: r["file"])
def test_declared_status(want: dict[str, str]) -> None:
    """Each report's state, its missing cells counted by reason, and the rules that fail."""
    if want["state"] == "not_a_report":
        with pytest.raises(metadata.NotAReportError):
            parse_file(CORPUS / want["file"])
        return
    st = parse_file(CORPUS / want["file"])["status"]
    assert st["state"] == want["state"]
    missing = dict(kv.split("=") for kv in want["missing"].split(",") if kv)
    assert st["missing"] == {k: int(v) for k, v in missing.items()}
    assert sorted({c["rule"] for c in st["failed_checks"]}) == sorted(
        r for r in want["failed"].split(",") if r
    )
    # every gap is declared with a known reason, and an incomplete report has one
    assert all(m["reason"] in contract.GAP_REASONS for m in st["missing_cells"])
    assert (st["state"] == "incomplete") == bool(st["missing_cells"])


# --- 2. narrative glued to the last cell -------------------------------------------------------------
def test_year_of_the_next_sentence_is_not_read_into_the_last_cell() -> None:
    rep = made(
        "gaj_2021.txt",
        "四、结转下年度继续办理1000001",
        "四、结转下年度继续办理10000012024年，本单位无结转申请。",
    )
    assert row(rep, "carried_out") == [1, 0, 0, 0, 0, 0, 1]


def test_fee_cell_followed_by_a_year() -> None:
    rep = made("hzs_2022.txt", "行政事业性收费0三、", "行政事业性收费02022年本局未收取费用。三、")
    assert rep["active"]["fees"]["amount_10k_yuan"] == 0.0


def test_section_four_run_followed_by_prose() -> None:
    rep = made("jsp_2024.txt", "010010000000000 ", "0100100000000002024年我局无其他复议诉讼。")
    assert rep["review_litigation"]["review"] == {
        "upheld": 0,
        "corrected": 1,
        "other": 0,
        "pending": 0,
        "total": 1,
    }
    assert rep["status"]["state"] == "complete"


# --- 3. sign words in the 2019 change column -----------------------------------------------------------
def test_sign_words() -> None:
    rep = made(
        "gwh_2019.txt",
        "行政许可0+11其他对外管理服务事项000第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚000行政强制000第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费00",
        "行政许可9减4 3其他对外管理服务事项 7 －8 0第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量"
        "行政处罚 12 增加3 15行政强制 5 减少2 3第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费 4 +5",
    )
    a = rep["active"]
    assert list(a["licensing"].values()) == [9, -4, 3]
    assert list(a["other_services"].values()) == [7, -8, 0]
    assert list(a["punishment"].values()) == [12, 3, 15]
    assert list(a["coercion"].values()) == [5, -2, 3]
    assert list(a["fees"].values()) == [4, 5]


# --- 4. label typos and variants ----------------------------------------------------------------------
def test_real_variants_match_by_keyword() -> None:
    """jsp_2024: 其他法律和行政法规禁止公开 (inserted 和), 行政机关不再受理 (for 不再处理); htp_2023: 钩稽,
    先行有效件数 (for 现行)."""
    c = cells(parse_file(DEPTS / "jsp_2024.txt"))
    assert c["requests.denied_law_forbidden.total"]["label"]["how"] == "keyword"
    assert c["requests.denied_law_forbidden.total"]["label"]["printed"] == "2.其他法律"  # the keyword matched
    rep = parse_file(DEPTS / "htp_2023.txt")
    assert rep["active"]["normative_documents"] == {"issued": 0, "repealed": 0, "in_force": 0}


def test_wrong_character_matched_by_edit_distance_with_provenance() -> None:
    rep = made("jjp_2024.txt", "4.保护第三方合法权益 1000001", "4.保护第叁方合法权益 1000001")
    c = cells(rep)["requests.denied_third_party.total"]
    assert row(rep, "denied_third_party") == [1, 0, 0, 0, 0, 0, 1]
    assert c["label"]["how"] == "edit_distance" and c["label"]["distance"] == 1
    assert c["label"]["printed"] == "保护第叁方合法权益"


def test_case_typo_in_a_label_without_numbering_prefix_match() -> None:
    rep = made("scj_2021.txt", "7.属于行政执法案卷2000002", "7.属于行政执法案件2000002")
    assert row(rep, "denied_enforcement_file") == [2, 0, 0, 0, 0, 0, 2]
    assert cells(rep)["requests.denied_enforcement_file.natural_person"]["label"]["how"] == "edit_distance"


def test_section_heading_typos() -> None:
    rep = made(
        "jsp_2024.txt", "四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复义、行政诉讼情况"
    )
    assert rep["review_litigation"]["review"]["total"] == 1
    rep = made("jsp_2024.txt", "三、收到和处理政府信息公开申请情况", "三三、收到和处理政府信息公开申请情况")
    assert row(rep, "new") == [5, 0, 0, 0, 0, 0, 5]


# --- 5. a row printed with fewer numbers than columns ---------------------------------------------------
def test_six_zeros_under_seven_columns_forced_by_r1() -> None:
    rep = parse_file(DEPTS / "jjp_2024.txt")  # 四、结转下年度继续办理 000000
    for col in contract.REQUEST_COLUMNS:
        c = cells(rep)[f"requests.carried_out.{col}"]
        assert (c["value"], c["imputed"], c["imputed_by"], c["unsplittable"], c["raw"]) == (
            0,
            True,
            "R1",
            True,
            "000000",
        )
        assert c["candidates"] == [0]  # issue 9 item 7: the closest reading of the run, kept beside the raw
    rep = parse_file(DEPTS / "gaj_2019.txt")  # 一、本年新收 0 00000
    assert row(rep, "new") == [0] * 7 and cells(rep)["requests.new.total"]["imputed_by"] == "R1"


def test_short_rows_not_forced_stay_null_with_reason() -> None:
    rep = made(
        "jsp_2024.txt",
        "2.重复申请00000003.要求提供公开出版物0000000",
        "2.重复申请0000003.要求提供公开出版物000000",
    )
    for key in ("rejected_duplicate", "rejected_publication"):
        c = cells(rep)[f"requests.{key}.total"]
        assert (c["value"], c["unsplittable"], c["ambiguous"], c["reason"]) == (
            None,
            True,
            False,
            "unsplittable",
        )
        # The raw run is kept and the closest reading (one cell dropped, every other 0) is offered as
        # candidates; the value stays null: nothing forces which cell was dropped.
        assert c["raw"] == "000000" and c["candidates"] == [0]
    assert rep["status"]["state"] == "incomplete" and rep["status"]["missing"] == {"unsplittable": 14}


# --- 6. one missing row does not cost its neighbours -----------------------------------------------------
def test_missing_regulations_row_keeps_the_others() -> None:
    rep = parse_file(DEPTS / "nyn_2024.txt")  # no 规章 row
    assert rep["active"]["regulations"] == {"issued": None, "repealed": None, "in_force": None}
    assert cells(rep)["active.regulations.issued"]["reason"] == "not_printed"
    assert (
        rep["active"]["licensing"]["decisions"],
        rep["active"]["punishment"]["decisions"],
        rep["active"]["coercion"]["decisions"],
        rep["active"]["fees"]["amount_10k_yuan"],
    ) == (1323, 57, 0, 0.0)


# --- 7. unsplittable is not ambiguous; the digit search has a budget -------------------------------------
def test_ambiguous_and_unsplittable_are_distinct() -> None:
    c = cells(parse_file(DEPTS / "gaj_2019.txt"))["active.licensing.prev_items"]  # 4500: several splits
    assert (
        c["ambiguous"] and not c["unsplittable"] and c["reason"] == "ambiguous" and c["candidates"] == [4, 45]
    )


@pytest.mark.parametrize("n", [120, 400])
def test_very_long_run_ends_as_unsplittable(n: int) -> None:
    """A run of hundreds of digits (would take minutes / never end without the work budget)."""
    run = ("1234567890" * 40)[:n]
    # A section-三 row (R3: six applicant columns + 总计) and three section-四 groups (R6: four + 总计).
    for kinds, sizes, check in (
        (["int"] * 7, None, REQUEST_ROW_CHECK),
        (["int"] * 15, [5, 5, 5], REVIEW_GROUP_CHECK),
    ):
        res = digits.split_run(run, kinds, sizes, check, sum_groups=True)
        assert res.exhausted and not res.solutions
    res = digits.split_run("1" * 30, ["int"] * 15, [5, 5, 5], REVIEW_GROUP_CHECK, sum_groups=True)
    assert res.exhausted or res.solutions  # ends, one way or the other
    rep = made(
        "jsp_2024.txt", "一、本年新收政府信息公开申请数量5000005", "一、本年新收政府信息公开申请数量" + run
    )
    c = cells(rep)["requests.new.total"]
    assert (c["value"], c["unsplittable"], c["reason"]) == (None, True, "unsplittable")


# --- 8. metadata ---------------------------------------------------------------------------------------
def _doc(*lines: str) -> Document:
    return Document("m.txt", "txt", "", [Page(1, [Line(t) for t in lines])])


BODY = (
    "一、总体情况 2023年，本局认真落实《条例》。本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
    "如对本报告有任何疑问，请联系（邮编350400）。"
)


def test_cover_letter_title() -> None:
    m = metadata.extract(
        _doc(
            "标题: 平潭综合实验区测试局关于报送2021年度政府信息公开工作年度报告的函",
            "==================== 正文 ====================",
            BODY,
        )
    )
    assert (m["agency"], m["year"]) == ("平潭综合实验区测试局", 2021)
    m = metadata.extract(read(DEPTS / "htp_2021.txt"))  # "…海坛片区管理局 关于2021年度…年度报告", ends 此函
    assert (m["agency"], m["year"], m["level"], m["kind"]) == (
        "平潭综合实验区海坛片区管理局",
        2021,
        "township",
        "government",
    )


def test_markdown_heading_and_page_label_before_the_title() -> None:
    m = metadata.extract(_doc("# 中宁县人民政府2023年政府信息公开工作年度报告", BODY))
    assert (m["agency"], m["year"], m["level"]) == ("中宁县人民政府", 2023, "county")
    m = metadata.extract(_doc("正文", "中宁县人民政府2023年政府信息公开工作年度报告", BODY))
    assert (m["agency"], m["year"]) == ("中宁县人民政府", 2023)


def test_report_of_2019_or_later_without_tables_is_not_legacy() -> None:
    rep = parse_document(
        _doc(
            "标题: 平潭综合实验区测试局2023年度政府信息公开工作年度报告",
            "==================== 正文 ====================",
            BODY,
        )
    )
    assert rep["template"] == "2021" and rep["year"] == 2023
    assert {c["reason"] for c in rep["cells"]} == {"table_missing"}
    assert rep["status"]["state"] == "incomplete"
    assert set(rep["status"]["missing"]) == {"table_missing"}


MANIFEST = DEPTS / "MANIFEST.tsv"


@pytest.mark.parametrize(
    "entry", list(csv.DictReader(MANIFEST.open(encoding="utf-8"), delimiter="\t")), ids=lambda e: e["file"]
)
def test_department_metadata(entry: dict[str, str]) -> None:
    """Agency and year as the folder title gives them (MANIFEST.tsv); 片区管理局 are township governments."""
    m = metadata.extract(read(DEPTS / entry["file"]))
    area = "片区管理局" in entry["agency"]
    assert (m["agency"], m["year"]) == (entry["agency"], int(entry["year"]))
    assert (m["level"], m["kind"]) == (("township", "government") if area else ("dev_zone", "department"))
    assert m["region"] == {"province": "福建省", "city": "福州市", "county": "平潭县"}


# --- 9. platform metrics -----------------------------------------------------------------------------
def _pm(*lines: str) -> list[tuple]:
    doc = _doc(*lines)
    return [(i["platform"], i["metric"], i["value"]) for i in platform.extract(doc)]


def test_gazette_posting_verbs() -> None:
    assert _pm("全年编印《平潭市人民政府公报》12期。") == [("gazette", "posts", 12)]
    assert _pm("全年刊发《平潭市人民政府公报》6期。") == [("gazette", "posts", 6)]
    assert _pm("全年制作《平潭市人民政府公报》4期。") == [("gazette", "posts", 4)]


def test_documents_made_public_are_not_website_posts() -> None:
    assert _pm("在门户网站新增公开规章2件、规范性文件8件。") == []
    assert _pm("在门户网站发布政策文件20件。") == [("website", "posts", 20)]


def test_platform_extraction_is_linear_on_a_huge_narrative() -> None:
    """400 KB of run-on narrative with no sentence end (quadratic before: minutes; now seconds)."""
    unit = "全年通过政府网站发布信息1200条，微信公众号发布信息300余条；"
    text = unit * (400_000 // len(unit))
    items = platform.extract(_doc(text))
    assert len(items) == 2 * (400_000 // len(unit))
    assert {(i["platform"], i["metric"]) for i in items} == {("website", "posts"), ("wechat", "posts")}


def test_no_row_label_is_within_another_rows_edit_tolerance() -> None:
    """The typo-tolerant pass can never take one row's correctly printed label for another row."""
    import itertools

    from disclosure.parse import labels

    targets = labels.FUZZY_REQUEST_LABELS
    for a, b in itertools.permutations(targets, 2):
        assert labels._levenshtein(targets[a], targets[b]) > labels.max_edits(targets[b]), (a, b)
    assert labels.fuzzy_request_row("7.属于行政执法案件") == ("denied_enforcement_file", 1)
    assert labels.fuzzy_request_row("8.属于行政查询事项的情况说明材料") is None  # too far from any label
