"""Admin pages behind authentication (AppTest, real Argon2 hashes in st.secrets, a real ingested dataset).

Viewers never see an admin page or action: without an admin login configured there is not even a
login page; with one, a viewer gets only the login form; an admin page script run directly by a
viewer stops with a message. After a password login the admin pages appear and their actions write
revisions and reviews into the dataset.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from dashboard_fixtures import APP
from streamlit.testing.v1 import AppTest

from disclosure.admin import auth, edits
from disclosure.dashboard import data as dash_data
from disclosure.dashboard import navigation
from disclosure.dashboard.fmt import num
from disclosure.store import layout

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
ADMIN_PAGES = [spec[1] for spec in navigation.ADMIN_PAGE_SPECS.values()]


HASH = auth.hash_password("s3cret-口令")


def app(secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    for k, v in (secrets or {}).items():
        at.secrets[k] = v
    return at


def test_navigation_has_admin_pages_only_for_an_admin() -> None:
    viewer = set(navigation.specs_for(None, login=False))
    assert not any(k.startswith("admin") for k in viewer)
    assert set(navigation.specs_for(None, login=True)) - viewer == {"admin_login"}
    admin = set(navigation.specs_for("alice", login=False))
    assert admin - viewer == {"admin_upload", "admin_corrections", "admin_review", "admin_login"}


def test_viewer_without_admin_config_sees_no_admin_page(admin_app_data: Path) -> None:
    at = app()
    at.run()
    assert not at.exception
    for script in ADMIN_PAGES + ["views/admin_login.py"]:
        with pytest.raises(Exception):  # noqa: B017 - not registered: AppTest refuses to switch
            at.switch_page(script).run()


@pytest.mark.parametrize("script", ADMIN_PAGES)
def test_admin_page_run_directly_by_a_viewer_stops(admin_app_data: Path, script: str) -> None:
    at = AppTest.from_file(str(ROOT / script), default_timeout=60)
    at.secrets["admin"] = {"passwords": {"alice": HASH}}
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["此页面仅限管理员。"]
    assert not at.button and not at.text_input and not at.selectbox


def _login(at: AppTest, user: str, password: str) -> AppTest:
    at.run()
    at.switch_page("views/admin_login.py").run()
    at.text_input(key="admin_user_input").input(user)
    at.text_input(key="admin_password_input").input(password)
    at.get("form_submit_button")[0].click()
    at.run()
    return at


@pytest.mark.parametrize("user,password", [("alice", "wrong"), ("bob", "s3cret-口令"), ("", "")])
def test_wrong_login_stays_viewer(admin_app_data: Path, user: str, password: str) -> None:
    at = _login(app({"admin": {"passwords": {"alice": HASH}}}), user, password)
    assert not at.exception
    assert "admin_user" not in at.session_state
    with pytest.raises(Exception):  # noqa: B017
        at.switch_page("views/admin_corrections.py").run()


def test_admin_corrects_a_cell_and_reviews_a_check(admin_app_data: Path) -> None:
    at = _login(app({"admin": {"passwords": {"alice": HASH}}}), "alice", "s3cret-口令")
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["admin_user"] == "alice"

    at.switch_page("views/admin_corrections.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.number_input(key="admin_corr_value").set_value(12345.0)
    at.text_area(key="admin_corr_reason").input("原文第 2 页印刷错误，按更正公告")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception and [s.value for s in at.success] == ["已保存更正。"], [e.value for e in at.error]
    revs = pl.read_parquet(layout.table_paths(admin_app_data)["revisions"])
    assert revs["who"].to_list() == ["alice"] and revs["new_value"].to_list() == [12345.0]

    at.switch_page("views/admin_review.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.text_area(key="admin_review_note").input("核对原文，报告本身不符")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception and "已保存复核。" in [s.value for s in at.success]
    reviews = pl.read_parquet(layout.table_paths(admin_app_data)["reviews"])
    assert reviews["who"].to_list() == ["alice"] and reviews["decision"].to_list() == ["confirmed"]

    at.switch_page("views/admin_upload.py").run()
    assert not at.exception, [e.value for e in at.exception]


def test_empty_reason_is_refused_on_the_page(admin_app_data: Path) -> None:
    at = _login(app({"admin": {"passwords": {"alice": HASH}}}), "alice", "s3cret-口令")
    at.switch_page("views/admin_corrections.py").run()
    at.get("form_submit_button")[0].click()
    at.run()
    assert "请填写更正理由" in [e.value for e in at.error]
    assert (
        "revisions" not in layout.table_paths(admin_app_data)
        or pl.read_parquet(layout.table_paths(admin_app_data)["revisions"]).height == 0
    )


def test_correction_shows_on_the_profile_and_in_the_cell_export(admin_app_data: Path) -> None:
    cells = pl.read_parquet(layout.table_paths(admin_app_data)["cells"]).filter(
        pl.col("value").is_not_null() & (pl.col("year") == 2024)
    )
    cell = cells.row(0, named=True)
    edits.add_revision(
        admin_app_data, edits.Revision(cell["report_id"], cell["path"], 4321, "按更正公告调整", "alice")
    )
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["aid"] = cell["agency_id"]
    at.run()
    at.switch_page("views/profile.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "**管理员更正记录**" in [m.value for m in at.markdown]
    logs = [df.value for df in at.dataframe if "理由" in getattr(df.value, "columns", [])]
    assert logs and logs[0]["理由"].tolist() == ["按更正公告调整"] and logs[0]["操作人"].tolist() == ["alice"]
    con = dash_data.connect(admin_app_data)
    params = {
        "year_from": 2000,
        "year_to": 2100,
        "province": None,
        "city": None,
        "county": None,
        "levels": None,
        "kinds": None,
        "agency_ids": None,
        "include_aggregate": True,
    }
    out = dash_data.run("export_cells", params, con=con)
    row = out[(out["report_id"] == cell["report_id"]) & (out["path"] == cell["path"])].iloc[0]
    assert row["value"] == cell["value"] and row["value_corrected"] == 4321 and bool(row["corrected"])
    assert int(out["corrected"].sum()) == 1


def test_charts_and_headline_use_corrected_values(admin_app_data: Path) -> None:
    reports = pl.read_parquet(layout.table_paths(admin_app_data)["reports"]).filter(pl.col("year") == 2024)
    rid, printed = reports["report_id"][0], reports["requests__new__total"][0]
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    before = [m.value for m in at.metric if m.label == "本年新收申请（件）"]
    assert before == [num(printed)]
    edits.add_revision(
        admin_app_data, edits.Revision(rid, "requests.new.total", printed + 1000, "按更正公告", "alice")
    )
    with pytest.raises(edits.EditError, match="整数"):
        edits.add_revision(admin_app_data, edits.Revision(rid, "requests.new.total", 1.5, "x", "alice"))
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    # the corrected figure is marked † (test_corrected_figures_are_marked_on_every_chart_page)
    assert [m.value for m in at.metric if m.label == "本年新收申请（件）†"] == [num(printed + 1000)]
    con = dash_data.connect(admin_app_data)
    printed_again, corrected, paths = con.execute(
        "SELECT r.requests__new__total, c.requests__new__total, c.corrected_paths FROM reports r "
        "JOIN reports_corrected c USING (report_id) WHERE report_id = ?",
        [rid],
    ).fetchone()
    assert (printed_again, corrected, paths) == (printed, printed + 1000, ["requests.new.total"])


def test_corrected_figures_are_marked_on_every_chart_page(admin_app_data: Path) -> None:
    """Issue 12: charts use corrected values AND mark them — † in the label/title, a caption "†含管理员更正"
    naming the printed and corrected value, the printed value in the metric's hover text; unmarked before."""
    reports = pl.read_parquet(layout.table_paths(admin_app_data)["reports"]).filter(pl.col("year") == 2024)
    rid, printed = reports["report_id"][0], reports["requests__new__total"][0]

    def visit(page: str | None = None, **query: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=90)
        for k, v in query.items():
            at.query_params[k] = v
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    def titles(at: AppTest) -> list[str]:

        return [
            (json.loads(c.proto.spec)["layout"].get("title") or {}).get("text", "")
            for c in at.get("plotly_chart")
        ]

    def captions(at: AppTest) -> str:
        return " ".join(c.value for c in at.caption)

    at = visit()
    assert "本年新收申请（件）" in [m.label for m in at.metric] and "含管理员更正" not in captions(at)
    edits.add_revision(
        admin_app_data, edits.Revision(rid, "requests.new.total", printed + 1000, "按更正公告", "alice")
    )

    at = visit()  # 总览: the headline figure, its hover text and the caption
    marked = [m for m in at.metric if m.label == "本年新收申请（件）†"]
    assert [m.value for m in marked] == [num(printed + 1000)]
    assert f"印刷值 {num(printed)} → 更正值 {num(printed + 1000)}" in marked[0].help
    assert "本年办理总计（件）" in [
        m.label for m in at.metric
    ]  # a figure without a correction stays unmarked
    assert "†含管理员更正" in captions(at) and f"印刷值 {num(printed)}" in captions(at)

    at = visit("views/requests.py")  # 申请量: the yearly chart, the per-agency chart (default 指标 本年新收)
    assert sum(t.endswith("†") for t in titles(at)) >= 2, titles(at)
    assert "†含管理员更正" in captions(at)

    at = visit("views/outcomes.py")  # 办理结果: a correction outside section 三's outcome rows is not marked
    assert not any(t.endswith("†") for t in titles(at)), titles(at)
    edits.add_revision(
        admin_app_data,
        edits.Revision(
            rid,
            "requests.granted.total",
            int(reports["requests__granted__total"][0]) + 1,
            "按更正公告",
            "alice",
        ),
    )
    at = visit("views/outcomes.py")
    assert any(t.startswith("办理结果构成") and t.endswith("†") for t in titles(at)), titles(at)
    assert "†含管理员更正" in captions(at)

    aid = str(reports["agency_id"][0])
    at = visit("views/profile.py", aid=aid, year="2024")  # 单位档案: the trend charts and the year's heading
    assert any(t.startswith("历年申请数量") and t.endswith("†") for t in titles(at)), titles(at)
    assert "2024年度报告†" in [h.value for h in at.subheader]
    assert "†含管理员更正" in captions(at)
