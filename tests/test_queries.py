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

from disclosure import benchmarks, contract
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
    "search": "",  # the agency pickers (agency_search): no name search
    "order": "years",
    "rules": ["R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8"],
    "panel": True,  # headline / outcomes_by_year over the balanced panel (queries/_macros.sql panel_of)
    "among": [AID["fj-pt"]],
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


def test_correction_rate_parts_are_sums_over_reports_printing_every_part(con, sample_dir):
    """复议纠错率 = Σ结果纠正 ÷ Σ(总计 − 尚未审结), over the reports that print all three (a ratio of sums,
    never a mean of ratios): headline's parts against a direct sum of the stored reports."""
    raw = con_for(sample_dir)
    head = data.run("headline", BASE, con)
    own = head[head["scope"] == "own"]
    c, d = raw.execute(
        "SELECT sum(review_litigation__review__corrected), "
        "sum(review_litigation__review__total - review_litigation__review__pending) FROM reports "
        "WHERE is_current AND scope = 'own' AND review_litigation__review__corrected IS NOT NULL "
        "AND review_litigation__review__total IS NOT NULL AND review_litigation__review__pending IS NOT NULL"
    ).fetchone()
    assert d > 0 and own["review_corrected"].sum() == c and own["review_decided"].sum() == d


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


@pytest.mark.parametrize("which", ["sample", "bundled"])
def test_report_ambiguous_count_equals_its_cells(which, sample_dir):
    """briefing_agencies reads the report's n_ambiguous instead of counting `cells` (every cell of the
    selection at national scale): it must be the report's ambiguous cells, on real and sample data."""
    from dashboard_fixtures import BUNDLED

    directory = sample_dir if which == "sample" else BUNDLED
    if not layout.current_snapshot(directory):
        pytest.skip("no bundled dataset in data/")
    rows = (
        con_for(directory)
        .execute(
            "SELECT r.report_id, r.n_ambiguous, count(c.report_id) FILTER (WHERE c.ambiguous) AS counted "
            "FROM reports AS r LEFT JOIN cells AS c USING (report_id) GROUP BY ALL"
        )
        .fetchall()
    )
    assert rows and any(counted for _, _, counted in rows)  # some report has an ambiguous cell
    assert [(rid, n) for rid, n, _ in rows] == [(rid, counted) for rid, _, counted in rows]


# --- issue 13: pickers, counts and pages that never fetch a row per agency, report, check or cell -------

EVERYTHING = {**BASE, "year_from": 1990, "year_to": 2100, "include_aggregate": True}


def _con_of(which: str, sample_dir: Path):
    from dashboard_fixtures import BUNDLED

    directory = sample_dir if which == "sample" else BUNDLED
    if not layout.current_snapshot(directory):
        pytest.skip("no bundled dataset in data/")
    return data.connect(Path(directory))


@pytest.mark.parametrize("which", ["sample", "bundled"])
def test_quality_counts_equal_the_rows_they_count(which, sample_dir):
    """数据质量 counts from the reports' own counts (quality_counts.sql) and pages its tables: the counts
    must be the number of rows the tables list, and the pages together the whole list, in order, once."""
    con = _con_of(which, sample_dir)
    t = data.run("quality_counts", EVERYTHING, con).iloc[0]
    reports = con.execute(
        "SELECT count(*), count(*) FILTER (template = 'legacy') FROM reports WHERE is_current"
    )
    assert (t["n_reports"], t["n_legacy"]) == reports.fetchone()
    errors, warnings = con.execute(
        "SELECT count(*) FILTER (c.severity = 'error'), count(*) FILTER (c.severity <> 'error') FROM checks c "
        "JOIN reports r USING (report_id) WHERE r.is_current AND c.ok = false"
    ).fetchone()
    assert (t["failed_errors"], t["failed_warnings"]) == (errors, warnings)
    gaps = {"gap_reasons": list(contract.GAP_REASONS)}
    big = {"limit": 10**9, "offset": 0}
    flagged = data.run("flagged_cells", {**EVERYTHING, **big}, con)
    missing = data.run("missing_cells", {**EVERYTHING, **gaps, **big}, con)
    assert t["n_imputed"] == flagged["imputed"].sum() and t["n_ambiguous"] == flagged["ambiguous"].sum()
    assert t["n_imputed"] + t["n_ambiguous"] == len(flagged) and len(flagged) > 0  # never both
    # ...and equal to the cells themselves, in the same order (the pages are found via the reports' counts)
    direct = con.execute(
        "SELECT c.report_id, c.path FROM cells c JOIN reports r USING (report_id) WHERE r.is_current "
        "AND (c.imputed OR c.ambiguous) ORDER BY coalesce(r.agency, '（单位未识别）'), r.year, c.report_id, c.path"
    ).df()
    assert flagged[["report_id", "path"]].values.tolist() == direct.values.tolist()
    direct = con.execute(
        "SELECT c.report_id, c.path FROM cells c JOIN reports r USING (report_id) WHERE r.is_current "
        "AND c.value IS NULL AND list_contains(?, c.null_reason) "
        "ORDER BY coalesce(r.agency, '（单位未识别）'), r.year, c.report_id, c.section, c.path",
        [list(contract.GAP_REASONS)],
    ).df()
    assert missing[["report_id", "path"]].values.tolist() == direct.values.tolist()
    assert t["n_missing"] == len(missing) and (which == "sample" or len(missing) > 0)
    status = data.run("report_status", {**EVERYTHING, **big}, con)
    by_status = data.run("report_status_counts", EVERYTHING, con)
    assert by_status["n_reports"].sum() == len(status) == t["n_reports"]
    rules = data.run("failed_rules", {**EVERYTHING, "include_unevaluable": False}, con)
    failed = data.run("failed_checks", {**EVERYTHING, "include_unevaluable": False}, con)
    assert rules["n_rows"].sum() == len(failed) == errors + warnings
    # with the unevaluable checks too (the queries read only reports whose n_not_evaluable says they have any)
    unevaluable = con.execute(
        "SELECT count(*) FROM checks c JOIN reports r USING (report_id) WHERE r.is_current AND c.ok IS NULL"
    ).fetchone()[0]
    both = data.run("failed_rules", {**EVERYTHING, "include_unevaluable": True}, con)
    assert both["n_rows"].sum() == errors + warnings + unevaluable and (which == "sample" or unevaluable > 0)
    for name, extra, full in (
        ("flagged_cells", {}, flagged),
        ("missing_cells", gaps, missing),
        ("report_status", {}, status),
        ("failed_checks_page", {"include_unevaluable": False, "rules": list(rules["rule"])}, failed),
    ):
        size = max(1, len(full) // 3)  # three or four pages
        pages = [
            data.run(name, {**EVERYTHING, **extra, "limit": size, "offset": o}, con)
            for o in range(0, len(full), size)
        ]
        joined = pd.concat(pages, ignore_index=True) if pages else full.iloc[0:0]
        keys = ["report_id", "path"] if "path" in full else ["report_id", "rule", "where", "message"]
        keys = [k for k in keys if k in full]
        assert len(joined) == len(full) and not joined.duplicated(keys).any(), name
        assert sorted(map(tuple, joined[keys].astype(str).values)) == sorted(
            map(tuple, full[keys].astype(str).values)
        ), name


def test_agency_search_is_a_plain_substring_with_a_limit_and_a_total(con, sample_dir):
    raw = con_for(sample_dir)
    everyone = raw.execute(
        "SELECT count(DISTINCT agency_id) FROM reports WHERE is_current AND agency_id IS NOT NULL"
    ).fetchone()[0]
    p = {**EVERYTHING, "search": "", "order": "years", "limit": 5}
    five = data.run("agency_search", p, con)
    assert len(five) == 5 and (five["n_total"] == everyone).all() and everyone > 5
    assert five["n_years"].is_monotonic_decreasing  # most years of reports first: the default agency
    every = data.run("agency_search", {**p, "limit": 10**6}, con)
    assert len(every) == everyone and every["agency_id"].is_unique
    name = str(every["agency"].iloc[0])
    part = name[1:3]
    found = data.run("agency_search", {**p, "search": part, "limit": 10**6}, con)
    assert name in set(found["agency"]) and all(part in str(a) for a in found["agency"])
    # a pattern or SQL in the search box is text, not a pattern or SQL
    for evil in ("%", "_", "' OR 1=1 --", "局%", ".*"):
        got = data.run("agency_search", {**p, "search": evil, "limit": 10**6}, con)
        assert all(evil.lower() in str(a).lower() for a in got["agency"]), evil
    assert data.run("agency_search", {**p, "search": "Ｘ不存在的单位Ｘ"}, con).empty
    # the selection narrows it; the year range too
    nx = data.run("agency_search", {**p, "province": "宁夏回族自治区", "limit": 10**6}, con)
    direct = raw.execute(
        "SELECT count(DISTINCT agency_id) FROM reports WHERE is_current AND province = '宁夏回族自治区'"
    ).fetchone()[0]
    assert len(nx) == direct and 0 < direct < everyone
    table_first = data.run("agency_search", {**p, "order": "table_years", "limit": 10**6}, con)
    assert table_first["n_table_years"].is_monotonic_decreasing
    names = data.run("agency_names", {"agency_ids": [AID["fj-pt"], "ghost"]}, con)
    assert names["agency_id"].tolist() == [AID["fj-pt"]]


def test_years_and_regions_are_aggregates_equal_to_the_rows(con, sample_dir):
    cov = data.run("coverage", EVERYTHING, con)
    years = data.run("selection_years", EVERYTHING, con).set_index("year")
    assert years["n_reports"].to_dict() == cov.groupby("year").size().to_dict()
    legacy = cov[cov["template"] == "legacy"].groupby("year").size()
    assert years["n_legacy"][years["n_legacy"] > 0].to_dict() == legacy.to_dict()
    opts = data.run("filter_options", {}, con)
    regions = data.run("filter_regions", {}, con)
    for col in ("province", "city", "county"):
        assert set(regions[col].dropna()) >= set(opts[col].dropna())
    assert (regions["first_year"].min(), regions["last_year"].max()) == (
        opts["first_year"].min(),
        opts["last_year"].max(),
    )
    levels = {v for ls in regions["levels"] for v in ls}
    assert levels == set(opts["level"].dropna())
    newest = data.run("admin_reports", {"agency_id": None, "limit": 3}, con)
    assert len(newest) == 3 and newest["ingested_at"].is_monotonic_decreasing
    one = data.run("admin_reports", {"agency_id": AID["fj-pt"], "limit": 1000}, con)
    assert set(one["agency_id"]) == {AID["fj-pt"]} and len(one) > 1


def test_panel_flag_equals_the_panel_ids_as_a_filter(con):
    """`panel=True` (the macro) gives exactly what the page used to get by passing the panel's ids."""
    ids = [
        r[0]
        for r in con.execute(
            "SELECT agency_id FROM panel_of(2019, 2024, NULL, NULL, NULL, NULL, NULL, NULL) ORDER BY 1"
        ).fetchall()
    ]
    assert ids and len(ids) < con.execute("SELECT count(DISTINCT agency_id) FROM reports").fetchone()[0]
    for name in ("headline", "outcomes_by_year"):
        flag = data.run(name, {**BASE, "panel": True}, con)
        listed = data.run(name, {**BASE, "agency_ids": ids}, con)
        pd.testing.assert_frame_equal(flag, listed)
        assert not flag.equals(data.run(name, BASE, con))  # the panel is a real restriction here
    info = data.run("panel_agencies", {**BASE, "among": [ids[0], "ag_not_there"]}, con).iloc[0]
    assert int(info["agencies"]) == len(ids) and list(info["members"]) == [ids[0]]


@pytest.mark.parametrize(
    "where",
    [
        {},
        {"province": "福建省"},
        {"province": "福建省", "levels": ["county"]},
        {"kinds": ["government"], "include_aggregate": True},
        {"year_from": 2022, "year_to": 2022},
        {"province": "福建省", "city": "福州市"},  # the per-report branch
        {"agency_ids": [AID["fj-pt"], AID["js-ha-hz"]]},
        {"panel": True},  # the per-report branch, panel agencies only
        {"panel": True, "province": "福建省", "year_from": 2022, "year_to": 2023},
    ],
)
def test_region_groups_sum_like_the_reports(con, where):
    """The `region_groups` macro (the region_facts summary for the nation or a province, one row per
    report otherwise) gives, for every figure it carries, the sums and counts of grouped_reports."""
    p = {**BASE, "panel": False, **where}
    names = ("year_from", "year_to", "province", "city", "county", "levels", "kinds", "agency_ids")
    args = ", ".join(f"${k}" for k in names)
    facts = [
        r[0].removeprefix("s__")
        for r in con.execute("SELECT column_name FROM (DESCRIBE region_facts)").fetchall()
        if r[0].startswith("s__")
    ]
    assert len(facts) >= 75 and "open_num" in facts and "review_litigation__review__total" in facts
    assert {
        "litigation_direct_decided",
        "active__licensing__prev_items",
        "active__fees__amount_10k_yuan",
    } <= set(facts)
    got = con.execute(
        "SELECT drill_level, drill_value, drill_label, scope, year, template, sum(n_reports)::BIGINT AS n, "
        "sum(n_legacy)::BIGINT AS legacy, sum(n_error_reports)::BIGINT AS err, "
        "sum(n_warning_reports)::BIGINT AS warn, sum(n_errors)::BIGINT AS n_errors, "
        + ", ".join(f"sum(s__{c}) AS s_{c}, sum(n__{c})::BIGINT AS n_{c}" for c in facts)
        + f" FROM region_groups({args}, $include_aggregate, $panel) GROUP BY ALL ORDER BY ALL",
        p,
    ).df()
    panel = f" WHERE agency_id IN (SELECT agency_id FROM panel_of({args}))" if p["panel"] else ""
    want = con.execute(
        "SELECT drill_level, drill_value, drill_label, scope, year, template, count(*) AS n, "
        "count(*) FILTER (WHERE template = 'legacy') AS legacy, "
        "count(*) FILTER (WHERE coalesce(n_errors, 0) > 0) AS err, "
        "count(*) FILTER (WHERE coalesce(n_errors, 0) = 0 AND coalesce(n_warnings, 0) > 0) AS warn, "
        "sum(coalesce(n_errors, 0))::BIGINT AS n_errors, "
        + ", ".join(f"sum({c}) AS s_{c}, count({c}) AS n_{c}" for c in facts)
        + f" FROM grouped_reports({args}, $include_aggregate){panel} GROUP BY ALL ORDER BY ALL",
        {k: v for k, v in p.items() if k != "panel"},
    ).df()
    assert len(want) > 0
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_region_facts_is_used_for_the_nation_and_a_province_only(con):
    """The summary branch serves the nation and a province (it holds every current report once), the
    per-report branch the rest: the summary has fewer rows than there are reports."""
    n_reports = con.execute("SELECT count(*) FROM reports WHERE is_current AND year IS NOT NULL").fetchone()[
        0
    ]
    n_facts, summed = con.execute("SELECT count(*), sum(n_reports) FROM region_facts").fetchone()
    assert summed == n_reports and n_facts < n_reports
