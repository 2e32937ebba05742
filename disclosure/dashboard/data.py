"""Data access for the dashboard: one cached DuckDB connection over the Parquet snapshot.

Every figure on every page comes from a file in `queries/` (one query per file, DuckDB named
parameters such as `$year_from`); user input is only ever passed as a parameter value, never pasted
into SQL text. Pages call `run(name, params)` and get a pandas DataFrame.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import re
import tempfile
import threading
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import streamlit as st

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


# Up to this many reports, `reports` and `reports_charted` are materialised in memory; above it in a
# DuckDB file per snapshot (see `connect` and docs/DATASET.md, "The dashboard's connection at scale").
MATERIALISE_MAX_REPORTS = int(os.environ.get("DISCLOSURE_MATERIALISE_MAX", "50000"))
# DuckDB's memory for the dashboard's connection (queries spill to a temporary folder beyond it).
MEMORY_ENV = "DISCLOSURE_DUCKDB_MEMORY"
DEFAULT_MEMORY = "1GB"


# The store part (year × agency bucket, disclosure.store.partitions) of each row of a per-report table, from
# the name of the file holding it: `y2024-b003+0001.parquet` → `y2024-b003` (partitions.part_key; the test
# of the views checks the two agree). A report's cells, checks and metrics are in the part of its report
# row (the store splits every per-report table by the same year and agency), so a query of a few reports
# filters `part` by the constant list `$parts` (see LOCATORS) and DuckDB opens those parts' files only: at
# 2,000,000 reports one report's cells took 2.6–6.5 s as a scan of 1,792 files, and DuckDB prunes files by a
# constant filter on the file name, never by a join or a subquery. NULL for a one-file (legacy) table.
_PART_OF_FILE = "split_part(parse_filename(filename, true), '+', 1)"


def _with_part(literal: str, path: Path) -> str:
    """The rows of a per-report table's file(s) with their `part` (see _PART_OF_FILE)."""
    if store_layout.is_partitioned(path):
        return (
            f"SELECT * EXCLUDE (filename), {_PART_OF_FILE} AS part "
            f"FROM read_parquet({literal}, filename = true)"
        )
    return f"SELECT *, CAST(NULL AS VARCHAR) AS part FROM read_parquet({literal})"


def _configure(con: duckdb.DuckDBPyConnection) -> None:
    """Bound the connection's memory (spilling to a temp folder) and cache Parquet footers: with
    parts by year × bucket a large dataset is thousands of files, whose metadata every query reads."""
    limit = os.environ.get(MEMORY_ENV, DEFAULT_MEMORY)
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", limit):
        raise ValueError(f"{MEMORY_ENV}={limit!r}: expected a size such as 1GB or 512MB")
    con.execute(f"SET memory_limit = '{limit}'")  # validated above; not user input from a page
    spill = Path(tempfile.gettempdir()) / "disclosure-duckdb"
    spill.mkdir(exist_ok=True)
    con.execute("SET temp_directory = '" + str(spill).replace("'", "''") + "'")  # a path of ours
    con.execute("SET parquet_metadata_cache = true")


def connect(directory: Path) -> duckdb.DuckDBPyConnection:
    """A new DuckDB connection with one view per table and the shared macros.

    Agencies are canonical (one identity across renames and own/汇总 reports): the rule-based mapping of
    disclosure.store.aliases plus the administrator's `agency_aliases` table of the snapshot.

    Small datasets (≤ MATERIALISE_MAX_REPORTS): an in-memory database with `reports` and
    `reports_charted` materialised. Large ones: the same database built once per snapshot into a DuckDB
    file (`cache_file`; DuckDB's own compressed columnar format, read through its buffer manager within
    the memory limit) and opened read-only, so memory does not grow with the dataset and queries bind
    against tables, not against views of hundreds of REPLACEd columns (1.3 s of planning per query at
    100 000 reports). With DISCLOSURE_DUCKDB_CACHE=off they are plain views over the Parquet parts."""
    paths = table_paths(directory)
    if "reports" not in paths or not store_layout.table_exists(Path(paths["reports"])):
        raise FileNotFoundError(f"no reports table in {directory}")
    n = pl.scan_parquet(paths["reports"]).select(pl.len()).collect().item()  # Parquet footers only
    small = n <= MATERIALISE_MAX_REPORTS
    if small or os.environ.get(CACHE_ENV) == "off":
        con = duckdb.connect(":memory:")
        _configure(con)
        _populate(con, directory, paths, materialise=small)
        return con
    cache = cache_file(directory, paths)
    if not cache.is_file():
        tmp = cache.parent / f".tmp-{os.getpid()}-{threading.get_ident()}-{cache.name}"
        tmp.unlink(missing_ok=True)
        fcon = duckdb.connect(str(tmp))
        try:
            _configure(fcon)
            _populate(fcon, directory, paths, materialise=True)
            fcon.execute("CHECKPOINT")
        finally:
            fcon.close()
        os.replace(tmp, cache)  # atomic: a concurrent builder's file is the same database
        _drop_stale_caches(cache)
    con = duckdb.connect(str(cache), read_only=True)
    _configure(con)
    return con


# Tables derived when the connection is built, after `reports_charted`, each from queries/<name>.sql
# (names from code only), in this order (platform_facts and platform_agencies read platform_reports):
# aggregates of `reports_charted`, the checks that did not pass, each report's part sorted by report_id
# (a lookup reads one row group), and per agency its names, regions, years and row counts
# (agency_facts). Derived data: rebuilt whenever what they read changes.
SUMMARIES: tuple[str, ...] = (
    "region_facts",
    "yoy_facts",
    "platform_reports",
    "platform_facts",
    "platform_agencies",
    "checks_open",
    "report_index",
    "agency_facts",
)

# Query files that build the connection's tables rather than answer a page.
BUILT: frozenset[str] = frozenset({"reports_charted", *SUMMARIES})

CACHE_ENV = "DISCLOSURE_DUCKDB_CACHE"  # folder of the per-snapshot database files, or "off"
CACHE_FORMAT = 1  # bump when the connection's tables/views change shape


def cache_file(directory: Path, paths: dict[str, Path]) -> Path:
    """The database file of this snapshot and this code: named by the data folder, the snapshot's
    folder and the SQL that builds the connection (a code change gives a new file, never a stale one)."""
    env = os.environ.get(CACHE_ENV)
    folder = Path(env) if env else Path(tempfile.gettempdir()) / "disclosure-duckdb"
    folder.mkdir(parents=True, exist_ok=True)
    owner = hashlib.sha256(str(Path(directory).resolve()).encode()).hexdigest()[:12]
    recipe = "\n".join(
        [
            str(CACHE_FORMAT),
            str(Path(paths["reports"]).resolve()),
            sql_text("_macros"),
            sql_text("reports_charted"),
            *(sql_text(name) for name in SUMMARIES),
            corrections.reports_corrected_sql(),
            _canonical_view("reports", "reports_printed"),
            _PART_OF_FILE,
        ]
    )
    return folder / f"{owner}-{hashlib.sha256(recipe.encode()).hexdigest()[:16]}.duckdb"


def _drop_stale_caches(current: Path) -> None:
    """Remove older database files of the same data folder (open connections keep their inode)."""
    owner = current.name.split("-", 1)[0]
    for old in current.parent.glob(f"{owner}-*.duckdb"):
        if old != current:
            old.unlink(missing_ok=True)


def _populate(
    con: duckdb.DuckDBPyConnection, directory: Path, paths: dict[str, Path], materialise: bool
) -> None:
    """Tables, views and macros of the dashboard's database (see `connect`)."""
    # Only the identity columns the alias rules read: the wide table is never loaded here.
    ident = pl.scan_parquet(paths["reports"]).select(aliases.INPUT_COLUMNS).collect()
    canon = aliases.resolve(ident, aliases.read_overrides(directory)).to_pandas()
    del ident
    con.register("agency_canon_df", canon)
    con.execute("CREATE TABLE agency_canon AS SELECT * FROM agency_canon_df")
    con.unregister("agency_canon_df")
    for table in (*TABLES, "dictionary"):
        path = paths.get(table)
        if path is not None and store_layout.table_exists(Path(path)):
            literal = "'" + str(path).replace("'", "''") + "'"  # a file path of the snapshot, not user input
            if table in _AGENCY_TABLES:
                con.execute(f"CREATE VIEW {table}_printed AS {_with_part(literal, Path(path))}")
                con.execute(_canonical_view(table, f"{table}_printed"))
            else:
                con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({literal})")
            if table == "reports" and materialise:
                # Materialised once per snapshot (one row per report, immutable): binding the wide views
                # (hundreds of columns, REPLACE and casts) inside every UNPIVOT query took seconds per
                # query. In memory for small datasets, in the snapshot's database file for large ones.
                con.execute("ALTER VIEW reports RENAME TO reports_view")
                con.execute("CREATE TABLE reports AS SELECT * FROM reports_view")
        else:  # no file yet: an empty table with the store's columns and types (store/schema.py)
            con.execute(
                f"CREATE TABLE {table}_printed ({schema.duckdb_columns(table)}, part VARCHAR)"
                if table in _AGENCY_TABLES
                else f"CREATE TABLE {table} ({schema.duckdb_columns(table)})"
            )
            if table in _AGENCY_TABLES:
                con.execute(_canonical_view(table, f"{table}_printed"))
    # Charts use administrators' corrections (disclosure.dashboard.corrections); `reports` stays as printed.
    con.execute(f"CREATE VIEW reports_corrected AS {corrections.reports_corrected_sql()}")
    # Derived 总计 cells and the per-report rate parts: queries/reports_charted.sql.
    kind = "TABLE" if materialise else "VIEW"
    con.execute(f"CREATE {kind} reports_charted AS {sql_text('reports_charted')}")
    # Summary tables over `reports_charted` (one query file each, queries/<name>.sql), built after it.
    for name in SUMMARIES:
        con.execute(f"CREATE {kind} {name} AS {sql_text(name)}")
    con.execute(sql_text("_macros"))


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


# Parameters a query may leave to the caller: the value when the caller does not give one.
DEFAULT_PARAMS: dict[str, Any] = {"panel": False}

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


# A query of a few reports' rows of cells/checks/platform_metrics filters `part IN $parts` (see
# _PART_OF_FILE). It is not a page's parameter: `run` gets it from the locator query of the parameter the
# page gives (the first present, in this order), which returns NULL (read every part) when it cannot
# locate every report; the locator queries name what they look up.
LOCATORS: dict[str, str] = {"report_id": "parts_of_report", "compare_ids": "parts_of_agencies"}


def locate(name: str, params: dict[str, Any], con: duckdb.DuckDBPyConnection) -> list[str] | None:
    for key, locator in LOCATORS.items():
        if key in params:
            frame = run(locator, params, con)
            parts = frame["parts"].iloc[0] if len(frame) else None
            # a list comes back as an array; NULL as None or pd.NA
            return None if parts is None or parts is pd.NA else [str(p) for p in parts]
    raise KeyError(f"query {name} needs $parts: give one of {sorted(LOCATORS)}")


def run(
    name: str, params: dict[str, Any] | None = None, con: duckdb.DuckDBPyConnection | None = None
) -> pd.DataFrame:
    """Run `queries/<name>.sql` with the named parameters it uses (extra ones are ignored)."""
    sql = sql_text(name)
    used = set(_PARAM.findall(sql))
    con = con or connection()
    if "parts" in used and "parts" not in (params or {}):
        params = {**(params or {}), "parts": locate(name, params or {}, con)}
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
    given.update({k: v for k, v in DEFAULT_PARAMS.items() if k in used and k not in given})
    missing = used - set(given)
    if missing:
        raise KeyError(f"query {name} needs parameters {sorted(missing)}")
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
