"""主动公开: section 二 — the 2021 and 2019 templates' different columns shown separately, never mixed."""

from __future__ import annotations

import streamlit as st

from disclosure import contract
from disclosure.dashboard import charts, models, ui
from disclosure.dashboard.pagemodel import active, common, paging

ui.page_header("主动公开")

by_group = ui.q("active_by_group")  # group one level below the filter × year × template × field
if by_group.empty:
    ui.no_data()
    st.stop()
templates = active.templates(by_group)
level = common.level_title(by_group)

st.caption(
    "两版模板的栏目不同（例如 2021 版为“本年制发件数”“本年收费金额（万元）”，2019 版为“本年新制作数量”"
    "“收费项目数量”），分开显示，不相互换算或合并。"
)
tabs = st.tabs([active.TAB_LABELS[t] for t in templates])
for tab, template in zip(tabs, templates, strict=True):
    with tab:
        d = active.for_template(by_group, template)
        options = active.options(template)
        codes = {f"{r}.{c}": (r, c) for r, c in options}
        default = models.informative_field(d, options)  # never open on a field that is 0 for everyone
        ui.url_state(
            f"act_pick_{template}", f"f{template}", options, default, lambda v, codes=codes: codes.get(v)
        )
        pick = st.selectbox(
            "栏目",
            options,
            key=f"act_pick_{template}",
            format_func=lambda rc: active.field_label(*rc),
        )
        ui.to_url(**{f"f{template}": ".".join(pick)})
        row, col = pick
        title = active.field_label(row, col) + ("" if common.agency_level(by_group) else f"，按{level}合计")
        ui.group_chart(
            charts.lines_by_year(
                active.lines(d, row, col),
                "value",
                contract.ACTIVE_COLUMN_LABELS[col],
                title,
                unit=active.unit_of(col),
            ),
            key=f"act_chart_{template}",
            groups=by_group,
        )
        if col == "change":
            st.caption("“本年增/减”可为负数。")
        st.caption(
            f"按{level}（前 {common.TOP_LINES} 名，其余合并为“其他”；汇总报告单独成线）。"
            "逐年合计（不含汇总报告；空白单元格不计入，且在“填报”份数中体现）："
            + active.yearly_caption(d, row, col)
        )
        if (
            detail := ui.lazy_expander(
                f"{active.TAB_LABELS[template]}：全部栏目明细", f"act_detail_{template}"
            )
        ) is not None:
            with detail:
                n_reports = int(
                    d.drop_duplicates(["drill_value", "label", "scope", "year"])["n_reports"].sum()
                )
                pg = ui.page_number(n_reports, f"act_page_{template}", paging.DETAIL_ROWS)
                st.caption(pg.caption("份报告", always=True))
                cells = ui.q("active_page", template=template, limit=pg.size, offset=pg.offset)
                ui.show_table(active.wide_table(cells, template))
