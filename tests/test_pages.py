"""AppTest for every page of the dashboard: renders, filters change the numbers, figures match direct
DuckDB queries, the URL reproduces the filters, downloads contain exactly the filtered rows."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from dashboard_fixtures import APP, PAGES, MediaRecorder, con_for
from sample_dataset import AID
from streamlit.testing.v1 import AppTest

from disclosure.dashboard.fmt import num


def run_app(query: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page and page != "overview":
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"no metric {label!r}; have {[m.label for m in at.metric]}"
    return found[0]


def own_current(con, where: str = "", params: list | None = None) -> str:
    return f"FROM reports WHERE is_current AND template <> 'legacy' AND coalesce(scope,'own') <> 'aggregate' {where}"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(dataset, use_data, page):
    use_data(dataset)
    at = run_app(page=page)
    assert at.title, "page has no title"
    shown = " ".join(str(x.value) for x in [*at.markdown, *at.caption, *at.title, *at.header, *at.subheader])
    assert "None" not in shown and "nan" not in shown.split()


def test_overview_headline_matches_duckdb(dataset, use_data):
    use_data(dataset)
    con = con_for(dataset)
    latest = con.execute(f"SELECT max(year) {own_current(con)}").fetchone()[0]
    new, handled = con.execute(
        f"SELECT sum(requests__new__total), sum(requests__handled_total__total) {own_current(con)} AND year = ?",
        [latest],
    ).fetchone()
    n = con.execute(f"SELECT count(*) {own_current(con)} AND year = ?", [latest]).fetchone()[0]
    at = run_app()
    assert metric(at, "本年新收申请（件）") == num(new)
    assert metric(at, "本年办理总计（件）") == num(handled)
    assert metric(at, "已发布报告（份）") == num(n)
    assert any(s.value == f"{latest}年主要数字" for s in at.subheader)


def test_province_filter_changes_numbers_and_matches_duckdb(sample_dir, use_data):
    use_data(sample_dir)
    con = con_for(sample_dir)
    everything = run_app()
    ningxia = run_app({"prov": "宁夏回族自治区"})
    expected = con.execute(
        f"SELECT sum(requests__new__total) {own_current(con)} AND year = 2024 AND province = '宁夏回族自治区'"
    ).fetchone()[0]
    assert metric(ningxia, "本年新收申请（件）") == num(expected)
    assert metric(ningxia, "本年新收申请（件）") != metric(everything, "本年新收申请（件）")


def test_aggregate_reports_are_never_added(sample_dir, use_data):
    use_data(sample_dir)
    con = con_for(sample_dir)
    without = run_app({"city": "福州市", "prov": "福建省"})
    with_agg = run_app({"city": "福州市", "prov": "福建省", "agg": "1"})
    assert metric(with_agg, "本年新收申请（件）") == metric(without, "本年新收申请（件）")
    agg_new = con.execute(
        "SELECT requests__new__total FROM reports WHERE scope = 'aggregate' AND year = 2024"
    ).fetchone()[0]
    assert metric(with_agg, "汇总：本年新收申请（件）") == num(agg_new)
    assert not [m for m in without.metric if m.label.startswith("汇总")]


def test_url_round_trip(sample_dir, use_data):
    use_data(sample_dir)
    at = run_app(
        {
            "y0": "2020",
            "y1": "2022",
            "prov": "福建省",
            "city": "福州市",
            "level": "county",
            "kind": "government",
        }
    )
    assert at.slider(key="f_years").value == (2020, 2022)
    assert at.selectbox(key="f_prov").value == "福建省"
    assert at.selectbox(key="f_city").value == "福州市"
    assert at.multiselect(key="f_level").value == ["county"]
    assert at.query_params["y0"] == "2020" and at.query_params["y1"] == "2022"
    assert at.query_params["prov"] == "福建省" and at.query_params["city"] == "福州市"
    assert at.query_params["level"] == "county"
    # Changing a widget rewrites the URL; a city that is not in the new province is dropped.
    at.selectbox(key="f_prov").set_value("宁夏回族自治区").run()
    assert at.query_params["prov"] == "宁夏回族自治区"
    assert "city" not in at.query_params
    at.toggle(key="f_agg").set_value(True).run()
    assert at.query_params["agg"] == "1"
    # Moving to another page keeps the filters (Streamlit clears the URL; the app writes it back).
    at.switch_page("views/requests.py").run()
    assert at.query_params["prov"] == "宁夏回族自治区"
    assert at.selectbox(key="f_prov").value == "宁夏回族自治区"


def test_unit_filter_from_url(sample_dir, use_data):
    use_data(sample_dir)
    con = con_for(sample_dir)
    at = run_app({"unit": [AID["fj-pt"], AID["js-ha-hz"]], "y0": "2024", "y1": "2024"})
    assert at.multiselect(key="f_unit").value == [AID["fj-pt"], AID["js-ha-hz"]]
    expected = con.execute(
        f"SELECT sum(requests__new__total) {own_current(con)} AND year = 2024 AND agency_id IN (?, ?)",
        [AID["fj-pt"], AID["js-ha-hz"]],
    ).fetchone()[0]
    assert metric(at, "本年新收申请（件）") == num(expected)


def test_export_downloads_contain_the_filtered_rows(sample_dir, use_data, monkeypatch):
    use_data(sample_dir)
    rec = MediaRecorder.install(monkeypatch)
    con = con_for(sample_dir)
    at = run_app({"prov": "宁夏回族自治区", "y0": "2021", "y1": "2023"}, page="export")
    buttons = {b.label: b.proto.url for b in at.get("download_button")}
    name, csv = rec.content(next(u for label, u in buttons.items() if label.startswith("下载 CSV")))
    assert name == "政府信息公开_宁夏回族自治区_申请情况_2021-2023.csv"  # the region is in the file name
    assert csv.startswith(b"\xef\xbb\xbf"), "CSV must carry a UTF-8 BOM for Excel"
    df = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    expected = con.execute(
        f"SELECT agency_id, year, requests__new__total {own_current(con)} "
        "AND province = '宁夏回族自治区' AND year BETWEEN 2021 AND 2023"
    ).df()
    assert len(df) == len(expected) > 0
    assert set(df["省份"]) == {"宁夏回族自治区"}
    got = df.set_index(["单位编号", "年度"])["申请：一、本年新收政府信息公开申请数量 · 总计"].sort_index()
    want = expected.set_index(["agency_id", "year"])["requests__new__total"].sort_index()
    assert got.tolist() == want.tolist()
    # Excel: same rows plus a data dictionary sheet
    xname, xlsx = rec.content(next(u for label, u in buttons.items() if label.startswith("下载 Excel")))
    assert xname.endswith(".xlsx")
    sheets = pd.read_excel(io.BytesIO(xlsx), sheet_name=None)
    assert "数据字典" in sheets and len(sheets["申请情况"]) == len(expected)
    pname, parquet = rec.content(next(u for label, u in buttons.items() if "Parquet" in label))
    assert len(pd.read_parquet(io.BytesIO(parquet))) == len(expected)


def test_blank_cell_exports_blank_not_zero(sample_dir, use_data, monkeypatch):
    use_data(sample_dir)
    rec = MediaRecorder.install(monkeypatch)
    at = run_app({"unit": AID["sh-bgt"], "y0": "2019", "y1": "2019"}, page="export")
    url = next(b.proto.url for b in at.get("download_button") if "CSV" in b.label)
    df = pd.read_csv(io.BytesIO(rec.content(url)[1]), encoding="utf-8-sig")
    assert len(df) == 1
    assert pd.isna(df.loc[0, "申请：（二）部分公开 · 总计"])  # printed blank in the sample report


def test_profile_shows_printed_table_with_marks(sample_dir, use_data):
    use_data(sample_dir)
    con = con_for(sample_dir)
    at = run_app({"aid": AID["sh-bgt"], "year": "2019"}, page="profile")
    assert at.selectbox(key="profile_aid").value == AID["sh-bgt"]
    tables = [d.value for d in at.dataframe]
    req = next(t for t in tables if "项目" in t.columns and "自然人" in t.columns)
    total = con.execute(
        "SELECT value FROM cells c JOIN reports r USING (report_id) WHERE r.is_current "
        "AND r.agency_id=? AND r.year=2019 AND c.path='requests.new.total'",
        [AID["sh-bgt"]],
    ).fetchone()[0]
    assert req.loc[req["项目"] == "一、本年新收政府信息公开申请数量", "总计"].iloc[0] == num(total)
    assert req.loc[req["项目"] == "（二）部分公开", "总计"].iloc[0] == "—"  # blank, not 0
    assert req.to_numpy().astype(str).tolist().__str__().count("*") > 0  # imputed zeros are marked
    assert at.query_params["aid"] == AID["sh-bgt"]


def test_profile_lists_versions_and_ambiguous_cells(sample_dir, use_data):
    use_data(sample_dir)
    at = run_app({"aid": AID["fj-fz-gov"], "year": "2023"}, page="profile")
    assert at.radio(key="profile_ver_2023").options  # two versions offered
    at = run_app({"aid": AID["fj-pt"], "year": "2021"}, page="profile")
    review = next(d.value for d in at.dataframe if "结果维持" in d.value.columns)
    assert str(review.iloc[1]["结果维持"]).startswith("？")


def test_quality_lists_every_failed_check(sample_dir, use_data):
    use_data(sample_dir)
    con = con_for(sample_dir)
    # Every failed check of a current report, 汇总 reports' included (the sample's 福州 汇总 report
    # inherits a member's contradiction and fails dataset rules when a member's report is missing).
    expected, errors, aggregate = con.execute(
        "SELECT count(*), count(*) FILTER (c.severity = 'error'), count(*) FILTER (r.scope = 'aggregate') "
        "FROM checks c JOIN reports r USING (report_id) WHERE r.is_current AND c.ok = false"
    ).fetchone()
    assert 0 < aggregate < expected and 0 < errors < expected
    at = run_app(page="quality")
    failed = next(d.value for d in at.dataframe if "规则" in d.value.columns)
    assert len(failed) == expected
    assert metric(at, "未通过的错误项") == num(errors)
    assert metric(at, "未通过的提示项") == num(expected - errors)
    assert set(failed["结果"]) == {"未通过"}


def test_outcomes_open_rate_is_computed_from_sums(sample_dir, use_data):
    use_data(sample_dir)
    con = con_for(sample_dir)
    # Charts and headline figures derive a blank 总计 of a section-三 row from its six printed applicant
    # cells (dashboard.data: reports_charted); the sample's BLANKS report prints （二）部分公开 总计 blank.
    applicants = ("natural_person", "business", "research", "social_org", "legal_service", "other_org")

    def total(row: str) -> str:
        parts = [f"requests__{row}__{c}" for c in applicants]
        given = " AND ".join(f"{p} IS NOT NULL" for p in parts)
        return f"coalesce(requests__{row}__total, CASE WHEN {given} THEN {' + '.join(parts)} END)"

    granted, partial, handled = total("granted"), total("partial"), total("handled_total")
    num_, den, derived = con.execute(
        f"SELECT sum({granted} + {partial}), sum({handled}), count(*) FILTER (requests__partial__total IS NULL) "
        f"{own_current(con)} AND {granted} IS NOT NULL AND {partial} IS NOT NULL AND {handled} IS NOT NULL"
    ).fetchone()
    assert derived >= 1  # the derived total is part of this figure
    at = run_app(page="outcomes")
    assert metric(at, "公开率") == f"{num_ / den * 100:.1f}%"


def test_compare_two_agencies_has_deltas(sample_dir, use_data):
    use_data(sample_dir)
    con = con_for(sample_dir)
    at = run_app({"unit": [AID["fj-pt"], AID["js-ha-hz"]], "y0": "2024", "y1": "2024"}, page="compare")
    table = next(d.value for d in at.dataframe if "栏目" in d.value.columns)
    a, b = (
        con.execute(
            "SELECT requests__new__total FROM reports WHERE is_current AND year=2024 AND agency_id=?", [x]
        ).fetchone()[0]
        for x in (AID["fj-pt"], AID["js-ha-hz"])
    )
    row = table[table["栏目"] == "一、本年新收政府信息公开申请数量 · 总计"].iloc[0]
    delta_col = next(c for c in table.columns if " 比 " in c)
    assert row[delta_col] == b - a  # a number (sorts as a number), not the text "+12"


@pytest.mark.parametrize("page", PAGES)
def test_empty_selection_shows_a_chinese_message(sample_dir, use_data, page):
    use_data(sample_dir)
    at = run_app({"prov": "上海市", "kind": "government"}, page=page)  # 上海市 has only a department
    messages = [m.value for m in [*at.info, *at.success]]
    if page == "profile":  # the profile picks any agency; it does not depend on the sidebar filters
        assert at.title[0].value == "单位档案"
        return
    assert messages, "an empty selection must say so"
    assert all(re.search(r"[\u4e00-\u9fff]", m) for m in messages)


def test_profile_printable_layout_uses_static_tables(sample_dir, use_data):
    use_data(sample_dir)
    screen = run_app({"aid": AID["sh-bgt"], "year": "2019"}, page="profile")
    printed = run_app({"aid": AID["sh-bgt"], "year": "2019", "print": "1"}, page="profile")
    assert not screen.table and len(printed.table) >= 3  # the report's three tables, fully expanded
    assert printed.toggle(key="profile_print").value is True
    assert printed.query_params["print"] == "1"


def test_profile_downloads_the_stored_source_file(dataset, use_data, monkeypatch):
    use_data(dataset)
    rec = MediaRecorder.install(monkeypatch)
    con = con_for(dataset)
    aid, year, source_file, source_path = con.execute(
        "SELECT agency_id, year, source_file, source_path FROM reports WHERE is_current AND source_path IS NOT NULL "
        "ORDER BY year DESC, agency_id LIMIT 1"
    ).fetchall()[0]
    at = run_app({"aid": aid, "year": str(year)}, page="profile")
    button = next(b for b in at.get("download_button") if b.label.startswith("下载原始报告文件"))
    name, content = rec.content(button.proto.url)
    assert name == source_file
    assert content == (dataset / source_path).read_bytes()


def chart_specs(at: AppTest) -> dict[str, dict]:
    """Plotly figures on the page by title (decoded Plotly JSON)."""
    import base64
    import json

    import numpy as np

    out = {}
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        for trace in spec["data"]:
            for axis in ("x", "y"):
                v = trace.get(axis)
                if isinstance(v, dict) and "bdata" in v:
                    trace[axis] = np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
        out[(spec["layout"].get("title") or {}).get("text", "")] = spec
    return out


def test_requests_chart_values_and_aggregates_kept_apart(sample_dir, use_data):
    use_data(sample_dir)
    con = con_for(sample_dir)
    at = run_app(
        {"agg": "1", "panel": "0"}, page="requests"
    )  # all reports (the balanced panel is tested below)
    specs = chart_specs(at)
    own = next(s for t, s in specs.items() if t.startswith("收到和办理的申请"))
    agg = next(s for t, s in specs.items() if t.startswith("汇总报告中的申请数量"))
    new_own = next(tr for tr in own["data"] if tr["name"] == "本年新收")["y"]
    new_agg = next(tr for tr in agg["data"] if tr["name"] == "本年新收")["y"]
    want_own = [
        r[0]
        for r in con.execute(
            "SELECT sum(requests__new__total) FROM reports WHERE is_current "
            "AND scope = 'own' GROUP BY year ORDER BY year"
        ).fetchall()
    ]
    want_agg = [
        r[0]
        for r in con.execute(
            "SELECT sum(requests__new__total) FROM reports WHERE is_current "
            "AND scope = 'aggregate' GROUP BY year ORDER BY year"
        ).fetchall()
    ]
    assert new_own == want_own and new_agg == want_agg
    without = chart_specs(run_app(page="requests"))
    assert not any(t.startswith("汇总报告中的申请数量") for t in without)


def test_compare_view_round_trips_through_the_url(sample_dir, use_data):
    use_data(sample_dir)
    at = run_app(
        {"cmode": "agencies", "cy": "2022", "cmp": [AID["nx-zn-gov"], AID["js-ha-hz"], AID["fj-fz-gl"]]},
        page="compare",
    )
    assert at.multiselect(key="cmp_units_2022").value == [AID["nx-zn-gov"], AID["js-ha-hz"], AID["fj-fz-gl"]]
    table = next(d.value for d in at.dataframe if "栏目" in d.value.columns)
    assert len([c for c in table.columns if " 比 " in c]) == 2
    assert (
        at.query_params["cmp"] == [AID["nx-zn-gov"], AID["js-ha-hz"], AID["fj-fz-gl"]]
        and at.query_params["cy"] == "2022"
    )
    years = run_app({"cmode": "years", "cid": AID["fj-pt"], "cyr": ["2019", "2021", "2024"]}, page="compare")
    assert years.multiselect(key=f"cmp_years_{AID['fj-pt']}").value == [2019, 2021, 2024]
    table = next(d.value for d in years.dataframe if "栏目" in d.value.columns)
    assert {"2021年 比 2019年", "2024年 比 2021年"} <= set(table.columns)
    assert any("不同版本的模板" in w.value for w in years.warning)  # 2019 vs 2021 templates


def test_quality_lists_failed_checks_of_aggregate_reports_by_default(use_data):
    """平潭 2020 (an aggregate report, hidden from sums by default) prints an outcome total that does not
    add up (R2). The quality page must list it without the user switching 汇总 reports on."""
    from dashboard_fixtures import BUNDLED, _bundled_available

    if not _bundled_available():
        pytest.skip("no bundled dataset")
    use_data(BUNDLED)
    at = run_app(page="quality")
    assert at.query_params.get("agg") in (None, "0")  # the sidebar default: aggregates excluded from sums
    assert metric(at, "未通过的错误项") != "0"
    con = con_for(BUNDLED)
    expected = con.execute(
        "SELECT count(*) FROM checks c JOIN reports r USING (report_id) WHERE r.is_current "
        "AND c.ok = false AND c.severity = 'error'"
    ).fetchone()[0]
    assert expected > 0 and metric(at, "未通过的错误项") == num(expected)


# --- issue 10: one test per defect -------------------------------------------------------------------


def test_compare_first_change_is_kept_not_reverted_by_the_url(sample_dir, use_data):
    """Defect 1: the first remove / add / mode switch on 对比 was silently undone on the next rerun."""
    use_data(sample_dir)
    at = run_app(
        {"cmode": "agencies", "cy": "2022", "cmp": [AID["nx-zn-gov"], AID["js-ha-hz"], AID["fj-fz-gl"]]},
        page="compare",
    )
    at.multiselect(key="cmp_units_2022").unselect(AID["fj-fz-gl"]).run()
    assert at.multiselect(key="cmp_units_2022").value == [AID["nx-zn-gov"], AID["js-ha-hz"]]
    at.run()  # and it stays so on the following rerun
    assert at.multiselect(key="cmp_units_2022").value == [AID["nx-zn-gov"], AID["js-ha-hz"]]
    assert at.query_params["cmp"] == [AID["nx-zn-gov"], AID["js-ha-hz"]]
    at.radio(key="cmp_mode").set_value("years").run()
    assert at.radio(key="cmp_mode").value == "years"
    at.run()
    assert (
        at.radio(key="cmp_mode").value == "years"
        and at.query_params["cmode"] == ["years"]
        or at.query_params["cmode"] == "years"
    )


def test_compare_years_mode_opens_on_an_agency_with_several_years_and_shows_rates(sample_dir, use_data):
    """Defects 3 and 11: 年度 mode must not open on a one-year agency; 对比 has rate rows."""
    use_data(sample_dir)
    at = run_app(page="compare")
    at.radio(key="cmp_mode").set_value("years").run()
    assert not at.exception
    aid = at.selectbox(key="cmp_aid").value
    assert len(at.multiselect(key=f"cmp_years_{aid}").value) >= 2
    rates = next(d.value for d in at.dataframe if "比率" in d.value.columns)
    assert {"公开率", "复议纠错率"} <= set(rates["比率"]) and {"分子", "分母"} <= set(rates.columns)


# --- issue 12: a dashboard that survives any stored report; no report text as Markdown ----------------

ALL_PAGES_WITH_CHOICES = [(p, q) for p in PAGES for q in ({}, {"agg": "1"})]


@pytest.mark.parametrize(("page", "query"), ALL_PAGES_WITH_CHOICES)
def test_every_page_survives_the_nastiest_legal_reports(nasty_dir, use_data, page, query):
    """No agency, counts near 5×10^18 (INT64 sums overflow), every cell blank, injected names."""
    use_data(nasty_dir)
    at = run_app(query, page=page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title


def _rendered_markdown(at: AppTest) -> list[str]:
    """Every string Streamlit renders as Markdown on the page (bodies and labels)."""
    out = []
    for kind in (
        "markdown",
        "caption",
        "title",
        "header",
        "subheader",
        "info",
        "success",
        "warning",
        "error",
    ):
        out += [str(e.value) for e in at.get(kind)]
    for e in at.get("download_button"):
        out.append(e.label)
    for e in at.metric:
        out.append(e.label)
    return out


@pytest.mark.parametrize("page", ["overview", "profile", "quality", "compare", "requests", "platform"])
def test_report_text_is_never_rendered_as_markdown(nasty_dir, use_data, page):
    """An agency name / source file name with links, images and :red[] is escaped wherever it appears."""
    from dashboard_fixtures import INJECTED_NAME

    use_data(nasty_dir)
    con = con_for(nasty_dir)
    aid = con.execute("SELECT agency_id FROM reports WHERE agency = ?", [INJECTED_NAME]).fetchone()[0]
    at = run_app({"aid": aid, "unit": [aid], "agg": "1"}, page=page)
    if page == "quality":  # open the injected report's failed/unevaluable check to render its caption
        at.toggle(key="q_null").set_value(True).run()
    texts = _rendered_markdown(at)
    for t in texts:
        assert "](http" not in t and "![" not in t and ":red[" not in t and "<b>" not in t, t
    if page == "profile":
        assert any("恶意单位" in t for t in texts)  # shown, escaped


def test_a_page_error_shows_a_chinese_message_without_traceback(tmp_path, monkeypatch):
    """Issue 12: production error display — a broken snapshot gives a Chinese message, no traceback/paths."""
    snap = tmp_path / "snapshots" / "broken"
    snap.mkdir(parents=True)
    (snap / "reports.parquet").write_bytes(b"not a parquet file")
    (tmp_path / "CURRENT").write_text("broken\n", encoding="utf-8")
    monkeypatch.setenv("DISCLOSURE_DATA", str(tmp_path))
    monkeypatch.delenv("DISCLOSURE_RAISE_ERRORS", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    assert at.error and "页面出错" in at.error[0].value and "错误编号" in at.error[0].value
    assert str(tmp_path) not in at.error[0].value and "Traceback" not in at.error[0].value


def test_config_hides_error_details_and_binds_localhost():
    import tomllib

    from dashboard_fixtures import ROOT

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["client"]["showErrorDetails"] == "none"
    assert cfg["server"]["address"] == "localhost"
    start = (ROOT / "scripts" / "start.sh").read_text(encoding="utf-8")
    assert '--server.address "${DISCLOSURE_ADDRESS:-localhost}"' in start


def test_yearly_trend_is_a_balanced_panel_by_default(sample_dir, use_data):
    """Defect 4: the yearly chart compared different agencies; by default it holds only agencies with an own
    report in every year, says so, and the unbalanced view is one click away (and in the URL)."""
    use_data(sample_dir)
    con = con_for(sample_dir)
    at = run_app(page="requests")
    flows = next(s for t, s in chart_specs(at).items() if t.startswith("收到和办理的申请"))
    got = next(tr for tr in flows["data"] if tr["name"] == "本年新收")["y"]
    want = [
        r[0]
        for r in con.execute(
            "WITH own AS (SELECT * FROM reports WHERE is_current AND coalesce(scope,'own')='own' "
            "AND requests__new__total IS NOT NULL), n AS (SELECT count(DISTINCT year) AS n FROM own), "
            "panel AS (SELECT agency_id FROM own, n GROUP BY agency_id, n.n HAVING count(DISTINCT year) = n.n) "
            "SELECT sum(requests__new__total) FROM own WHERE agency_id IN (SELECT agency_id FROM panel) "
            "GROUP BY year ORDER BY year"
        ).fetchall()
    ]
    assert got == want
    assert any("平衡面板" in c.value and "每年报告数" in c.value for c in at.caption)
    at.toggle(key="req_panel").set_value(False).run()
    assert at.query_params["panel"] in ("0", ["0"])
    assert any("非平衡" in c.value for c in at.caption)


def test_outcomes_yearly_chart_is_a_balanced_panel_by_default(sample_dir, use_data):
    """Issue 10 on 办理结果: its yearly chart is over the balanced panel by default, like 申请量's (one toggle,
    ui.balanced_panel), shows the reports per year, and the unbalanced view is one click away, in the URL."""
    use_data(sample_dir)
    con = con_for(sample_dir)
    own = "WITH own AS (SELECT * FROM reports WHERE is_current AND coalesce(scope,'own')='own') "

    def granted(panel: bool) -> list:
        where = (
            (
                "WHERE agency_id IN (SELECT agency_id FROM own GROUP BY agency_id "
                "HAVING count(DISTINCT year) = (SELECT count(DISTINCT year) FROM own))"
            )
            if panel
            else ""
        )
        return [
            r[0]
            for r in con.execute(
                f"{own} SELECT sum(requests__granted__total) FROM own {where} GROUP BY year ORDER BY year"
            ).fetchall()
        ]

    def chart(at):
        spec = next(s for t, s in chart_specs(at).items() if t.startswith("办理结果构成（逐年"))
        return spec, next(tr for tr in spec["data"] if tr["name"] == "予以公开")["y"]

    at = run_app(page="outcomes")
    spec, got = chart(at)
    assert "平衡面板" in spec["layout"]["title"]["text"]
    assert got == granted(panel=True) and got != granted(panel=False)
    assert any("平衡面板" in c.value and "每年报告数" in c.value for c in at.caption)
    at.toggle(key="out_panel").set_value(False).run()
    assert at.query_params["panel"] in ("0", ["0"])
    assert chart(at)[1] == granted(panel=False)
    assert any("非平衡" in c.value for c in at.caption)
    at = run_app({"panel": "0"}, page="outcomes")  # the shared link restores the unbalanced view
    assert chart(at)[1] == granted(panel=False) and not at.toggle(key="out_panel").value


@pytest.mark.parametrize(
    ("page", "key", "param", "value"),
    [
        ("requests", "req_flow", "flow", "handled"),
        ("outcomes", "out_share", "share", True),
        ("outcomes", "out_group", "grp", "unable"),
        ("review", "rev_grp", "grp", "litigation_direct"),
        ("export", "exp_kind", "what", "checks"),
    ],
)
def test_page_choices_are_in_the_url_and_a_link_restores_them(sample_dir, use_data, page, key, param, value):
    """Defect 10: a shared link lost 申请量's 指标, 办理结果's 按占比显示, 导出内容 …"""
    use_data(sample_dir)
    at = run_app(page=page)
    widget = at.get("toggle") if isinstance(value, bool) else [*at.radio, *at.get("button_group")]
    widget = next(w for w in widget if w.key == key)
    widget.set_value(value).run()
    shown = at.query_params[param]
    shown = shown[0] if isinstance(shown, list) else shown
    assert shown == (("1" if value else "0") if isinstance(value, bool) else value)
    fresh = run_app({param: shown}, page=page)
    again = next(w for w in [*fresh.get("toggle"), *fresh.radio, *fresh.get("button_group")] if w.key == key)
    assert again.value == value


def test_quality_never_says_all_passed_for_a_range_without_reports_or_only_legacy(use_data):
    """Defect 8: 数据质量 said 全部通过 when the range had no reports; pre-2019 reports counted as checked."""
    from dashboard_fixtures import BUNDLED, _bundled_available

    if not _bundled_available():
        pytest.skip("no bundled dataset")
    use_data(BUNDLED)
    legacy_only = run_app({"y0": "2011", "y1": "2016"}, page="quality")
    assert not any("全部通过" in s.value for s in legacy_only.success)
    assert any("旧式报告" in i.value for i in legacy_only.info)
    empty = run_app({"y0": "2011", "y1": "2011", "prov": "江苏省"}, page="quality")
    assert not empty.success and empty.info


def test_overview_shows_aggregate_only_years_instead_of_no_reports(use_data):
    """Defect 8: 总览 said 没有报告 for years that only have 汇总 reports."""
    from dashboard_fixtures import BUNDLED, _bundled_available

    if not _bundled_available():
        pytest.skip("no bundled dataset")
    use_data(BUNDLED)
    # 平潭 2018 is a 汇总 report only (2019 no longer is: the 89 department reports of 平潭 are in the data)
    at = run_app({"y0": "2018", "y1": "2018", "prov": "福建省"})
    assert any("只有汇总报告" in i.value for i in at.info)
    assert metric(at, "汇总报告（份）") != "—"


def test_profile_respects_the_sidebar_filters(sample_dir, use_data):
    """Defect 8: 单位档案 ignored the sidebar (its agency list held every agency)."""
    use_data(sample_dir)
    at = run_app({"prov": "宁夏回族自治区"}, page="profile")
    con = con_for(sample_dir)
    ningxia = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT agency_id FROM reports WHERE province = '宁夏回族自治区'"
        ).fetchall()
    }
    assert len(at.selectbox(key="profile_aid").options) == len(ningxia)
    shown = at.selectbox(key="profile_aid").value
    assert shown in ningxia


def test_platform_never_mixes_units_or_periods_on_one_axis(sample_dir, use_data):
    """Defect 6: 条 with 期, 累计 with 本年 on one axis."""
    use_data(sample_dir)
    at = run_app(page="platform")
    spec = next(s for t, s in chart_specs(at).items() if "·" in t and "各平台" not in t)
    title = spec["layout"]["yaxis"]["title"]["text"]
    con = con_for(sample_dir)
    platform, metric = at.selectbox(key="pf_platform").value, at.selectbox(key="pf_metric").value
    unit, period = at.session_state["pf_unit"]
    n = con.execute(
        "SELECT count(*) FROM platform_metrics WHERE is_current AND platform=? AND metric=? "
        "AND coalesce(unit,'')=? AND coalesce(period,'')=?",
        [platform, metric, unit, period],
    ).fetchone()[0]
    points = sum(len(tr["x"]) if isinstance(tr["x"], list) else 1 for tr in spec["data"])
    assert points <= n and (unit in title or not unit)


def test_active_opens_on_a_field_that_is_not_zero_for_everyone(use_data):
    """Defect 11: 主动公开 opened on an all-zero field."""
    from dashboard_fixtures import BUNDLED, _bundled_available

    if not _bundled_available():
        pytest.skip("no bundled dataset")
    use_data(BUNDLED)
    at = run_app(page="active")
    con = con_for(BUNDLED)
    for box in at.selectbox:
        if not box.key.startswith("act_pick_"):
            continue
        row, col = box.value
        nonzero = con.execute(
            "SELECT count(*) FROM cells WHERE is_current AND path = ? AND value <> 0", [f"active.{row}.{col}"]
        ).fetchone()[0]
        assert nonzero > 0, box.value


def test_exports_flag_imputed_cells_use_chinese_codes_and_integer_counts(sample_dir, use_data, monkeypatch):
    """Defect 12: imputed 0s exported as plain 0, English codes (active, requests.business, report), 65.0."""
    use_data(sample_dir)
    con = con_for(sample_dir)
    rec = MediaRecorder.install(monkeypatch)
    at = run_app({"what": "requests"}, page="export")
    url = next(b.proto.url for b in at.get("download_button") if "CSV" in b.label)
    df = pd.read_csv(io.BytesIO(rec.content(url)[1]), encoding="utf-8-sig", dtype=str)
    n_imputed = con.execute(
        "SELECT count(DISTINCT report_id) FROM cells WHERE imputed AND is_current"
    ).fetchone()[0]
    assert n_imputed and df["推定为0的单元格"].notna().sum() >= 1
    assert not df["申请：一、本年新收政府信息公开申请数量 · 总计"].dropna().str.endswith(".0").any()
    preview = next(d.value for d in at.dataframe if "单位" in d.value.columns)
    assert list(preview.columns[:2]) == ["单位", "年度"] and preview.columns[-1] in (
        "报告编号（文件SHA-256）",
        "单位编号",
        "报告上的单位编号",
    )
    for what in ("cells", "checks"):
        at = run_app({"what": what}, page="export")
        url = next(b.proto.url for b in at.get("download_button") if "CSV" in b.label)
        text = rec.content(url)[1].decode("utf-8-sig")
        for code in (",active,", ",requests,", "requests.business", ",report,", ",dataset,"):
            assert code not in text, (what, code)
        body = pd.read_csv(io.StringIO(text), dtype=str)
        for col in ("数值", "应为", "实际"):
            if col in body:
                assert not body[col].dropna().str.fullmatch(r"-?\d+\.0").any(), (what, col)


def test_overview_change_compares_the_same_agencies(sample_dir, use_data):
    """Defect 4 on 总览: the change versus last year is computed over agencies with reports in both years."""
    use_data(sample_dir)
    con = con_for(sample_dir)
    latest = con.execute(f"SELECT max(year) {own_current(con)}").fetchone()[0]
    cur, prev = con.execute(
        "WITH own AS (SELECT agency_id, year, requests__new__total AS v FROM reports WHERE is_current "
        "AND coalesce(scope,'own')='own' AND requests__new__total IS NOT NULL AND year IN (?, ?)), "
        "pair AS (SELECT agency_id FROM own GROUP BY agency_id HAVING count(DISTINCT year) = 2) "
        "SELECT sum(v) FILTER (WHERE year = ?), sum(v) FILTER (WHERE year = ?) FROM own "
        "WHERE agency_id IN (SELECT agency_id FROM pair)",
        [latest, latest - 1, latest, latest - 1],
    ).fetchone()
    at = run_app()
    m = next(x for x in at.metric if x.label == "本年新收申请（件）")
    assert m.delta.startswith(("+" if cur > prev else "") + num(cur - prev))


@pytest.mark.parametrize(
    ("page", "key", "label"),
    [
        ("requests", "req_detail", "来源报告"),
        ("review", "rev_detail", "来源报告"),
        ("active", "act_detail_2021", None),
    ],
)
def test_detail_tables_are_queried_only_when_opened(sample_dir, use_data, page, key, label):
    """A closed detail expander runs no query (Streamlit runs a plain expander's content on every
    render); opened, it shows its table of the selection's reports."""
    use_data(sample_dir)
    at = run_app(page=page)
    closed = len(at.dataframe)
    assert [e for e in at.expander if e.label.endswith("明细") or "明细" in e.label]
    at.session_state[key] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.dataframe) == closed + 1
    if label:
        assert label in at.dataframe[-1].value.columns
