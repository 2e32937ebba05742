"""Data access for the dashboard: one cached DuckDB connection over the Parquet snapshot.

Every figure on every page comes from a file in `queries/` (one query per file, DuckDB named
parameters such as `$year_from`); user input is only ever passed as a parameter value, never pasted
into SQL text. Pages call `run(name, params)` and get a pandas DataFrame.
"""

from __future__ import annotations

import importlib.resources
import os
import re
import threading
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import streamlit as st

from disclosure import contract
from disclosure.dashboard import corrections
from disclosure.store import aliases, schema
from disclosure.store import layout as store_layout

ROOT = Path(__file__).resolve().parents[2]
# The SQL files: package data of the top-level `queries` package, so an installed copy has them too.
QUERIES: Traversable = importlib.resources.files("queries")
TABLES = ("reports", "cells", "checks", "platform_metrics", "agencies", "ingest_log", "revisions", "reviews")


def data_dir() -> Path:
    """The dataset folder: $DISCLOSURE_DATA, else `data/` next to app.py."""
    env = os.environ.get("DISCLOSURE_DATA")
    return Path(env).expanduser().resolve() if env else ROOT / "data"


def table_paths(directory: Path) -> dict[str, Path]:
    """The Parquet file of each table of the current snapshot; {} when there is no dataset yet."""
    try:
        return {k: Path(v) for k, v in store_layout.table_paths(directory).items()}
    except store_layout.NoDatasetError:
        return {}


def _reports_path(directory: Path) -> Path | None:
    return table_paths(directory).get("reports")


def has_data(directory: Path | None = None) -> bool:
    path = _reports_path(directory or data_dir())
    return path is not None and store_layout.table_exists(path)


def _reports_select() -> str:
    """SELECT list of the `reports_charted` view (charts only; `reports` and every export stay as
    printed): a blank 总计 cell of a section-三 row is derived as the sum of
    the six applicant cells when all six are given (printed or imputed 0), and the row key is listed in
    `derived_totals` so that pages can say so.

    Why: reports such as shanghai_bgt_2019 print the applicant columns but leave 总计 blank on the
    outcome rows; without this, their outcomes would vanish from every chart. The parsed cell itself
    stays null in `reports`, `cells` and every download; only the charts derive, and say so.
    Column names come from `disclosure.contract`, not from user input."""
    replaced, flags = [], []
    for row in contract.REQUEST_ROW_KEYS:
        parts = [f"requests__{row}__{col}" for col in contract.APPLICANT_COLUMNS]
        all_given = " AND ".join(f"{p} IS NOT NULL" for p in parts)
        derivable = f"requests__{row}__total IS NULL AND {all_given}"
        replaced.append(
            f"CASE WHEN {derivable} THEN {' + '.join(parts)} ELSE requests__{row}__total END"
            f" AS requests__{row}__total"
        )
        flags.append(f"CASE WHEN {derivable} THEN '{row}' END")
    return (
        f"* REPLACE ({', '.join(replaced)}), "
        f"list_filter([{', '.join(flags)}], lambda x: x IS NOT NULL) AS derived_totals"
    )


# Tables whose rows carry an agency: the dashboard sees them under the canonical agency (aliases.py).
_AGENCY_TABLES = ("reports", "cells", "checks", "platform_metrics")


def _count_columns() -> list[str]:
    """The integer cell columns of `reports` (from the store's schema, never from user input)."""
    return [c for c, t in schema.REPORTS.items() if t == pl.Int64 and "__" in c]


def _canonical_view(table: str, source: str) -> str:
    """`table` with agency_id/agency (and level/kind on reports) replaced by the canonical agency's;
    the printed name and id stay as printed_agency / printed_agency_id. Names come from code only."""
    replace = [
        "coalesce(c.canonical_id, t.agency_id) AS agency_id",
        "coalesce(c.canonical_name, t.agency) AS agency",
    ]
    if table == "reports":
        replace += [
            "coalesce(c.canonical_level, t.level) AS level",
            "coalesce(c.canonical_kind, t.kind) AS kind",
        ]
        # Counts are Int64 in Parquet; any legal count (up to 9.2×10^18) must add up without an INT64
        # overflow on any page (a stored report with 5×10^18 took every page down): HUGEINT arithmetic.
        replace += [f"CAST(t.{c} AS HUGEINT) AS {c}" for c in _count_columns()]
    return (
        f"CREATE VIEW {table} AS SELECT t.* REPLACE ({', '.join(replace)}), t.agency AS printed_agency, "
        f"t.agency_id AS printed_agency_id FROM {source} AS t LEFT JOIN agency_canon AS c "
        "ON c.agency_id = t.agency_id"
    )


def connect(directory: Path) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB connection with one view per table and the shared macros.

    Agencies are canonical (one identity across renames and own/汇总 reports): the rule-based mapping of
    disclosure.store.aliases plus the administrator's `agency_aliases` table of the snapshot."""
    con = duckdb.connect(":memory:")
    paths = table_paths(directory)
    if "reports" not in paths or not store_layout.table_exists(Path(paths["reports"])):
        raise FileNotFoundError(f"no reports table in {directory}")
    canon = aliases.resolve(pl.read_parquet(paths["reports"]), aliases.read_overrides(directory)).to_pandas()
    con.register("agency_canon_df", canon)
    con.execute("CREATE TABLE agency_canon AS SELECT * FROM agency_canon_df")
    con.unregister("agency_canon_df")
    for table in (*TABLES, "dictionary"):
        path = paths.get(table)
        if path is not None and store_layout.table_exists(Path(path)):
            literal = "'" + str(path).replace("'", "''") + "'"  # a file path of the snapshot, not user input
            if table in _AGENCY_TABLES:
                con.execute(f"CREATE VIEW {table}_printed AS SELECT * FROM read_parquet({literal})")
                con.execute(_canonical_view(table, f"{table}_printed"))
            else:
                con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({literal})")
            if table == "reports":
                # Materialised once per snapshot (one row per report, immutable): binding the wide views
                # (hundreds of columns, REPLACE and casts) inside every UNPIVOT query took seconds per query.
                con.execute("ALTER VIEW reports RENAME TO reports_view")
                con.execute("CREATE TABLE reports AS SELECT * FROM reports_view")
        else:  # no file yet: an empty table with the store's columns and types (store/schema.py)
            con.execute(
                f"CREATE TABLE {table}_printed ({schema.duckdb_columns(table)})"
                if table in _AGENCY_TABLES
                else f"CREATE TABLE {table} ({schema.duckdb_columns(table)})"
            )
            if table in _AGENCY_TABLES:
                con.execute(_canonical_view(table, f"{table}_printed"))
    # Charts use administrators' corrections (disclosure.dashboard.corrections); `reports` stays as printed.
    con.execute(f"CREATE VIEW reports_corrected AS {corrections.reports_corrected_sql()}")
    con.execute(f"CREATE TABLE reports_charted AS SELECT {_reports_select()} FROM reports_corrected")
    con.execute(sql_text("_macros"))
    return con


_lock = threading.Lock()


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_connection(directory: str, stamp: str) -> duckdb.DuckDBPyConnection:
    return connect(Path(directory))


def connection() -> duckdb.DuckDBPyConnection:
    """The app's shared connection (re-opened when the snapshot's reports file changes)."""
    directory = data_dir()
    return _cached_connection(str(directory), snapshot_stamp(directory))


def snapshot_stamp(directory: Path) -> str:
    """Identifies the current snapshot: a new ingest gives a new stamp, hence fresh caches."""
    path = _reports_path(directory)
    if path is None or not store_layout.table_exists(path):
        return ""
    return f"{path}:{store_layout.table_files(path)[0].stat().st_mtime}"  # snapshot names are unique


_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def sql_text(name: str) -> str:
    """The text of `queries/<name>.sql` (read through importlib.resources: works when installed)."""
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


def query_names() -> list[str]:
    """Every query file's name (without `.sql`); `_`-prefixed files (macros) are not queries."""
    return sorted(
        p.name.removesuffix(".sql")
        for p in QUERIES.iterdir()
        if p.name.endswith(".sql") and not p.name.startswith("_")
    )


def run(
    name: str, params: dict[str, Any] | None = None, con: duckdb.DuckDBPyConnection | None = None
) -> pd.DataFrame:
    """Run `queries/<name>.sql` with the named parameters it uses (extra ones are ignored)."""
    sql = sql_text(name)
    used = set(_PARAM.findall(sql))
    # numpy scalars (a year taken from a DataFrame) become Python values: DuckDB binds only those.
    given = {
        k: (
            v.item()
            if hasattr(v, "item") and not isinstance(v, list | tuple | str)
            else [x.item() if hasattr(x, "item") else x for x in v]
            if isinstance(v, list)
            else v
        )
        for k, v in (params or {}).items()
        if k in used
    }
    missing = used - set(given)
    if missing:
        raise KeyError(f"query {name} needs parameters {sorted(missing)}")
    con = con or connection()
    with _lock:  # one DuckDB connection shared by all sessions: use a cursor per query
        cur = con.cursor()
    try:
        return cur.execute(sql, given).df()
    finally:
        cur.close()


def selection_query(name: str, params: dict[str, Any]) -> pd.DataFrame:
    """`run` through Streamlit's data cache (keyed by query, parameters and snapshot)."""
    directory = data_dir()
    stamp = snapshot_stamp(directory)
    items = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _cached_query(name, items, str(directory), stamp)


@st.cache_data(show_spinner=False, ttl=600, max_entries=256)
def _cached_query(name: str, items: tuple, directory: str, stamp: str) -> pd.DataFrame:
    params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in items}
    return run(name, params)


def synthetic_reports() -> tuple[int, int]:
    """(synthetic reports, all reports) of the current snapshot, cached per snapshot.

    A snapshot written before the `synthetic` column existed has no synthetic rows by definition
    (only `disclosure synth` sets it), so a missing column counts as none.
    """
    directory = data_dir()
    return _cached_synthetic(str(directory), snapshot_stamp(directory))


@st.cache_data(show_spinner=False, max_entries=4)
def _cached_synthetic(directory: str, stamp: str) -> tuple[int, int]:
    try:
        row = run("synthetic_reports").iloc[0]
    except duckdb.BinderException:
        return 0, 0
    return int(row["synthetic"] or 0), int(row["reports"] or 0)
