"""connect() for large datasets: `reports` and `reports_charted` live in a per-snapshot DuckDB file opened
read-only (or, with the cache off, are views over the Parquet parts): no per-report table in memory, and
exactly the results of the in-memory materialised connection of small datasets."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from sample_dataset import AID
from test_queries import BASE, EXTRA, QUERIES

from disclosure.dashboard import data


def _normalised(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in a canonical order, and `、`-joined lists (string_agg DISTINCT) sorted: both are orders
    DuckDB does not fix (ties of ORDER BY, aggregation order), not values."""
    df = df.copy()
    for c in df.columns:
        if pd.api.types.is_string_dtype(df[c]):
            df[c] = df[c].map(lambda v: "、".join(sorted(v.split("、"))) if isinstance(v, str) else v)
    key = pd.Series(["\x1f".join(map(repr, row)) for row in df.itertuples(index=False)])
    return df.iloc[key.argsort(kind="stable").to_numpy()].reset_index(drop=True)


@pytest.fixture(scope="module")
def cons(sample_dir, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setattr(data, "MATERIALISE_MAX_REPORTS", 10**9)
    table = data.connect(Path(sample_dir))
    mp.setattr(data, "MATERIALISE_MAX_REPORTS", 0)
    mp.setenv(data.CACHE_ENV, "off")
    views = data.connect(Path(sample_dir))
    folder = tmp_path_factory.mktemp("duckdb-cache")
    mp.setenv(data.CACHE_ENV, str(folder))
    cached = data.connect(Path(sample_dir))
    again = data.connect(Path(sample_dir))  # opens the same file, builds nothing
    files = sorted(folder.glob("*.duckdb"))
    mp.undo()
    assert len(files) == 1 and not list(folder.glob(".tmp-*"))
    return table, views, cached, again


def test_cached_database_is_read_only_and_per_snapshot(cons, sample_dir) -> None:
    _, _, cached, again = cons
    with pytest.raises(duckdb.Error):
        cached.execute("CREATE TABLE x (a INT)")
    tables = dict(cached.execute("SELECT table_name, estimated_size FROM duckdb_tables()").fetchall())
    assert {"reports", "reports_charted", "agency_canon"} <= set(tables)
    n = again.execute("SELECT count(*) FROM reports").fetchone()[0]
    assert n == tables["reports"] > 0
    assert cached.execute("SELECT current_setting('memory_limit')").fetchone()[0] != ""


def test_large_dataset_connection_holds_no_per_report_table(cons) -> None:
    table, views, _, _ = cons
    tables = dict(views.execute("SELECT table_name, estimated_size FROM duckdb_tables()").fetchall())
    assert "reports" not in tables and "reports_charted" not in tables
    # Only the agency mapping (one row per agency) and empty stand-ins for missing admin tables.
    assert {t for t, n in tables.items() if n} <= {"agency_canon"}
    found = {
        r[0] for r in views.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    }
    assert {"reports", "reports_charted", "cells"} <= found
    assert {"reports", "reports_charted"} <= {
        r[0] for r in table.execute("SELECT table_name FROM duckdb_tables()").fetchall()
    }
    assert views.execute("SELECT current_setting('memory_limit')").fetchone()[0] != ""


@pytest.mark.parametrize("name", QUERIES)
def test_views_give_the_same_results(cons, name) -> None:
    table, views, cached, _ = cons
    rid = table.execute(
        "SELECT report_id FROM reports WHERE agency_id = $aid AND year = 2023", {"aid": AID["nx-zn-gov"]}
    ).fetchone()[0]
    params = {**BASE, **EXTRA, "report_id": rid}
    for sel in (params, {**params, "province": "福建省", "year_from": 2022, "year_to": 2022}):
        a = data.run(name, sel, table)
        for other in (views, cached):
            b = data.run(name, sel, other)
            assert list(a.columns) == list(b.columns)
            pd.testing.assert_frame_equal(_normalised(a), _normalised(b))


def test_memory_setting_is_validated(monkeypatch: pytest.MonkeyPatch, sample_dir) -> None:
    monkeypatch.setenv(data.MEMORY_ENV, "1GB'; DROP TABLE x; --")
    with pytest.raises(ValueError, match=data.MEMORY_ENV):
        data.connect(Path(sample_dir))
