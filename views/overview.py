"""总览: headline figures with change versus the previous year, coverage heat map, shortcuts."""

from __future__ import annotations

import streamlit as st

from disclosure import benchmarks
from disclosure.dashboard import filters, models, navigation, shape, ui
from disclosure.dashboard.fmt import ratio
from disclosure.dashboard.pagemodel import common, overview

sel = ui.page_header("总览")

headline_all = ui.q("headline", include_aggregate=True)  # 汇总 rows are counted apart, never added
if headline_all.empty:
    ui.no_data()
    st.stop()
hl = overview.headline(headline_all, sel.include_aggregate)
headline, only_aggregate, latest, cur, prev = hl.rows, hl.only_aggregate, hl.latest, hl.cur, hl.prev

# Changes are computed over the agencies that reported in both years (a fair comparison); the figures
# themselves cover every report of the latest year.
n_pair = (
    int(ui.q("panel_agencies", year_from=latest - 1, year_to=latest, among=[])["agencies"].iloc[0])
    if prev
    else 0
)
pair = ui.q("headline", year_from=latest - 1, year_to=latest, panel=True) if n_pair else headline.iloc[0:0]
cur_p, prev_p = shape.year_row(pair, latest) or {}, shape.year_row(pair, latest - 1) or {}


def both(key: str) -> tuple:
    return cur_p.get(key), prev_p.get(key)


def both_rate(num_key: str, den_key: str) -> tuple:
    return ratio(cur_p.get(num_key), cur_p.get(den_key)), ratio(prev_p.get(num_key), prev_p.get(den_key))


ui.region_chart()  # the hierarchy one level below the filter, at most TOP_N + 1 bars (drill by click)

st.subheader(f"{latest}年主要数字")
if only_aggregate:
    st.info(
        "所选范围内只有汇总报告（没有本级报告），下面列出汇总报告的数字；它们综合了下属单位，单独列示。",
        icon=":material/info:",
    )
st.caption(
    f"数字为{latest}年全部本级报告之和；变化只比较两年都有报告的 {n_pair:,} 个单位（同一批单位），"
    "“已发布报告”的变化除外。汇总报告不计入。比率由分子、分母分别求和后计算。"
    + ("" if prev or only_aggregate else f"所选范围内没有 {latest - 1} 年的本级报告，因此不显示变化。")
)
if not sel.include_aggregate and not only_aggregate:
    n_agg = int(headline_all.loc[headline_all["scope"] == "aggregate", "n_reports"].sum())
    if n_agg:
        st.info(
            f"所选范围内另有 {n_agg} 份汇总报告未计入上面的数字（汇总报告不能与其所汇总单位的数字相加）。"
            "如需查看，请在左侧打开“包含汇总报告”，它们会单独列出。",
            icon=":material/info:",
        )
corr = models.corrections_for(ui.corrections(), years=(latest,))  # figures use corrected values: marked †
metric_defs = benchmarks.metrics()


def fixed(key: str):
    """The corrections behind one headline figure (its benchmark metric's cells)."""
    return models.corrections_for(corr, paths=models.metric_paths(metric_defs[key]))


c = st.columns(4)
with c[0]:
    ui.metric("已发布报告（份）", cur.get("n_reports"), prev.get("n_reports"))
with c[1]:
    ui.metric(
        models.mark("本年新收申请（件）", fixed("new")),
        cur.get("new"),
        basis=both("new"),
        help=ui.correction_help("各单位“一、本年新收政府信息公开申请数量”总计列之和", fixed("new")),
    )
with c[2]:
    ui.metric(
        models.mark("本年办理总计（件）", fixed("handled")),
        cur.get("handled"),
        basis=both("handled"),
        help=ui.correction_help("各单位“（七）总计”之和", fixed("handled")),
    )
with c[3]:
    ui.metric(
        models.mark("公开率", fixed("open_rate")),
        ratio(cur.get("open_num"), cur.get("open_den")),
        basis=both_rate("open_num", "open_den"),
        percent=True,
        help=ui.correction_help("（予以公开 + 部分公开）÷ 办理总计，分子分母分别求和", fixed("open_rate")),
    )
c = st.columns(4)
with c[0]:
    ui.metric(
        models.mark("行政复议（件）", fixed("review_total")),
        cur.get("review_total"),
        basis=both("review_total"),
        inverse=True,
        help=ui.correction_help(None, fixed("review_total")),
    )
with c[1]:
    ui.metric(
        models.mark("行政诉讼（件）", fixed("litigation_total")),
        cur.get("litigation_total"),
        basis=both("litigation_total"),
        inverse=True,
        help=ui.correction_help(None, fixed("litigation_total")),
    )
with c[2]:
    ui.metric(
        models.mark("复议纠错率", fixed("correction_rate")),
        ratio(cur.get("review_corrected"), cur.get("review_decided")),
        basis=both_rate("review_corrected", "review_decided"),
        percent=True,
        inverse=True,
        help=ui.correction_help("结果纠正 ÷（总计 − 尚未审结）", fixed("correction_rate")),
    )
with c[3]:
    ui.metric(
        "有校验错误的报告（份）",
        cur.get("n_reports_with_errors"),
        basis=both("n_reports_with_errors"),
        inverse=True,
        help="勾稽关系（R1–R8）未通过的报告数，详见“数据质量”",
    )
ui.correction_caption(models.corrections_for(corr, prefix=""))

agg = shape.year_row(headline_all, latest, "aggregate")
if (sel.include_aggregate or only_aggregate) and agg:
    st.markdown("**汇总报告（单独列示，不与上面的数字相加）**")
    c = st.columns(4)
    with c[0]:
        ui.metric("汇总报告（份）", agg.get("n_reports"))
    with c[1]:
        ui.metric("汇总：本年新收申请（件）", agg.get("new"))
    with c[2]:
        ui.metric("汇总：本年办理总计（件）", agg.get("handled"))
    with c[3]:
        ui.metric("汇总：公开率", ratio(agg.get("open_num"), agg.get("open_den")), percent=True)

st.divider()
# A map of what exists (汇总 reports are counted, not hidden): the groups one level below the filter, or
# at county level one row per agency, a page at a time.
cov_groups = ui.q("coverage_by_group", include_aggregate=True)
by_agency = common.agency_level(cov_groups)
cov_reports = ui.q("coverage", include_aggregate=True) if by_agency else None
years = list(range(sel.year_from, sel.year_to + 1))
n_agencies = cov_reports["agency_id"].nunique() if cov_reports is not None else 0
number = ui.page_number(n_agencies, "coverage_page", overview.COVERAGE_ROWS).number
cov = overview.coverage(cov_groups, cov_reports, years, number)
ui.chart(cov.figure, key="coverage")
st.caption(cov.caption + (" " + cov.page.caption(always=True) if cov.page and cov.page.n_pages > 1 else ""))
if cov.labels:
    agencies = sorted(cov.labels, key=cov.labels.get)
    pick = st.selectbox(
        "打开单位档案",
        [None, *agencies],
        format_func=lambda a: "选择单位…" if a is None else cov.labels.get(a, a),
        key="overview_profile",
    )
    if pick:
        ui.open_profile(pick)

st.divider()
st.subheader("进一步查看")
cols = st.columns(2)
links = [
    ("requests", "申请量：各单位收到多少申请", ":material/inbox:"),
    ("outcomes", "办理结果：公开、不予公开的构成", ":material/fact_check:"),
    ("review", "复议诉讼：纠错率", ":material/gavel:"),
    ("platform", "平台：网站、新媒体发布情况", ":material/smartphone:"),
    ("active", "主动公开：规章、规范性文件等", ":material/campaign:"),
    ("compare", "对比：单位之间、年度之间", ":material/compare_arrows:"),
    ("quality", "数据质量：未通过的勾稽关系", ":material/rule:"),
    ("export", "数据导出：CSV、Excel、Parquet", ":material/download:"),
]
for i, (key, label, icon) in enumerate(links):
    with cols[i % 2]:
        st.page_link(navigation.page(key), label=label, icon=icon, query_params=filters.page_query_params())
