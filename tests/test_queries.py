"""Every query in queries/ runs on the sample dataset, filters through parameters only, and the shared
selection excludes aggregate reports and old versions unless asked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from dashboard_fixtures import con_for
from sample_dataset import AID

from disclosure import benchmarks
from disclosure.dashboard import data, shape
from disclosure.store import aliases, layout, snapshot

QUERIES = data.query_names()
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
EXTRA = {
    "include_unevaluable": True,
    "agency_id": AID["fj-pt"],
    "report_id": None,
    "where": "requests.total",
    "rule": "R1",
    "compare_ids": [AID["fj-pt"], AID["js-ha-hz"]],
    "compare_years": [2022],
    "year": 2022,
    "same_province": True,
    "gap_reasons": ["ambiguous", "not_printed"],
    "top_n": 30,
    "limit": 50,  # one page of a paginated table (requests_page, review_page, active_page)
    "offset": 0,
    "template": "2021",
}


@pytest.fixture(scope="module")
def con(sample_dir):
    return data.connect(Path(sample_dir))


@pytest.mark.parametrize("name", QUERIES)
def test_every_query_runs_with_its_named_parameters(con, name):
    rid = con.execute(
        "SELECT report_id FROM reports WHERE agency_id=? AND year=2023", [AID["nx-zn-gov"]]
    ).fetchone()[0]
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


def test_selection_excludes_aggregates_and_old_versions(con, sample_dir):
    raw = con_for(sample_dir)
    rows = data.run("export_reports", BASE, con)
    assert (rows["scope"] != "aggregate").all()
    assert rows["is_current"].all()
    n_current_own = raw.execute(
        "SELECT count(*) FROM reports WHERE is_current AND scope <> 'aggregate'"
    ).fetchone()[0]
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


def test_headline_sums_equal_direct_sums(con, sample_dir):
    raw = con_for(sample_dir)
    head = data.run("headline", BASE, con)
    own = head[head["scope"] == "own"].set_index("year")
    direct = (
        raw.execute(
            "SELECT year, sum(requests__new__total) s FROM reports WHERE is_current AND scope='own' "
            "GROUP BY year ORDER BY year"
        )
        .df()
        .set_index("year")["s"]
    )
    assert own["new"].tolist() == direct.tolist()


def test_correction_rate_is_ratio_of_sums(con, sample_dir):
    raw = con_for(sample_dir)
    review = data.run("review_by_agency", BASE, con)
    got = shape.correction_rate(shape.own(review).assign(all="x"), ["all"])
    got = got[got["grp"] == "review"].iloc[0]
    c, t, p = raw.execute(
        "SELECT sum(review_litigation__review__corrected), sum(review_litigation__review__total), "
        "sum(review_litigation__review__pending) FROM reports WHERE is_current AND scope='own'"
    ).fetchone()
    assert got["rate"] == pytest.approx(c / (t - p))


def test_check_cells_finds_the_cells_of_a_failed_r1(con):
    rid, where = con.execute(
        "SELECT report_id, \"where\" FROM checks WHERE ok = false AND rule = 'R1' LIMIT 1"
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


def test_peers_share_level_kind_region_and_year_and_benchmarks_follow_the_settings(con):
    region = {**BASE, "province": "福建省", "year": 2022}
    peers = benchmarks.peers_of(data.run("peer_reports", region, con), AID["fj-fz-gl"], 2022)
    assert set(peers["agency_id"]) == {
        AID["fj-fz-gl"],
        AID["fj-fz-cs"],
    }  # the two district governments in 福建省
    wider = benchmarks.peers_of(data.run("peer_reports", {**BASE, "year": 2022}, con), AID["fj-fz-gl"], 2022)
    assert {AID["nx-zn-gov"], AID["js-ha-hz"]} <= set(wider["agency_id"])  # county governments elsewhere
    assert AID["fj-fz-all"] not in set(wider["agency_id"])  # never an aggregate report
    m = benchmarks.metrics()["open_rate"]
    values = benchmarks.values(wider, m)
    rates = con.execute(
        "SELECT agency_id, (requests__granted__total + requests__partial__total) / requests__handled_total__total "
        "FROM reports WHERE is_current AND year = 2022 AND agency_id IN (SELECT unnest(?))",
        [list(wider["agency_id"])],
    ).fetchall()
    got = dict(zip(values["agency_id"], values["value"], strict=True))
    assert all(abs(got[a] - float(r)) < 1e-12 for a, r in rates)
    pos = benchmarks.position(values, AID["fj-fz-gl"])
    ranked = values[values["eligible"]]["value"]
    assert pos.n_ranked == len(ranked) and pos.p50 == float(ranked.median())
    assert pos.rank == int((ranked > got[AID["fj-fz-gl"]]).sum()) + 1 if pos.eligible else pos.rank is None


def test_benchmark_thresholds_and_minimum_denominator_come_from_the_settings_file(tmp_path, monkeypatch):
    """Issue 10: thresholds in ONE settings file, never hard-coded; a small denominator is not ranked."""
    settings = tmp_path / "b.toml"
    settings.write_text(
        '[defaults]\nmin_denominator = 20\n[metrics.open_rate]\nlabel = "公开率"\n'
        'numerator = ["g", "p"]\ndenominator = ["h"]\nmin = 0.5\n',
        encoding="utf-8",
    )
    m = benchmarks.metrics(settings)["open_rate"]
    df = pd.DataFrame(
        {
            "agency_id": ["a", "b", "c"],
            "agency": ["甲", "乙", "丙"],
            "g": [10, 90, None],
            "p": [2, 10, 1],
            "h": [17, 218, 5],
        }
    )
    v = benchmarks.values(df, m).set_index("agency_id")
    assert not v.loc["a", "eligible"] and v.loc["b", "eligible"]  # 12/17 is not ranked above 100/218
    assert pd.isna(v.loc["c", "value"])  # a blank part: no rate, not 0
    assert v.loc["b", "flag"] == "低于下限 50.0%"
    assert benchmarks.position(v.reset_index(), "b").rank == 1
    assert "低于 50%" in m.describe_thresholds() and "少于 20 件" in m.describe_thresholds()


def test_canonical_agency_one_identity_across_renames_and_scopes(tmp_path):
    """Defect 2: 平潭县人民政府 / 平潭综合实验区管委会 / 平潭综合实验区 and own/汇总 — one agency where the years
    follow one another; coexisting names of one region stay apart (no report counted twice)."""
    reports = pl.DataFrame(
        {
            "agency_id": ["a_county", "a_mgmt", "a_zone", "a_zone", "a_dept"],
            "agency": ["甲县人民政府", "甲实验区管委会", "甲实验区", "甲实验区", "甲实验区财政局"],
            "year": [2015, 2016, 2021, 2024, 2024],
            "kind": ["government"] * 4 + ["department"],
            "level": ["county", "dev_zone", "dev_zone", "dev_zone", "dev_zone"],
            "province": ["福建省"] * 5,
            "city": ["福州市"] * 5,
            "county": ["甲县"] * 5,
            "is_current": [True] * 5,
        }
    )
    m = {r["agency_id"]: r for r in aliases.resolve(reports, None).iter_rows(named=True)}
    assert (
        m["a_county"]["canonical_id"]
        == m["a_mgmt"]["canonical_id"]
        == m["a_zone"]["canonical_id"]
        == "a_county"
    )
    assert m["a_zone"]["canonical_name"] == "甲实验区" and m["a_dept"]["canonical_id"] == "a_dept"
    both = reports.vstack(
        pl.DataFrame(
            {
                **{k: [v[0]] for k, v in reports.to_dict(as_series=False).items()},
                "agency_id": ["a_other"],
                "agency": ["甲县另一政府"],
                "year": [2015],
            }
        )
    )
    m2 = {r["agency_id"]: r for r in aliases.resolve(both, None).iter_rows(named=True)}
    assert m2["a_other"]["canonical_id"] != m2["a_county"]["canonical_id"]  # same years: two agencies


def test_alias_table_edit_is_a_new_logged_snapshot_and_survives_an_ingest(tmp_path, sample_dir):
    data_dir = tmp_path / "data"
    shutil.copytree(sample_dir, data_dir)
    before = layout.current_snapshot(data_dir)
    csv = f"agency_id,canonical_id,canonical_name,rule,note\n{AID['fj-fz-cs']},{AID['fj-fz-gl']},福州两区,admin,合并测试\n"
    snap = aliases.apply(data_dir, csv, "测试管理员")
    assert snap != before and layout.current_snapshot(data_dir) == snap
    log = pl.read_parquet(layout.table_paths(data_dir)["ingest_log"])
    assert log.filter(pl.col("status") == "aliases")["reason"].item().startswith("测试管理员")
    con = data.connect(data_dir)
    assert (
        con.execute(
            "SELECT count(DISTINCT agency) FROM reports WHERE agency_id = ?", [AID["fj-fz-gl"]]
        ).fetchone()[0]
        == 1
    )
    assert (
        con.execute(
            "SELECT any_value(agency) FROM reports WHERE agency_id = ?", [AID["fj-fz-gl"]]
        ).fetchone()[0]
        == "福州两区"
    )
    with pytest.raises(aliases.AliasError):
        aliases.apply(data_dir, "agency_id,canonical_id\nnope,x\n", "测试管理员")
    # a later snapshot written by another writer (an ingest) carries the administrator's table forward

    tables = {t: p for t, p in layout.table_paths(data_dir).items()}
    later = snapshot.write_snapshot(data_dir, "later", tables, lambda df, p: None)
    assert (later / f"{aliases.TABLE}.parquet").is_file()


@pytest.mark.parametrize("which", ["sample", "bundled"])
def test_coverage_failed_counts_equal_the_checks_table(which, sample_dir):
    """coverage*.sql read the report's n_errors / n_warnings instead of scanning `checks`: they must be
    the report's failed error / warning checks (report- and dataset-level), on real and sample data."""
    from dashboard_fixtures import BUNDLED

    directory = sample_dir if which == "sample" else BUNDLED
    if not layout.current_snapshot(directory):
        pytest.skip("no bundled dataset in data/")
    params = {**BASE, "year_from": 1990, "year_to": 2100, "include_aggregate": True}
    cov = data.run("coverage", params, data.connect(directory)).set_index("report_id")
    direct = (
        con_for(directory)
        .execute(
            "SELECT report_id, count(*) FILTER (WHERE ok = false AND severity = 'error') AS e, "
            "count(*) FILTER (WHERE ok = false AND severity = 'warning') AS w FROM checks GROUP BY report_id"
        )
        .df()
    )
    direct = direct.set_index("report_id").reindex(cov.index).fillna(0)
    assert len(cov) > 0 and (cov["failed_errors"] > 0).any() == (direct["e"] > 0).any()
    assert cov["failed_errors"].tolist() == direct["e"].astype(int).tolist()
    assert cov["failed_warnings"].tolist() == direct["w"].astype(int).tolist()
