"""Data access for the dashboard: one cached DuckDB connection over the Parquet snapshot.

Every figure on every page comes from a file in `queries/` (one query per file, DuckDB named
parameters such as `$year_from`); user input is only ever passed as a parameter value, never pasted
into SQL text. Pages call `run(name, params)` and get a pandas DataFrame.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import inspect
import json
import logging
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import streamlit as st

from disclosure.dashboard import corrections
from disclosure.store import aliases, identity, schema
from disclosure.store import layout as store_layout
from disclosure.store.identity import normalise_name

log = logging.getLogger(__name__)

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


def _canonical_select(table: str, source: str) -> str:
    """`source` with agency_id/agency (and level/kind on reports) replaced by the canonical agency's;
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
        f"SELECT t.* REPLACE ({', '.join(replace)}), t.agency AS printed_agency, "
        f"t.agency_id AS printed_agency_id FROM {source} AS t LEFT JOIN agency_canon AS c "
        "ON c.agency_id = t.agency_id"
    )


def _canonical_view(table: str, source: str, name: str | None = None) -> str:
    """The view `name` (default: `table`) of `_canonical_select`."""
    return f"CREATE VIEW {name or table} AS {_canonical_select(table, source)}"


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
    100 000 reports). The file of a new snapshot is made from the previous snapshot's file by replacing
    only the rows that changed (`_update`). With DISCLOSURE_DUCKDB_CACHE=off they are plain views over
    the Parquet parts."""
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
        _build_file(cache, Path(directory), paths, n)
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
# Bump when the connection's tables/views change shape. 2: the update state (`_cache_meta`,
# `_report_parts`, `_revisions_applied`) that lets the next snapshot's file be updated from this one;
# 3: `_report_parts` with the identity columns and `_canon_base` (alias rules re-run per group).
CACHE_FORMAT = 3
# Test-only: SIGKILL the building process at this step (one of BUILD_STEPS; tests/test_dashboard_cache.py).
CRASH_ENV = "DISCLOSURE_CACHE_CRASH_AT"
BUILD_STEPS: tuple[str, ...] = ("populated", "copied", "updated", "checkpointed")
# An updated file that has grown past this factor of its fresh size (deleted rows leave free blocks)
# is built from scratch instead: a full build compacts it.
MAX_GROWTH = 2.0
# When more than this share of the rows lies in changed parts (e.g. a re-parse, or a dataset rewritten
# in place), replacing them costs about what a full build costs and leaves a file full of holes.
MAX_CHANGED_SHARE = 0.5


def _code_recipe() -> str:
    """Everything of this code that shapes the database file, apart from the data: a change gives a new
    file name and rules out updating a file built by other code."""
    return "\n".join(
        [
            str(CACHE_FORMAT),
            duckdb.__version__,
            sql_text("_macros"),
            sql_text("reports_charted"),
            *(f"{name}\n{sql_text(name)}" for name in SUMMARIES),
            corrections.reports_corrected_sql(),
            _canonical_view("reports", "reports_printed"),
            _PART_OF_FILE,
            # The Python that computes table contents: the alias rules and identity normalisation
            # (agency_canon; an update keeps the mapping of agencies it does not re-derive) and the
            # corrections' SQL builder. An edit of them is a new file name and a full build.
            *(inspect.getsource(m) for m in (aliases, identity, corrections)),
        ]
    )


def _sha(text: str, n: int = 16) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:n]


def cache_file(directory: Path, paths: dict[str, Path]) -> Path:
    """The database file of this snapshot and this code: named by the data folder, the snapshot's
    folder and the SQL that builds the connection (a code change gives a new file, never a stale one)."""
    env = os.environ.get(CACHE_ENV)
    folder = Path(env) if env else Path(tempfile.gettempdir()) / "disclosure-duckdb"
    folder.mkdir(parents=True, exist_ok=True)
    owner = _sha(str(Path(directory).resolve()), 12)
    recipe = _code_recipe() + "\n" + str(Path(paths["reports"]).resolve())
    return folder / f"{owner}-{_sha(recipe)}.duckdb"


def _drop_stale_caches(current: Path) -> None:
    """Remove older database files of the same data folder (open connections keep their inode)."""
    owner = current.name.split("-", 1)[0]
    for old in current.parent.glob(f"{owner}-*.duckdb"):
        if old != current:
            _unlink_db(old)


def _unlink_db(path: Path) -> None:
    path.unlink(missing_ok=True)
    Path(f"{path}.wal").unlink(missing_ok=True)


_TMP = ".tmp-"


def _remove_abandoned(folder: Path) -> None:
    """Delete half-built files (`.tmp-<pid>-…`) of processes that no longer run (a kill -9 mid-build):
    they are never renamed into place, only taking disk space."""
    for f in folder.glob(f"{_TMP}*"):
        pid = f.name[len(_TMP) :].split("-", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            f.unlink(missing_ok=True)
        except PermissionError:  # another user's live process
            pass


def _step(name: str) -> None:
    """A step of a database build; with DISCLOSURE_CACHE_CRASH_AT=<name> the process SIGKILLs itself
    here (the kill -9 tests; unset in normal use)."""
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


class _NotUpdatable(Exception):
    """The previous file cannot be updated into this snapshot's (the message says why)."""


def _build_file(cache: Path, directory: Path, paths: dict[str, Path], n_reports: int) -> None:
    """Build `cache` under a temporary name and rename it into place (atomic: readers see the old
    file or the whole new one, and a concurrent builder's file is the same database).

    From the previous snapshot's file of the same data folder when it can be updated (`_update`: only
    the changed rows, minutes → seconds at 2 M reports), else from scratch. The previous file is
    copied first and never written: other processes may have it open."""
    _remove_abandoned(cache.parent)
    tmp = cache.parent / f"{_TMP}{os.getpid()}-{threading.get_ident()}-{cache.name}"
    _unlink_db(tmp)
    t0 = time.monotonic()
    state = _snapshot_state(directory, paths)
    previous = _previous_file(cache)
    if previous is not None:
        why, stats = _try_update(tmp, previous, directory, paths, state, n_reports)
        if why is None:
            _step("checkpointed")
            os.replace(tmp, cache)
            _drop_stale_caches(cache)
            log.info(
                "dashboard database %s: updated from %s in %.1f s (%s)",
                cache.name,
                previous.name,
                time.monotonic() - t0,
                ", ".join(f"{k} {v}" for k, v in stats.items()),
            )
            return
        _unlink_db(tmp)
        log.warning(
            "dashboard database %s: full build, not updated from %s: %s", cache.name, previous.name, why
        )
    fcon = duckdb.connect(str(tmp))
    try:
        _configure(fcon)
        _populate(fcon, directory, paths, materialise=True, state=state)
        _step("populated")
        fcon.execute("CHECKPOINT")
        # The size a fresh build has: an updated file far larger than it is rebuilt (MAX_GROWTH).
        _write_meta(fcon, {**state, "fresh_bytes": tmp.stat().st_size, "updates": 0})
        fcon.execute("CHECKPOINT")
    finally:
        fcon.close()
    _step("checkpointed")
    os.replace(tmp, cache)
    _drop_stale_caches(cache)
    log.info("dashboard database %s: full build in %.1f s", cache.name, time.monotonic() - t0)


def _previous_file(cache: Path) -> Path | None:
    """The newest database file of the same data folder other than `cache` (normally the only one)."""
    owner = cache.name.split("-", 1)[0]
    found = []
    for f in cache.parent.glob(f"{owner}-*.duckdb"):
        try:
            if f != cache:
                found.append((f.stat().st_mtime, f))
        except FileNotFoundError:  # removed by a concurrent builder
            continue
    return max(found)[1] if found else None


def _snapshot_state(directory: Path, paths: dict[str, Path]) -> dict[str, Any]:
    """What decides whether a file can be updated into another: the code, the data folder and the
    snapshot's `reports` parts with their manifest fingerprints (`why` says when they are unusable)."""
    path = Path(paths["reports"])
    partitioned = store_layout.is_partitioned(path)
    snap = path.parent.parent if partitioned else path.parent
    manifest = store_layout.read_manifest(snap)
    state: dict[str, Any] = {
        "format": CACHE_FORMAT,
        "code": _sha(_code_recipe()),
        "data": str(directory.resolve()),
        "snapshot": snap.name,
        "buckets": None,
        "polars": None,
        "parts": None,
        "why": None,
    }
    if not partitioned:
        state["why"] = "the snapshot's reports table is one file (no parts)"
    elif manifest is None:
        state["why"] = "the snapshot has no MANIFEST.json"
    else:
        state["buckets"], state["polars"] = manifest.get("buckets"), manifest.get("polars")
        entries = manifest.get("tables", {}).get("reports") or {}
        if set(entries) != {f.stem for f in store_layout.table_files(path)}:
            state["why"] = "the manifest does not list the reports parts on disk"
        else:
            state["parts"] = {
                p: {"fingerprint": e.get("fingerprint"), "rows": e.get("rows")} for p, e in entries.items()
            }
    return state


def _write_meta(con: duckdb.DuckDBPyConnection, meta: dict[str, Any]) -> None:
    con.execute(
        "CREATE OR REPLACE TABLE _cache_meta AS SELECT CAST($m AS VARCHAR) AS meta", {"m": json.dumps(meta)}
    )


def _read_meta(path: Path) -> dict[str, Any] | None:
    """The update state of a database file, or None for a file without one (CACHE_FORMAT 1)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        row = con.execute("SELECT meta FROM _cache_meta").fetchone()
    except duckdb.CatalogException:
        return None
    finally:
        con.close()
    return json.loads(row[0]) if row else None


# Per report, what an update needs: its part, its row in the part file (the order the alias rules
# read rows in) and the identity columns the rules read (aliases.INPUT_COLUMNS, printed agency).
_PART_COLUMNS = (
    "report_id, parse_filename(filename, true) AS part, file_row_number AS file_row, "
    + ", ".join(aliases.INPUT_COLUMNS)
)


def _save_update_state(
    con: duckdb.DuckDBPyConnection, paths: dict[str, Path], state: dict[str, Any], base: pl.DataFrame
) -> None:
    """What the next update needs (full build): each report's part and identity (`_report_parts`),
    the alias rules' mapping before overrides (`_canon_base`), the corrections applied, the state."""
    literal = "'" + str(paths["reports"]).replace("'", "''") + "'"  # a file path of the snapshot
    con.execute(
        f"CREATE TABLE _report_parts AS SELECT {_PART_COLUMNS} "
        f"FROM read_parquet({literal}, filename = true, file_row_number = true)"
    )
    con.register("canon_base_df", base)
    con.execute("CREATE TABLE _canon_base AS SELECT * FROM canon_base_df")
    con.unregister("canon_base_df")
    con.execute("CREATE TABLE _revisions_applied AS SELECT * FROM revisions")
    _write_meta(con, {**state, "fresh_bytes": None, "updates": 0})


def _mismatch(old: dict[str, Any] | None, state: dict[str, Any], previous: Path) -> str | None:
    """Why the file `previous` (update state `old`) cannot be updated into `state`; None when it can."""
    if old is None:
        return "the earlier file has no update state (built by CACHE_FORMAT 1)"
    if state["why"]:
        return state["why"]
    for key, what in (
        ("format", "CACHE_FORMAT"),
        ("code", "code recipe (SQL files, views, DuckDB version)"),
        ("data", "data folder"),
        ("buckets", "bucket count"),
        ("polars", "polars version (fingerprints not comparable)"),
    ):
        if old.get(key) != state[key]:
            return f"different {what}: {old.get(key)!r} → {state[key]!r}"
    if not old.get("parts"):
        return f"the earlier file's snapshot could not be compared part by part ({old.get('why')})"
    if Path(f"{previous}.wal").exists():
        return "the earlier file has a write-ahead log (not a finished build)"
    fresh, size = old.get("fresh_bytes"), previous.stat().st_size
    if fresh and size > MAX_GROWTH * fresh + (64 << 20):
        return f"the earlier file grew by updates from {fresh} to {size} bytes (a full build compacts it)"
    return None


def _changed_parts(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> list[str]:
    """Parts added, removed, or whose fingerprint differs (an unknown fingerprint counts as changed)."""
    return sorted(
        p
        for p in set(old) | set(new)
        if p not in old
        or p not in new
        or old[p].get("fingerprint") is None
        or old[p].get("fingerprint") != new[p].get("fingerprint")
    )


def _try_update(
    tmp: Path,
    previous: Path,
    directory: Path,
    paths: dict[str, Path],
    state: dict[str, Any],
    n_reports: int,
) -> tuple[str | None, dict[str, int]]:
    """Copy `previous` to `tmp` and update it into this snapshot: (None, stats) or (why not, {})."""
    try:
        old = _read_meta(previous)
        why = _mismatch(old, state, previous)
        if why is not None or old is None:
            return why, {}
        moved = sum(
            int(state["parts"][p].get("rows") or 0)
            for p in _changed_parts(old["parts"], state["parts"])
            if p in state["parts"]
        )
        if moved > MAX_CHANGED_SHARE * n_reports:
            return f"{moved} of {n_reports} rows are in changed parts (a full build costs no more)", {}
        shutil.copyfile(previous, tmp)
        _step("copied")
        con = duckdb.connect(str(tmp))
        try:
            _configure(con)
            stats = _update(con, directory, paths, old, state, n_reports)
            _step("updated")
            con.execute("CHECKPOINT")
        finally:
            con.close()
    except _NotUpdatable as exc:
        return str(exc), {}
    except (duckdb.Error, OSError, ValueError, KeyError) as exc:  # e.g. the old file removed meanwhile
        return f"update failed ({type(exc).__name__}: {exc})", {}
    return None, stats


def _columns(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(f"DESCRIBE {name}").fetchall()]  # names from code only


def _replace_noting_changes(
    con: duckdb.DuckDBPyConnection, table: str, new: str, key: str, changed: str, what: str
) -> None:
    """Replace the rows of `table` by those of `new`, first keeping in the temporary table `changed` the
    `key` of every row found on one side only (added, removed or altered); `what` names the table whose
    columns must not have changed. Table names from code only."""
    if _columns(con, new) != _columns(con, table):
        raise _NotUpdatable(f"the columns of {what} changed")
    con.execute(
        f"CREATE TEMP TABLE {changed} AS SELECT DISTINCT {key} FROM ("
        f"(FROM {table} EXCEPT FROM {new}) UNION ALL (FROM {new} EXCEPT FROM {table}))"
    )
    con.execute(f"DELETE FROM {table}")
    con.execute(f"INSERT INTO {table} SELECT * FROM {new}")


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _parquet_list(folder: Path, parts: list[str]) -> str:
    """A SQL list literal of part files of the snapshot (our own paths, quoted; never user input)."""
    return "[" + ", ".join("'" + str(folder / f"{p}.parquet").replace("'", "''") + "'" for p in parts) + "]"


def _region_keys(df: pl.DataFrame) -> pl.DataFrame:
    """`df` with `region`: the normalised province|city|county the alias rules compare
    (identity.normalise_name of each distinct value, not of every row)."""
    out = df
    for col in ("province", "city", "county"):
        values = out[col].unique().to_list()
        mapping = pl.DataFrame(
            {col: values, f"n_{col}": [normalise_name(v) or "" for v in values]},
            schema={col: pl.Utf8, f"n_{col}": pl.Utf8},
        )
        out = out.join(mapping, on=col, how="left", nulls_equal=True)
    return out.with_columns(
        pl.concat_str(["n_province", "n_city", "n_county"], separator="|").alias("region")
    ).drop("n_province", "n_city", "n_county")


def _rule_groups(con: duckdb.DuckDBPyConnection, seeds: set[str]) -> pl.DataFrame:
    """Every agency whose alias-rule group may contain an agency with a current report in one of the
    regions `seeds`, closed so that whole groups are returned.

    Why regions: every rule key (aliases.RULES) of an agency embeds the normalised region of its latest
    current report (or is the agency's own id), so a group's members share that region; an agency
    taken in brings the regions of all its reports (its latest may be elsewhere) until nothing changes.
    """
    cur = _region_keys(
        con.sql(
            "SELECT DISTINCT agency_id, province, city, county FROM _report_parts "
            "WHERE is_current AND agency_id IS NOT NULL"
        ).pl()
    )
    regions = set(seeds)
    while True:
        agencies = cur.filter(pl.col("region").is_in(list(regions)))["agency_id"].unique()
        more = set(cur.filter(pl.col("agency_id").is_in(agencies.implode()))["region"].to_list())
        if more <= regions:
            return pl.DataFrame({"agency_id": agencies}, schema={"agency_id": pl.Utf8})
        regions |= more


def _update(
    con: duckdb.DuckDBPyConnection,
    directory: Path,
    paths: dict[str, Path],
    old: dict[str, Any],
    state: dict[str, Any],
    n_reports: int,
) -> dict[str, int]:
    """Update a copy of the previous snapshot's file into this snapshot's, with exactly the content a
    full build (`_populate` with the update state) gives.

    Why this is exact: a row of `reports` depends on its Parquet row and on the canonical agency of
    its printed agency_id (`agency_canon`); a row of `reports_charted` on its `reports` row and that
    report's corrections (`revisions`), queries/reports_charted.sql being a per-row query. So the rows
    replaced are those of (a) parts whose manifest fingerprint changed, were added or removed, and
    (b) agencies whose canonical id/name/level/kind changed (alias rules are not bucket-local: a new
    report can rename another agency); `reports_charted` is recomputed for those reports and for
    reports whose corrections changed. The alias rules are re-run on the rule groups the changed
    reports can touch (`_rule_groups`), the administrator's overrides applied to all; the views over
    the other tables and every summary table (small) are rebuilt whole. Row counts are checked
    against the manifest, part by part, at the end.
    """
    folder = Path(paths["reports"]).parent
    # 1. The views over the new snapshot's files.
    _drop_sources(con)
    _create_sources(con, paths, materialise=True)
    con.execute(f"CREATE VIEW reports_corrected AS {corrections.reports_corrected_sql()}")
    if _columns(con, "reports_view") != _columns(con, "reports"):
        raise _NotUpdatable("the columns of reports changed")
    # 2. The changed parts: their old rows go, their new rows come.
    changed = _changed_parts(old["parts"], state["parts"])
    con.execute("CREATE TEMP TABLE _changed_parts (part VARCHAR)")
    if changed:
        con.executemany("INSERT INTO _changed_parts VALUES (?)", [[p] for p in changed])
    new_parts = [p for p in changed if p in state["parts"]]
    # The new rows as stored, with their file and row (the update state); no rows when no part
    # changed (the columns from any part file: the view `reports_printed` adds `part`).
    con.execute(
        "CREATE TEMP TABLE _delta AS SELECT * FROM read_parquet("
        f"{_parquet_list(folder, new_parts or sorted(state['parts'])[:1])}, filename = true, "
        f"file_row_number = true){'' if new_parts else ' LIMIT 0'}"
    )
    in_changed = "part IN (SELECT part FROM _changed_parts)"
    # Agencies whose identity rows (the alias rules' input, in read order) differ: a changed part
    # holds ~1 000 reports at 2 M, nearly all of them unchanged.
    rows = f"list(row(report_id, {', '.join(aliases.INPUT_COLUMNS)}) ORDER BY file_row) AS rows"
    con.execute(
        f"CREATE TEMP TABLE _ident_old AS SELECT agency_id, part, {rows} FROM _report_parts "
        f"WHERE {in_changed} GROUP BY agency_id, part"
    )
    con.execute(
        f"CREATE TEMP TABLE _ident_new AS SELECT agency_id, part, {rows} FROM "
        "(SELECT *, parse_filename(filename, true) AS part, file_row_number AS file_row FROM _delta) "
        "GROUP BY agency_id, part"
    )
    con.execute(
        "CREATE TEMP TABLE _identity_changed AS SELECT DISTINCT agency_id FROM ("
        "(FROM _ident_old EXCEPT FROM _ident_new) UNION ALL (FROM _ident_new EXCEPT FROM _ident_old))"
    )
    where = "is_current AND agency_id IN (SELECT agency_id FROM _identity_changed)"
    seeds = {
        r[0]
        for r in _region_keys(
            con.sql(
                f"SELECT province, city, county FROM _report_parts WHERE {where} AND {in_changed} "
                f"UNION SELECT province, city, county FROM _delta WHERE {where}"
            ).pl()
        )
        .select("region")
        .iter_rows()
    }
    con.execute(f"CREATE TEMP TABLE _gone AS SELECT report_id FROM _report_parts WHERE {in_changed}")
    con.execute(f"DELETE FROM _report_parts WHERE {in_changed}")
    con.execute(f"INSERT INTO _report_parts SELECT {_PART_COLUMNS} FROM _delta")
    # 3. The alias rules again on the groups those reports belong to (old or new), overrides on all.
    con.register("rule_groups_df", _rule_groups(con, seeds))
    con.execute(
        "CREATE TEMP TABLE _regrouped AS SELECT agency_id FROM rule_groups_df "
        "UNION SELECT agency_id FROM _identity_changed WHERE agency_id IS NOT NULL"
    )
    con.unregister("rule_groups_df")
    ident = con.sql(
        f"SELECT {', '.join(aliases.INPUT_COLUMNS)} FROM _report_parts "
        # the order a full build reads them in (_canon: the part files by name, where
        # `y2024-b003+0001.parquet` sorts before `y2024-b003.parquet`), then their rows in the file
        "WHERE agency_id IN (SELECT agency_id FROM _regrouped) ORDER BY part || '.parquet', file_row"
    ).pl()
    derived = aliases.derive(ident)
    con.execute("DELETE FROM _canon_base WHERE agency_id IN (SELECT agency_id FROM _regrouped)")
    if derived.height:
        con.register("canon_base_df", derived.select([c for c, _ in _columns(con, "_canon_base")]))
        con.execute("INSERT INTO _canon_base BY NAME SELECT * FROM canon_base_df")
        con.unregister("canon_base_df")
    canon = aliases.with_overrides(con.sql("FROM _canon_base").pl(), aliases.read_overrides(directory))
    con.register("agency_canon_df", canon)
    con.execute("CREATE TEMP TABLE _canon_new AS SELECT * FROM agency_canon_df")
    con.unregister("agency_canon_df")
    _replace_noting_changes(con, "agency_canon", "_canon_new", "agency_id", "_canon_changed", "agency_canon")
    # 4. `reports`: the rows of changed parts replaced, those of re-mapped agencies elsewhere re-read.
    con.execute("DELETE FROM reports WHERE report_id IN (SELECT report_id FROM _gone)")
    # The rows as `reports_printed` gives them (with `part`, _with_part), from _delta's own rows.
    delta = f"(SELECT * EXCLUDE (filename, file_row_number), {_PART_OF_FILE} AS part FROM _delta)"
    con.execute("INSERT INTO reports BY NAME " + _canonical_select("reports", delta))
    con.execute(
        "CREATE TEMP TABLE _remapped AS SELECT report_id, part FROM _report_parts "
        f"WHERE agency_id IN (SELECT agency_id FROM _canon_changed) AND NOT {in_changed}"
    )
    remap_parts = sorted(r[0] for r in con.execute("SELECT DISTINCT part FROM _remapped").fetchall())
    if remap_parts:
        con.execute("DELETE FROM reports WHERE report_id IN (SELECT report_id FROM _remapped)")
        rows = (
            f"(SELECT * FROM ({_with_part(_parquet_list(folder, remap_parts), Path(paths['reports']))}) "
            "WHERE agency_id IN (SELECT agency_id FROM _canon_changed))"
        )
        con.execute("INSERT INTO reports BY NAME " + _canonical_select("reports", rows))
    # 5. Corrections: the reports whose revisions differ from those applied.
    _replace_noting_changes(con, "_revisions_applied", "revisions", "report_id", "_rev_changed", "revisions")
    # 6. reports_charted for every report replaced, re-mapped or corrected; summaries and macros whole.
    con.execute(
        "CREATE TEMP TABLE _recharted AS SELECT report_id FROM _gone UNION SELECT report_id FROM _delta "
        "UNION SELECT report_id FROM _remapped UNION SELECT report_id FROM _rev_changed"
    )
    con.execute("DELETE FROM reports_charted WHERE report_id IN (SELECT report_id FROM _recharted)")
    # queries/reports_charted.sql over only those reports: `reports_corrected` is pointed at a table of
    # their rows for this one statement (a filter on the query's result is not pushed below its join
    # and computed every report: 7 s at 100 000 reports for 900 rows).
    con.execute(
        "CREATE TABLE _recharted_reports AS FROM reports WHERE report_id IN (SELECT report_id FROM _recharted)"
    )
    con.execute("DROP VIEW reports_corrected")
    con.execute(f"CREATE VIEW reports_corrected AS {corrections.reports_corrected_sql('_recharted_reports')}")
    con.execute(f"INSERT INTO reports_charted BY NAME\n{sql_text('reports_charted')}")
    con.execute("DROP VIEW reports_corrected")
    con.execute(f"CREATE VIEW reports_corrected AS {corrections.reports_corrected_sql()}")
    con.execute("DROP TABLE _recharted_reports")
    for name in SUMMARIES:
        con.execute(f"DROP TABLE IF EXISTS {name}")
        con.execute(f"CREATE TABLE {name} AS {sql_text(name)}")
    con.execute(sql_text("_macros"))
    # 7. The rows must add up to the snapshot's, part by part, else the file is built from scratch.
    counts = [
        _count(con, f"SELECT count(*) FROM {t}") for t in ("reports", "_report_parts", "reports_charted")
    ]
    if any(c != n_reports for c in counts):
        raise _NotUpdatable(
            f"rows after the update (reports, parts, charted) {counts} ≠ {n_reports} of the snapshot"
        )
    per_part = dict(con.execute("SELECT part, count(*) FROM _report_parts GROUP BY part").fetchall())
    wrong = [
        p
        for p in set(per_part) | set(state["parts"])
        if state["parts"].get(p, {}).get("rows") not in (None, per_part.get(p, 0)) or p not in state["parts"]
    ]
    if wrong:
        raise _NotUpdatable(f"rows of parts {sorted(wrong)[:5]} differ from the manifest after the update")
    stats = {
        "parts changed": len(changed),
        "agencies regrouped": _count(con, "SELECT count(*) FROM _regrouped"),
        "agencies re-mapped": _count(con, "SELECT count(*) FROM _canon_changed"),
        "reports corrected": _count(con, "SELECT count(*) FROM _rev_changed"),
        "reports replaced": _count(con, "SELECT count(*) FROM _delta")
        + _count(con, "SELECT count(*) FROM _remapped"),
        "reports recharted": _count(con, "SELECT count(*) FROM _recharted"),
    }
    for t in (
        "_changed_parts",
        "_delta",
        "_ident_old",
        "_ident_new",
        "_identity_changed",
        "_gone",
        "_regrouped",
        "_canon_new",
        "_canon_changed",
        "_remapped",
        "_rev_changed",
        "_recharted",
    ):
        con.execute(f"DROP TABLE {t}")
    _write_meta(
        con, {**state, "fresh_bytes": old.get("fresh_bytes"), "updates": int(old.get("updates") or 0) + 1}
    )
    return stats


def _canon(directory: Path, paths: dict[str, Path]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(the rules' mapping `aliases.derive`, with the administrator's overrides `agency_canon`) of
    every agency_id, from the identity columns only (never the wide table)."""
    ident = pl.scan_parquet(paths["reports"]).select(aliases.INPUT_COLUMNS).collect()
    base = aliases.derive(ident)
    return base, aliases.with_overrides(base, aliases.read_overrides(directory))


def _drop_sources(con: duckdb.DuckDBPyConnection) -> None:
    """Drop what `_create_sources` made (views over an earlier snapshot's files, empty stand-ins)."""
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()
    }
    for table in (
        "reports_corrected",
        "reports_view",
        *(n for t in (*TABLES, "dictionary") for n in (f"{t}_printed", t)),
    ):
        if table == "reports":  # the materialised table, updated in place
            continue
        if table in views:
            con.execute(f"DROP VIEW {table}")
        elif table in tables:
            con.execute(f"DROP TABLE {table}")


def _create_sources(con: duckdb.DuckDBPyConnection, paths: dict[str, Path], materialise: bool) -> None:
    """A view per table of the snapshot (agency tables under canonical agencies), an empty table with
    the store's columns for a table without a file. With `materialise`,
    the canonical view of `reports` is `reports_view` (the caller fills the table `reports` from it)."""
    for table in (*TABLES, "dictionary"):
        path = paths.get(table)
        name = "reports_view" if table == "reports" and materialise else table
        if path is not None and store_layout.table_exists(Path(path)):
            literal = "'" + str(path).replace("'", "''") + "'"  # a file path of the snapshot, not user input
            if table in _AGENCY_TABLES:
                con.execute(f"CREATE VIEW {table}_printed AS {_with_part(literal, Path(path))}")
                con.execute(_canonical_view(table, f"{table}_printed", name))
            else:
                con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({literal})")
        else:  # no file yet: an empty table with the store's columns and types (store/schema.py)
            con.execute(
                f"CREATE TABLE {table}_printed ({schema.duckdb_columns(table)}, part VARCHAR)"
                if table in _AGENCY_TABLES
                else f"CREATE TABLE {table} ({schema.duckdb_columns(table)})"
            )
            if table in _AGENCY_TABLES:
                con.execute(_canonical_view(table, f"{table}_printed", name))


def _populate(
    con: duckdb.DuckDBPyConnection,
    directory: Path,
    paths: dict[str, Path],
    materialise: bool,
    state: dict[str, Any] | None = None,
) -> None:
    """Tables, views and macros of the dashboard's database (see `connect`); with `state` (a database
    file) also what the next snapshot's update needs (`_save_update_state`)."""
    # Only the identity columns the alias rules read: the wide table is never loaded here.
    base, canon = _canon(directory, paths)
    con.register("agency_canon_df", canon)
    con.execute("CREATE TABLE agency_canon AS SELECT * FROM agency_canon_df")
    con.unregister("agency_canon_df")
    _create_sources(con, paths, materialise)
    if materialise:
        # Materialised once per snapshot (one row per report, immutable): binding the wide views
        # (hundreds of columns, REPLACE and casts) inside every UNPIVOT query took seconds per
        # query. In memory for small datasets, in the snapshot's database file for large ones.
        con.execute("CREATE TABLE reports AS SELECT * FROM reports_view")
    # Charts use administrators' corrections (disclosure.dashboard.corrections); `reports` stays as printed.
    con.execute(f"CREATE VIEW reports_corrected AS {corrections.reports_corrected_sql()}")
    # Derived 总计 cells and the per-report rate parts: queries/reports_charted.sql.
    kind = "TABLE" if materialise else "VIEW"
    con.execute(f"CREATE {kind} reports_charted AS {sql_text('reports_charted')}")
    # Summary tables over `reports_charted` (one query file each, queries/<name>.sql), built after it.
    for name in SUMMARIES:
        con.execute(f"CREATE {kind} {name} AS {sql_text(name)}")
    con.execute(sql_text("_macros"))
    if state is not None:
        _save_update_state(con, paths, state, base)


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
