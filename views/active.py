"""主动公开: section 二 — the 2021 and 2019 templates' different columns shown separately, never mixed."""

from __future__ import annotations

import streamlit as st

from disclosure import contract
from disclosure.dashboard import charts, models, shape, ui
from disclosure.dashboard.fmt import num

ui.page_header("主动公开")

active = ui.q("active_cells")
if active.empty:
    ui.no_data()
    st.stop()

templates = [t for t in ("2021", "2019") if (active["template"] == t).any()]
TAB_LABELS = {"2021": "2021版模板（2021年度起）", "2019": "2019版模板（2019–2020年度）"}


def field_label(row: str, col: str) -> str:
    return f"{contract.ACTIVE_ROW_LABELS[row]} · {contract.ACTIVE_COLUMN_LABELS[col]}"


st.caption(
    "两版模板的栏目不同（例如 2021 版为“本年制发件数”“本年收费金额（万元）”，2019 版为“本年新制作数量”"
    "“收费项目数量”），分开显示，不相互换算或合并。"
)
tabs = st.tabs([TAB_LABELS[t] for t in templates])
for tab, template in zip(tabs, templates, strict=True):
    with tab:
        d = shape.active_for_template(active, template)
        schema = contract.active_schema(template)
        options = [(row, col) for row, cols in schema.items() for col in cols]
        codes = {f"{r}.{c}": (r, c) for r, c in options}
        default = models.informative_field(d, options)  # never open on a field that is 0 for everyone
        ui.url_state(
            f"act_pick_{template}", f"f{template}", options, default, lambda v, codes=codes: codes.get(v)
        )
        pick = st.selectbox(
            "栏目",
            options,
            key=f"act_pick_{template}",
            format_func=lambda rc: field_label(*rc),
        )
        ui.to_url(**{f"f{template}": ".".join(pick)})
        row, col = pick
        s = d[(d["item"] == row) & (d["field"] == col)]
        unit = "万元" if col == "amount_10k_yuan" else ("元" if col == "amount" else "件")
        label = contract.ACTIVE_COLUMN_LABELS[col]
        title = field_label(row, col)
        ui.chart(
            charts.lines_by_year(s, "value", label, title, unit=unit),
            key=f"act_chart_{template}",
            clickable=True,
        )
        own = shape.own(s)
        by_year = own.groupby("year")["value"].agg(["sum", "count", "size"]).reset_index()
        if col == "change":
            st.caption("“本年增/减”可为负数。")
        st.caption(
            "逐年合计（不含汇总报告；空白单元格不计入，且在“填报单位数”中体现）："
            + "；".join(
                f"{int(r.year)}年 {num(r.sum if r.count else None)}（{r.count}/{r.size} 个单位填报）"
                for r in by_year.itertuples()
            )
        )
        wide = d.assign(field_label=[field_label(i, f) for i, f in zip(d["item"], d["field"], strict=True)])
        order = [field_label(r, c) for r, c in options]
        table = wide.pivot_table(
            index=["agency", "year", "source_file"],
            columns="field_label",
            values="value",
            aggfunc="first",
            dropna=False,
        )
        table = table.reindex(columns=[o for o in order if o in table.columns]).reset_index()
        shown = table.copy()
        for c in order:
            if c in shown:
                shown[c] = [num(v) for v in shown[c]]
        shown = shown.rename(columns={"agency": "单位", "year": "年度", "source_file": "来源报告"})
        with st.expander(f"{TAB_LABELS[template]}：全部栏目明细"):
            ui.show_table(shown)
