"""The chart queries that read summary tables (data.SUMMARIES: region_facts, yoy_facts, platform_*) give
the rows a per-report query gives, for the nation and a province (the summary path) and for a city or
chosen agencies (the per-report path), on the sample dataset as built and on a copy where an agency
moved province between two years (yoy_facts' irregular rows) and where one canonical agency has two
reports of one year in different regions (platform_facts' `shared_agency_id`).

The references below are the per-report definitions each query had before its summary: sums over
`grouped_reports` (one row per report) and platform_metrics joined to the reports."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from sample_dataset import AID

from disclosure import contract
from disclosure.dashboard import data

BASE = {
    "year_from": 2019,
    "year_to": 2024,
    "province": None,
    "city": None,
    "county": None,
    "levels": None,
    "kinds": None,
    "agency_ids": None,
    "include_aggregate": False,
}
SELECTIONS = [
    {},
    {"province": "福建省"},
    {"province": "福建省", "levels": ["county"]},
    {"kinds": ["government"], "include_aggregate": True},
    {"year_from": 2022, "year_to": 2023},
    {"year_from": 2021, "year_to": 2021},  # a gap year of js-ha-hz (MISSING)
    {"province": "宁夏回族自治区", "year_from": 2023, "year_to": 2023},
    {"province": "福建省", "city": "福州市"},  # the per-report path from here on
    {"province": "福建省", "city": "福州市", "county": "鼓楼区"},
    {"agency_ids": [AID["fj-pt"], AID["nx-zw-env"]]},
]
ARGS = "$year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids, $include_aggregate"


def _review_reference() -> str:
    """review_by_group per report: one branch per case group of section 四."""
    branches = []
    for g in contract.REVIEW_GROUPS:
        c = f"review_litigation__{g}__"
        whole = f"{c}corrected IS NOT NULL AND {c}total IS NOT NULL AND {c}pending IS NOT NULL"
        branches.append(
            f"SELECT drill_level, drill_value, drill_label AS label, scope, '{g}' AS grp, count(*) AS n_reports, "
            + ", ".join(f"sum({c}{col}) AS {col}" for col in contract.REVIEW_COLUMNS)
            + f", count({c}total) AS n_total, sum({c}corrected) FILTER (WHERE {whole}) AS rate_corrected, "
            f"sum({c}total - {c}pending) FILTER (WHERE {whole}) AS decided "
            f"FROM grouped_reports({ARGS}) GROUP BY ALL"
        )
    return " UNION ALL ".join(branches)


REFERENCES = {
    "review_by_group": _review_reference(),
    "requests_yoy_by_group": """
        WITH g AS (
            SELECT drill_level, drill_value, drill_label, agency_id, year, requests__new__total AS new
            FROM grouped_reports($year - 1, $year, $province, $city, $county, $levels, $kinds, $agency_ids, false)
            WHERE requests__new__total IS NOT NULL
        ), pair AS (SELECT agency_id FROM g GROUP BY agency_id HAVING count(DISTINCT year) = 2)
        SELECT drill_level, drill_value, drill_label AS label, $year AS year,
               count(DISTINCT agency_id) AS agencies,
               sum(new) FILTER (WHERE year = $year - 1) AS prev, sum(new) FILTER (WHERE year = $year) AS curr
        FROM g WHERE agency_id IN (SELECT agency_id FROM pair) GROUP BY ALL""",
    "platform_by_group": f"""
        SELECT g.drill_level, g.drill_value, g.drill_label AS label, g.scope, g.year,
               p.platform, p.metric, coalesce(p.unit, '') AS unit, coalesce(p.period, '') AS period,
               sum(p.value) AS value, count(p.value) AS n_figures, count(DISTINCT g.agency_id) AS agencies,
               count(*) FILTER (WHERE p.qualifier IS NOT NULL AND p.qualifier <> '') AS n_approximate
        FROM platform_metrics AS p JOIN grouped_reports({ARGS}) AS g USING (report_id)
        GROUP BY ALL""",
    "platform_mentions": f"""
        SELECT p.platform, count(DISTINCT s.agency_id) AS agencies, count(*) AS metrics
        FROM platform_metrics AS p JOIN selected_reports({ARGS}) AS s USING (report_id)
        GROUP BY p.platform""",
}


def _active_reference(con: duckdb.DuckDBPyConnection, p: dict) -> pd.DataFrame:
    """active_by_group per report: sums and counts of every section-二 cell, long."""
    cols = [
        r[0]
        for r in con.execute("SELECT column_name FROM (DESCRIBE reports_charted)").fetchall()
        if r[0].startswith("active__")
    ]
    wide = con.execute(
        "SELECT drill_level, drill_value, drill_label AS label, scope, year, template, count(*) AS n_reports, "
        + ", ".join(f'sum({c}) AS "s|{c}", count({c}) AS "n|{c}"' for c in cols)
        + f" FROM grouped_reports({ARGS}) WHERE template IN ('2019', '2021') GROUP BY ALL",
        p,
    ).df()
    keys = ["drill_level", "drill_value", "label", "scope", "year", "template", "n_reports"]
    rows = []
    for c in cols:
        _, item, field = c.split("__")
        rows.append(wide[keys].assign(item=item, field=field, value=wide[f"s|{c}"], n_given=wide[f"n|{c}"]))
    return pd.concat(rows, ignore_index=True)


def _reference(con: duckdb.DuckDBPyConnection, name: str, p: dict) -> pd.DataFrame:
    sql = REFERENCES[name]
    return con.execute(sql, {k: v for k, v in p.items() if "$" + k in sql}).df()


def _same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Equal rows in any order; floats to 1e-12 (sums of money amounts in another order)."""
    assert set(got.columns) == set(want.columns)
    want = want[list(got.columns)]
    keys = [c for c in got.columns if not pd.api.types.is_float_dtype(got[c])]
    a = got.sort_values(keys).reset_index(drop=True)
    b = want.sort_values(keys).reset_index(drop=True)
    assert len(a) == len(b)
    for c in got.columns:
        if pd.api.types.is_float_dtype(a[c]) or pd.api.types.is_float_dtype(b[c]):
            x, y = a[c].to_numpy(float), b[c].to_numpy(float)
            assert np.array_equal(np.isnan(x), np.isnan(y)), c  # blank stays blank, never 0
            assert np.allclose(x, y, rtol=1e-12, atol=0, equal_nan=True), c
        else:
            assert a[c].astype(str).tolist() == b[c].astype(str).tolist(), c


@pytest.fixture(scope="module")
def plain(sample_dir):
    return data.connect(Path(sample_dir))


@pytest.fixture(scope="module")
def mutated(sample_dir):
    """The sample with the two cases the summaries must handle apart, and the summaries rebuilt."""
    con = data.connect(Path(sample_dir))
    for table in ("reports", "reports_charted"):
        # 中卫市生态环境局 moves to 福州市 in 2023: a pair of years in two provinces.
        con.execute(
            f"UPDATE {table} SET province = '福建省', city = '福州市' WHERE agency_id = $a AND year = 2023",
            {"a": AID["nx-zw-env"]},
        )
        # 鼓楼区教育局's 2022 report under 福州市公安局 (as an alias merge would): one agency, two reports
        # of one year, in two levels and counties.
        con.execute(
            f"UPDATE {table} SET agency_id = $to WHERE agency_id = $a AND year = 2022",
            {"a": AID["fj-fz-gl-edu"], "to": AID["fj-fz-psb"]},
        )
    for name in data.SUMMARIES:
        con.execute(f"CREATE OR REPLACE TABLE {name} AS {data.sql_text(name)}")
    assert con.execute("SELECT count(*) FROM yoy_facts WHERE odd_agency_id IS NOT NULL").fetchone()[0] > 0
    assert (
        con.execute("SELECT count(*) FROM platform_facts WHERE shared_agency_id IS NOT NULL").fetchone()[0]
        > 0
    )
    return con


@pytest.fixture(params=["plain", "mutated"])
def con(request):
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("where", SELECTIONS)
@pytest.mark.parametrize("name", ["review_by_group", "platform_by_group", "platform_mentions"])
def test_summary_queries_equal_the_per_report_definition(con, name, where):
    p = {**BASE, **where}
    got = data.run(name, p, con)
    want = _reference(con, name, p)
    assert len(want) > 0
    _same(got, want)


@pytest.mark.parametrize("where", SELECTIONS)
def test_active_by_group_equals_the_per_report_sums(con, where):
    p = {**BASE, **where}
    got = data.run("active_by_group", p, con)
    want = _active_reference(con, p)
    assert len(want) > 0
    _same(got, want)


@pytest.mark.parametrize("where", SELECTIONS)
@pytest.mark.parametrize("year", [2021, 2023, 2024])
def test_requests_yoy_equals_the_per_report_pairs(con, where, year):
    p = {**BASE, **where, "year": year}
    got = data.run("requests_yoy_by_group", p, con)
    _same(got, _reference(con, "requests_yoy_by_group", p))


def test_the_moved_agency_counts_only_where_both_years_are_selected(mutated):
    """Its 2022 report is in 宁夏, its 2023 one in 福建: the nation pairs the two years (福建's row counts it),
    福建 alone does not (its 2022 report is outside the selection)."""
    nation = data.run("requests_yoy_by_group", {**BASE, "year": 2023}, mutated).set_index("label")
    fujian = data.run("requests_yoy_by_group", {**BASE, "year": 2023, "province": "福建省"}, mutated)
    assert int(nation.loc["福建省", "agencies"]) == int(fujian["agencies"].sum()) + 1


def test_blank_stays_blank_in_the_summaries(plain):
    """A figure no report of a group gives is null in the summary (never 0), with a count of 0."""
    row = plain.execute(
        "SELECT count(*) FILTER (WHERE n__active__licensing__prev_items = 0 AND s__active__licensing__prev_items IS NULL), "
        "count(*) FILTER (WHERE n__active__licensing__prev_items = 0 AND s__active__licensing__prev_items IS NOT NULL) "
        "FROM region_facts"
    ).fetchone()
    assert row[0] > 0 and row[1] == 0  # 2019-template rows have no 2021 cells
