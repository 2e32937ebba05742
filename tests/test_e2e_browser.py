"""End to end: a real `streamlit run app.py` on a free port, driven by headless Debian Chromium.

Changes a filter in the sidebar, checks the URL and the figure, opens a second page from the sidebar
(the filter survives), downloads the CSV and checks its rows; and opens a deep link on a fresh server.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from dashboard_fixtures import APP, con_for, sample_dir  # noqa: F401

from disclosure.dashboard.fmt import num

pytestmark = pytest.mark.slow
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(sample_dir, tmp_path):  # noqa: F811
    """A fresh Streamlit server over the sample dataset; yields its base URL."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    port = _free_port()
    log = open(tmp_path / "streamlit.log", "w")  # noqa: SIM115
    env = dict(os.environ, DISCLOSURE_DATA=str(sample_dir))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=APP.parent, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start: " + (tmp_path / "streamlit.log").read_text())
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()


@pytest.fixture
def browser_page():
    sync = pytest.importorskip("playwright.sync_api")
    with sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN", accept_downloads=True)
        page = context.new_page()
        yield page
        browser.close()


def wait_idle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=90000)
    page.wait_for_timeout(500)
    deadline = time.time() + 60
    while time.time() < deadline and page.query_selector('[data-testid="stStatusWidget"]'):
        page.wait_for_timeout(200)
    page.wait_for_timeout(500)


def metric_value(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]', has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def no_exception(page) -> None:
    exc = [e.inner_text()[:300] for e in page.query_selector_all('[data-testid="stException"]')]
    assert not exc, exc


def test_filter_second_page_and_csv_download(server, browser_page, sample_dir):  # noqa: F811
    page = browser_page
    con = con_for(sample_dir)
    expected = con.execute("SELECT sum(requests__new__total) FROM reports WHERE is_current AND scope='own' "
                           "AND year=2024 AND province='宁夏回族自治区'").fetchone()[0]
    page.goto(server + "/", wait_until="networkidle")
    page.locator('[data-testid="stMetric"]', has_text="本年新收申请（件）").first.wait_for(timeout=90000)
    wait_idle(page)
    no_exception(page)
    before = metric_value(page, "本年新收申请（件）")

    # change a filter in the sidebar
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]', has_text="省份").first.click()
    page.get_by_role("option", name="宁夏回族自治区").click()
    wait_idle(page)
    page.wait_for_function("() => decodeURIComponent(location.search).includes('prov=宁夏回族自治区')", timeout=15000)
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
    assert download.suggested_filename == "政府信息公开_申请情况_2019-2024.csv"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    n = con.execute("SELECT count(*) FROM reports WHERE is_current AND scope='own' AND province='宁夏回族自治区'"
                    ).fetchone()[0]
    assert len(df) == n and set(df["省份"]) == {"宁夏回族自治区"}


def test_deep_link_on_a_fresh_server_opens_the_profile(server, browser_page):
    page = browser_page
    page.goto(server + "/profile?aid=fj-pt&year=2021", wait_until="networkidle")
    page.get_by_role("heading", name="平潭综合实验区").first.wait_for(timeout=90000)
    wait_idle(page)
    no_exception(page)
    assert page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]', has_text="省份").count() == 1
    assert page.get_by_role("heading", name="2021年度报告").count() == 1


def test_clicking_a_bar_opens_that_agencys_profile_and_keeps_the_filters(server, browser_page):
    page = browser_page
    page.goto(server + "/requests?prov=" + urllib.parse.quote("福建省"), wait_until="networkidle")
    page.locator(".js-plotly-plot").nth(1).wait_for(timeout=90000)
    wait_idle(page)
    plot = page.locator(".js-plotly-plot").nth(1)  # 各单位申请量 (horizontal bars, largest on top)
    bars = plot.locator("g.point path")
    assert bars.count() == 7  # the seven own agencies of 福建省 in the sample
    bars.nth(bars.count() - 1).scroll_into_view_if_needed()  # below the fold once charts have 下载图片 buttons
    page.wait_for_timeout(300)
    box = bars.nth(bars.count() - 1).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_role("heading", name="福州市人民政府").first.wait_for(timeout=90000)
    wait_idle(page)
    no_exception(page)
    url = urllib.parse.unquote(page.url)
    assert "/profile" in url and "aid=fj-fz-gov" in url and "prov=福建省" in url
    assert page.get_by_text("当前范围：2019–2024年 ｜ 福建省").count() == 1
