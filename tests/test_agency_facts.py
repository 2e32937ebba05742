"""The `agency_facts` summary (queries/agency_facts.sql) and the queries that read it instead of every
report: agency_search, agency_names, selection_years, export_rows, and export_reports' flag lists read only
for flagged reports. Each is compared with the query it replaced, run over the reports (and cells) as
before, for selections that exercise every path: all years of a row or some, one year or a range, a
reversed range, regions, levels and kinds, 汇总 reports in or out, hand-picked agencies, name searches
and both orders; on the sample and the bundled (real) data, which hold agencies with several rows
(renamed, own and 汇总 reports) and reports with imputed and ambiguous cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from disclosure.dashboard import data, stream_export

# The queries as they were, over every report: the reference the summary must reproduce.
OLD_AGENCY_SEARCH = """
WITH matching AS (
    SELECT s.agency_id, s.agency, s.province, s.city, s.county, s.year, s.template
    FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                          $include_aggregate) AS s
    WHERE s.agency_id IS NOT NULL
      AND ($search = '' OR contains(lower(s.agency), lower($search)))
), per_agency AS (
    SELECT agency_id, count(DISTINCT year) AS n_years,
           count(DISTINCT year) FILTER (WHERE template IS DISTINCT FROM 'legacy') AS n_table_years,
           count(*) AS n_reports, min(year) AS first_year, max(year) AS last_year, min(agency) AS sort_name
    FROM matching GROUP BY agency_id
), listed AS (
    SELECT *, count(*) OVER () AS n_total FROM per_agency
    ORDER BY CASE WHEN $order = 'table_years' THEN n_table_years ELSE n_years END DESC,
             n_reports DESC, sort_name, agency_id
    LIMIT $limit
)
SELECT l.agency_id, arg_max(m.agency, m.year) AS agency, arg_max(m.province, m.year) AS province,
       arg_max(m.city, m.year) AS city, arg_max(m.county, m.year) AS county,
       any_value(l.n_years) AS n_years, any_value(l.n_table_years) AS n_table_years,
       any_value(l.n_reports) AS n_reports, any_value(l.first_year) AS first_year,
       any_value(l.last_year) AS last_year, any_value(l.n_total) AS n_total
FROM listed AS l JOIN matching AS m USING (agency_id)
GROUP BY l.agency_id, l.sort_name
ORDER BY CASE WHEN $order = 'table_years' THEN any_value(l.n_table_years) ELSE any_value(l.n_years) END DESC,
         any_value(l.n_reports) DESC, l.sort_name, l.agency_id
"""
OLD_AGENCY_NAMES = """
SELECT r.agency_id,
       coalesce(any_value(r.agency ORDER BY r.year DESC), '（单位未识别）') AS agency,
       any_value(r.province ORDER BY r.year DESC) AS province,
       any_value(r.city ORDER BY r.year DESC) AS city,
       any_value(r.county ORDER BY r.year DESC) AS county
FROM reports AS r
WHERE r.is_current AND r.year IS NOT NULL AND list_contains($agency_ids, r.agency_id)
GROUP BY r.agency_id
ORDER BY agency, r.agency_id
"""
OLD_SELECTION_YEARS = """
SELECT s.year, count(*) AS n_reports, count(*) FILTER (WHERE s.template = 'legacy') AS n_legacy
FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                      $include_aggregate) AS s
GROUP BY s.year ORDER BY s.year DESC
"""
OLD_FLAGS = """
SELECT report_id,
       list(path ORDER BY path) FILTER (WHERE imputed) AS imputed_cells,
       list(path ORDER BY path) FILTER (WHERE ambiguous) AS ambiguous_cells
FROM cells GROUP BY report_id
"""
OLD_PEER_REPORTS = """
SELECT agency_id, agency, year, scope, level, kind, source_file, corrected_paths, derived_totals,
       open_num, open_den, review_corrected, review_decided,
       COLUMNS('^requests__.*__total$'), COLUMNS('^review_litigation__')
FROM charted_reports($year, $year, $province, $city, $county, NULL, NULL, NULL, false)
ORDER BY agency
"""
OLD_FILTER_REGIONS = """
SELECT r.province, r.city, r.county, min(r.year) AS first_year, max(r.year) AS last_year,
       list(DISTINCT r.level) FILTER (WHERE r.level IS NOT NULL) AS levels
FROM reports AS r
WHERE r.is_current AND r.year IS NOT NULL AND r.agency_id IS NOT NULL
GROUP BY r.province, r.city, r.county
ORDER BY r.province NULLS LAST, r.city NULLS LAST, r.county NULLS LAST
"""
OLD_DEFAULT_YEARS = """
SELECT min(year) FILTER (WHERE template IS DISTINCT FROM 'legacy') AS first_table_year, max(year) AS last_year
FROM reports WHERE is_current AND year IS NOT NULL
"""
EXPORTS = ("export_reports", "export_cells", "export_checks", "export_platform")


@pytest.fixture(scope="module")
def con(dataset: Path) -> duckdb.DuckDBPyConnection:
    return data.connect(dataset)


def _sql(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> pd.DataFrame:
    used = set(data._PARAM.findall(sql))
    return con.execute(sql, {k: v for k, v in params.items() if k in used}).df()


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return list(a.columns) == list(b.columns) and a.astype(str).equals(b.astype(str))


def selections(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Year ranges (every year, the table years, a range, one year, legacy years, a reversed range) × the
    nation or the largest province, with and without 汇总 reports; plus hand-picked agencies (one with
    several rows among them), a level and a kind."""
    lo, hi = con.execute("SELECT min(year), max(year) FROM reports WHERE is_current").fetchone()
    province = con.execute(
        "SELECT province FROM reports WHERE province IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    multi = [
        r[0] for r in con.execute("SELECT agency_id FROM agency_facts WHERE n_rows > 1 LIMIT 3").fetchall()
    ]
    some = [
        r[0] for r in con.execute("SELECT agency_id FROM agency_facts ORDER BY agency_id LIMIT 4").fetchall()
    ]
    level, kind = con.execute(
        "SELECT level, kind FROM reports GROUP BY ALL ORDER BY count(*) DESC"
    ).fetchone()
    base = {
        "province": None,
        "city": None,
        "county": None,
        "levels": None,
        "kinds": None,
        "agency_ids": None,
        "include_aggregate": False,
    }
    years = [(0, 9999), (lo, hi), (2019, hi), (max(lo, hi - 2), hi - 1), (hi, hi), (lo, 2018), (hi, lo)]
    out = [
        {**base, "year_from": y0, "year_to": y1, "province": prov, "include_aggregate": agg}
        for y0, y1 in years
        for prov in (None, province)
        for agg in (False, True)
    ]
    out += [
        {**base, "year_from": lo, "year_to": hi, "agency_ids": [*multi, *some], "include_aggregate": True},
        {**base, "year_from": hi, "year_to": hi, "agency_ids": some},
        {**base, "year_from": lo, "year_to": hi, "levels": [level], "kinds": [kind]},
    ]
    return out


def test_agency_facts_holds_every_current_report_once(con: duckdb.DuckDBPyConnection) -> None:
    """Its per-year counts add up to the current reports (per year), its scalars to its lists, and
    `n_rows` counts each agency's rows."""
    got = con.execute(
        "SELECT y, sum(n) FROM (SELECT unnest(years) AS y, unnest(year_reports) AS n FROM agency_facts) "
        "GROUP BY y ORDER BY y"
    ).fetchall()
    want = con.execute(
        "SELECT year, count(*) FROM reports WHERE is_current AND year IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert got == want and got
    bad = con.execute(
        "SELECT count(*) FROM (SELECT *, count(*) OVER (PARTITION BY agency_id) AS k FROM agency_facts) "
        "WHERE n_reports <> list_sum(year_reports) OR n_years <> len(years) OR n_table_years <> len(table_years) "
        "OR first_year <> list_min(years) OR last_year <> list_max(years) OR n_cells <> list_sum(year_cells) "
        "OR n_checks <> list_sum(year_checks) OR n_platform <> list_sum(year_platform) OR n_rows <> k"
    ).fetchone()[0]
    assert bad == 0


@pytest.mark.parametrize("search", ["", "局", "zz-no-such-name"])
@pytest.mark.parametrize("order", ["years", "table_years"])
def test_agency_search_gives_what_it_gave_over_every_report(
    con: duckdb.DuckDBPyConnection, search: str, order: str
) -> None:
    for p in selections(con):
        for limit in (3, 1000) if search == "" else (1000,):
            params = {**p, "search": search, "order": order, "limit": limit}
            old, new = _sql(con, OLD_AGENCY_SEARCH, params), data.run("agency_search", params, con)
            assert _same(old, new), (params, old.head(), new.head())


def test_agency_search_finds_agencies_with_several_rows(con: duckdb.DuckDBPyConnection) -> None:
    """The paths of an agency with several rows of the summary (renamed, own and 汇总) are exercised
    where the data has such agencies (the bundled data does): their years are the union of the rows'."""
    multi = [
        r[0] for r in con.execute("SELECT DISTINCT agency_id FROM agency_facts WHERE n_rows > 1").fetchall()
    ]
    if not multi:
        pytest.skip("no agency with several rows in this dataset")
    params = {
        **selections(con)[0],
        "agency_ids": multi,
        "include_aggregate": True,
        "search": "",
        "order": "years",
        "limit": 1000,
    }
    new = data.run("agency_search", params, con)
    assert set(new["agency_id"]) == set(multi)
    assert _same(_sql(con, OLD_AGENCY_SEARCH, params), new)


def test_agency_names_and_selection_years_give_what_they_gave(con: duckdb.DuckDBPyConnection) -> None:
    ids = [r[0] for r in con.execute("SELECT DISTINCT agency_id FROM reports ORDER BY 1").fetchall()]
    for wanted in (ids, ids[:1], ["no-such-agency"]):
        p = {"agency_ids": wanted}
        assert _same(_sql(con, OLD_AGENCY_NAMES, p), data.run("agency_names", p, con))
    for p in selections(con):
        assert _same(_sql(con, OLD_SELECTION_YEARS, p), data.run("selection_years", p, con)), p


def test_export_rows_are_the_exports_row_counts(con: duckdb.DuckDBPyConnection) -> None:
    """数据导出 says how many rows a file will hold from export_rows: each count equals the rows of the
    export query itself (counted by DuckDB)."""
    for p in selections(con):
        counts = data.run("export_rows", p, con)
        for query in EXPORTS:
            assert int(counts[query].iloc[0]) == stream_export.row_count(query, p, con), (query, p)


def test_export_reports_lists_flags_as_when_it_grouped_every_cell(con: duckdb.DuckDBPyConnection) -> None:
    """The imputed / ambiguous cell lists, read only for reports whose counts say they have one, equal
    a grouping of every cell (the bundled data has such reports), and no report is lost or doubled."""
    flags = con.execute(OLD_FLAGS).df().set_index("report_id")
    for p in selections(con)[:4]:
        new = data.run("export_reports", p, con)
        assert new["report_id"].is_unique
        assert len(new) == int(data.run("export_rows", p, con)["export_reports"].iloc[0])
        for col in ("imputed_cells", "ambiguous_cells"):
            want = [_cells(flags[col].get(r)) if r in flags.index else None for r in new["report_id"]]
            assert [_cells(x) for x in new[col]] == want, (col, p)


def _cells(value: Any) -> list[str] | None:
    """A list column's value as a list (None for NULL), whatever array type pandas gives it."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return [str(x) for x in value]


def test_peer_reports_give_the_peers_they_gave(con: duckdb.DuckDBPyConnection) -> None:
    """peer_reports now returns only the level and kind of the agency's own report: benchmarks.peers_of
    picks the same peers as from every report of the year, for every agency and year, nationally and in
    the largest province; NULL $agency_id still gives every report."""
    from disclosure import benchmarks

    province = selections(con)[2]["province"]
    pairs = con.execute(
        "SELECT DISTINCT agency_id, year FROM reports WHERE is_current AND coalesce(scope, 'own') = 'own' "
        "AND year IS NOT NULL AND agency_id IS NOT NULL ORDER BY 1, 2"
    ).fetchall()
    assert pairs
    for aid, year in pairs[:150]:
        for prov in (None, province):
            p = {"year": year, "province": prov, "city": None, "county": None, "agency_id": aid}
            old = benchmarks.peers_of(_sql(con, OLD_PEER_REPORTS, p), aid, year).reset_index(drop=True)
            new = benchmarks.peers_of(data.run("peer_reports", p, con), aid, year).reset_index(drop=True)
            assert _same(old, new), p
    p = {"year": pairs[0][1], "province": None, "city": None, "county": None, "agency_id": None}
    assert _same(_sql(con, OLD_PEER_REPORTS, p), data.run("peer_reports", p, con))


def test_sidebar_regions_and_default_years_give_what_they_gave(con: duckdb.DuckDBPyConnection) -> None:
    """filter_regions and default_years (every page's sidebar) read agency_facts: the same regions,
    years and levels (a list of distinct levels has no order in DuckDB: compared as sorted lists)."""
    old, new = _sql(con, OLD_FILTER_REGIONS, {}), data.run("filter_regions", {}, con)
    for frame in (old, new):
        frame["levels"] = frame["levels"].map(lambda v: None if v is None else sorted(v))
    assert len(new) > 0 and _same(old, new)
    assert _same(_sql(con, OLD_DEFAULT_YEARS, {}), data.run("default_years", {}, con))
