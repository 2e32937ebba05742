"""End to end: a real `streamlit run app.py` on a free port, driven by headless Debian Chromium.

Changes a filter in the sidebar, checks the URL and the figure, opens a second page from the sidebar
(the filter survives), downloads the CSV and checks its rows; and opens a deep link on a fresh server.
"""

from __future__ import annotations

import io
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from browser import metric_value, no_exception, wait_idle
from dashboard_fixtures import con_for
from sample_dataset import AID

from disclosure.dashboard.fmt import num

pytestmark = pytest.mark.slow


def test_filter_second_page_and_csv_download(server, browser_page, sample_dir):
    page = browser_page
    con = con_for(sample_dir)
    expected = con.execute(
        "SELECT sum(requests__new__total) FROM reports WHERE is_current AND scope='own' "
        "AND year=2024 AND province='宁夏回族自治区'"
    ).fetchone()[0]
    page.goto(server + "/", wait_until="networkidle")
    page.locator('[data-testid="stMetric"]', has_text="本年新收申请（件）").first.wait_for(timeout=90000)
    wait_idle(page)
    no_exception(page)
    before = metric_value(page, "本年新收申请（件）")

    # change a filter in the sidebar
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]', has_text="省份").first.click()
    page.get_by_role("option", name="宁夏回族自治区").click()
    wait_idle(page)
    page.wait_for_function(
        "() => decodeURIComponent(location.search).includes('prov=宁夏回族自治区')", timeout=15000
    )
    deadline = time.time() + 30
    while time.time() < deadline and metric_value(page, "本年新收申请（件）") != num(expected):
        page.wait_for_timeout(300)
    after = metric_value(page, "本年新收申请（件）")
    assert after == num(expected) != before

    # open a second page from the sidebar navigation: the filter is kept
    page.locator('[data-testid="stSidebarNav"] a', has_text="数据导出").click()
    page.get_by_role("button", name="下载 CSV").wait_for(timeout=90000)
    wait_idle(page)
    no_exception(page)
    assert "/export" in page.url
    assert "prov=宁夏回族自治区" in urllib.parse.unquote(page.url)

    # download the CSV and check it holds exactly the filtered rows
    with page.expect_download() as info:
        page.get_by_role("button", name="下载 CSV").click()
    download = info.value
    assert download.suggested_filename == "政府信息公开_宁夏回族自治区_申请情况_2019-2024.csv"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    n = con.execute(
        "SELECT count(*) FROM reports WHERE is_current AND scope='own' AND province='宁夏回族自治区'"
    ).fetchone()[0]
    assert len(df) == n and set(df["省份"]) == {"宁夏回族自治区"}


def test_deep_link_on_a_fresh_server_opens_the_profile(server, browser_page):
    page = browser_page
    page.goto(server + f"/profile?aid={AID['fj-pt']}&year=2021", wait_until="networkidle")
    page.get_by_role("heading", name="平潭综合实验区").first.wait_for(timeout=90000)
    wait_idle(page)
    no_exception(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]', has_text="省份").first.wait_for(
        timeout=30000
    )
    assert page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]', has_text="省份").count() == 1
    # the year section renders after the header: wait for it (a loaded CI machine renders slowly)
    page.get_by_role("heading", name="2021年度报告").first.wait_for(timeout=90000)
    assert page.get_by_role("heading", name="2021年度报告").count() == 1


def test_clicking_a_bar_opens_that_agencys_profile_and_keeps_the_filters(server, browser_page):
    page = browser_page
    page.goto(server + "/requests?prov=" + urllib.parse.quote("福建省"), wait_until="networkidle")
    page.locator(".js-plotly-plot").nth(1).wait_for(timeout=90000)
    wait_idle(page)
    plot = page.locator(".js-plotly-plot").nth(1)  # 各单位申请量 (horizontal bars, largest on top)
    bars = plot.locator("g.point path")
    assert bars.count() == 7  # the seven own agencies of 福建省 in the sample
    bars.nth(
        bars.count() - 1
    ).scroll_into_view_if_needed()  # below the fold once charts have 下载图片 buttons
    page.wait_for_timeout(300)
    box = bars.nth(bars.count() - 1).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_role("heading", name="福州市人民政府").first.wait_for(timeout=90000)
    wait_idle(page)
    no_exception(page)
    url = urllib.parse.unquote(page.url)
    assert "/profile" in url and f"aid={AID['fj-fz-gov']}" in url and "prov=福建省" in url
    assert page.get_by_text("当前范围：2019–2024年 ｜ 福建省").count() == 1


def plot_traces(page, title_part: str) -> list[dict]:
    """The traces (name, x, y) of the Plotly chart whose title contains `title_part`, read in the browser."""
    return page.evaluate(
        """(part) => {
        for (const el of document.querySelectorAll('.js-plotly-plot')) {
            const t = (el.layout && el.layout.title && el.layout.title.text) || '';
            if (t.includes(part)) return el._fullData.map(d => ({name: d.name, x: Array.from(d.x || []),
                                                            y: Array.from(d.y || [])}));
        }
        return null; }""",
        title_part,
    )


def wait_traces(page, title_part: str, timeout: float = 60) -> list[dict]:
    """plot_traces once the chart is drawn (a loaded machine can take a while)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        traces = plot_traces(page, title_part)
        if traces:
            return traces
        page.wait_for_timeout(300)
    raise AssertionError(f"no chart titled {title_part!r}")


def test_three_jobs_supervisor_analyst_preparer(server, browser, sample_dir, tmp_path):
    """Issue 10's three jobs in a real browser: the supervisor finds who had the most requests in a year,
    follows its 公开率 over time and compares two agencies; the analyst downloads a region's rows as CSV
    and Excel (flags included); the preparer shares a link with page choices that reproduces the view."""
    con = con_for(sample_dir)
    context = browser.new_context(
        viewport={"width": 1440, "height": 1000}, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()

    # --- supervisor: most requests in 2023 --------------------------------------------------------------
    top_id, top_name, top_new = con.execute(
        "SELECT agency_id, agency, requests__new__total FROM reports WHERE is_current AND year = 2023 "
        "AND coalesce(scope,'own') = 'own' ORDER BY requests__new__total DESC NULLS LAST LIMIT 1"
    ).fetchone()
    page.goto(server + "/requests?y0=2023&y1=2023", wait_until="networkidle")
    page.locator(".js-plotly-plot").nth(1).wait_for(timeout=90000)
    wait_idle(page)
    no_exception(page)
    bars = wait_traces(page, "本年新收申请（2023年）")
    assert bars and bars[0]["y"][-1] == top_name and bars[0]["x"][-1] == top_new  # the top bar
    plot = page.locator(".js-plotly-plot").nth(1)
    points = plot.locator("g.point path")
    points.nth(points.count() - 1).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = points.nth(points.count() - 1).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_role("heading", name=top_name).first.wait_for(timeout=90000)
    wait_idle(page)
    no_exception(page)
    trend = wait_traces(page, "公开率与复议纠错率")
    open_rate = next(t for t in trend if t["name"] == "公开率")
    want = con.execute(
        "SELECT year, (requests__granted__total + requests__partial__total) / requests__handled_total__total "
        "FROM reports WHERE is_current AND agency_id = ? AND coalesce(scope,'own') = 'own' "
        "AND requests__handled_total__total > 0 ORDER BY year",
        [top_id],
    ).fetchall()
    got = dict(zip(open_rate["x"], open_rate["y"], strict=True))
    assert len(want) >= 2 and all(abs(got[y] - r) < 1e-9 for y, r in want)

    other = con.execute(
        "SELECT agency_id, agency FROM reports WHERE is_current AND year = 2023 AND agency_id <> ? "
        "AND coalesce(scope,'own') = 'own' ORDER BY agency_id LIMIT 1",
        [top_id],
    ).fetchone()
    page.goto(
        server + f"/compare?cmode=agencies&cy=2023&cmp={top_id}&cmp={other[0]}", wait_until="networkidle"
    )
    page.get_by_role("heading", name="比率").wait_for(timeout=90000)
    wait_idle(page)
    no_exception(page)
    names = [t["name"] for t in wait_traces(page, "主要数字对比")]
    assert names == [top_name, other[1]]

    # --- analyst: a region and a year as CSV and Excel ---------------------------------------------------
    page.goto(
        server + "/export?prov=" + urllib.parse.quote("福建省") + "&y0=2024&y1=2024&what=requests",
        wait_until="networkidle",
    )
    page.get_by_role("button", name="下载 CSV").wait_for(timeout=90000)
    wait_idle(page)
    want = con.execute(
        "SELECT count(*) FROM reports WHERE is_current AND coalesce(scope,'own')='own' "
        "AND province='福建省' AND year=2024"
    ).fetchone()[0]
    with page.expect_download() as info:
        page.get_by_role("button", name="下载 CSV").click()
    assert info.value.suggested_filename == "政府信息公开_福建省_申请情况_2024.csv"
    df = pd.read_csv(Path(info.value.path()), encoding="utf-8-sig")
    assert len(df) == want and set(df["省份"]) == {"福建省"} and set(df["年度"]) == {2024}
    assert "推定为0的单元格" in df.columns
    with page.expect_download() as info:
        page.get_by_role("button", name="下载 Excel").click()
    sheets = pd.read_excel(Path(info.value.path()), sheet_name=None)
    assert len(sheets["申请情况"]) == want and "数据字典" in sheets

    # --- preparer: page choices in a shared link, opened in a fresh browser context -----------------------
    page.goto(server + "/outcomes?y0=2021&y1=2024", wait_until="networkidle")
    page.get_by_text("按占比显示").wait_for(timeout=90000)
    wait_idle(page)
    page.get_by_text("按占比显示").click()
    page.wait_for_function("() => location.search.includes('share=1')", timeout=15000)
    wait_idle(page)
    link = page.url
    share_before = wait_traces(page, "办理结果构成（逐年")
    fresh = browser.new_context(viewport={"width": 1024, "height": 900}, locale="zh-CN").new_page()
    fresh.goto(link, wait_until="networkidle")
    fresh.get_by_text("按占比显示").wait_for(timeout=90000)
    wait_idle(fresh)
    no_exception(fresh)
    assert fresh.locator("label", has_text="按占比显示").locator("input").first.is_checked()
    assert wait_traces(fresh, "办理结果构成（逐年") == share_before
    assert "y0=2021" in fresh.url and "share=1" in fresh.url
    context.close()


def test_no_english_chrome_and_a_local_tab_icon(server, browser_page):
    """Defect 9: Plotly's modebar, the table toolbar and "Clear all" showed English; the tab icon came from
    the internet."""
    page = browser_page
    page.goto(server + "/compare", wait_until="networkidle")
    page.locator(".js-plotly-plot").first.wait_for(timeout=90000)
    wait_idle(page)
    assert page.locator(".modebar").count() == 0 or not page.locator(".modebar").first.is_visible()
    for label in ("Clear all", "Download as CSV", "Search", "Show/hide columns"):
        visible = [e for e in page.get_by_label(label).all() if e.is_visible()] + [
            e for e in page.get_by_title(label).all() if e.is_visible()
        ]
        assert not visible, label
    icon = page.evaluate("() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
    assert icon and all(h.startswith(server) for h in icon), icon
