"""Scale-up (`disclosure.store.scaleup`): copies of whole agency histories keep the store schema, the
identities, the stored checks consistent with the check code, the region hierarchy and the layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from disclosure import checks, contract
from disclosure.store import dataset_checks, ingest, layout, schema
from disclosure.store.scaleup import ScaleUpError, scale_up
from disclosure.synth import agency_universe, generate

ROOT = Path(__file__).resolve().parents[1]
BASE_N = 300
N = 2_500


@pytest.fixture(scope="module")
def dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("scaleup")
    generate(BASE_N, root / "base", seed=3)
    res = scale_up(root / "base", N, root / "up", seed=5, buckets=4)
    assert res.reports == N and res.buckets == 4
    return root / "base", root / "up"


def tables(data: Path) -> dict[str, pl.DataFrame]:
    return {name: pl.read_parquet(path) for name, path in layout.table_paths(data).items()}


def test_schema_layout_and_synthetic(dirs: tuple[Path, Path]) -> None:
    _, up = dirs
    t = tables(up)
    assert set(t) == set(layout.TABLES)
    for name, df in t.items():
        assert dict(df.schema) == dict(schema.SCHEMAS[name]), name
        if "synthetic" in df.columns:
            assert df["synthetic"].null_count() == 0 and df["synthetic"].all(), name
    reports = t["reports"]
    assert reports.height == N and reports["report_id"].is_unique().all()
    manifest = layout.read_manifest(layout.current_snapshot(up))
    assert manifest is not None and manifest["buckets"] == 4
    # Parts by year × bucket, each sorted in the store's order, rows as the manifest says.
    for table in ("reports", "cells", "checks", "platform_metrics"):
        files = layout.table_files(layout.table_paths(up)[table])
        assert {f.stem.split("-")[0] for f in files} == {f"y{y}" for y in range(2019, 2026)}, table
        for f in files:
            part = pl.read_parquet(f)
            assert manifest["tables"][table][f.stem]["rows"] == part.height
            assert part.equals(part.sort(schema.SORT_KEYS[table], nulls_last=True, maintain_order=True)), f
    assert t["agencies"].height == reports["agency_id"].n_unique()
    got = t["agencies"].sort("agency_id")
    assert got.equals(ingest._agencies(reports).sort("agency_id"))
    log = t["ingest_log"]
    assert log.height == N and set(log["report_id"]) == set(reports["report_id"])
    assert reports["ingest_seq"].is_unique().all()


def test_identities_and_checks_consistent(dirs: tuple[Path, Path]) -> None:
    _, up = dirs
    t = tables(up)
    reports, stored = t["reports"], t["checks"]
    assert stored["ok"].null_count() == 0 and stored["ok"].all()
    assert set(stored["report_id"]) == set(reports["report_id"])
    assert reports["n_errors"].sum() == 0 and reports["n_warnings"].sum() == 0
    for row in reports.sample(150, seed=2).iter_rows(named=True):
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
    # Cross-year checks recomputed on the scaled reports equal the stored ones (same reports named).
    cross = dataset_checks.run(reports)
    assert cross.height > 0 and cross["ok"].all()
    key = ["report_id", "rule", "where", "related_report_id", "ok"]
    stored_cross = stored.filter(pl.col("rule").is_in(cross["rule"].unique().to_list()))
    assert sorted(stored_cross.select(key).rows(), key=str) == sorted(cross.select(key).rows(), key=str)
    related = stored["related_report_id"].drop_nulls()
    assert related.len() > 0 and related.is_in(reports["report_id"].to_list()).all()
    # Cells equal the wide columns, one per contract path of the template.
    cells = t["cells"]
    per = cells.group_by("report_id", "template").len()
    for tpl, n in per.group_by("template").agg(pl.col("len").unique()).iter_rows():
        assert n == [len(contract.cell_paths(tpl))]
    wide = reports.select("report_id", pl.col("requests__new__total").cast(pl.Float64).alias("v"))
    long = cells.filter(pl.col("path") == "requests.new.total").select(
        "report_id", pl.col("value").alias("v")
    )
    assert wide.sort("report_id").equals(long.sort("report_id"))


def test_copies_base_histories_in_the_hierarchy(dirs: tuple[Path, Path]) -> None:
    base, up = dirs
    b, u = tables(base)["reports"], tables(up)["reports"]
    universe = {(a.name, a.province, a.city, a.county): (a.level, a.kind) for a in agency_universe()}
    agencies = u.select("agency", "province", "city", "county", "level", "kind").unique()
    for r in agencies.iter_rows(named=True):
        assert universe[(r["agency"], r["province"], r["city"], r["county"])] == (r["level"], r["kind"])
    # Every scaled report's values are some base report's (copies satisfy the linear identities).
    value_cols = [c for c in schema.REPORTS if "__" in c]
    meta = ["year", "template", "scope", "version", "is_current", "n_versions"]
    base_rows = set(b.select(*meta, *value_cols).rows())
    assert all(row in base_rows for row in u.select(*meta, *value_cols).rows())
    assert u["agency_id"].n_unique() > 5 * b["agency_id"].n_unique()
    assert u["province"].n_unique() >= 25


def test_refusals(dirs: tuple[Path, Path], tmp_path: Path) -> None:
    base, up = dirs
    with pytest.raises(ScaleUpError, match="configured data folder"):
        scale_up(base, 10, ROOT / "data")
    with pytest.raises(ScaleUpError, match="no dataset"):
        scale_up(tmp_path / "nothing", 10, tmp_path / "out")
    # A real dataset is never a base (its reports would reappear under other agencies' names).
    real = tmp_path / "real"
    shutil.copytree(ROOT / "data", real, ignore=shutil.ignore_patterns("sources"))
    with pytest.raises(ScaleUpError, match="real"):
        scale_up(real, 10, tmp_path / "out2")
    with pytest.raises(ScaleUpError, match="real"):
        scale_up(base, 10, real)
    with pytest.raises(ScaleUpError, match="is the base"):
        scale_up(base, 10, base)


@pytest.mark.parametrize("buckets", [1, 2])
def test_every_table_complete(dirs: tuple[Path, Path], tmp_path: Path, buckets: int) -> None:
    """The base (one bucket) and scaled-up datasets of one or more buckets keep every table's rows
    (the one-part `agencies` table of a one-bucket dataset was once written empty)."""
    from tests.test_synth import assert_tables_complete

    base, up = dirs
    assert_tables_complete(base, BASE_N)
    assert_tables_complete(up, N)
    scale_up(base, 700, tmp_path / "up", seed=2, buckets=buckets)
    assert_tables_complete(tmp_path / "up", 700)
