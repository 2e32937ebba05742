"""Entry point of the dashboard: `streamlit run app.py` (data folder: $DISCLOSURE_DATA or ./data).

The page scripts live in `views/`, not `pages/`: Streamlit treats a folder named `pages/` next to the
entry point as an old-style multipage app until st.navigation has run once in the process. The first
request after a restart that opens a deep link (a shared `/profile?aid=…` link) then either runs the page
script without this file (no sidebar filters, an exception) or, when file names differ from the URL
paths, shows an English "Page not found" dialog over the page and swallows the first chart click
(both reproduced in Chromium). tests/test_e2e_browser.py checks the deep link on a fresh server.
"""

from __future__ import annotations

import streamlit as st

from disclosure.dashboard import access, data, filters, navigation

st.set_page_config(page_title="政府信息公开年度报告分析", page_icon=":material/table_view:", layout="wide")

# Admin pages exist only for an authenticated administrator (disclosure.dashboard.access).
page = st.navigation(navigation.build(access.current_admin(), login=bool(access.login_modes())))

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


if not data.has_data():
    stop_without_data(
        f"数据目录 {data.data_dir()} 中还没有数据集。请先运行 `disclosure ingest 报告文件夹 --data data` "
        "导入年度报告，或设置环境变量 DISCLOSURE_DATA 指向已有的数据目录。"
    )
if filters.sidebar() is None:
    stop_without_data("数据集中还没有可用的年度报告。")

page.run()
