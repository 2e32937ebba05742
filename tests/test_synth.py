"""`disclosure synth`: the synthetic dataset has the real schema, holds the identities, is marked
synthetic on every row, and never overwrites real data."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest
import sample_dataset

from disclosure import checks, contract
from disclosure.store import dataset_checks, layout, schema
from disclosure.synth import SynthError, generate

ROOT = Path(__file__).resolve().parents[1]
N = 1500


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "data"
    result = generate(N, out, seed=7)
    assert result.reports == N
    return out


def tables(data: Path) -> dict[str, pl.DataFrame]:
    return {name: pl.read_parquet(path) for name, path in layout.table_paths(data).items()}


def test_schema_is_the_store_schema(synth_dir: Path) -> None:
    t = tables(synth_dir)
    assert set(t) == set(layout.TABLES)
    for name, df in t.items():
        assert dict(df.schema) == dict(schema.SCHEMAS[name]), name
    assert t["reports"].height == N
    assert t["reports"]["report_id"].is_unique().all()
    # DuckDB reads the part folders as one table each.
    con = duckdb.connect()
    for name, path in layout.table_paths(synth_dir).items():
        assert (
            con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()[0] == t[name].height
        )


def test_every_row_is_synthetic(synth_dir: Path) -> None:
    for name, df in tables(synth_dir).items():
        if "synthetic" in df.columns:
            assert df["synthetic"].null_count() == 0 and df["synthetic"].all(), name
        else:  # the data dictionary, and the administrators' tables (empty: nobody edited synthetic data)
            assert name == "dictionary" or (name in layout.ADMIN_TABLES and df.height == 0), name


def test_identities_hold(synth_dir: Path) -> None:
    t = tables(synth_dir)
    reports, stored = t["reports"], t["checks"]
    # Stored checks: every identity evaluated and passed (the generator builds them to hold).
    assert stored.height > 0
    assert stored["ok"].null_count() == 0 and stored["ok"].all()
    assert set(stored["rule"]) >= {"R1", "R2", "R3", "R4", "R5", "R6", "R7"}
    assert reports["n_errors"].sum() == 0 and reports["n_warnings"].sum() == 0
    # Independently of what was stored: the project's check code on the reports table itself.
    for row in reports.sample(200, seed=1).iter_rows(named=True):
        req = {
            r: {c: row[f"requests__{r}__{c}"] for c in contract.REQUEST_COLUMNS}
            for r in contract.REQUEST_ROW_KEYS
        }
        rev = {
            g: {c: row[f"review_litigation__{g}__{c}"] for c in contract.REVIEW_COLUMNS}
            for g in contract.REVIEW_GROUPS
        }
        results = checks.requests_checks(req, {}, row["template"]) + checks.r6_checks(rev)
        assert all(r.ok is True for r in results), row["report_id"]
    cross = dataset_checks.run(reports)
    assert cross.height > 0 and cross["ok"].all()
    # Cells: one per contract path of the template, values equal to the wide columns.
    cells = t["cells"]
    per = cells.group_by("report_id", "template").len()
    for tpl, n in per.group_by("template").agg(pl.col("len").unique()).iter_rows():
        assert n == [len(contract.cell_paths(tpl))]
    one = reports.row(0, named=True)
    got = {
        r["path"]: r["value"]
        for r in cells.filter(pl.col("report_id") == one["report_id"]).iter_rows(named=True)
    }
    for path, value in got.items():
        assert value == one[path.replace(".", "__")], path


def test_plausible_shape(synth_dir: Path) -> None:
    r = tables(synth_dir)["reports"]
    assert set(r["template"]) == {"2019", "2021"}
    assert set(r["year"]) == set(range(2019, 2026))
    assert r["province"].n_unique() >= 25 and r["city"].n_unique() > 100
    zero = (r["requests__new__total"] == 0).mean()
    assert 0.2 < zero < 0.8  # many agencies receive no request in a year
    top = r["requests__new__total"].max()
    assert top > 20 * r["requests__new__total"].median()  # heavy tail
    granted = r["requests__granted__total"].sum() / r["requests__handled_total__total"].sum()
    assert 0.25 < granted < 0.65
    assert (r["version"] > 1).any() and (~r["is_current"]).any()
    assert set(r["level"]) >= {"province", "prefecture", "county", "township"}


def test_refuses_real_or_configured_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SynthError, match="configured data folder"):
        generate(10, ROOT / "data")
    configured = tmp_path / "configured"
    with pytest.raises(SynthError, match="configured data folder"):
        generate(10, configured, configured_data=configured)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("x")
    with pytest.raises(SynthError, match="not empty"):
        generate(10, busy)
    real = tmp_path / "real"
    shutil.copytree(
        ROOT / "tests" / "corpus", tmp_path / "in", ignore=shutil.ignore_patterns("*.pdf", "*.html")
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "disclosure",
            "ingest",
            "--quiet",
            "--data",
            str(real),
            str(tmp_path / "in" / "pingtan_2019.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    before = layout.current_snapshot(real)
    with pytest.raises(SynthError, match="real"):
        generate(10, real)
    assert layout.current_snapshot(real) == before
    # The CLI says it in one line and exits non-zero.
    monkeypatch.setenv("DISCLOSURE_DATA", str(real))
    proc = subprocess.run(
        [sys.executable, "-m", "disclosure", "synth", "--reports", "5", "--out", str(real)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0 and "错误" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_regenerate_into_synthetic_folder(synth_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    generate(50, out, seed=1)
    generate(60, out, seed=2)
    assert pl.read_parquet(layout.table_paths(out)["reports"]).height == 60


def test_dashboard_says_synthetic(synth_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from streamlit.testing.v1 import AppTest

    def banner(data: Path) -> list[str]:
        monkeypatch.setenv("DISCLOSURE_DATA", str(data))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return [e.value for e in at.error if "合成数据" in e.value]

    shown = banner(synth_dir)
    assert len(shown) == 1 and f"{N:,} / {N:,}" in shown[0]
    sample = tmp_path / "sample"
    sample_dataset.build(sample)
    assert banner(sample) == []  # real-shaped data: no banner


def assert_tables_complete(data: Path, n_reports: int) -> None:
    """Every table holds the rows its reports imply: a part dropped while writing (as the one-bucket
    `agencies` part once was) shows here as a missing agency or report."""
    t = tables(data)
    reports = t["reports"]
    assert reports.height == n_reports
    ids = set(reports["report_id"])
    agencies = t["agencies"]
    assert agencies.height > 0
    assert agencies["agency_id"].is_unique().all()
    assert set(agencies["agency_id"]) == set(reports["agency_id"])
    # Every report has its cells, checks and ingest-log row; platform figures belong to stored reports.
    for table in ("cells", "checks", "ingest_log"):
        assert set(t[table]["report_id"]) == ids, table
    assert 0 < t["platform_metrics"].height and set(t["platform_metrics"]["report_id"]) <= ids
    assert t["ingest_log"].height == n_reports
    # Manifest row counts agree with the files (no part written twice over another).
    con = duckdb.connect()
    for name, path in layout.table_paths(data).items():
        assert (
            con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()[0] == t[name].height
        )


@pytest.mark.parametrize(("n", "buckets"), [(300, None), (N, None), (600, 2), (600, 4)])
def test_every_table_complete_for_any_bucket_count(
    n: int, buckets: int | None, synth_dir: Path, tmp_path: Path
) -> None:
    if n == N and buckets is None:
        data = synth_dir
    else:
        res = generate(n, tmp_path / "data", seed=11, buckets=buckets)
        assert res.buckets == (buckets or 1)
        data = tmp_path / "data"
    assert_tables_complete(data, n)
