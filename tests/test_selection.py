"""The one selection type (sidebar, exports, 会议简报) and the sidebar's default years; plain Python."""

from __future__ import annotations

from disclosure.dashboard import filters
from disclosure.dashboard.selection import Selection, default_years


def test_one_type_for_sidebar_and_briefing():
    assert filters.Selection is Selection  # the widgets module only re-exports it
    sel = Selection(
        2023, 2024, province="福建省", levels=("county",), agency_ids=("a", "b"), agency_names={"a": "甲"}
    )
    p = sel.params()
    assert p["levels"] == ["county"] and p["kinds"] is None and p["agency_ids"] == ["a", "b"]
    brief = sel.between(2020, 2021)
    assert (brief.year_from, brief.year_to, brief.province) == (2020, 2021, "福建省")
    assert brief.agency_names == {"a": "甲"}  # names travel with it, but are not part of equality
    assert Selection(2023, 2024) == Selection(2023, 2024, agency_names={"x": "y"})
    assert hash(Selection(2023, 2024)) == hash(Selection(2023, 2024, agency_names={"x": "y"}))


def test_texts():
    sel = Selection(
        2024, 2024, province="福建省", city="福州市", agency_ids=("a",), agency_names={"a": "甲局"}
    )
    assert sel.region() == "福建省·福州市"
    assert sel.label() == "福建省·福州市 ｜ 甲局" and sel.short() == "福建省福州市甲局"
    assert sel.describe() == "2024年 ｜ 福建省·福州市 ｜ 甲局 ｜ 不含汇总报告"
    many = Selection(2019, 2024, agency_ids=tuple("abcd"), include_aggregate=True)
    assert many.label({}) == "全部地区 ｜ a、b、c等4个单位" and many.short({}) == "全部地区自选4个单位"
    assert many.describe().startswith("2019–2024年 ｜ ") and many.describe().endswith(
        "含汇总报告（单列，不计入合计）"
    )
    assert Selection(2020, 2022, kinds=("department",)).query_params() == {
        "y0": "2020",
        "y1": "2022",
        "kind": ["department"],
    }


def test_default_years_start_with_the_table_templates():
    assert default_years(2011, 2025, 2019) == (2019, 2025)  # legacy-only years are reachable, not the default
    assert default_years(2019, 2025, 2019) == (2019, 2025)
    assert default_years(2011, 2018, None) == (2011, 2018)  # only legacy reports: everything
    assert default_years(2020, 2025, 2019) == (2020, 2025)  # out of range: the data's range
