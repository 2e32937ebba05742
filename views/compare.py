"""对比: 2–8 agencies side by side in one year, or one agency year against year; every field with its delta,
and the rates (公开率, 复议纠错率) with their numerators and denominators."""

from __future__ import annotations

import streamlit as st

from disclosure.dashboard import charts, data, filters, models, picker, shape, ui
from disclosure.dashboard.fmt import SCOPE_LABELS, md
from disclosure.dashboard.pagemodel import compare as pagemodel
from disclosure.dashboard.pagemodel import picker as picker_model

sel = ui.page_header("对比")

# Own and 汇总 are two series of one agency: pick, never sum. Agencies come from a picker (the first
# picker.LIMIT of the selection plus a name search), years from an aggregate query: never a row per report.
in_scope = {**sel.params(), "include_aggregate": True}
years_available = pagemodel.years(ui.q("selection_years", include_aggregate=True))
if not years_available:
    ui.no_data()
    st.stop()

# A link reproduces the comparison: cmode, cy + cmp (agencies), cid + csc + cyr (years). Read once per
# session: reading it on every run would undo the user's next change (the URL still held the old choice).
if not st.session_state.get("_cmp_url_read"):
    st.session_state._cmp_url_read = True
    qp = st.query_params
    asked = {k: qp.get_all(k) for k in qp}
    named = picker.within(in_scope, [*asked.get("cmp", []), *asked.get("cid", [])])
    state = pagemodel.url_state(asked, list(named["agency_id"]), years_available, list(SCOPE_LABELS))
    st.session_state.update(state.values)

mode = st.radio(
    "对比方式",
    ["agencies", "years"],
    horizontal=True,
    key="cmp_mode",
    format_func={"agencies": "多个单位（同一年度）", "years": "同一单位（不同年度）"}.get,
)
if mode == "agencies":
    c1, c2 = st.columns([3, 1])
    year = c2.selectbox("年度", years_available, format_func=lambda y: f"{y}年", key="cmp_year")
    in_year = {**in_scope, "year_from": int(year), "year_to": int(year)}
    ukey = f"cmp_units_{year}"
    wanted = st.session_state[ukey] if ukey in st.session_state else list(sel.agency_ids)
    kept = picker.within(in_year, wanted)  # chosen agencies with a report in this year, in the selection
    opts, found, search = picker.offer(in_year, ukey, c1, kept=kept)
    valid = set(kept["agency_id"])
    chosen_before = [a for a in wanted if a in valid][: pagemodel.MAX_SERIES]
    if ukey not in st.session_state and not chosen_before:
        chosen_before = list(found["agency_id"].head(2))
    st.session_state[ukey] = chosen_before
    chosen = c1.multiselect(
        f"单位（2–{pagemodel.MAX_SERIES} 个）",
        opts.ids,
        format_func=opts.labels.get,
        max_selections=pagemodel.MAX_SERIES,
        key=ukey,
        placeholder="选择要对比的单位",
    )
    picker.show_caption(opts, search, c1)
    names = opts.labels
    filters.write_url(sel, pagemodel.agency_url(year, chosen))
    if len(chosen) < 2:
        st.info("请至少选择 2 个单位进行对比。", icon=":material/info:")
        st.stop()
    cells = data.selection_query("compare_cells", {"compare_ids": chosen, "compare_years": [int(year)]})
    cells = models.series_rows(cells.assign(agency=cells["agency_id"].map(names)))
    order = list(
        dict.fromkeys(
            cells.set_index("agency_id").loc[[a for a in chosen if a in set(cells["agency_id"])], "series"]
        )
    )
    series_col, against_first = "series", True
else:
    c1, c2, c3 = st.columns([2, 1, 2])
    current = st.session_state.get("cmp_aid")
    kept = picker.within(in_scope, [current] if current else [], order="table_years")
    opts, found, search = picker.offer(in_scope, "cmp_aid", c1, kept=kept, order="table_years")
    if not opts.ids:
        ui.no_data("所选筛选条件下没有单位。" if not search else f"没有名称包含“{md(search)}”的单位。")
        st.stop()
    if st.session_state.get("cmp_aid") not in opts.labels:
        preferred = picker.within(in_scope, sel.agency_ids, order="table_years")
        st.session_state.cmp_aid = (
            picker_model.default(preferred, sel.agency_ids, min_years=2, column="n_table_years")
            or picker_model.default(found)
            or opts.ids[0]
        )
    aid = c1.selectbox("单位", opts.ids, format_func=opts.labels.get, key="cmp_aid")
    picker.show_caption(opts, search, c1)
    cov = ui.q("coverage", include_aggregate=True, agency_ids=[aid])  # one agency's reports: a few rows
    scopes = models.scopes_by_years(cov, aid)
    if not scopes:
        ui.no_data("该单位在所选年度没有报告。")
        st.stop()
    skey = f"cmp_scope_{aid}"
    if st.session_state.get(skey) not in scopes:
        st.session_state[skey] = scopes[0]
    scope = c2.radio(
        "报告口径",
        scopes,
        format_func=SCOPE_LABELS.get,
        key=skey,
        help="本级报告与汇总报告是同一单位的两组数字，分别对比，永不相加。",
    )
    yrs = sorted(
        int(y) for y in cov.loc[(cov["agency_id"] == aid) & (cov["scope"] == scope), "year"].unique()
    )
    ykey = f"cmp_years_{aid}"
    st.session_state[ykey] = [y for y in st.session_state.get(ykey, yrs[-2:]) if y in yrs] or yrs[-2:]
    chosen_years = c3.multiselect(
        "年度", yrs, format_func=lambda y: f"{y}年", key=ykey, placeholder="选择年度"
    )
    chosen_years = sorted(chosen_years)
    filters.write_url(sel, pagemodel.years_url(aid, scope, chosen_years))
    if len(chosen_years) < 2:
        st.info(pagemodel.years_prompt(scope, len(yrs)), icon=":material/info:")
        st.stop()
    cells = data.selection_query("compare_cells", {"compare_ids": [aid], "compare_years": chosen_years})
    cells = cells[cells["scope"] == scope]
    cells = cells.assign(series=[f"{y}年" for y in cells["year"]])
    series_col, order = "series", [f"{y}年" for y in chosen_years]
    against_first = False  # each year against the year before it

if cells.empty:
    ui.no_data("所选单位和年度没有表格数据（2019 年以前的旧式报告没有统计表格）。")
    st.stop()
warning = pagemodel.template_warning(cells, series_col)
if warning:
    st.warning(md(warning), icon=":material/warning:")

wide = shape.compare_table(cells, series_col, order)
ui.chart(charts.compare_bars(pagemodel.key_figures(wide, order), "主要数字对比（总计列）"), key="cmp_chart")

st.subheader("比率")
series_of = {
    (r.agency_id, r.scope, int(r.year)): r.series
    for r in cells[["agency_id", "scope", "year", "series"]].drop_duplicates().itertuples()
}
parts = data.selection_query(
    "compare_reports",
    {"compare_ids": sorted({k[0] for k in series_of}), "compare_years": sorted({k[2] for k in series_of})},
)
rates = pagemodel.rates(parts, series_of, order)
ui.show_table(rates, key="cmp_rates", numbers={"比率值": "%.1f%%", "分子": "localized", "分母": "localized"})
st.caption(
    "比率由同一份报告的分子、分母计算（采用管理员更正后的数值，与图表相同；"
    f"{models.CORRECTION_NOTE}）；分子或分母空白、分母为 0 时显示为空。"
)

table = pagemodel.delta_table(wide, order, against_first)
st.subheader("逐项对比")
st.caption(
    "逐项对比按报告原样列出印刷值。空白表示报告空白或未填报，差额无法计算时也为空白。"
    + ("差额均相对第一个单位。" if against_first else "差额均相对前一个所选年度。")
)
only_diff = st.toggle("只显示有差异的栏目", key="cmp_only_diff")
delta_cols = pagemodel.delta_columns(table)
if only_diff:
    table = pagemodel.only_differences(table)
section_filter = st.multiselect(
    "部分", ["申请", "复议诉讼", "主动公开"], default=["申请", "复议诉讼", "主动公开"], key="cmp_sections"
)
ui.show_table(
    pagemodel.in_sections(table, section_filter),
    height=600,
    key="cmp_table",
    numbers={**{s: "localized" for s in order}, **{c: "%+,d" for c in delta_cols}},
)
