"""对比: 2–8 agencies side by side in one year, or one agency year against year; every field with its delta."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from disclosure.dashboard import charts, data, filters, shape, ui
from disclosure.dashboard.fmt import cell_label, num, signed

sel = ui.page_header("对比")

cov = ui.q("coverage")
if cov.empty:
    ui.no_data()
    st.stop()
names = dict(zip(cov["agency_id"], cov["agency"], strict=True))
ids = sorted(names, key=names.get)
years_available = sorted(cov["year"].astype(int).unique(), reverse=True)

# A link reproduces the comparison: cmode, cy + cmp (agencies), cid + cyr (years) in the URL.
qp = st.query_params
if qp.get("cmode") in ("agencies", "years") and st.session_state.get("_cmp_url") != str(qp.to_dict()):
    st.session_state._cmp_url = str(qp.to_dict())
    st.session_state.cmp_mode = qp.get("cmode")
    if qp.get("cy", "").isdigit() and int(qp["cy"]) in years_available:
        st.session_state.cmp_year = int(qp["cy"])
        st.session_state[f"cmp_units_{int(qp['cy'])}"] = [a for a in qp.get_all("cmp") if a in ids][:8]
    if qp.get("cid") in ids:
        st.session_state.cmp_aid = qp["cid"]
        st.session_state[f"cmp_years_{qp['cid']}"] = [int(y) for y in qp.get_all("cyr") if y.isdigit()]

mode = st.radio("对比方式", ["agencies", "years"], horizontal=True, key="cmp_mode",
                format_func={"agencies": "多个单位（同一年度）", "years": "同一单位（不同年度）"}.get)
if mode == "agencies":
    c1, c2 = st.columns([3, 1])
    year = c2.selectbox("年度", years_available, format_func=lambda y: f"{y}年", key="cmp_year")
    in_year = [a for a in ids if ((cov["agency_id"] == a) & (cov["year"] == year)).any()]
    ukey = f"cmp_units_{year}"
    if ukey in st.session_state:
        st.session_state[ukey] = [a for a in st.session_state[ukey] if a in in_year][:8]
    else:
        st.session_state[ukey] = [a for a in sel.agency_ids if a in in_year][:8] or in_year[:2]
    chosen = c1.multiselect("单位（2–8 个）", in_year, format_func=names.get, max_selections=8,
                            key=ukey, placeholder="选择要对比的单位")
    if len(chosen) < 2:
        st.info("请至少选择 2 个单位进行对比。", icon=":material/info:")
        st.stop()
    filters.write_url(sel, {"cmode": "agencies", "cy": str(year), "cmp": list(chosen)})
    cells = data.selection_query("compare_cells", {"compare_ids": chosen, "compare_years": [int(year)]})
    series_col, order = "agency", [names[a] for a in chosen]
    base_label = order[0]
else:
    c1, c2 = st.columns([2, 2])
    if st.session_state.get("cmp_aid") not in ids:
        st.session_state.cmp_aid = sel.agency_ids[0] if sel.agency_ids and sel.agency_ids[0] in ids else ids[0]
    aid = c1.selectbox("单位", ids, format_func=names.get, key="cmp_aid")
    yrs = sorted(cov.loc[cov["agency_id"] == aid, "year"].astype(int).unique())
    ykey = f"cmp_years_{aid}"
    st.session_state[ykey] = [y for y in st.session_state.get(ykey, yrs[-2:]) if y in yrs] or yrs[-2:]
    chosen_years = c2.multiselect("年度", yrs, format_func=lambda y: f"{y}年", key=ykey, placeholder="选择年度")
    if len(chosen_years) < 2:
        st.info("请至少选择 2 个年度进行对比（该单位需有 2 个以上年度的报告）。", icon=":material/info:")
        st.stop()
    chosen_years = sorted(chosen_years)
    filters.write_url(sel, {"cmode": "years", "cid": aid, "cyr": [str(y) for y in chosen_years]})
    cells = data.selection_query("compare_cells", {"compare_ids": [aid], "compare_years": chosen_years})
    cells = cells.assign(series=[f"{y}年" for y in cells["year"]])
    series_col, order = "series", [f"{y}年" for y in chosen_years]
    base_label = None  # each year against the year before it

if cells.empty:
    ui.no_data("所选单位和年度没有表格数据。")
    st.stop()
templates = cells.groupby(series_col)["template"].first()
if templates.nunique() > 1:
    st.warning("所选报告使用了不同版本的模板（" + "、".join(f"{k}：{v}版" for k, v in templates.items())
               + "）。第二部分（主动公开）的栏目不同，只在同一模板的报告之间比较；其他栏目照常对比。", icon=":material/warning:")

wide = shape.compare_table(cells, series_col, order)
key_paths = {"requests.new.total": "本年新收", "requests.carried_in.total": "上年结转",
             "requests.granted.total": "予以公开", "requests.partial.total": "部分公开",
             "requests.handled_total.total": "办理总计", "requests.carried_out.total": "结转下年",
             "review_litigation.review.total": "行政复议", "review_litigation.litigation_direct.total": "直接起诉",
             "review_litigation.litigation_after_review.total": "复议后起诉"}
chart_df = pd.DataFrame([
    {"field": label, "series": s, "value": wide.loc[p, s] if p in wide.index and s in wide.columns else None}
    for s in order for p, label in key_paths.items()
])
ui.chart(charts.compare_bars(chart_df, "主要数字对比（总计列）"), key="cmp_chart")

rows = []
for path in wide.index:
    section = path.split(".")[0]
    row = {"部分": {"active": "主动公开", "requests": "申请", "review_litigation": "复议诉讼"}.get(section, section),
           "栏目": cell_label(path)}
    for i, s in enumerate(order):
        v = wide.loc[path, s] if s in wide.columns else None
        row[s] = num(v)
        if i == 0:
            continue
        ref = order[0] if base_label else order[i - 1]
        r = wide.loc[path, ref] if ref in wide.columns else None
        delta = None if pd.isna(v) or r is None or pd.isna(r) else v - r
        row[f"{s} 比 {ref}"] = signed(delta)
    rows.append(row)
table = pd.DataFrame(rows)
st.subheader("逐项对比")
st.caption("“—”表示报告空白或未填报，差额无法计算时也显示“—”。"
           + ("差额均相对第一个单位。" if base_label else "差额均相对前一个所选年度。"))
only_diff = st.toggle("只显示有差异的栏目", key="cmp_only_diff")
if only_diff:
    delta_cols = [c for c in table.columns if " 比 " in c]
    table = table[table[delta_cols].apply(lambda r: any(v not in ("—", "0") for v in r), axis=1)]
section_filter = st.multiselect("部分", ["申请", "复议诉讼", "主动公开"], default=["申请", "复议诉讼", "主动公开"],
                                key="cmp_sections")
ui.show_table(table[table["部分"].isin(section_filter)], height=600, key="cmp_table")
