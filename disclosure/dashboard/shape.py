"""Pure reshaping of query results for charts and tables (pandas in, pandas out; no Streamlit).

Rates are always numerator sum ÷ denominator sum over the same reports, never an average of ratios.
"""

from __future__ import annotations

import pandas as pd

from disclosure import contract


def own(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of own (non-aggregate) reports: the only ones that may be added together."""
    return df[df["scope"] != "aggregate"] if "scope" in df else df


def year_row(headline: pd.DataFrame, year: int, scope: str = "own") -> dict | None:
    d = headline[(headline["year"] == year) & (headline["scope"] == scope)]
    return None if d.empty else d.iloc[0].to_dict()


def outcome_groups_long(outcomes: pd.DataFrame, by: str) -> pd.DataFrame:
    """Rows of section 三 (long: <by>, outcome, requests) → sums per <by> and outcome group.

    A group is blank (NaN) for a <by> value when none of its rows has a number."""
    d = outcomes[outcomes["outcome"].isin(contract.OUTCOME_ROWS)].copy()
    d["group"] = d["outcome"].map(contract.OUTCOME_GROUP)
    keys = [by, "agency_id"] if by == "agency" and "agency_id" in d else [by]
    return d.groupby([*keys, "group"], dropna=False)["requests"].sum(min_count=1).reset_index()


def flows_by_year(headline: pd.DataFrame, scope: str = "own") -> pd.DataFrame:
    d = headline[headline["scope"] == scope]
    return d[["year", "new", "carried_in", "handled", "carried_out", "n_reports"]].reset_index(drop=True)


def yoy(rows: pd.DataFrame, value: str = "new", year: int | None = None) -> pd.DataFrame:
    """Per agency: <value> in `year` (default: the latest year in rows) against the year before.

    Agencies without a value in both years are left out (a missing year is not a change to 0). Of
    several rows of an agency in a year, the first counts. Vectorised (a join of the two years): a
    loop over agencies took minutes for a national briefing (283 000 agencies)."""
    cols = ["agency_id", "agency", "year", "prev", "curr", "change", "change_pct"]
    key = ["agency_id", "agency"]
    given = rows.dropna(subset=[value])
    if given.empty:
        return pd.DataFrame(columns=cols)
    year = int(year if year is not None else given["year"].max())
    d = given.dropna(subset=key)  # an agency without id or name has no series
    this = d[d["year"] == year].drop_duplicates(key)[[*key, "year", value]]
    before = d[d["year"] == year - 1].drop_duplicates(key)[[*key, value]].rename(columns={value: "prev"})
    m = this.merge(before, on=key).sort_values(key, kind="stable").reset_index(drop=True)
    curr, prev = m[value].astype(float), m["prev"].astype(float)
    change = curr - prev
    return pd.DataFrame(
        {
            "agency_id": m["agency_id"],
            "agency": m["agency"],
            "year": m["year"].astype(int),
            "prev": m["prev"],
            "curr": m[value],
            "change": change,
            "change_pct": change / prev.where(prev != 0),
        },
        columns=cols,
    )


def open_rate_by_agency(outcomes: pd.DataFrame) -> pd.DataFrame:
    """公开率 = (予以公开 + 部分公开) ÷ 办理总计, each a sum over the agency's selected reports."""
    w = outcomes.pivot_table(
        index=["agency_id", "agency"], columns="outcome", values="requests", aggfunc="sum"
    ).reset_index()
    for k in ("granted", "partial", "handled_total"):
        if k not in w:
            w[k] = float("nan")
    w["numerator"] = w["granted"] + w["partial"]
    w["denominator"] = w["handled_total"]
    w["rate"] = [
        n / d if pd.notna(n) and pd.notna(d) and d else float("nan")
        for n, d in zip(w["numerator"], w["denominator"], strict=True)
    ]
    return w[["agency_id", "agency", "numerator", "denominator", "rate"]]


def active_for_template(active: pd.DataFrame, template: str) -> pd.DataFrame:
    """Only the section 二 fields the given template prints (no mixing of 2019 and 2021 columns)."""
    schema = contract.active_schema(template)
    keep = {(row, col) for row, cols in schema.items() for col in cols}
    d = active[active["template"] == template]
    mask = [(i, f) in keep for i, f in zip(d["item"], d["field"], strict=True)]
    return d[mask]


def compare_table(cells: pd.DataFrame, series_col: str, series_order: list) -> pd.DataFrame:
    """Cells (long) → one row per field, one column per series, plus deltas against the first series."""
    d = cells.copy()
    w = d.pivot_table(index="path", columns=series_col, values="value", aggfunc="first", dropna=False)
    w = w.reindex(columns=[s for s in series_order if s in w.columns])
    order = {
        p: i for i, p in enumerate(dict.fromkeys(contract.cell_paths("2021") + contract.cell_paths("2019")))
    }
    w = w.loc[sorted(w.index, key=lambda p: order.get(p, 10**6))]
    return w


IMPUTED_MARK = "*"
AMBIGUOUS_MARK = "？"


def _cell_text(cell: dict | None) -> tuple[str, str]:
    """(display text, flag) of one printed cell; flag is '', 'imputed' or 'ambiguous'."""
    from disclosure.dashboard.fmt import DASH, num

    if cell is None:
        return DASH, ""
    if cell.get("ambiguous"):
        # The printed digits, marked: a list of every split ("？6或62或623或…") is unreadable in a table;
        # the candidates are listed on 数据质量.
        raw = cell.get("raw")
        return (
            f"{AMBIGUOUS_MARK}原文“{raw}”" if isinstance(raw, str) and raw else f"{AMBIGUOUS_MARK}有歧义"
        ), "ambiguous"
    value = cell.get("value")
    text = num(value)
    if cell.get("imputed"):
        return f"{text}{IMPUTED_MARK}", "imputed"
    return text, ""


def printed_tables(cells: pd.DataFrame, template: str) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """The report's three tables as printed: {section: (text table, flag table)} with Chinese headers.

    Blank → "—", imputed → "0*", ambiguous → "？a或b"; a field the template does not have is empty."""
    by_path = {r["path"]: r for r in cells.to_dict("records")}
    out: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}

    def build(
        rows: list[tuple[str, str]],
        cols: list[tuple[str, str]],
        section: str,
        has: set[tuple[str, str]] | None = None,
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        text, flags = [], []
        for rkey, rlabel in rows:
            trow, frow = {"项目": rlabel}, {"项目": ""}
            for ckey, clabel in cols:
                if has is not None and (rkey, ckey) not in has:
                    trow[clabel], frow[clabel] = "", ""
                    continue
                t, f = _cell_text(by_path.get(f"{section}.{rkey}.{ckey}"))
                trow[clabel], frow[clabel] = t, f
            text.append(trow)
            flags.append(frow)
        return pd.DataFrame(text), pd.DataFrame(flags)

    schema = contract.active_schema(template)
    active_cols = list(dict.fromkeys(c for cols in schema.values() for c in cols))
    out["active"] = build(
        [(r, contract.ACTIVE_ROW_LABELS[r]) for r in schema],
        [(c, contract.ACTIVE_COLUMN_LABELS[c]) for c in active_cols],
        "active",
        {(r, c) for r, cols in schema.items() for c in cols},
    )
    out["requests"] = build(
        [(r, contract.REQUEST_ROW_LABELS[r]) for r in contract.request_row_keys(template)],
        [(c, contract.REQUEST_COLUMN_LABELS[c]) for c in contract.REQUEST_COLUMNS],
        "requests",
    )
    out["review_litigation"] = build(
        [(g, contract.REVIEW_GROUP_LABELS[g]) for g in contract.REVIEW_GROUPS],
        [(c, contract.REVIEW_COLUMN_LABELS[c]) for c in contract.REVIEW_COLUMNS],
        "review_litigation",
    )
    return out


def platform_mentions(pm: pd.DataFrame) -> pd.DataFrame:
    """Per platform: distinct agencies that give a figure for it, and how many figures."""
    g = (
        pm.groupby("platform")
        .agg(agencies=("agency_id", "nunique"), metrics=("metric", "size"))
        .reset_index()
    )
    g["label"] = g["platform"].map(lambda p: contract.PLATFORMS.get(p, p))
    return g
