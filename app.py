"""Entry point of the dashboard: `streamlit run app.py` (data folder: $DISCLOSURE_DATA or ./data).

The page scripts live in `views/`, not `pages/`: Streamlit treats a folder named `pages/` next to the
entry point as an old-style multipage app until st.navigation has run once in the process, so the first
request after a restart that opens a deep link (e.g. a shared /profile?aid=… link) would run the page
script without this file (no sidebar filters, an exception). AppTest resets that flag on every run.
"""

from __future__ import annotations

import streamlit as st

from disclosure.dashboard import data, filters

st.set_page_config(page_title="政府信息公开年度报告分析", page_icon=":material/table_view:", layout="wide")

PAGES = {
    "概况": [
        st.Page("views/overview.py", title="总览", icon=":material/home:", url_path="overview", default=True),
        st.Page("views/requests.py", title="申请量", icon=":material/inbox:", url_path="requests"),
        st.Page("views/outcomes.py", title="办理结果", icon=":material/fact_check:", url_path="outcomes"),
        st.Page("views/review.py", title="复议诉讼", icon=":material/gavel:", url_path="review"),
        st.Page("views/platform.py", title="平台", icon=":material/smartphone:", url_path="platform"),
        st.Page("views/active.py", title="主动公开", icon=":material/campaign:", url_path="active"),
    ],
    "单位": [
        st.Page("views/compare.py", title="对比", icon=":material/compare_arrows:", url_path="compare"),
        st.Page("views/profile.py", title="单位档案", icon=":material/folder_open:", url_path="profile"),
    ],
    "数据": [
        st.Page("views/quality.py", title="数据质量", icon=":material/rule:", url_path="quality"),
        st.Page("views/export.py", title="数据导出", icon=":material/download:", url_path="export"),
    ],
}

page = st.navigation(PAGES)

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

if not data.has_data():
    st.title("政府信息公开年度报告分析")
    st.warning(
        f"数据目录 {data.data_dir()} 中还没有数据集。请先运行 `disclosure ingest 报告文件夹 --data data` "
        "导入年度报告，或设置环境变量 DISCLOSURE_DATA 指向已有的数据目录。",
        icon=":material/warning:",
    )
    st.stop()

if filters.sidebar() is None:
    st.title("政府信息公开年度报告分析")
    st.warning("数据集中还没有可用的年度报告。", icon=":material/warning:")
    st.stop()

page.run()
