"""对比's page model on plain pandas frames, and the one home of the rates (queries/reports_charted.sql)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from disclosure import benchmarks, contract
from disclosure.dashboard import data
from disclosure.dashboard.pagemodel import compare as pm


def wide(values: dict[str, dict[str, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(values).astype(float)


def test_url_state_keeps_only_what_exists_in_the_data():
    got = pm.url_state(
        {"cmode": ["agencies"], "cy": ["2023"], "cmp": ["a", "ghost", "b"], "cid": ["zz"]},
        ids=["a", "b", "c"],
        years=[2024, 2023],
        scopes=["own", "aggregate"],
    ).values
    assert got == {"cmp_mode": "agencies", "cmp_year": 2023, "cmp_units_2023": ["a", "b"]}
    years = pm.url_state(
        {
            "cmode": ["years"],
            "cid": ["c"],
            "csc": ["aggregate"],
            "cyr": ["2022", "x", "2024"],
            "cy": ["1999"],
        },
        ids=["a", "c"],
        years=[2024],
        scopes=["own", "aggregate"],
    ).values
    assert years == {
        "cmp_mode": "years",
        "cmp_aid": "c",
        "cmp_scope_c": "aggregate",
        "cmp_years_c": [2022, 2024],
    }
    assert pm.url_state({"cmode": ["nonsense"]}, ["a"], [2024], ["own"]).values == {}
    many = pm.url_state(
        {"cy": ["2024"], "cmp": [str(i) for i in range(12)]}, [str(i) for i in range(12)], [2024], []
    )
    assert len(many.values["cmp_units_2024"]) == pm.MAX_SERIES


def test_deltas_against_the_first_series_or_the_previous_year_and_blank_stays_blank():
    w = wide(
        {
            "甲": {"requests.new.total": 10, "requests.handled_total.total": None},
            "乙": {"requests.new.total": 25, "requests.handled_total.total": 4},
            "丙": {"requests.new.total": 5, "requests.handled_total.total": 4},
        }
    )
    first = pm.delta_table(w, ["甲", "乙", "丙"], against_first=True).set_index("栏目")
    new = first.loc[first.index.str.startswith("一、")].iloc[0]
    assert new["乙 比 甲"] == 15 and new["丙 比 甲"] == -5
    handled = first.loc[first.index.str.contains("总计") & ~first.index.str.startswith("一、")].iloc[0]
    assert pd.isna(handled["乙 比 甲"])  # 甲 blank: no delta, never 4 - 0
    prev = pm.delta_table(w, ["甲", "乙", "丙"], against_first=False)
    assert "丙 比 乙" in prev.columns and "丙 比 甲" not in prev.columns
    diff = pm.only_differences(pm.delta_table(w[["乙", "丙"]], ["乙", "丙"], against_first=True))
    assert len(diff) == 1  # handled 4 vs 4 is no difference
    assert set(pm.in_sections(first.reset_index(), ["复议诉讼"])["部分"]) <= {"复议诉讼"}


def test_key_figures_keep_blank_as_none():
    w = wide({"甲": {"requests.new.total": 3}})
    kf = pm.key_figures(w, ["甲", "乙"])
    assert len(kf) == 2 * len(pm.KEY_PATHS)
    assert kf.loc[(kf["series"] == "甲") & (kf["field"] == "本年新收"), "value"].iloc[0] == 3
    assert kf.loc[kf["series"] == "乙", "value"].isna().all()


def test_rates_from_per_report_parts_blank_when_unprinted_and_marked_when_corrected():
    parts = pd.DataFrame(
        {
            "agency_id": ["a", "b"],
            "scope": ["own", "own"],
            "year": [2024, 2024],
            "corrected_paths": [[], ["requests.granted.total"]],
            "open_num": [30.0, None],
            "open_den": [60.0, None],
            "review_corrected": [1.0, 0.0],
            "review_decided": [4.0, 0.0],
        }
    )
    got = pm.rates(parts, {("a", "own", 2024): "甲", ("b", "own", 2024): "乙"}, ["甲", "乙"])
    row = got[(got["对象"] == "甲") & (got["比率"] == "公开率")].iloc[0]
    assert (row["分子"], row["分母"], row["比率值"]) == (30, 60, 50.0)
    b_open = got[(got["对象"] == "乙") & got["比率"].str.startswith("公开率")].iloc[0]
    assert b_open["比率"] == "公开率†" and pd.isna(b_open["比率值"])  # unprinted part: blank, not 0
    b_corr = got[(got["对象"] == "乙") & (got["比率"] == "复议纠错率")].iloc[0]
    assert pd.isna(b_corr["比率值"]) and b_corr["分母"] == 0  # a 0 denominator gives no rate


def test_reports_charted_derives_every_request_row_of_the_contract():
    """The SQL file lists one derived 总计 per row of the contract (REQUEST_ROW_KEYS × APPLICANT_COLUMNS)."""
    sql = data.sql_text("reports_charted")
    for row in contract.REQUEST_ROW_KEYS:
        parts = " + ".join(f"requests__{row}__{c}" for c in contract.APPLICANT_COLUMNS)
        assert f"THEN {parts} ELSE requests__{row}__total END AS requests__{row}__total" in sql, row
        assert f"THEN '{row}' END" in sql, row


@pytest.fixture(scope="module")
def con(sample_dir):
    return data.connect(sample_dir)


def test_headline_briefing_and_benchmark_rates_are_one_computation(con):
    """公开率 of the headline (SQL sums) equals the benchmark value over the same reports (Python sums of the
    same per-report parts), and a report with a blank part is left out of both numerator and denominator."""
    params = {
        "year_from": 2024,
        "year_to": 2024,
        "province": None,
        "city": None,
        "county": None,
        "levels": None,
        "kinds": None,
        "agency_ids": None,
        "include_aggregate": False,
    }
    head = data.run("headline", params, con)
    own = head[head["scope"] == "own"].iloc[0]
    rows = data.run("briefing_agencies", params, con)
    rows = rows[rows["year"] == 2024]
    for key, n, d in (
        ("open_rate", "open_num", "open_den"),
        ("correction_rate", "review_corrected", "review_decided"),
    ):
        m = benchmarks.metrics()[key]
        v = benchmarks.values(rows.assign(all="x"), m, by=("all",)).iloc[0]
        assert float(v["numerator"]) == float(own[n]) and float(v["denominator"]) == float(own[d])
        if float(own[d]):
            assert math.isclose(float(v["value"]), float(own[n]) / float(own[d]))
    raw = con.execute(
        "SELECT sum(requests__granted__total + requests__partial__total) FROM reports_charted WHERE is_current "
        "AND year = 2024 AND coalesce(scope, 'own') = 'own' AND requests__handled_total__total IS NOT NULL"
    ).fetchone()[0]
    assert float(own["open_num"]) == float(raw)


def test_peer_reports_read_corrected_values(sample_dir, tmp_path):
    """peer_reports, like the charts, reads corrected values and lists the corrected cells (issue: it read
    the printed values, so 单位档案's peer ranks disagreed with the charts after a correction)."""
    import shutil

    from disclosure.admin import edits

    path = tmp_path / "data"
    shutil.copytree(sample_dir, path, symlinks=True)
    where = {"year": 2024, "province": None, "city": None, "county": None, "agency_id": None}
    before = data.run("peer_reports", where, data.connect(path))
    row = before[before["open_den"].notna()].iloc[0]
    rid = (
        data.connect(path)
        .execute(
            "SELECT report_id FROM reports WHERE is_current AND year = 2024 AND agency_id = ? "
            "AND coalesce(scope, 'own') = 'own'",
            [row["agency_id"]],
        )
        .fetchone()[0]
    )
    granted = float(row["requests__granted__total"])
    edits.add_revision(path, edits.Revision(rid, "requests.granted.total", granted + 1, "核对原件", "tester"))
    after = data.run("peer_reports", where, data.connect(path)).set_index("agency_id").loc[row["agency_id"]]
    assert float(after["open_num"]) == float(row["open_num"]) + 1  # the corrected value, not the printed one
    assert "requests.granted.total" in list(after["corrected_paths"])
