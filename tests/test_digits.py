"""Run-together digit splitting: examples from the corpus and property tests.

Properties: a consistent table whose rows are printed with the cell borders lost is either recovered
exactly or reported as ambiguous with candidates that include the truth — never silently wrong.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure import contract
from disclosure.model import Document, Line, Page
from disclosure.parse import digits, tables


def _r3(_: int, parts: tuple[str, ...]) -> bool:
    v = [digits.part_value(p) for p in parts]
    return sum(v[:6]) == v[6]


def _r6(_: int, parts: tuple[str, ...]) -> bool:
    v = [digits.part_value(p) for p in parts]
    return sum(v[:4]) == v[4]


# --- examples read from the corpus ---------------------------------------------------------------
def test_pingtan_2024_new_row_has_one_split() -> None:
    res = digits.split_run("21710000218", ["int"] * 7, None, _r3)
    assert res.solutions == [("217", "1", "0", "0", "0", "0", "218")]


def test_stray_space_run_pingtan_2019() -> None:
    # "230 000023": the space sits inside the run; digits are joined before splitting.
    res = digits.split_run(digits.pieces_to_run(["230", "000023"]), ["int"] * 7, None, _r3)
    assert res.solutions == [("23", "0", "0", "0", "0", "0", "23")]


def test_signed_change_runs_into_neighbours() -> None:
    res = digits.split_run("2648-18538", ["int", "signed", "int"])
    assert sorted(res.solutions) == sorted(
        [
            ("2648", "-1", "8538"),
            ("2648", "-18", "538"),
            ("2648", "-185", "38"),
            ("2648", "-1853", "8"),
        ]
    )


def test_no_leading_zeros() -> None:
    res = digits.split_run("1005", ["int", "int"])
    assert res.solutions == [("100", "5")]  # "1|005", "10|05" have leading zeros


def test_section_four_runs() -> None:
    assert digits.split_run("10203120001200000", ["int"] * 15, [5, 5, 5], _r6).solutions == [
        ("1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0")
    ]
    assert digits.split_run("21317000001324019", ["int"] * 15, [5, 5, 5], _r6).solutions == [
        ("2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "13", "2", "4", "0", "19")
    ]


def test_inconsistent_row_returns_best_readings() -> None:
    # "11000003" has no split with 总计 = sum (1+1 ≠ 3, 11 ≠ 3): the readings failing one check come
    # back, flagged by failed_checks, instead of nothing or a repaired number.
    res = digits.split_run("11000003", ["int"] * 7, None, _r3)
    assert res.failed_checks == 1
    assert set(res.solutions) == {("11", "0", "0", "0", "0", "0", "3"), ("1", "10", "0", "0", "0", "0", "3")}


def test_joint_choice_prefers_assignments_satisfying_identities() -> None:
    reduced, ran = digits.solve_joint({"a": [(1,), (3,)], "b": [(3,)]}, [[("a", 0, 1), ("b", 0, -1)]])
    assert ran and reduced["a"] == [(3,)]


def test_joint_choice_keeps_every_tied_assignment() -> None:
    # a + b = t holds for (1, 5) and (2, 4): both stay, so the cells become ambiguous downstream.
    cands = {"a": [(1,), (2,)], "b": [(5,), (4,)], "t": [(6,)]}
    reduced, _ = digits.solve_joint(cands, [[("a", 0, 1), ("b", 0, 1), ("t", 0, -1)]])
    assert reduced["a"] == [(1,), (2,)] and reduced["b"] == [(5,), (4,)]


def test_joint_choice_with_no_identity_holding_keeps_all() -> None:
    reduced, _ = digits.solve_joint({"a": [(1,), (2,)], "b": [(9,)]}, [[("a", 0, 1), ("b", 0, -1)]])
    assert reduced["a"] == [(1,), (2,)]


# --- properties ------------------------------------------------------------------------------------
count = st.one_of(st.just(0), st.just(0), st.just(0), st.integers(1, 9), st.integers(10, 400))


@settings(deadline=None)
@given(st.lists(count, min_size=6, max_size=6))
def test_row_split_recovers_or_includes_truth(applicants: list[int]) -> None:
    row = [*applicants, sum(applicants)]
    run = "".join(map(str, row))
    res = digits.split_run(run, ["int"] * 7, None, _r3, sum_groups=True)
    assert not res.truncated
    assert tuple(map(str, row)) in res.solutions
    for sol in res.solutions:
        assert "".join(sol) == run
        assert all(p == "0" or not p.startswith("0") for p in sol)
        assert _r3(0, sol)


@settings(deadline=None)
@given(st.lists(st.lists(count, min_size=4, max_size=4), min_size=3, max_size=3))
def test_review_split_includes_truth(groups: list[list[int]]) -> None:
    row = [v for g in groups for v in (*g, sum(g))]
    res = digits.split_run("".join(map(str, row)), ["int"] * 15, [5, 5, 5], _r6, sum_groups=True)
    assert res.truncated or tuple(map(str, row)) in res.solutions


LABELS_2021 = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "granted": "三、本年度办理结果（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "denied_state_secret": "（三）不予公开1.属于国家秘密",
    "denied_law_forbidden": "2.其他法律行政法规禁止公开",
    "denied_security_stability": "3.危及“三安全一稳定”",
    "denied_third_party": "4.保护第三方合法权益",
    "denied_internal_affairs": "5.属于三类内部事务信息",
    "denied_process_info": "6.属于四类过程性信息",
    "denied_enforcement_file": "7.属于行政执法案卷",
    "denied_admin_query": "8.属于行政查询事项",
    "unable_not_held": "（四）无法提供1.本机关不掌握相关政府信息",
    "unable_needs_creation": "2.没有现成信息需要另行制作",
    "unable_unclear": "3.补正后申请内容仍不明确",
    "rejected_complaint": "（五）不予处理1.信访举报投诉类申请",
    "rejected_duplicate": "2.重复申请",
    "rejected_publication": "3.要求提供公开出版物",
    "rejected_excessive": "4.无正当理由大量反复申请",
    "rejected_confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_other": "3.其他",
    "handled_total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}


@st.composite
def consistent_table(draw: st.DrawFn) -> dict[str, list[int]]:
    """A section 三 table satisfying R1, R2 and R3, with mostly zero cells as in real reports."""
    sparse = st.one_of(
        st.just(0), st.just(0), st.just(0), st.just(0), st.integers(1, 30), st.integers(31, 300)
    )
    outcome = [k for k in contract.REQUEST_ROW_KEYS if k in contract.OUTCOME_GROUP]
    table: dict[str, list[int]] = {k: [] for k in contract.REQUEST_ROW_KEYS}
    for _ in contract.APPLICANT_COLUMNS:
        outs = {k: draw(sparse) for k in outcome}
        carried_in = draw(st.one_of(st.just(0), st.integers(0, 20)))
        carried_out = draw(st.one_of(st.just(0), st.integers(0, 20)))
        handled = sum(outs.values())
        new = handled + carried_out - carried_in
        if new < 0:
            carried_out -= new
            new = 0
        col = {
            **outs,
            "new": new,
            "carried_in": carried_in,
            "handled_total": handled,
            "carried_out": carried_out,
        }
        for k in table:
            table[k].append(col[k])
    for k in table:
        table[k].append(sum(table[k]))
    return table


def _doc(text: str) -> Document:
    return Document(path="synthetic.txt", format="txt", sha256="", pages=[Page(1, [Line(text)])])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_table(), st.randoms(use_true_random=False))
def test_run_together_table_recovered_or_ambiguous_with_truth(
    table: dict[str, list[int]], rnd: random.Random
) -> None:
    rows = []
    for key, label in LABELS_2021.items():
        run = "".join(map(str, table[key]))
        if rnd.random() < 0.3:  # a stray space somewhere inside the run, as scraped pages have
            i = rnd.randrange(1, len(run))
            run = run[:i] + " " + run[i:]
        rows.append(label + run)
    review = "".join(map(str, [0, 0, 0, 0, 0] * 3))
    text = (
        "二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
        "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
        + "".join(rows)
        + "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
        + review
        + "五、存在的主要问题及改进情况"
    )
    parsed = tables.parse_tables(_doc(text), "2021")
    cells = {c.path: c.to_json() for c in parsed.cells}
    for key in contract.REQUEST_ROW_KEYS:
        for i, col in enumerate(contract.REQUEST_COLUMNS):
            cell = cells[f"requests.{key}.{col}"]
            truth = table[key][i]
            if cell["ambiguous"]:
                assert cell["value"] is None
                assert cell["candidates"] is None or truth in cell["candidates"], (key, col, cell)
            else:
                assert cell["value"] == truth, (key, col, cell)


def _section_three_text(rows: dict[str, str]) -> str:
    body = "".join(label + rows.get(key, " 0 0 0 0 0 0 0 ") for key, label in LABELS_2021.items())
    return (
        "二、主动公开政府信息情况 第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 0 0 0 "
        "三、收到和处理政府信息公开申请情况 申请人情况 "
        + body
        + "四、政府信息公开行政复议、行政诉讼情况 结果维持 总计 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 "
        "五、存在的主要问题及改进情况"
    )


def test_undecidable_split_is_ambiguous_with_both_readings() -> None:
    # "110000011" is 1,10,0,0,0,0,11 or 11,0,0,0,0,0,11. The 总计 row prints "/" for the two columns
    # concerned, so R1/R2 cannot decide: both readings must be reported, none picked.
    text = _section_three_text(
        {
            "new": " 11 0 0 0 0 0 11 ",
            "granted": "110000011",
            "handled_total": " / / 0 0 0 0 11 ",
        }
    )
    cells = {c.path: c.to_json() for c in tables.parse_tables(_doc(text), "2021").cells}
    np_, bus = cells["requests.granted.natural_person"], cells["requests.granted.business"]
    assert np_["ambiguous"] and np_["value"] is None and np_["candidates"] == [1, 11]
    assert bus["ambiguous"] and bus["value"] is None and bus["candidates"] == [0, 10]
    assert cells["requests.granted.total"]["value"] == 11 and not cells["requests.granted.total"]["ambiguous"]
    assert cells["requests.granted.research"]["value"] == 0
    assert cells["requests.granted.natural_person"]["raw"] == "110000011"
    dash = cells["requests.handled_total.natural_person"]
    assert (dash["raw"], dash["value"], dash["imputed"]) == ("/", None, False)


def test_column_identities_decide_a_split() -> None:
    # Same run, but the 总计 row now prints 11 for 自然人: R2 keeps only 11,0,0,0,0,0,11.
    text = _section_three_text(
        {
            "new": " 11 0 0 0 0 0 11 ",
            "granted": "110000011",
            "handled_total": " 11 0 0 0 0 0 11 ",
        }
    )
    cells = {c.path: c.to_json() for c in tables.parse_tables(_doc(text), "2021").cells}
    assert cells["requests.granted.natural_person"]["value"] == 11
    assert cells["requests.granted.business"]["value"] == 0
    assert not cells["requests.granted.business"]["ambiguous"]
    assert cells["requests.granted.natural_person"]["raw"] == "11"


def test_active_run_is_ambiguous_and_separated_tokens_are_taken_as_printed() -> None:
    text = _section_three_text({}).replace("规章 0 0 0", "规章 1,036 0 12 行政规范性文件693665")
    cells = {c.path: c.to_json() for c in tables.parse_tables(_doc(text), "2021").cells}
    assert cells["active.regulations.issued"]["value"] == 1036
    assert cells["active.regulations.issued"]["raw"] == "1,036"
    issued = cells["active.normative_documents.issued"]
    assert issued["ambiguous"] and issued["candidates"] == [6, 69, 693, 6936]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_table(), st.randoms(use_true_random=False), st.floats(0, 1))
def test_grid_with_blank_zeros_never_gives_a_wrong_number(
    table: dict[str, list[int]], rnd: random.Random, p_blank: float
) -> None:
    """A ruled table where some zeros are printed blank: blanks become 0 only where an identity
    then holds; every value given (printed or imputed) equals the truth."""
    from disclosure.model import Table, TableCell

    header = ["", *(contract.REQUEST_COLUMN_LABELS[c] for c in contract.REQUEST_COLUMNS)]
    header[6] = "其他"
    grid = [[TableCell(t) for t in header]]
    for key, label in LABELS_2021.items():
        cells = [str(v) if v or rnd.random() >= p_blank else "" for v in table[key]]
        grid.append([TableCell(label), *(TableCell(t) for t in cells)])
    doc = Document(
        path="grid.html",
        format="html",
        sha256="",
        pages=[
            Page(
                1,
                [
                    Line("三、收到和处理政府信息公开申请情况"),
                    Table(grid),
                    Line("四、政府信息公开行政复议、行政诉讼情况"),
                    Line("五、存在的主要问题及改进情况"),
                ],
            )
        ],
    )
    parsed = tables.parse_tables(doc, "2021")
    for c in (c.to_json() for c in parsed.cells):
        section, key, col = c["path"].split(".")
        if section != "requests":
            continue
        truth = table[key][contract.REQUEST_COLUMNS.index(col)]
        if c["value"] is not None:
            assert c["value"] == truth, c
        else:
            assert c["raw"] == "" and truth == 0, c


def test_cell_tokens_keep_zero_blank_and_dash_apart() -> None:
    from disclosure.parse.tokens import parse_cell

    assert parse_cell("0").kind == "number" and parse_cell("0").value == 0
    assert parse_cell("").kind == "blank" and parse_cell("\u00a0 ").kind == "blank"
    assert all(parse_cell(t).kind == "dash" for t in ("/", "—", "-", "无", "／"))
    assert parse_cell("１，０３６").value == 1036  # full-width digits and separator
    assert parse_cell("+1036").value == 1036 and parse_cell("+1036").signed
    assert parse_cell("-8").value == -8
    assert (parse_cell("251000元").value, parse_cell("251000元").unit) == (251000, "元")
    assert parse_cell("9116.36").value == 9116.36
    assert parse_cell("9 0").kind == "text"  # two numbers in one cell are never joined
    assert parse_cell("023").leading_zero


# --- issue 9 item 7: an unsplittable run keeps the readings that come closest ----------------------
def test_unsplittable_real_run_has_closest_readings() -> None:
    """gaj_2019 prints 一、本年新收 as "0 00000": six digits under seven columns. No split exists; the
    closest readings drop one cell and read every other as 0: all seven ways, none preferred."""
    res = digits.split_run("000000", ["int"] * 7, None, _r3, sum_groups=True)
    assert res.solutions == [] and not res.exhausted and not res.truncated
    assert len(res.closest) == 7 and {r.index(None) for r in res.closest} == set(range(7))
    for reading in res.closest:
        assert len(reading) == 7 and reading.count(None) == 1
        assert all(p == "0" for p in reading if p is not None)


def test_closest_readings_rank_by_identity_residual() -> None:
    # Five digits under seven columns: two cells dropped. The readings whose total is the sum of the
    # others (residual 0: 3 + 0 + 0 + 0 = 3) are kept, not those that drop the total.
    res = digits.split_run("30003", ["int"] * 7, None, _r3, sum_groups=True)
    assert res.solutions == [] and res.closest
    for reading in res.closest:
        assert reading[-1] == "3" and sum(int(p) for p in reading[:-1] if p is not None) == 3
    # Leading zeros everywhere: "0056" has no split into two ints. Each closest reading has one part
    # with a leading zero ("0"+"056", "00"+"56", "005"+"6"); "005" + "6" is nearest to the identity.
    assert digits.closest_splits("0056", ["int", "int"], [2], sum_groups=True) == [("005", "6")]
    # Without sum groups every reading with the fewest defects is kept.
    assert set(digits.closest_splits("0056", ["int", "int"])) == {("0", "056"), ("00", "56"), ("005", "6")}


def test_closest_readings_stay_bounded() -> None:
    # Longer than the columns can hold: no reading is offered (and none is searched for).
    assert digits.closest_splits("1" * 100, ["int"] * 7, [7], sum_groups=True) == []
    # Many columns, few digits: the search stops at its budget instead of enumerating, and says so
    # by returning nothing rather than a partial ranking.
    assert digits.closest_splits("1" * 40, ["int"] * 42, [42], sum_groups=True) == []
    # Beyond MAX_DEFECTS missing cells there is no closest reading at all.
    assert digits.split_run("0000", ["int"] * 7, None, _r3, sum_groups=True).closest == []


def test_unsplittable_cell_carries_candidates_in_the_contract() -> None:
    """End to end on a made row (real text of jsp_2024 with one zero removed from two rows): the
    cells stay null with reason `unsplittable`, keep the raw run, and list the closest values."""
    from tests.test_real_reports import made

    rep = made("jsp_2024.txt", "2.重复申请0000000", "2.重复申请10001")
    by = {c["path"]: c for c in rep["cells"]}
    c = by["requests.rejected_duplicate.total"]
    assert (c["value"], c["unsplittable"], c["reason"], c["raw"]) == (None, True, "unsplittable", "10001")
    assert c["candidates"] == [1]
    assert by["requests.rejected_duplicate.natural_person"]["candidates"] == [1]


# --- the named pieces of the sum search and of the closest readings ----------------------------------
def test_addends_yield_parts_position_and_sum() -> None:
    """`_addends`: the addends of a group, its total then has to follow in the run."""
    got = list(digits._addends("12310", 0, 2, None, None, digits._Budget()))
    assert got[:3] == [(["1", "2"], 2, 3), (["1", "23"], 3, 24), (["1", "231"], 4, 232)]
    assert list(digits._addends("123", 0, 2, 5, None, digits._Budget())) == [(["1", "2"], 2, 3)]


def test_exact_parts_split_a_span_into_parts_with_a_given_sum() -> None:
    assert list(digits._exact_parts("112", 0, 3, 3, 4, digits._Budget())) == [["1", "1", "2"]]
    assert list(digits._exact_parts("2110", 0, 3, 4, 4, digits._Budget())) == []
    assert list(digits._exact_parts("0510", 0, 3, 4, 15, digits._Budget())) == [["0", "5", "10"]]
    assert list(digits._exact_parts("0510", 0, 2, 4, 15, digits._Budget())) == []  # "05" is never a part


def test_sum_search_on_the_spec_example() -> None:
    """SPEC §7: "21710000218" is 217, 1, 0, 0, 0, 0, 218."""
    sols, truncated = digits._sum_search("21710000218", [7], digits._Budget())
    assert sols == [("217", "1", "0", "0", "0", "0", "218")] and not truncated


def test_fewest_defects_and_residual() -> None:
    one = digits._fewest_defects("000000", ["int"] * 7)
    assert len(one) == 7 and all(r.count(None) == 1 for r in one)
    assert digits._fewest_defects("05", ["int"]) == [("05",)]  # a leading zero is one defect
    assert digits._residual(("5", "2", None, "7"), [4]) == 0
    assert digits._residual(("5", "2", "1", "7", "1", "1", "3"), [4, 3]) == 1 + 1
