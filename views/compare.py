"""对比: 2–8 agencies side by side in one year, or one agency year against year; every field with its delta,
and the rates (公开率, 复议纠错率) with their numerators and denominators."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from disclosure.dashboard import charts, data, filters, models, shape, ui
from disclosure.dashboard.fmt import SCOPE_LABELS, cell_label, md

sel = ui.page_header("对比")

cov = ui.q("coverage", include_aggregate=True)  # own and 汇总 are two series of one agency: pick, never sum
if cov.empty:
    ui.no_data()
    st.stop()
names = models.unique_labels(cov)
ids = sorted(names, key=names.get)
years_available = sorted((int(y) for y in cov["year"].unique()), reverse=True)

# A link reproduces the comparison: cmode, cy + cmp (agencies), cid + csc + cyr (years). Read once per
# session: reading it on every run would undo the user's next change (the URL still held the old choice).
qp = st.query_params
if not st.session_state.get("_cmp_url_read"):
    st.session_state._cmp_url_read = True
    if qp.get("cmode") in ("agencies", "years"):
        st.session_state.cmp_mode = qp.get("cmode")
    if qp.get("cy", "").isdigit() and int(qp["cy"]) in years_available:
        st.session_state.cmp_year = int(qp["cy"])
        st.session_state[f"cmp_units_{int(qp['cy'])}"] = [a for a in qp.get_all("cmp") if a in ids][:8]
    if qp.get("cid") in ids:
        st.session_state.cmp_aid = qp["cid"]
        if qp.get("csc") in SCOPE_LABELS:
            st.session_state[f"cmp_scope_{qp['cid']}"] = qp["csc"]
        st.session_state[f"cmp_years_{qp['cid']}"] = [int(y) for y in qp.get_all("cyr") if y.isdigit()]

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
    in_year = [a for a in ids if ((cov["agency_id"] == a) & (cov["year"] == year)).any()]
    ukey = f"cmp_units_{year}"
    if ukey in st.session_state:
        st.session_state[ukey] = [a for a in st.session_state[ukey] if a in in_year][:8]
    else:
        st.session_state[ukey] = [a for a in sel.agency_ids if a in in_year][:8] or in_year[:2]
    chosen = c1.multiselect(
        "单位（2–8 个）",
        in_year,
        format_func=names.get,
        max_selections=8,
        key=ukey,
        placeholder="选择要对比的单位",
    )
    filters.write_url(sel, {"cmode": "agencies", "cy": str(year), "cmp": list(chosen)})
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
    series_col, base_label = "series", order[0] if order else None
else:
    c1, c2, c3 = st.columns([2, 1, 2])
    if st.session_state.get("cmp_aid") not in ids:
        st.session_state.cmp_aid = models.default_years_agency(cov, sel.agency_ids) or ids[0]
    aid = c1.selectbox("单位", ids, format_func=names.get, key="cmp_aid")
    scopes = models.scopes_by_years(cov, aid)
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
    filters.write_url(
        sel, {"cmode": "years", "cid": aid, "csc": scope, "cyr": [str(y) for y in chosen_years]}
    )
    if len(chosen_years) < 2:
        st.info(
            f"请至少选择 2 个年度进行对比（该单位的{SCOPE_LABELS[scope]}共有 {len(yrs)} 个年度）。",
            icon=":material/info:",
        )
        st.stop()
    cells = data.selection_query("compare_cells", {"compare_ids": [aid], "compare_years": chosen_years})
    cells = cells[cells["scope"] == scope]
    cells = cells.assign(series=[f"{y}年" for y in cells["year"]])
    series_col, order = "series", [f"{y}年" for y in chosen_years]
    base_label = None  # each year against the year before it

if cells.empty:
    ui.no_data("所选单位和年度没有表格数据（2019 年以前的旧式报告没有统计表格）。")
    st.stop()
templates = cells.groupby(series_col)["template"].first()
if templates.nunique() > 1:
    st.warning(
        "所选报告使用了不同版本的模板（"
        + "、".join(f"{md(k)}：{md(v)}版" for k, v in templates.items())
        + "）。第二部分（主动公开）的栏目不同，只在同一模板的报告之间比较；其他栏目照常对比。",
        icon=":material/warning:",
    )

wide = shape.compare_table(cells, series_col, order)
key_paths = {
    "requests.new.total": "本年新收",
    "requests.carried_in.total": "上年结转",
    "requests.granted.total": "予以公开",
    "requests.partial.total": "部分公开",
    "requests.handled_total.total": "办理总计",
    "requests.carried_out.total": "结转下年",
    "review_litigation.review.total": "行政复议",
    "review_litigation.litigation_direct.total": "直接起诉",
    "review_litigation.litigation_after_review.total": "复议后起诉",
}
chart_df = pd.DataFrame(
    [
        {
            "field": label,
            "series": s,
            "value": wide.loc[p, s] if p in wide.index and s in wide.columns else None,
        }
        for s in order
        for p, label in key_paths.items()
    ]
)
ui.chart(charts.compare_bars(chart_df, "主要数字对比（总计列）"), key="cmp_chart")

st.subheader("比率")
rates = models.compare_rates(wide, order)
ui.show_table(rates, key="cmp_rates", numbers={"比率值": "%.1f%%", "分子": "localized", "分母": "localized"})
st.caption("比率由同一份报告的分子、分母计算；分子或分母空白、分母为 0 时显示为空。")

rows = []
for path in wide.index:
    section = path.split(".")[0]
    row = {
        "部分": {"active": "主动公开", "requests": "申请", "review_litigation": "复议诉讼"}.get(
            section, section
        ),
        "栏目": cell_label(path),
    }
    for i, s in enumerate(order):
        v = wide.loc[path, s] if s in wide.columns else None
        row[s] = v
        if i == 0:
            continue
        ref = order[0] if base_label else order[i - 1]
        r = wide.loc[path, ref] if ref in wide.columns else None
        row[f"{s} 比 {ref}"] = None if v is None or pd.isna(v) or r is None or pd.isna(r) else v - r
    rows.append(row)
table = pd.DataFrame(rows)
st.subheader("逐项对比")
st.caption(
    "空白表示报告空白或未填报，差额无法计算时也为空白。"
    + ("差额均相对第一个单位。" if base_label else "差额均相对前一个所选年度。")
)
only_diff = st.toggle("只显示有差异的栏目", key="cmp_only_diff")
delta_cols = [c for c in table.columns if " 比 " in c]
if only_diff:
    table = table[table[delta_cols].apply(lambda r: any(pd.notna(v) and v != 0 for v in r), axis=1)]
section_filter = st.multiselect(
    "部分", ["申请", "复议诉讼", "主动公开"], default=["申请", "复议诉讼", "主动公开"], key="cmp_sections"
)
ui.show_table(
    table[table["部分"].isin(section_filter)],
    height=600,
    key="cmp_table",
    numbers={**{s: "localized" for s in order}, **{c: "%+,d" for c in delta_cols}},
)
