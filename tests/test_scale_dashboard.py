"""Aggregate before drawing, and streaming exports, on a synthetic national-shaped dataset."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import polars as pl
import pytest

from disclosure.dashboard import data, rollup, stream_export
from disclosure.store import layout
from disclosure.synth import generate

N = 3000


@pytest.fixture(scope="module")
def synth_con(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, duckdb.DuckDBPyConnection]:
    out = tmp_path_factory.mktemp("scale") / "data"
    generate(N, out, seed=3)
    return out, data.connect(out)


def params(**kw) -> dict:
    base = {
        "year_from": 2019,
        "year_to": 2025,
        "province": None,
        "city": None,
        "county": None,
        "levels": None,
        "kinds": None,
        "agency_ids": None,
        "include_aggregate": False,
        "top_n": rollup.TOP_N,
    }
    return {**base, **kw}


def test_rollup_one_level_below_with_rest_summed(synth_con) -> None:
    path, con = synth_con
    reports = pl.read_parquet(layout.table_paths(path)["reports"]).filter(
        pl.col("is_current") & (pl.col("scope") != "aggregate")
    )
    nation = data.run("region_rollup", params(top_n=10), con=con)
    assert len(nation) == 11 and set(nation["drill_level"].dropna()) == {"province"}
    assert (
        nation["label"].iloc[-1].startswith("其他")
        and nation["n_groups"].sum() == reports["province"].n_unique()
    )
    # Nothing lost: the top groups plus the rest are the whole selection.
    assert nation["reports"].sum() == reports.height
    assert nation["new"].sum() == reports["requests__new__total"].sum()
    # Drill down: a province by its cities, a city by its counties, a county by agency.
    prov = nation["drill_value"].iloc[0]
    by_city = data.run("region_rollup", params(province=prov), con=con)
    assert len(by_city) <= rollup.TOP_N + 1 and set(by_city["drill_level"].dropna()) <= {
        "city",
        "county",
        "agency",
    }
    assert by_city["reports"].sum() == reports.filter(pl.col("province") == prov).height
    city = by_city.loc[by_city["drill_level"] == "city", "drill_value"].iloc[0]
    by_county = data.run("region_rollup", params(province=prov, city=city), con=con)
    assert set(by_county["drill_level"].dropna()) <= {"county", "agency"}
    county = by_county.loc[by_county["drill_level"] == "county", "drill_value"].iloc[0]
    by_agency = data.run("region_rollup", params(province=prov, city=city, county=county), con=con)
    assert set(by_agency["drill_level"].dropna()) == {"agency"}
    assert (
        by_agency["reports"].sum()
        == reports.filter(pl.col("county") == county, pl.col("city") == city).height
    )


def test_rollup_chart_has_few_marks_and_drills(synth_con) -> None:
    _, con = synth_con
    df = data.run("region_rollup", params(), con=con)
    fig = rollup.bars(df)
    assert len(fig.data) == 1 and len(fig.data[0].y) <= rollup.TOP_N + 1
    first = {"customdata": list(fig.data[0].customdata[0])}
    assert rollup.drill(first) == ("province", df["drill_value"].iloc[0])
    if df["label"].iloc[-1].startswith("其他"):
        assert rollup.drill({"customdata": list(fig.data[0].customdata[-1])}) is None


def test_streaming_export_counts_first_and_matches(synth_con, tmp_path: Path) -> None:
    _, con = synth_con
    p = params()
    n = stream_export.row_count("export_cells", p, con=con)
    assert n > 100_000  # ~250 cells per report
    out = stream_export.copy_to_file("export_cells", p, "parquet", tmp_path, con=con)
    assert pl.read_parquet(out).height == n
    out_csv = stream_export.copy_to_file("export_reports", p, "csv", tmp_path, con=con)
    with open(out_csv, encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) - 1 == stream_export.row_count("export_reports", p, con=con)


def test_streaming_csv_neutralises_formulas(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute("CREATE VIEW reports AS SELECT '=HYPERLINK(1)' AS agency, -3 AS change")
    row = con.execute(stream_export._CSV_SAFE.format(sql="SELECT * FROM reports")).fetchone()
    assert row == ("'=HYPERLINK(1)", "-3")


PAGES = ["overview", "requests", "outcomes", "review", "platform", "active"]
MAX_MARKS = 400


def page_charts(
    path: Path, monkeypatch: pytest.MonkeyPatch, page: str = "overview", query: dict | None = None
) -> list[dict]:
    import json

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DISCLOSURE_DATA", str(path))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=180)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page != "overview":
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def overview_charts(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    return page_charts(path, monkeypatch)


def _length(v) -> int:
    """Points of one trace array: a list (of lists for a heat map's z) or Plotly's typed-array encoding
    ({"dtype", "bdata", "shape"}), which a plain len() would count as 2 or 3."""
    import base64

    import numpy as np

    if v is None:
        return 0
    if isinstance(v, dict) and "bdata" in v:
        return int(np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).size)
    if v and isinstance(v[0], list | dict):
        return sum(_length(r) if isinstance(r, dict) else len(r) for r in v)
    return len(v)


def marks(spec: dict) -> int:
    """Bars, points or heat-map cells a chart draws."""
    return sum(
        _length(next((t[k] for k in ("z", "y", "x") if t.get(k) is not None), None)) for t in spec["data"]
    )


def test_marks_counts_typed_arrays() -> None:
    import plotly.graph_objects as go
    import plotly.io as pio

    fig = go.Figure(
        [go.Bar(x=list(range(500)), y=[float(i) for i in range(500)]), go.Heatmap(z=[[1, 2], [3, 4]])]
    )
    import json

    assert marks(json.loads(pio.to_json(fig))) == 504


def test_overview_draws_the_rollup_with_few_marks(synth_con, monkeypatch: pytest.MonkeyPatch) -> None:
    charts = overview_charts(synth_con[0], monkeypatch)
    rollups = [
        s for s in charts if any(t.get("orientation") == "h" and t.get("customdata") for t in s["data"])
    ]
    assert rollups and _length(rollups[0]["data"][0]["y"]) <= rollup.TOP_N + 1


def test_no_overview_chart_has_more_than_a_few_hundred_marks(
    synth_con, monkeypatch: pytest.MonkeyPatch
) -> None:
    charts = overview_charts(synth_con[0], monkeypatch)
    assert charts and all(marks(spec) <= MAX_MARKS for spec in charts), [marks(s) for s in charts]


def _first_region(con: duckdb.DuckDBPyConnection) -> dict:
    """The province, city and county of the county with the most agencies (the deepest drill)."""
    row = con.execute(
        "SELECT province, city, county FROM reports WHERE is_current AND county IS NOT NULL "
        "GROUP BY ALL ORDER BY count(DISTINCT agency_id) DESC, 1, 2, 3 LIMIT 1"
    ).fetchone()
    return {"prov": row[0], "city": row[1], "county": row[2]}


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_of_every_page_has_few_marks(
    synth_con, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    """Nation (by province), a province (by city) and a county (by agency): no chart over MAX_MARKS."""
    path, con = synth_con
    region = _first_region(con)
    for query in ({}, {"prov": region["prov"]}, region):
        charts = page_charts(path, monkeypatch, page, query)
        counts = [marks(s) for s in charts]
        assert charts and all(n <= MAX_MARKS for n in counts), (page, query, counts)
