"""One schema: `disclosure.store.schema` is the only definition of the dataset's tables and types.

The test dataset (tests/sample_dataset.py, built through the store) and the dashboard's empty tables
for a snapshot without some table files must both have exactly that schema, so that a page tested on
the sample runs on what the store writes, and a query binds the same way on an empty table as on a
real one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from disclosure.dashboard import data
from disclosure.store import layout, schema


def test_sample_dataset_has_the_stores_schema(sample_dir: Path) -> None:
    paths = layout.table_paths(sample_dir)
    assert set(paths) == set(schema.SCHEMAS)
    for table, path in paths.items():
        assert dict(pl.read_parquet(path).schema) == schema.SCHEMAS[table], table


def test_sample_dataset_holds_the_cases_the_tests_need(sample_dir: Path) -> None:
    """A fixture that silently lost a case would make the tests that use it pass without testing it."""
    paths = layout.table_paths(sample_dir)
    reports = pl.read_parquet(paths["reports"])
    cells = pl.read_parquet(paths["cells"])
    checks = pl.read_parquet(paths["checks"])
    assert set(reports["template"]) == {"2019", "2021"}
    assert reports.filter(pl.col("scope") == "aggregate").height == 6
    assert reports.filter(~pl.col("is_current")).height == 1
    assert checks.filter(pl.col("ok").not_() & (pl.col("level") == "report")).height > 0
    assert cells.filter(pl.col("ambiguous")).height == 1
    assert cells.filter(pl.col("imputed")).height > 0
    assert cells.filter(pl.col("value").is_null() & (pl.col("null_reason") == "blank")).height > 0
    assert reports["source_path"].is_not_null().all()
    assert (reports["synthetic"] == False).all()  # noqa: E712 - stands in for real data in page tests


@pytest.mark.parametrize("table", sorted(schema.SCHEMAS))
def test_empty_table_has_the_types_duckdb_reads_from_parquet(sample_dir: Path, table: str) -> None:
    con = duckdb.connect()
    path = str(layout.table_paths(sample_dir)[table]).replace("'", "''")
    from_parquet = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    con.execute(f"CREATE TABLE empty_t ({schema.duckdb_columns(table)})")
    from_schema = con.execute("DESCRIBE SELECT * FROM empty_t").fetchall()
    assert [(r[0], r[1]) for r in from_schema] == [(r[0], r[1]) for r in from_parquet]


def test_dashboard_runs_every_query_on_a_snapshot_with_only_reports(sample_dir: Path, tmp_path: Path) -> None:
    """A snapshot whose other tables are missing: every table exists (empty, the store's types)."""
    data_dir = tmp_path / "data"
    shutil.copytree(sample_dir, data_dir)
    snap = layout.current_snapshot(data_dir)
    assert snap is not None
    for table, path in layout.table_paths(data_dir).items():
        if table != "reports":
            shutil.rmtree(path.parent) if path.name != f"{table}.parquet" else path.unlink()
    assert set(layout.table_paths(data_dir)) == {"reports"}
    con = data.connect(data_dir)
    for table in (*data.TABLES, "dictionary"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == (
            0 if table != "reports" else pl.read_parquet(layout.table_paths(sample_dir)["reports"]).height
        )
    failed = data.run(
        "failed_checks",
        {
            "year_from": 2019,
            "year_to": 2024,
            "province": None,
            "city": None,
            "county": None,
            "levels": None,
            "kinds": None,
            "agency_ids": None,
            "include_aggregate": False,
            "include_unevaluable": True,
        },
        con,
    )
    assert failed.empty
