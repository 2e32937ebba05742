"""主动公开's page model: one section 二 field per group one level below the filter, by template.

Data in: queries/active_by_group.sql (sums and counts per group, year, template, item, field) and, for
the detail table, one page of queries/active_page.sql. The 2019 and 2021 templates' columns are shown
apart, never converted or mixed; a blank cell is not 0 and the count of reports that printed it is kept.
"""

from __future__ import annotations

import pandas as pd

from disclosure import contract
from disclosure.dashboard import shape
from disclosure.dashboard.fmt import num
from disclosure.dashboard.pagemodel import common

TAB_LABELS = {"2021": "2021版模板（2021年度起）", "2019": "2019版模板（2019–2020年度）"}


def field_label(row: str, col: str) -> str:
    return f"{contract.ACTIVE_ROW_LABELS[row]} · {contract.ACTIVE_COLUMN_LABELS[col]}"


def unit_of(col: str) -> str:
    return "万元" if col == "amount_10k_yuan" else ("元" if col == "amount" else "件")


def templates(groups: pd.DataFrame) -> list[str]:
    return [t for t in ("2021", "2019") if (groups["template"] == t).any()]


def options(template: str) -> list[tuple[str, str]]:
    schema = contract.active_schema(template)
    return [(row, col) for row, cols in schema.items() for col in cols]


def for_template(groups: pd.DataFrame, template: str) -> pd.DataFrame:
    """Only the fields the template prints (shape.active_for_template on grouped rows)."""
    return shape.active_for_template(groups, template)


def lines(d: pd.DataFrame, row: str, col: str) -> pd.DataFrame:
    """One line per group (top N by sum, the rest summed) of one field; hover: how many reports printed it."""
    s = common.with_scope_labels(d[(d["item"] == row) & (d["field"] == col)])
    out = common.top_lines(s, "value", ["value", "n_given", "n_reports"])
    return out.assign(
        hover=[
            f"{int(g):,}/{int(n):,} 份报告填报" for g, n in zip(out["n_given"], out["n_reports"], strict=True)
        ],
        source_file="",
    )


def yearly_caption(d: pd.DataFrame, row: str, col: str) -> str:
    """Per year over own reports: the sum (blank when no report printed the cell) and how many did."""
    s = d[(d["item"] == row) & (d["field"] == col) & (d["scope"] != "aggregate")]
    by_year = s.groupby("year")[["value", "n_given", "n_reports"]].sum(min_count=1).reset_index()
    return "；".join(
        f"{int(r.year)}年 {num(r.value if r.n_given else None)}（{int(r.n_given)}/{int(r.n_reports)} 份报告填报）"
        for r in by_year.itertuples()
    )


def wide_table(cells: pd.DataFrame, template: str) -> pd.DataFrame:
    """One page of queries/active_page.sql as one row per report, one column per field of the template
    (numbers as text, blank as "—"), Chinese headers."""
    d = shape.active_for_template(cells, template)
    order = [field_label(r, c) for r, c in options(template)]
    if d.empty:
        return pd.DataFrame(columns=["单位", "年度", "来源报告", *order])
    d = d.assign(field_label=[field_label(i, f) for i, f in zip(d["item"], d["field"], strict=True)])
    keys = ["agency", "year", "source_file"]
    table = d.set_index([*keys, "field_label"])["value"].unstack("field_label")
    table = table.reindex(columns=[o for o in order if o in table.columns]).reset_index()
    for c in order:
        if c in table:
            table[c] = [num(v) for v in table[c]]
    return table.rename(columns={"agency": "单位", "year": "年度", "source_file": "来源报告"})
