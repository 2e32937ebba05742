"""Entry point of the dashboard: `streamlit run app.py` (data folder: $DISCLOSURE_DATA or ./data).

The page scripts live in `views/`, not `pages/`: Streamlit treats a folder named `pages/` next to the
entry point as an old-style multipage app until st.navigation has run once in the process. The first
request after a restart that opens a deep link (a shared `/profile?aid=…` link) then either runs the page
script without this file (no sidebar filters, an exception) or, when file names differ from the URL
paths, shows an English "Page not found" dialog over the page and swallows the first chart click
(both reproduced in Chromium). tests/test_e2e_browser.py checks the deep link on a fresh server.

Re-tried with Streamlit 1.67.0 (2026-12-01, issue 8 step 9; branch s8-pages-experiment: `git mv views
pages` and the paths in navigation/tests): test_deep_link_on_a_fresh_server_opens_the_profile failed 4 of
4 runs. On a fresh server `/profile?aid=…&year=2021` ran pages/profile.py directly: the sidebar listed
every file as an English auto-page ("admin corrections", "admin login", … "review" — the admin pages
too, to a viewer) and the page stopped with `RuntimeError: sidebar() must run before the page`
(filters.current(), because app.py never ran). Hence views/.
"""

from __future__ import annotations

import logging
import os
import uuid

import streamlit as st

from disclosure.dashboard import access, data, filters, navigation, ui

# A local tab icon: a :material/…: icon is fetched from the internet and is broken offline.
st.set_page_config(page_title="政府信息公开年度报告分析", page_icon=str(ui.ICON), layout="wide")
ui.chrome_css()

# Admin pages exist only for an authenticated administrator (disclosure.dashboard.access).
page = st.navigation(navigation.build(access.current_admin(), login=bool(access.login_modes())))

# Print layout (A4): no sidebar, header, widgets or chart toolbars; the page flows over pages instead of
# scrolling inside a full-height box (which printed one clipped page and a blank one); charts are scaled
# to the page width: before printing, print_fit.js gives each Plotly SVG a viewBox so that CSS can shrink
# it (Plotly draws at the screen width; without this the right-hand bars and labels were cut off).
st.html(
    """<style>
    @media print {
      @page { size: A4; margin: 12mm; }
      [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
      [data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], .modebar-container,
      [data-testid="stPopover"], [data-testid="stDownloadButton"], [data-testid="stButton"],
      [data-testid="stSelectbox"], [data-testid="stMultiSelect"], [data-testid="stSlider"],
      [data-testid="stRadio"], [data-testid="stCheckbox"], [data-testid="stButtonGroup"],
      [data-testid="stTextInput"], [data-testid="stPageLink"], [data-testid="stElementToolbar"],
      [data-testid="stIFrame"] { display: none !important; }
      html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"],
      [data-testid="stMainBlockContainer"] { height: auto !important; min-height: 0 !important;
        overflow: visible !important; position: static !important; }
      .block-container { padding: 0 !important; max-width: 100% !important; }
      .stPlotlyChart, .js-plotly-plot, .js-plotly-plot .plot-container { width: 100% !important; }
      .js-plotly-plot .svg-container[data-print-ratio] { width: 100% !important; height: auto !important;
        aspect-ratio: var(--print-ratio); }
      .js-plotly-plot .svg-container[data-print-ratio] > .main-svg { width: 100% !important;
        height: 100% !important; }
      .stPlotlyChart, [data-testid="stDataFrame"], [data-testid="stMetric"] { break-inside: avoid; }
      /* a long table splits between rows (a clipped box cannot, and left a blank page before it) */
      [data-testid="stTable"], [data-testid="stTable"] * { overflow: visible !important; }
      [data-testid="stTable"] table { display: table !important; width: 100%; font-size: 9pt; }  /* inline-table: monolithic */
      [data-testid="stTable"] th, [data-testid="stTable"] td { padding: 2px 4px !important; }
      [data-testid="stTable"] tr { break-inside: avoid; }
    }
    </style>
    <script>
    (() => {
      const root = window.parent && window.parent.document ? window.parent : window;
      if (root.__printFit) return;
      root.__printFit = true;
      const fit = () => root.document.querySelectorAll(".js-plotly-plot .svg-container").forEach((box) => {
        const svg = box.querySelector(".main-svg");
        const w = svg && parseFloat(svg.getAttribute("width")), h = svg && parseFloat(svg.getAttribute("height"));
        if (!w || !h) return;
        box.querySelectorAll(".main-svg").forEach((s) => s.setAttribute("viewBox", `0 0 ${w} ${h}`));
        box.style.setProperty("--print-ratio", `${w} / ${h}`);
        box.setAttribute("data-print-ratio", "");
      });
      const unfit = () => root.document.querySelectorAll(".svg-container[data-print-ratio]").forEach((box) => {
        box.removeAttribute("data-print-ratio");
        box.querySelectorAll(".main-svg").forEach((s) => s.removeAttribute("viewBox"));
      });
      root.addEventListener("beforeprint", fit);
      root.addEventListener("afterprint", unfit);
      root.matchMedia("print").addEventListener("change", (e) => (e.matches ? fit() : unfit()));
    })();
    </script>""",
    unsafe_allow_javascript=True,
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
    n_synthetic, n_reports = data.synthetic_reports()
    if n_synthetic:
        st.error(
            f"合成数据：当前数据集中 {n_synthetic:,} / {n_reports:,} 份报告由 `disclosure synth` 生成，"
            "仅用于测试与性能评估，不是真实的政府信息公开年度报告，其中的数字不得引用。",
            icon=":material/science:",
        )
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
    st.error(
        f"页面出错，未能显示（错误编号 {ref}）。请稍后重试或调整筛选条件；如仍出现，请把错误编号告知管理员。",
        icon=":material/error:",
    )
