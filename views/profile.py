"""单位档案: one agency across its years — the report's tables as printed, checks, platform metrics,
source files and versions. Laid out to print well (browser 打印 hides the sidebar)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from disclosure import benchmarks
from disclosure.dashboard import charts, data, models, picker, shape, ui
from disclosure.dashboard.fmt import (
    KIND_LABELS,
    LEVEL_LABELS,
    SCOPE_LABELS,
    SECTION_LABELS,
    TEMPLATE_LABELS,
    md,
    num,
    pct,
)
from disclosure.dashboard.pagemodel import admin as admin_model
from disclosure.dashboard.pagemodel import picker as picker_model
from disclosure.dashboard.pagemodel import profile as pagemodel

sel = ui.page_header("单位档案")
# The agencies of the sidebar's selection (both scopes), the first picker.LIMIT with a name search when
# there are more; an agency opened by a link or a click stays reachable even when the filters exclude it
# (and the page says so).
in_scope = {**sel.params(), "include_aggregate": True}
wanted = st.query_params.get("aid")
if wanted and picker.names([wanted]).empty:  # the id of a former name (old link): its canonical agency
    found = data.selection_query("canonical_of", {"agency_id": wanted})
    wanted = str(found.iloc[0, 0]) if len(found) else wanted
if wanted and st.session_state.get("_profile_from_url") != wanted and not picker.names([wanted]).empty:
    st.session_state.profile_aid = wanted
    st.session_state._profile_from_url = wanted
c_unit, c_print = st.columns([4, 1], vertical_alignment="bottom")
current_aid = st.session_state.get("profile_aid")
kept = picker.names([current_aid]) if current_aid else None
opts, found, search = picker.offer(in_scope, "profile_aid", c_unit, kept=kept)
if not opts.ids:
    ui.no_data("所选筛选条件下没有单位。" if not search else f"没有名称包含“{md(search)}”的单位。")
    st.stop()
if st.session_state.get("profile_aid") not in opts.labels:
    st.session_state.profile_aid = picker_model.default(found, sel.agency_ids) or opts.ids[0]
aid = c_unit.selectbox("单位", opts.ids, format_func=opts.labels.get, key="profile_aid")
picker.show_caption(opts, search, c_unit)
if aid not in set(found["agency_id"]) and picker.within(in_scope, [aid]).empty:
    st.caption("该单位不在左侧筛选范围内（从链接或图表打开）。")
if "profile_print" not in st.session_state:
    st.session_state.profile_print = st.query_params.get("print") == "1"
printable = c_print.toggle(
    "打印版式", key="profile_print", help="表格全部展开为静态表格，便于用浏览器“打印”或截图放入汇报材料"
)
ui.to_url(aid=aid, print="1" if printable else None)


def table(df, key: str, height: int | str = "auto") -> None:
    """Interactive table on screen; a static, fully expanded table in the printable layout (its cells
    are Markdown in Streamlit, so report text is escaped there)."""
    if printable:
        st.table(df.map(lambda v: md(v) if isinstance(v, str) else v))
    else:
        ui.show_table(df, height=height, key=key)


reports = data.selection_query("profile_reports", {"agency_id": aid})
if reports.empty:
    ui.no_data("该单位还没有入库的报告。")
    st.stop()
head = reports.iloc[0]
st.header(md(head["agency"]), divider="gray")
st.caption(" ｜ ".join(md(x) for x in pagemodel.header_caption(reports, models.name_history(reports))))

scopes = pagemodel.scope_order(reports, st.query_params.get("year", ""))
scope = ui.url_state("profile_scope", "psc", scopes, scopes[0])
if len(scopes) > 1:
    scope = (
        st.segmented_control(
            "报告口径",
            scopes,
            format_func=SCOPE_LABELS.get,
            key="profile_scope",
            help="本级报告与汇总报告是同一单位的两组数字，分别显示，永不相加。",
        )
        or scopes[0]
    )
ui.to_url(psc=scope if len(scopes) > 1 else None)

history = data.selection_query("agency_requests_history", {"agency_id": aid})
hist = history[history["scope"] == scope]
# Charts use administrators' corrections: figures that include one are marked †, the printed tables stay.
corr = models.corrections_for(
    data.selection_query(
        "corrections_in_selection",
        {
            "year_from": 0,
            "year_to": 9999,
            "province": None,
            "city": None,
            "county": None,
            "levels": None,
            "kinds": None,
            "agency_ids": None,
            "include_aggregate": True,
            "agency_id": aid,
        },
    ),
    scope=scope,
)
if not hist.empty and hist["new"].notna().any():
    left, right = st.columns(2)
    with left:
        span = f"{int(hist['year'].min())}–{int(hist['year'].max())}年"
        ui.chart(
            charts.flows_by_year(
                hist.assign(n_reports=1),
                models.mark(
                    f"历年申请数量（{SCOPE_LABELS[scope]}）",
                    models.corrections_for(corr, paths=models.FLOW_PATHS, scope=None),
                ),
            ),
            key="profile_hist",
            scope=head["agency"],
            years=span,
        )
    with right:
        trend = models.rate_trend(hist, [benchmarks.metrics()[k] for k in ("open_rate", "correction_rate")])
        rate_paths = tuple(
            p for k in ("open_rate", "correction_rate") for p in models.metric_paths(benchmarks.metrics()[k])
        )
        ui.chart(
            charts.rate_trend(
                trend,
                models.mark(
                    f"公开率与复议纠错率（{SCOPE_LABELS[scope]}，逐年）",
                    models.corrections_for(corr, paths=rate_paths, scope=None),
                ),
            ),
            key="profile_rates",
            scope=head["agency"],
            years=span,
        )

scope_reports = reports[reports["scope"] == scope]
years = sorted((int(y) for y in scope_reports["year"].dropna().unique()), reverse=True)
year = ui.url_state("profile_year", "year", years, years[0], int)
year = st.segmented_control("年度", years, format_func=lambda y: f"{y}年", key="profile_year") or years[0]
ui.to_url(year=year)
reports = scope_reports
versions = reports[reports["year"] == year].sort_values("version", ascending=False)
if len(versions) > 1:
    vlabels = pagemodel.version_labels(versions)
    rid = st.radio("版本", list(vlabels), format_func=vlabels.get, horizontal=True, key=f"profile_ver_{year}")
else:
    rid = versions.iloc[0]["report_id"]
rep = versions[versions["report_id"] == rid].iloc[0]

year_corr = (
    models.corrections_for(corr, years=(int(year),), scope=None) if rep["is_current"] else corr.iloc[0:0]
)
st.subheader(models.mark(f"{year}年度报告", year_corr))
if not year_corr.empty:
    st.caption("下面的表格按报告原样列出印刷值；图表和汇总数字采用更正后的数值。")
ui.correction_caption(year_corr)
meta = st.columns(4)
meta[0].metric("模板", TEMPLATE_LABELS.get(rep["template"], rep["template"] or "—"))
meta[1].metric("校验错误", num(rep["n_errors"]))
meta[2].metric("校验提示", num(rep["n_warnings"]))
meta[3].metric("来源格式", f"{(rep['format'] or '—').upper()}{'（OCR）' if rep['ocr'] else ''}")

src = Path(str(rep["source_path"])) if isinstance(rep["source_path"], str) else None
if src is not None and not src.is_absolute():
    src = data.data_dir() / src
if src is not None and src.is_file():
    st.download_button(
        f"下载原始报告文件：{md(rep['source_file'])}",
        src.read_bytes(),
        file_name=str(rep["source_file"]),
        icon=":material/attach_file:",
        key="profile_src",
        on_click="ignore",
    )
else:
    st.caption(f"原始文件：{md(rep['source_file']) or '—'}（数据目录中没有存档副本）")

if rep["template"] == "legacy":
    st.info("这是 2019 年以前的旧式报告，没有统一的统计表格，只保留单位、年度和正文中的平台数字。")
else:
    cells = data.selection_query("report_cells", {"report_id": rid})
    tables = shape.printed_tables(cells, rep["template"])
    st.caption(
        f"表格按报告原样列出：“—”表示空白或未填报；带 {shape.IMPUTED_MARK} 的 0 是由空白推定的；"
        f"“{shape.AMBIGUOUS_MARK}原文…”表示数字连在一起、有多种拆分方式，可能的值见“数据质量”。"
    )
    colors = {
        "imputed": "background-color: #FFF8E1",
        "ambiguous": "background-color: #FFE0B2; color: #BF360C",
    }
    for section in ("active", "requests", "review_litigation"):
        text, flags = tables[section]
        st.markdown(f"**{SECTION_LABELS[section]}**")
        styled = text.style.apply(lambda _df, f=flags: f.map(lambda v: colors.get(v, "")), axis=None)
        if printable:
            st.table(styled.hide(axis="index"))
        else:
            st.dataframe(
                styled,
                hide_index=True,
                width="stretch",
                height=min(35 * (len(text) + 1) + 3, 1000),
                key=f"profile_tbl_{section}",
                placeholder="—",
            )

if rep["is_current"] and rep["template"] != "legacy" and scope == "own":
    st.markdown("**与同级同类单位比较**")
    metric_defs = benchmarks.metrics()
    mkeys = list(metric_defs)
    mkey = ui.url_state("profile_metric", "pm", mkeys, mkeys[0])
    mkey = st.selectbox("比较指标", mkeys, format_func=lambda k: metric_defs[k].label, key="profile_metric")
    ui.to_url(pm=mkey)
    metric_def = metric_defs[mkey]
    peers = benchmarks.peers_of(ui.q("peer_reports", year=int(year)), aid, int(year))
    peer_values = benchmarks.values(peers, metric_def)
    pos = benchmarks.position(peer_values, aid)
    peer_fixes = pagemodel.peers_corrected(peers, metric_def)  # corrected values, marked like every chart
    st.caption(
        f"同级同类单位：{year}年、{md(LEVEL_LABELS.get(rep['level'], '层级未识别'))}"
        f"{md(KIND_LABELS.get(rep['kind'], ''))}、左侧所选地区内的本级报告，共 {pos.n_peers} 个单位"
        f"（含本单位）。阈值（设置文件 benchmarks.toml）：{md(metric_def.describe_thresholds())}。"
    )
    if pos.n_peers <= 1:
        st.caption("没有其他同级同类单位的报告可比较。")
    else:
        c = st.columns(4)
        shown = (lambda v: pct(v)) if metric_def.is_rate else (lambda v: num(v))
        c[0].metric(
            "本单位",
            shown(pos.value),
            help=(
                f"{metric_def.numerator_label} {num(pos.numerator)} ÷ {metric_def.denominator_label} "
                f"{num(pos.denominator)}"
            )
            if metric_def.is_rate
            else None,
        )
        c[1].metric(
            "排名（由高到低）",
            f"{pos.rank} / {pos.n_ranked}" if pos.rank else "不参与排名",
            help=None if pos.eligible else "分母不足或数值空白，不参与排名和分位数",
        )
        c[2].metric("P25 · P50 · P75", " · ".join(shown(v) for v in (pos.p25, pos.p50, pos.p75)))
        c[3].metric("标记", pos.flag or "无")
        if metric_def.is_rate:
            rates = peer_values.rename(columns={"value": "rate"})
            ui.chart(
                charts.rate_bars(
                    rates,
                    metric_def.label,
                    metric_def.numerator_label,
                    metric_def.denominator_label,
                    models.mark(f"{year}年{metric_def.label}：本单位（橙色）与同级同类单位", peer_fixes),
                    highlight=aid,
                    min_denominator=metric_def.min_denominator,
                    floor=metric_def.floor,
                    ceiling=metric_def.ceiling,
                ),
                key="profile_peers",
                clickable=True,
                scope=f"{head['agency']}与同级同类单位",
                years=f"{year}年",
            )
        else:
            bars = peer_values.assign(source_files="", **{mkey: peer_values["value"]})
            ui.chart(
                charts.by_agency_bar(
                    bars,
                    mkey,
                    metric_def.label,
                    models.mark(f"{year}年{metric_def.label}：同级同类单位", peer_fixes),
                    unit=metric_def.unit or "件",
                    highlight=aid,
                ),
                key="profile_peers",
                clickable=True,
                scope=f"{head['agency']}与同级同类单位",
                years=f"{year}年",
            )

st.markdown("**勾稽关系校验**")
checks = data.selection_query("report_checks", {"report_id": rid})
if checks.empty:
    st.caption("没有校验记录。")
else:
    kind, text = pagemodel.check_verdict(checks)
    {"success": st.success, "warning": st.warning, "error": st.error}[kind](
        text,
        icon={"success": ":material/fact_check:", "warning": ":material/warning:"}.get(
            kind, ":material/error:"
        ),
    )
    if printable:
        shown, n_passed = pagemodel.printed_checks(checks)
        if not shown.empty:
            table(pagemodel.checks_table(shown), key="profile_checks", height=300)
        st.caption(f"另有 {n_passed} 项校验通过，打印版式不逐项列出（屏幕版式和数据导出中有完整列表）。")
    else:
        table(pagemodel.checks_table(checks), key="profile_checks", height=300)

st.markdown("**平台数字（正文）**")
pm = data.selection_query("report_platform", {"report_id": rid})
if pm.empty:
    st.caption("正文中没有识别到平台数字。")
else:
    table(pagemodel.platform_table(pm), key="profile_pm")

revisions = data.selection_query("agency_revisions", {"agency_id": aid})
if not revisions.empty:  # administrators' corrections: the printed value stays, the log is shown
    st.markdown("**管理员更正记录**")
    ui.show_table(
        ui.as_text(admin_model.revision_log(revisions)),
        key="profile_revisions",
    )

st.markdown("**全部报告与版本**")
table(pagemodel.versions_table(reports), key="profile_versions")
st.caption("打印：打开右上方“打印版式”，再使用浏览器的“打印”功能（侧边栏不会被打印）。")
