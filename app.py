"""Entry point of the dashboard: `streamlit run app.py` (data folder: $DISCLOSURE_DATA or ./data).

The page scripts live in `views/`, not `pages/`: Streamlit treats a folder named `pages/` next to the
entry point as an old-style multipage app until st.navigation has run once in the process. The first
request after a restart that opens a deep link (a shared `/profile?aid=…` link) then either runs the page
script without this file (no sidebar filters, an exception) or, when file names differ from the URL
paths, shows an English "Page not found" dialog over the page and swallows the first chart click
(both reproduced in Chromium). tests/test_e2e_browser.py checks the deep link on a fresh server.
"""

from __future__ import annotations

import logging
import os
import uuid

import streamlit as st

from disclosure.dashboard import data, filters, navigation, ui

# A local tab icon: a :material/…: icon is fetched from the internet and is broken offline.
st.set_page_config(page_title="政府信息公开年度报告分析", page_icon=str(ui.ICON), layout="wide")
ui.chrome_css()

page = st.navigation(navigation.build())

# Print layout: hide the sidebar, toolbar and header so that a page prints as a briefing.
st.markdown(
    """<style>
    @media print {
      [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
      [data-testid="stSidebarCollapsedControl"] { display: none !important; }
      .block-container { padding-top: 0 !important; max-width: 100% !important; }
      .js-plotly-plot, [data-testid="stDataFrame"] { break-inside: avoid; }
    }
    </style>""",
    unsafe_allow_html=True,
)


def stop_without_data(message: str) -> None:
    st.title("政府信息公开年度报告分析")
    st.warning(message, icon=":material/warning:")
    st.stop()


def main() -> None:
    if not data.has_data():
        stop_without_data(
            f"数据目录 {data.data_dir()} 中还没有数据集。请先运行 `disclosure ingest 报告文件夹 --data data` "
            "导入年度报告，或设置环境变量 DISCLOSURE_DATA 指向已有的数据目录。"
        )
    if filters.sidebar() is None:
        stop_without_data("数据集中还没有可用的年度报告。")
    page.run()


# Production error display (issue 12): a visitor sees a Chinese message and an error number, never a
# traceback or a server path (config.toml: showErrorDetails = "none"); the full error goes to the log.
# $DISCLOSURE_RAISE_ERRORS=1 (the test suite) lets the exception through so that AppTest sees it.
try:
    main()
except Exception as exc:  # noqa: BLE001 - st.stop/st.rerun are BaseException and pass through
    if os.environ.get("DISCLOSURE_RAISE_ERRORS") == "1":
        raise
    ref = uuid.uuid4().hex[:8]
    logging.getLogger("disclosure.dashboard").exception("page error %s: %s", ref, type(exc).__name__)
    st.error(f"页面出错，未能显示（错误编号 {ref}）。请稍后重试或调整筛选条件；如仍出现，请把错误编号告知管理员。",
             icon=":material/error:")
