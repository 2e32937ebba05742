"""Issue 13: the pages that used to list every agency or report (sidebar 单位, 对比, 单位档案, 数据质量, 会议简报,
更正数值) render on a synthetic national-shaped dataset with pickers of at most picker.LIMIT agencies, a name
search that narrows them, and tables of one page — AppTest, real synthetic Parquet, real DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from dashboard_fixtures import APP
from streamlit.testing.v1 import AppTest

from disclosure.dashboard import data
from disclosure.dashboard.pagemodel import paging
from disclosure.dashboard.pagemodel import picker as picker_model
from disclosure.synth import generate

N = 3000


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pickers") / "data"
    generate(N, out, seed=5)
    return out


@pytest.fixture(scope="module")
def raw(synth_dir: Path) -> duckdb.DuckDBPyConnection:
    return data.connect(synth_dir)


def run_page(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page != "overview":
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def n_agencies(raw: duckdb.DuckDBPyConnection) -> int:
    return raw.execute("SELECT count(DISTINCT agency_id) FROM reports WHERE is_current").fetchone()[0]


def test_sidebar_unit_picker_lists_the_first_agencies_and_searches_by_name(synth_dir, raw, use_data):
    use_data(synth_dir)
    total = n_agencies(raw)
    assert total > picker_model.LIMIT  # the dataset is big enough for the picker to cut the list
    at = run_page("overview")
    unit = at.multiselect(key="f_unit")
    assert len(unit.options) == picker_model.LIMIT
    assert f"共 {total:,} 个单位，显示前 {picker_model.LIMIT} 个，请输入名称缩小范围。" in captions(at)
    # A name search: only agencies whose name contains the text, counted in the caption.
    name = raw.execute(
        "SELECT agency FROM reports WHERE is_current GROUP BY agency ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    part = name[-3:]
    matching = raw.execute(
        "SELECT count(DISTINCT agency_id) FROM reports WHERE is_current AND contains(agency, ?)", [part]
    ).fetchone()[0]
    at.text_input(key="f_unit_q").input(part).run()
    assert not at.exception
    options = at.multiselect(key="f_unit").options
    assert 0 < len(options) <= picker_model.LIMIT and len(options) == min(matching, picker_model.LIMIT)
    assert all(part in o for o in options)  # the labels shown (names, a region when two share one)
    # Choosing one keeps it chosen when the search changes; the numbers follow the choice.
    at.multiselect(key="f_unit").select(options[0]).run()
    chosen = at.multiselect(key="f_unit").value
    assert len(chosen) == 1
    at.text_input(key="f_unit_q").input("Ｘ没有这个单位Ｘ").run()
    assert at.multiselect(key="f_unit").value == chosen
    assert any("没有名称包含" in c for c in captions(at))
    assert at.query_params["unit"] == chosen[0]


def test_profile_picker_search_and_a_link_to_any_agency(synth_dir, raw, use_data):
    use_data(synth_dir)
    at = run_page("profile")
    box = at.selectbox(key="profile_aid")
    assert len(box.options) == picker_model.LIMIT
    # The default: the agency with most years of reports (the search's first row).
    best = raw.execute(
        "SELECT count(DISTINCT year) FROM reports WHERE is_current AND year BETWEEN ? AND ? "
        "GROUP BY agency_id ORDER BY 1 DESC LIMIT 1",
        list(at.slider(key="f_years").value),
    ).fetchone()[0]
    shown = at.session_state["profile_aid"]
    years = raw.execute(
        "SELECT count(DISTINCT year) FROM reports WHERE is_current AND agency_id = ? AND year BETWEEN ? AND ?",
        [shown, *at.slider(key="f_years").value],
    ).fetchone()[0]
    assert years == best
    # A link to an agency far down the list opens it (it is offered although not among the first 50).
    last = raw.execute(
        "SELECT agency_id FROM reports WHERE is_current GROUP BY agency_id ORDER BY count(*), agency_id LIMIT 1"
    ).fetchone()[0]
    linked = run_page("profile", {"aid": last})
    box = linked.selectbox(key="profile_aid")
    assert box.value == last and len(box.options) == picker_model.LIMIT + 1  # the first 50 and the linked one
    assert linked.header[0].value == box.options[0]  # kept agencies come first, and it is the one shown


def test_compare_pickers_are_cut_and_years_come_from_an_aggregate(synth_dir, raw, use_data):
    use_data(synth_dir)
    at = run_page("compare")
    year = at.selectbox(key="cmp_year").value
    units = at.multiselect(key=f"cmp_units_{year}")
    assert len(units.options) <= picker_model.LIMIT + len(units.value) and len(units.value) == 2
    y0, y1 = at.slider(key="f_years").value
    want = [
        r[0]
        for r in raw.execute(
            "SELECT DISTINCT year FROM reports WHERE is_current AND year BETWEEN ? AND ? ORDER BY 1 DESC",
            [y0, y1],
        ).fetchall()
    ]
    assert at.selectbox(key="cmp_year").options == [f"{y}年" for y in want]
    assert any("显示前" in c for c in captions(at))
    at.radio(key="cmp_mode").set_value("years").run()
    assert not at.exception
    aid = at.selectbox(key="cmp_aid").value
    assert len(at.selectbox(key="cmp_aid").options) <= picker_model.LIMIT + 1
    assert len(at.multiselect(key=f"cmp_years_{aid}").value) >= 2


def test_quality_counts_and_one_page_of_each_table(synth_dir, raw, use_data):
    use_data(synth_dir)
    at = run_page("quality")
    y0, y1 = at.slider(key="f_years").value
    n = raw.execute(
        "SELECT count(*) FROM reports WHERE is_current AND year BETWEEN ? AND ?", [y0, y1]
    ).fetchone()[0]
    assert n > paging.PAGE_ROWS
    status = next(d.value for d in at.dataframe if "状态" in d.value.columns)
    assert len(status) == paging.PAGE_ROWS
    pages = -(-n // paging.PAGE_ROWS)
    assert f"第 1/{pages} 页：第 1–{paging.PAGE_ROWS} 行，共 {n:,} 行" in captions(at)
    first = status["来源报告"].tolist()
    at.number_input(key="q_status_page").set_value(2).run()
    second = next(d.value for d in at.dataframe if "状态" in d.value.columns)
    assert not at.exception and len(second) == paging.PAGE_ROWS and not set(second["来源报告"]) & set(first)
    errors = raw.execute(
        "SELECT count(*) FROM checks c JOIN reports r USING (report_id) WHERE r.is_current "
        "AND r.year BETWEEN ? AND ? AND c.ok = false AND c.severity = 'error'",
        [y0, y1],
    ).fetchone()[0]
    assert [m.value for m in at.metric if m.label == "未通过的错误项"] == [f"{errors:,}"]


def test_briefing_offers_the_selections_years(synth_dir, raw, use_data):
    use_data(synth_dir)
    at = run_page("briefing")
    y0, y1 = at.slider(key="f_years").value
    want = raw.execute(
        "SELECT count(DISTINCT year) FROM reports WHERE is_current AND year BETWEEN ? AND ? "
        "AND coalesce(scope, 'own') <> 'aggregate'",
        [y0, y1],
    ).fetchone()[0]
    assert len(at.selectbox(key="brief_year").options) == want


def test_quality_lists_unread_cells_on_request_one_page_at_a_time(use_data):
    """The unread cells are queried only when asked (a toggle: an expander's content always runs)."""
    from dashboard_fixtures import BUNDLED, _bundled_available

    if not _bundled_available():
        pytest.skip("no bundled dataset")
    use_data(BUNDLED)
    at = run_page("quality", {"y0": "2019", "y1": "2025"})
    assert not [d for d in at.dataframe if "原因" in d.value.columns]
    n = (
        data.connect(BUNDLED)
        .execute("SELECT sum(n_missing) FROM reports WHERE is_current AND year BETWEEN 2019 AND 2025")
        .fetchone()[0]
    )
    toggle = at.toggle(key="q_missing_show")
    assert toggle.label == f"列出未能读出的单元格（{n:,} 个）及原因"
    toggle.set_value(True).run()
    shown = next(d.value for d in at.dataframe if "原因" in d.value.columns)
    assert not at.exception and len(shown) == min(n, paging.PAGE_ROWS) and n > 0
