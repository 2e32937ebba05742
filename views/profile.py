"""单位档案: one agency across its years — the report's tables as printed, checks, platform metrics,
source files and versions. Laid out to print well (browser 打印 hides the sidebar)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from disclosure import contract
from disclosure.dashboard import charts, data, filters, shape, ui
from disclosure.dashboard.fmt import (
    KIND_LABELS,
    LEVEL_LABELS,
    PERIOD_LABELS,
    SCOPE_LABELS,
    SECTION_LABELS,
    SEVERITY_LABELS,
    TEMPLATE_LABELS,
    cell_label,
    check_description,
    num,
    where_label,
)

sel = ui.page_header("单位档案")
names = sel.agency_names  # never empty: app.py stops before any page when there are no agencies
ids = sorted(names, key=lambda a: names[a])
wanted = st.query_params.get("aid")
if wanted in names and st.session_state.get("_profile_from_url") != wanted:
    st.session_state.profile_aid = wanted
    st.session_state._profile_from_url = wanted
if st.session_state.get("profile_aid") not in names:
    in_selection = [a for a in sel.agency_ids if a in names]
    st.session_state.profile_aid = in_selection[0] if in_selection else ids[0]
c_unit, c_print = st.columns([4, 1], vertical_alignment="bottom")
aid = c_unit.selectbox("单位", ids, format_func=names.get, key="profile_aid")
if "profile_print" not in st.session_state:
    st.session_state.profile_print = st.query_params.get("print") == "1"
printable = c_print.toggle("打印版式", key="profile_print",
                           help="表格全部展开为静态表格，便于用浏览器“打印”或截图放入汇报材料")
filters.write_url(sel, {"aid": aid, **({"print": "1"} if printable else {})})


def table(df, key: str, height: int | str = "auto") -> None:
    """Interactive table on screen; a static, fully expanded table in the printable layout."""
    if printable:
        st.table(df)
    else:
        ui.show_table(df, height=height, key=key)


reports = data.selection_query("profile_reports", {"agency_id": aid})
if reports.empty:
    ui.no_data("该单位还没有入库的报告。")
    st.stop()
head = reports.iloc[0]
st.header(head["agency"], divider="gray")
region = " · ".join(str(v) for v in (head["province"], head["city"], head["county"]) if isinstance(v, str) and v)
st.caption(" ｜ ".join(x for x in (
    region or "地区未识别",
    LEVEL_LABELS.get(head["level"], "层级未识别"),
    KIND_LABELS.get(head["kind"], "类型未识别"),
    SCOPE_LABELS.get(head["scope"] or "own", ""),
    f"共 {reports['year'].nunique()} 个年度的报告",
) if x))

history = data.selection_query("agency_requests_history", {"agency_id": aid})
if len(history) >= 1:
    hist = history.assign(n_reports=1)
    span = f"{int(hist['year'].min())}–{int(hist['year'].max())}年"
    ui.chart(charts.flows_by_year(hist, "历年申请数量"), key="profile_hist", scope=head["agency"], years=span)

years = sorted(reports["year"].dropna().astype(int).unique(), reverse=True)
default_year = st.query_params.get("year")
year = st.segmented_control("年度", years, format_func=lambda y: f"{y}年", key="profile_year",
                            default=int(default_year) if default_year and default_year.isdigit()
                            and int(default_year) in years else years[0])
year = year or years[0]
versions = reports[reports["year"] == year].sort_values("version", ascending=False)
if len(versions) > 1:
    vlabels = {r.report_id: f"第 {r.version} 版{'（当前）' if r.is_current else '（已被替换）'}，入库于 {r.ingested_at:%Y-%m-%d}"
               for r in versions.itertuples()}
    rid = st.radio("版本", list(vlabels), format_func=vlabels.get, horizontal=True, key=f"profile_ver_{year}")
else:
    rid = versions.iloc[0]["report_id"]
rep = versions[versions["report_id"] == rid].iloc[0]

st.subheader(f"{year}年度报告")
meta = st.columns(4)
meta[0].metric("模板", TEMPLATE_LABELS.get(rep["template"], rep["template"] or "—"))
meta[1].metric("校验错误", num(rep["n_errors"]))
meta[2].metric("校验提示", num(rep["n_warnings"]))
meta[3].metric("来源格式", f"{(rep['format'] or '—').upper()}{'（OCR）' if rep['ocr'] else ''}")

src = Path(str(rep["source_path"])) if isinstance(rep["source_path"], str) else None
if src is not None and not src.is_absolute():
    src = data.data_dir() / src
if src is not None and src.is_file():
    st.download_button(f"下载原始报告文件：{rep['source_file']}", src.read_bytes(), file_name=str(rep["source_file"]),
                       icon=":material/attach_file:", key="profile_src", on_click="ignore")
else:
    st.caption(f"原始文件：{rep['source_file'] or '—'}（数据目录中没有存档副本）")

if rep["template"] == "legacy":
    st.info("这是 2019 年以前的旧式报告，没有统一的统计表格，只保留单位、年度和正文中的平台数字。")
else:
    cells = data.selection_query("report_cells", {"report_id": rid})
    tables = shape.printed_tables(cells, rep["template"])
    st.caption(f"表格按报告原样列出：“—”表示空白或未填报；带 {shape.IMPUTED_MARK} 的 0 是由空白推定的；"
               f"“{shape.AMBIGUOUS_MARK}”表示数字连在一起、有多种拆分方式，列出可能的值。")
    colors = {"imputed": "background-color: #FFF8E1", "ambiguous": "background-color: #FFE0B2; color: #BF360C"}
    for section in ("active", "requests", "review_litigation"):
        text, flags = tables[section]
        st.markdown(f"**{SECTION_LABELS[section]}**")
        styled = text.style.apply(lambda _df, f=flags: f.map(lambda v: colors.get(v, "")), axis=None)
        if printable:
            st.table(styled.hide(axis="index"))
        else:
            st.dataframe(styled, hide_index=True, width="stretch",
                         height=min(35 * (len(text) + 1) + 3, 1000), key=f"profile_tbl_{section}")

if rep["is_current"] and rep["template"] != "legacy":
    st.markdown("**与同级同类单位比较**")
    same_province = st.toggle("只比较同一省份", value=True, key="profile_peer_prov")
    peers = data.selection_query("peer_figures", {"agency_id": aid, "year": int(year),
                                                  "same_province": same_province})
    others = peers[~peers["is_self"]]
    if others.empty:
        st.caption(f"{year}年没有同层级、同类型（{LEVEL_LABELS.get(rep['level'], '—')}"
                   f"{KIND_LABELS.get(rep['kind'], '')}）的其他单位报告可比较。")
    else:
        rates = shape.peer_rates(peers)
        ui.chart(charts.rate_bars(rates, "公开率", "予以公开＋部分公开", "办理总计",
                                  f"{year}年公开率：本单位（橙色）与 {len(others)} 个同级同类单位",
                                  highlight=aid), key="profile_peers", clickable=True,
                 scope=f"{head['agency']}与同级同类单位", years=f"{year}年")
        new_rank = peers["new"].rank(ascending=False, method="min")
        me = peers[peers["is_self"]]
        if not me.empty and pd.notna(me["new"].iloc[0]):
            st.caption(f"本年新收申请 {num(me['new'].iloc[0])} 件，在 {int(peers['new'].notna().sum())} 个单位中"
                       f"排第 {int(new_rank[me.index[0]])} 位。点击其他单位的条形可打开其档案。")

st.markdown("**勾稽关系校验**")
checks = data.selection_query("report_checks", {"report_id": rid})
if checks.empty:
    st.caption("没有校验记录。")
else:
    failed = checks[checks["ok"] == False]  # noqa: E712
    if failed.empty:
        st.success(f"全部 {len(checks)} 项校验通过或无法校验（空白）。", icon=":material/fact_check:")
    else:
        st.error(f"{len(failed)} 项未通过（共 {len(checks)} 项）。", icon=":material/error:")
    table(pd.DataFrame({
        "结果": ["未通过" if ok is False else ("通过" if ok is True else "无法校验") for ok in checks["ok"].astype(object)],
        "规则": checks["rule"],
        "说明": [check_description(r, m) for r, m in zip(checks["rule"], checks["message"], strict=True)],
        "位置": [where_label(w) for w in checks["where"]],
        "应为": [num(v) for v in checks["expected"]],
        "实际": [num(v) for v in checks["actual"]],
        "严重程度": checks["severity"].map(SEVERITY_LABELS),
    }), key="profile_checks", height=300)

st.markdown("**平台数字（正文）**")
pm = data.selection_query("report_platform", {"report_id": rid})
if pm.empty:
    st.caption("正文中没有识别到平台数字。")
else:
    table(pd.DataFrame({
        "平台": pm["platform"].map(lambda p: contract.PLATFORMS.get(p, p)),
        "账号": pm["account"].fillna("—"),
        "指标": pm["metric"].map(lambda m: contract.METRICS.get(m, m)),
        "数值": [num(v) + (q if isinstance(q, str) else "") for v, q in zip(pm["value"], pm["qualifier"], strict=True)],
        "计量单位": pm["unit"].fillna("—"),
        "口径": pm["period"].map(lambda p: PERIOD_LABELS.get(p, "—")),
        "原文句子": pm["sentence"],
    }), key="profile_pm")

revisions = data.selection_query("agency_revisions", {"agency_id": aid})
if not revisions.empty:  # administrators' corrections: the printed value stays, the log is shown
    st.markdown("**管理员更正记录**")
    ui.show_table(ui.as_text(revisions.drop(columns=["report_id"]).assign(path=revisions["path"].map(cell_label))
                             .rename(columns={"year": "年度", "path": "单元格", "old_value": "原值", "new_value": "新值",
                                              "reason": "理由", "who": "操作人", "recorded_at": "时间"})),
                  key="profile_revisions")

st.markdown("**全部报告与版本**")
table(pd.DataFrame({
    "年度": reports["year"],
    "版本": reports["version"],
    "当前版本": ["是" if v else "否" for v in reports["is_current"]],
    "模板": reports["template"].map(lambda t: TEMPLATE_LABELS.get(t, t)),
    "来源文件": reports["source_file"],
    "校验错误": [num(v) for v in reports["n_errors"]],
    "入库时间": [f"{v:%Y-%m-%d %H:%M}" if pd.notna(v) else "—" for v in reports["ingested_at"]],
}), key="profile_versions")
st.caption("打印：打开右上方“打印版式”，再使用浏览器的“打印”功能（侧边栏不会被打印）。")
