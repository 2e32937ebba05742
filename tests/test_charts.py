"""Chart functions are pure (data in, figure out): Chinese labels only, fixed outcome colours, blanks are
never drawn as zero, clickable charts carry the agency id, numbers formatted the Chinese way."""

from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure import contract
from disclosure.dashboard import charts, exports, shape
from disclosure.dashboard.exports import file_stem
from disclosure.dashboard.fmt import num, pct, ratio, signed, where_label

# Words allowed in hover templates: Plotly placeholders and HTML tags, not visible English.
PLACEHOLDER = re.compile(r"%\{[^}]*\}|<[^>]*>")


def visible_english(fig: go.Figure) -> list[str]:
    texts: list[str] = []
    layout = fig.layout
    if layout.title and layout.title.text:
        texts.append(layout.title.text)
    for axis in (layout.xaxis, layout.yaxis):
        if axis.title and axis.title.text:
            texts.append(axis.title.text)
    for trace in fig.data:
        if getattr(trace, "name", None):
            texts.append(trace.name)
        if getattr(trace, "hovertemplate", None):
            texts.append(PLACEHOLDER.sub("", trace.hovertemplate))
    return [t for t in texts if re.search(r"[A-Za-z]{2,}", t)]


def outcome_frame() -> pd.DataFrame:
    rows = []
    for year in (2023, 2024):
        for key in contract.OUTCOME_ROWS:
            rows.append({"year": year, "outcome": key, "requests": 2.0})
        rows.append({"year": year, "outcome": "handled_total", "requests": 2.0 * len(contract.OUTCOME_ROWS)})
    return pd.DataFrame(rows)


def test_outcome_groups_use_one_fixed_colour_each_and_chinese_names():
    fig = charts.outcome_groups(shape.outcome_groups_long(outcome_frame(), "year"), "year")
    by_name = {t.name: t.marker.color for t in fig.data}
    for group, label in contract.OUTCOME_GROUP_LABELS.items():
        assert by_name[label] == charts.OUTCOME_COLORS[group]
    assert len(set(charts.OUTCOME_COLORS.values())) == 6
    assert not visible_english(fig)
    shares = charts.outcome_groups(shape.outcome_groups_long(outcome_frame(), "year"), "year", share=True)
    total = sum(t.y[0] for t in shares.data)
    assert total == pytest.approx(1.0)


def test_by_agency_bar_leaves_blank_out_and_carries_agency_id():
    df = pd.DataFrame(
        {
            "agency_id": ["a", "b", "c"],
            "agency": ["甲局", "乙局", "丙局"],
            "new": [1200.0, float("nan"), 0.0],
            "n_reports": [1, 1, 1],
            "source_files": ["a", "b", "c"],
        }
    )
    fig = charts.by_agency_bar(df, "new", "本年新收", "标题")
    bar = fig.data[0]
    assert list(bar.y) == ["丙局", "甲局"]  # 乙局 (blank) is not drawn as 0
    assert [c[0] for c in bar.customdata] == ["c", "a"]
    assert list(bar.text) == ["0", "1,200"]
    assert not visible_english(fig)


def test_rate_bars_show_numerator_and_denominator():
    df = pd.DataFrame(
        {"agency_id": ["a"], "agency": ["甲局"], "numerator": [3.0], "denominator": [4.0], "rate": [0.75]}
    )
    fig = charts.rate_bars(df, "公开率", "予以公开＋部分公开", "办理总计", "标题")
    assert "customdata[1]" in fig.data[0].hovertemplate and "customdata[2]" in fig.data[0].hovertemplate
    assert list(fig.data[0].text) == ["75.0%（3/4）"]  # the denominator beside every rate (defect 5)
    assert not visible_english(fig)


def test_coverage_marks_missing_and_failed_reports():
    df = pd.DataFrame(
        {
            "agency_id": ["a", "a"],
            "agency": ["甲局", "甲局"],
            "year": [2023, 2024],
            "failed_errors": [0, 2],
            "failed_warnings": [0, 0],
            "source_file": ["x", "y"],
            "report_id": ["1", "2"],
        }
    )
    fig = charts.coverage(df, ["a"], [2022, 2023, 2024], labels={"a": "甲局"})
    assert list(fig.data[0].z[0]) == [0, 1, 3]
    assert list(fig.data[0].x) == ["2022年", "2023年", "2024年"]
    assert list(fig.data[0].y) == ["甲局"]


def test_coverage_one_row_per_agency_with_own_and_aggregate_and_legacy_unchecked():
    """Defect 2 and 8: one agency's own and 汇总 reports are one row; a legacy report is not a green ✓."""
    df = pd.DataFrame(
        {
            "agency_id": ["a", "a", "a"],
            "agency": ["甲区", "甲区", "甲区"],
            "year": [2018, 2024, 2024],
            "scope": ["aggregate", "own", "aggregate"],
            "template": ["legacy", "2021", "2021"],
            "failed_errors": [0, 0, 0],
            "failed_warnings": [0, 0, 1],
            "source_file": ["x", "y", "z"],
        }
    )
    fig = charts.coverage(df, ["a"], [2018, 2024], labels={"a": "甲区"})
    assert len(fig.data[0].y) == 1
    assert list(fig.data[0].z[0]) == [4, 2]
    assert fig.data[0].text[0][0] == "汇旧" and "✓" not in fig.data[0].text[0][0]
    assert fig.data[0].text[0][1] == "✓ 汇!1"


def test_empty_frames_give_a_chinese_message_not_an_error():
    for fig in (
        charts.flows_by_year(pd.DataFrame(columns=["year"])),
        charts.by_agency_bar(pd.DataFrame(columns=["agency_id", "agency", "new"]), "new", "x", "t"),
        charts.review_results(pd.DataFrame(columns=["grp", "result", "value"])),
    ):
        assert fig.layout.annotations and re.search(r"[\u4e00-\u9fff]", fig.layout.annotations[0].text)


def test_every_chart_uses_thousands_separators_and_the_cjk_font():
    fig = charts.flows_by_year(
        pd.DataFrame(
            {
                "year": [2024],
                "new": [12345.0],
                "carried_in": [1.0],
                "handled": [2.0],
                "carried_out": [0.0],
                "n_reports": [3],
            }
        )
    )
    assert fig.layout.separators == ".,"
    assert "Noto Sans CJK" in fig.layout.font.family
    assert ":," in fig.data[0].hovertemplate
    assert list(fig.layout.xaxis.ticktext) == ["2024年"]
    assert not visible_english(fig)


def test_yoy_skips_agencies_without_both_years():
    rows = pd.DataFrame(
        {
            "agency_id": ["a", "a", "b"],
            "agency": ["甲", "甲", "乙"],
            "year": [2023, 2024, 2024],
            "new": [10.0, 15.0, 7.0],
        }
    )
    out = shape.yoy(rows, "new", 2024)
    assert (
        out["agency_id"].tolist() == ["a"] and out["change"].iloc[0] == 5 and out["change_pct"].iloc[0] == 0.5
    )


def test_open_rate_by_agency_is_a_ratio_of_sums():
    df = pd.DataFrame(
        {
            "agency_id": ["a"] * 3,
            "agency": ["甲"] * 3,
            "outcome": ["granted", "partial", "handled_total"],
            "requests": [30.0, 10.0, 100.0],
        }
    )
    assert shape.open_rate_by_agency(df)["rate"].iloc[0] == pytest.approx(0.4)


def test_printed_tables_mark_blank_imputed_and_ambiguous():
    cells = pd.DataFrame(
        [
            {
                "path": "requests.new.total",
                "value": 1234.0,
                "imputed": False,
                "ambiguous": False,
                "candidates": None,
            },
            {
                "path": "requests.new.research",
                "value": 0.0,
                "imputed": True,
                "ambiguous": False,
                "candidates": None,
            },
            {
                "path": "requests.new.business",
                "value": None,
                "imputed": False,
                "ambiguous": False,
                "candidates": None,
            },
            {
                "path": "review_litigation.review.upheld",
                "value": None,
                "imputed": False,
                "ambiguous": True,
                "candidates": [1.0, 11.0],
                "raw": "111",
            },
        ]
    )
    tables = shape.printed_tables(cells, "2021")
    req, flags = tables["requests"]
    first = req.iloc[0]
    assert first["总计"] == "1,234" and first["科研机构"] == "0*" and first["商业企业"] == "—"
    assert flags.iloc[0]["科研机构"] == "imputed"
    assert tables["review_litigation"][0].iloc[0]["结果维持"] == "？原文“111”"  # defect 13: not "？1或11或…"
    assert len(req) == 25 and len(shape.printed_tables(cells, "2019")["requests"][0]) == 23


def test_number_formatting():
    assert num(None) == "—" and num(float("nan")) == "—" and num(12345) == "12,345" and num(3.5) == "3.5"
    assert num(0) == "0"
    assert signed(5) == "+5" and signed(-5) == "-5" and signed(None) == "—"
    assert ratio(1, 0) is None and ratio(None, 3) is None and ratio(1, 4) == 0.25
    assert pct(None) == "—" and pct(0.1234) == "12.3%"
    assert where_label("requests.total") == "申请情况 · 总计列"
    assert where_label("review_litigation.review") == "行政复议"
    assert file_stem("申请情况", 2019, 2024) == "政府信息公开_全部地区_申请情况_2019-2024"
    assert file_stem("申请情况", 2024, 2024, "福建省福州市") == "政府信息公开_福建省福州市_申请情况_2024"
    assert not math.isnan(0.0)


def test_exports_csv_has_bom_chinese_headers_and_blank_cells():
    df = pd.DataFrame(
        {
            "agency": ["甲局"],
            "year": [2024],
            "requests__new__total": [None],
            "level": ["county"],
            "ok": [True],
        }
    )
    text = exports.to_csv(df)
    assert text.startswith(b"\xef\xbb\xbf")
    decoded = text.decode("utf-8-sig").splitlines()
    assert decoded[0] == "单位,年度,申请：一、本年新收政府信息公开申请数量 · 总计,层级,是否通过"
    assert decoded[1] == "甲局,2024,,县级,是"
    d = exports.dictionary(list(df.columns))
    assert "不等于 0" in d.loc[d["字段"] == "requests__new__total", "说明"].iloc[0]


def test_lines_by_year_never_joins_several_figures_of_one_year():
    df = pd.DataFrame(
        {
            "agency_id": ["a", "a", "a"],
            "agency": ["甲"] * 3,
            "year": [2023, 2024, 2024],
            "value": [5.0, 7.0, 9.0],
            "source_file": ["x"] * 3,
            "hover": ["句子"] * 3,
        }
    )
    fig = charts.lines_by_year(df, "value", "发布信息", "标题", unit="条")
    assert fig.data[0].mode == "markers" and len(fig.data[0].y) == 3
    single = charts.lines_by_year(df.iloc[:2], "value", "发布信息", "标题", unit="条")
    assert single.data[0].mode == "lines+markers"
    assert "customdata[2]" in fig.data[0].hovertemplate  # the evidence sentence


def test_report_text_in_charts_is_inert_for_plotly_html():
    """Issue 12: an agency name with <a href> must not become a link in a chart label or tooltip."""
    name = '<a href="http://evil.example">点我</a>局'
    df = pd.DataFrame(
        {
            "agency_id": ["a"],
            "agency": [name],
            "new": [5.0],
            "n_reports": [1],
            "source_files": ['<img src=x onerror="alert(1)">.pdf'],
        }
    )
    fig = charts.by_agency_bar(df, "new", "本年新收", "标题")
    assert "<a" not in str(fig.data[0].y[0]) and "&lt;a" in str(fig.data[0].y[0])
    assert "<img" not in str(fig.data[0].customdata[0][2])
    lines = charts.lines_by_year(
        pd.DataFrame(
            {
                "year": [2023, 2024],
                "agency": [name, name],
                "v": [1, 2],
                "agency_id": ["a", "a"],
                "source_file": ["f", "f"],
            }
        ),
        "v",
        "值",
        "标题",
    )
    assert "<a href" not in lines.data[0].hovertemplate and "<a href" not in lines.data[0].name


def test_rates_with_small_denominators_rank_below_real_ones():
    """Defect 5: 70.6 % of 17 requests must not rank above 45.9 % of 218 when the minimum is 20."""
    df = pd.DataFrame(
        {
            "agency_id": ["a", "b"],
            "agency": ["小单位", "大单位"],
            "numerator": [12.0, 100.0],
            "denominator": [17.0, 218.0],
            "rate": [12 / 17, 100 / 218],
        }
    )
    fig = charts.rate_bars(df, "公开率", "予以公开＋部分公开", "办理总计", "标题", min_denominator=20)
    order = list(fig.data[0].y)[::-1]  # drawn bottom-up
    assert order == ["大单位", "小单位"]
    assert "分母不足" in fig.data[0].text[0] and "（12/17）" in fig.data[0].text[0]


def test_platform_qualifiers_stand_where_chinese_puts_them():
    """Defect 13: 超2300万 was shown as 23,000,000超."""
    from disclosure.dashboard.fmt import with_qualifier

    assert with_qualifier(23_000_000, "超") == "超23,000,000"
    assert with_qualifier(1200, "余") == "1,200余"
    assert with_qualifier(None, "超") == "—"


def _yoy_by_loop(rows: pd.DataFrame, value: str, year: int) -> list[tuple]:
    """The former per-agency loop of shape.yoy: the oracle of its vectorised form."""
    out = []
    d = rows.dropna(subset=[value])
    for (aid, agency), s in d.groupby(["agency_id", "agency"]):
        this, before = s[s["year"] == year], s[s["year"] == year - 1]
        if this.empty or before.empty:
            continue
        last, prev = float(this.iloc[0][value]), float(before.iloc[0][value])
        out.append((aid, agency, year, prev, last, last - prev, (last - prev) / prev if prev else None))
    return out


@settings(deadline=None, max_examples=60)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", None]),
            st.sampled_from(["甲", "乙", None]),
            st.sampled_from([2022, 2023, 2024]),
            st.one_of(st.none(), st.integers(0, 50).map(float)),
        ),
        max_size=25,
    )
)
def test_yoy_equals_the_per_agency_loop(rows: list[tuple]) -> None:
    df = pd.DataFrame(rows, columns=["agency_id", "agency", "year", "new"]).astype({"new": float})
    got = shape.yoy(df, "new", 2024)
    as_tuples = [
        (
            r.agency_id,
            r.agency,
            r.year,
            r.prev,
            r.curr,
            r.change,
            None if pd.isna(r.change_pct) else r.change_pct,
        )
        for r in got.itertuples()
    ]
    assert as_tuples == _yoy_by_loop(df, "new", 2024)
