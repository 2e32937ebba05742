"""The agency pickers' model on plain frames (rows as queries/agency_search.sql returns them): what is
offered, the labels, the sentence under the picker, when a search box is shown, the default agency."""

from __future__ import annotations

import pandas as pd

from disclosure.dashboard.pagemodel import picker as pm


def found(ids: list[str], names: list[str], years: list[int], total: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "agency_id": ids,
            "agency": names,
            "province": ["福建省"] * len(ids),
            "city": ["福州市", "厦门市", "泉州市"][: len(ids)],
            "county": [None] * len(ids),
            "n_years": years,
            "n_table_years": [max(0, y - 1) for y in years],
            "n_total": [total] * len(ids),
        }
    )


def test_kept_agencies_come_first_and_labels_are_unique():
    rows = found(["a", "b", "c"], ["教育局", "教育局", "财政局"], [5, 4, 1], 3)
    kept = pd.DataFrame(
        {"agency_id": ["z"], "agency": ["远方单位"], "province": [None], "city": [None], "county": [None]}
    )
    opts = pm.options(rows, kept)
    assert opts.ids == ["z", "a", "b", "c"] and opts.n_total == 3 and opts.n_listed == 3
    assert opts.labels["a"] != opts.labels["b"] and "福州市" in opts.labels["a"]  # one name, two agencies
    assert opts.labels["c"] == "财政局" and not opts.truncated
    again = pm.options(rows, rows.iloc[[1]])  # a kept agency that the search also found is listed once
    assert again.ids == ["b", "a", "c"]
    empty = pm.options(rows.iloc[0:0])
    assert empty.ids == [] and empty.labels == {} and empty.n_total == 0


def test_caption_and_search_box_only_when_the_list_is_cut_or_searched():
    small = pm.options(found(["a", "b"], ["甲", "乙"], [2, 1], 2))
    assert pm.caption(small, "") is None and not pm.needs_search(small, "")  # small data: a plain list
    cut = pm.options(found(["a", "b", "c"], ["甲", "乙", "丙"], [3, 2, 1], 296_512))
    assert cut.truncated and pm.needs_search(cut, "")
    assert pm.caption(cut, "") == "共 296,512 个单位，显示前 3 个，请输入名称缩小范围。"
    searched = pm.options(found(["a"], ["甲教育局"], [3], 1))
    assert (
        pm.needs_search(searched, "教育") and pm.caption(searched, "教育") == "名称包含“教育”的单位共 1 个。"
    )
    none = pm.options(found([], [], [], 0))
    assert pm.caption(none, "不存在") == "没有名称包含“不存在”的单位，请换一个关键词。"


def test_default_is_a_preferred_agency_with_enough_years_else_the_first_row():
    rows = found(["a", "b", "c"], ["甲", "乙", "丙"], [5, 3, 1], 3)
    assert pm.default(rows) == "a"  # the search's order: most years first
    assert pm.default(rows, ("zz", "c")) == "c"  # the sidebar's hand-picked agency wins
    assert pm.default(rows, ("c", "b"), min_years=2) == "b"  # 对比 by year needs ≥ 2 years
    assert pm.default(rows, ("c",), min_years=1, column="n_table_years") == "a"  # c has 0 table years
    assert pm.default(rows.iloc[0:0], ("a",)) is None
