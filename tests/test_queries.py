"""Every query in queries/ runs on the sample dataset, filters through parameters only, and the shared
selection excludes aggregate reports and old versions unless asked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dashboard_fixtures import con_for, sample_dir  # noqa: F401

from disclosure.dashboard import data, shape

QUERIES = sorted(p.stem for p in data.QUERIES.glob("*.sql") if not p.name.startswith("_"))
BASE = {"year_from": 2019, "year_to": 2024, "province": None, "city": None, "county": None, "levels": None,
        "kinds": None, "agency_ids": None, "include_aggregate": False}
EXTRA = {"include_unevaluable": True, "agency_id": "fj-pt", "report_id": None, "where": "requests.total",
         "rule": "R1", "compare_ids": ["fj-pt", "js-ha-hz"], "compare_years": [2022], "year": 2022,
         "same_province": True, "gap_reasons": ["ambiguous", "not_printed"]}


@pytest.fixture(scope="module")
def con(sample_dir):  # noqa: F811
    return data.connect(Path(sample_dir))


@pytest.mark.parametrize("name", QUERIES)
def test_every_query_runs_with_its_named_parameters(con, name):
    rid = con.execute("SELECT report_id FROM reports WHERE agency_id='nx-zn-gov' AND year=2023").fetchone()[0]
    df = data.run(name, {**BASE, **EXTRA, "report_id": rid}, con)
    assert len(df.columns) > 0
    sql = data.sql_text(name)
    assert "{" not in sql, "no Python formatting in SQL files"
    assert sql.lstrip().startswith("--"), "each query file starts with a comment saying what it returns"


def test_missing_parameter_is_an_error(con):
    with pytest.raises(KeyError):
        data.run("headline", {"year_from": 2019}, con)


def test_user_input_is_a_value_not_sql(con):
    evil = {**BASE, "province": "福建省' OR 1=1 --", "agency_ids": ["x') OR true --"]}
    assert data.run("export_reports", evil, con).empty
    assert not any(re.search(r"\bf\"|\.format\(|%s", data.sql_text(n)) for n in QUERIES)


def test_selection_excludes_aggregates_and_old_versions(con, sample_dir):  # noqa: F811
    raw = con_for(sample_dir)
    rows = data.run("export_reports", BASE, con)
    assert (rows["scope"] != "aggregate").all()
    assert rows["is_current"].all()
    n_current_own = raw.execute("SELECT count(*) FROM reports WHERE is_current AND scope <> 'aggregate'").fetchone()[0]
    assert len(rows) == n_current_own
    with_agg = data.run("export_reports", {**BASE, "include_aggregate": True}, con)
    assert (with_agg["scope"] == "aggregate").sum() == 6
    # an old version exists but is never counted
    assert raw.execute("SELECT count(*) FROM reports WHERE NOT is_current").fetchone()[0] == 1


def test_filters_narrow_the_rows(con):
    everything = data.run("export_reports", BASE, con)
    county = data.run("export_reports", {**BASE, "levels": ["county"]}, con)
    dept = data.run("export_reports", {**BASE, "kinds": ["department"], "province": "福建省"}, con)
    years = data.run("export_reports", {**BASE, "year_from": 2022, "year_to": 2023}, con)
    assert 0 < len(county) < len(everything) and set(county["level"]) == {"county"}
    assert set(dept["kind"]) == {"department"} and set(dept["province"]) == {"福建省"}
    assert set(years["year"]) == {2022, 2023}


def test_headline_sums_equal_direct_sums(con, sample_dir):  # noqa: F811
    raw = con_for(sample_dir)
    head = data.run("headline", BASE, con)
    own = head[head["scope"] == "own"].set_index("year")
    direct = raw.execute("SELECT year, sum(requests__new__total) s FROM reports WHERE is_current AND scope='own' "
                         "GROUP BY year ORDER BY year").df().set_index("year")["s"]
    assert own["new"].tolist() == direct.tolist()


def test_correction_rate_is_ratio_of_sums(con, sample_dir):  # noqa: F811
    raw = con_for(sample_dir)
    review = data.run("review_by_agency", BASE, con)
    got = shape.correction_rate(shape.own(review).assign(all="x"), ["all"])
    got = got[got["grp"] == "review"].iloc[0]
    c, t, p = raw.execute(
        "SELECT sum(review_litigation__review__corrected), sum(review_litigation__review__total), "
        "sum(review_litigation__review__pending) FROM reports WHERE is_current AND scope='own'").fetchone()
    assert got["rate"] == pytest.approx(c / (t - p))


def test_check_cells_finds_the_cells_of_a_failed_r1(con):
    rid, where = con.execute("SELECT report_id, \"where\" FROM checks WHERE ok = false AND rule = 'R1' LIMIT 1"
                             ).fetchone()
    cells = data.run("check_cells", {"report_id": rid, "where": where, "rule": "R1"}, con)
    assert sorted(cells["row"]) == ["carried_in", "carried_out", "handled_total", "new"]
    assert set(cells["col"]) == {where.split(".")[1]}
    assert cells["page"].notna().all()


def test_active_2019_and_2021_fields_are_never_mixed(con):
    active = data.run("active_cells", BASE, con)
    a21 = shape.active_for_template(active, "2021")
    a19 = shape.active_for_template(active, "2019")
    assert set(a21["year"]) <= {2021, 2022, 2023, 2024} and set(a19["year"]) <= {2019, 2020}
    assert "made" not in set(a21["field"]) and "issued" not in set(a19["field"])
    assert "amount_10k_yuan" in set(a21["field"]) and "procurement" in set(a19["item"])


def test_peers_share_level_kind_province_and_year(con):
    peers = data.run("peer_figures", {"agency_id": "fj-fz-gl", "year": 2022, "same_province": True}, con)
    assert set(peers["agency_id"]) == {"fj-fz-gl", "fj-fz-cs"}  # the two district governments in 福建省
    assert peers["is_self"].sum() == 1
    wider = data.run("peer_figures", {"agency_id": "fj-fz-gl", "year": 2022, "same_province": False}, con)
    assert {"nx-zn-gov", "js-ha-hz"} <= set(wider["agency_id"])  # county governments elsewhere
    assert "fj-fz-all" not in set(wider["agency_id"])  # never an aggregate report
