"""会议简报: one scope and year against the year before, previewed here and downloaded as PDF, Word or HTML.

Layout only: the scope is the sidebar selection, the model is built by disclosure.briefing.model and
every file by disclosure.briefing.output — the same code as `disclosure briefing` on the command line.
"""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from disclosure import benchmarks
from disclosure.briefing import model, output
from disclosure.dashboard import data, ui
from disclosure.dashboard.pagemodel import briefing as pagemodel

sel = ui.page_header("会议简报")
st.caption(
    "简报的范围取自左侧筛选条件（地区、层级、单位类型、自选单位、是否包含汇总报告），"
    "年度与上一年比较。生成后可预览，并下载 PDF（A4，用于打印）、Word（可编辑）或 HTML。"
)

years = pagemodel.years(ui.q("selection_years"))  # one row per year, never one per report
if not years:
    ui.no_data()
    st.stop()
c_year, c_metrics = st.columns([1, 3])
year = c_year.selectbox("简报年度", years, format_func=pagemodel.year_label, key="brief_year")
chosen = c_metrics.multiselect(
    "排名表的指标",
    list(benchmarks.metrics()),
    default=list(model.DEFAULT_METRICS),
    format_func=lambda k: benchmarks.metrics()[k].label,
    key="brief_metrics",
    placeholder="选择排名指标",
)
scope = sel.between(int(year) - 1, int(year))  # the sidebar's selection; the briefing sets its years
wanted = (scope, int(year), tuple(chosen), data.snapshot_stamp(data.data_dir()))
if st.button("生成简报", type="primary", icon=":material/description:", disabled=not chosen, key="brief_go"):
    with st.spinner("正在生成简报（图表渲染约需数秒）…"):
        try:
            b = model.build(data.connection(), scope, int(year), tuple(chosen))
            st.session_state.briefing = (wanted, b, output.render(b, "html").decode("utf-8"))
        except model.EmptyScopeError as exc:
            st.session_state.briefing = None
            st.info(f"{exc}。请在左侧放宽范围或选择其他年度。", icon=":material/info:")

done = st.session_state.get("briefing")
if done and done[0] == wanted:
    _, b, html = done
    st.success(pagemodel.done_text(b), icon=":material/check_circle:")
    cols = st.columns(3)
    for col, (fmt, label) in zip(cols, ((d.fmt, d.label) for d in pagemodel.DOWNLOADS), strict=True):
        payload = {
            "pdf": lambda: output.pdf_from_html(html),
            "docx": lambda: output.render(b, "docx"),
            "html": html.encode("utf-8"),
        }[fmt]
        col.download_button(
            label,
            data=payload,
            file_name=pagemodel.file_name(b, fmt),
            mime=output.FORMATS[fmt],
            key=f"brief_dl_{fmt}",
            icon=":material/download:",
            on_click="ignore",
            width="stretch",
        )
    st.markdown("**预览**")
    components.html(html, height=900, scrolling=True)
elif done:
    st.caption("筛选条件或年度已改变：请重新生成简报。")
