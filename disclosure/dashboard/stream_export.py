"""Exports that stream to a file: DuckDB `COPY` of a query file, with the row count known first.

Why: building a national export in pandas and then in bytes holds it several times in memory (over
12 GB for 100 000 reports' cells); `COPY (query) TO file` lets DuckDB write it in chunks straight to a
temporary file, and the page can say how many rows the file will hold before it is made. The query
text comes from `queries/` and every user choice is a named parameter, as everywhere else; the only
literal is the temporary file's path, which this module creates.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from disclosure.dashboard import data, exports

CHUNK_ROWS = 20_000  # at most this many rows per chunk handed to the CSV/Excel writers …
CHUNK_CELLS = 1_000_000  # … and at most about this many cells (the wide `reports` export: ~3,000 rows)

FORMATS = {"csv": "(FORMAT csv, HEADER)", "parquet": "(FORMAT parquet, COMPRESSION zstd)"}
# CSV opens in spreadsheets: a text cell starting like a formula gets a leading apostrophe (shown as
# text, never evaluated). Only text columns: a negative number stays a number. Parquet is not a
# spreadsheet format and keeps types.
_CSV_SAFE = (
    "SELECT CASE WHEN typeof(COLUMNS(*)) = 'VARCHAR' AND regexp_matches(COLUMNS(*)::VARCHAR, "
    "'^[=+\\-@\\t\\r]') THEN '''' || COLUMNS(*)::VARCHAR ELSE COLUMNS(*)::VARCHAR END "
    "FROM ({sql}) AS q"
)


def _cursor(con: duckdb.DuckDBPyConnection | None) -> duckdb.DuckDBPyConnection:
    """A cursor of the shared connection, taken under data's lock like every query (a deferred download
    runs on another thread than the page)."""
    with data._lock:
        return (con or data.connection()).cursor()


def _query(name: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    sql = data.sql_text(name).strip().rstrip(";")
    used = set(data._PARAM.findall(sql))
    missing = used - set(params)
    if missing:
        raise KeyError(f"query {name} needs parameters {sorted(missing)}")
    return sql, {k: v for k, v in params.items() if k in used}


def row_count(name: str, params: dict[str, Any], con: duckdb.DuckDBPyConnection | None = None) -> int:
    """How many rows the export of `queries/<name>.sql` will hold (counted by DuckDB, nothing built)."""
    sql, given = _query(name, params)
    cur = _cursor(con)
    try:
        row = cur.execute(f"SELECT count(*) FROM ({sql}) AS q", given).fetchone()
        assert row is not None  # count(*) always yields exactly one row
        return int(row[0])
    finally:
        cur.close()


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def columns(name: str, params: dict[str, Any], con: duckdb.DuckDBPyConnection | None = None) -> list[str]:
    """The result columns of the query (DuckDB binds it with LIMIT 0: nothing is read)."""
    sql, given = _query(name, params)
    cur = _cursor(con)
    try:
        cur.execute(f"SELECT * FROM ({sql}) AS q LIMIT 0", given)
        return [d[0] for d in cur.description]
    finally:
        cur.close()


def _select(sql: str, keep: list[str] | None) -> str:
    """The query restricted to `keep` (names of its own result columns, quoted; never user input)."""
    if keep is None:
        return sql
    return f"SELECT {', '.join(_quoted(c) for c in keep)} FROM (\n{sql}\n) AS q"


def page(
    name: str,
    params: dict[str, Any],
    limit: int,
    offset: int,
    keep: list[str] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> pd.DataFrame:
    """One page of the export's rows (the preview table): `limit` rows from `offset`, in the query's order."""
    sql, given = _query(name, params)
    cur = _cursor(con)
    try:
        return cur.execute(
            f"{_select(sql, keep)}\nLIMIT {int(limit)} OFFSET {int(offset)}", given
        ).df()  # ints formatted here: page numbers, not user text
    finally:
        cur.close()


def chunks(
    name: str,
    params: dict[str, Any],
    keep: list[str] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
    rows: int | None = None,
) -> Iterator[pd.DataFrame]:
    """The export's rows as DataFrames of about `rows` rows each, fetched from DuckDB one at a time."""
    sql, given = _query(name, params)
    cur = _cursor(con)
    try:
        cur.execute(_select(sql, keep), given)
        width = max(1, len(cur.description or ()))
        rows = rows or min(CHUNK_ROWS, CHUNK_CELLS // width)
        vectors = max(1, rows // 2048)  # DuckDB hands rows over in vectors of 2,048
        while True:
            df = cur.fetch_df_chunk(vectors)
            if df.empty:
                return
            yield df
    finally:
        cur.close()


def write_file(
    fmt: str,
    name: str,
    params: dict[str, Any],
    *,
    prefix: str | None = None,
    selection: str = "",
    topic: str = "",
    directory: str | Path | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> Path:
    """The download file of one export in a new temporary file (the caller removes it): CSV and Excel
    through the chunked writers of `exports` (Chinese headers, neutralised text), Parquet by DuckDB COPY
    (types kept, codes as stored). Only the section's columns when `prefix` is given."""
    con = con or data.connection()
    all_columns = columns(name, params, con)
    keep = exports.column_subset(all_columns, prefix)
    if fmt == "parquet":
        return copy_to_file(name, params, "parquet", directory, con, keep=keep)
    fd, tmp = tempfile.mkstemp(prefix=f"{name}-", suffix=f".{fmt}", dir=directory)
    os.close(fd)
    path = Path(tmp)
    try:
        if fmt == "csv":
            with path.open("wb") as out:
                exports.write_csv(chunks(name, params, keep, con), out)
        elif fmt == "xlsx":
            exports.write_excel(
                chunks(name, params, keep, con), str(path), keep or all_columns, selection, topic
            )
        else:
            raise ValueError(f"format {fmt!r} is not one of csv, xlsx, parquet")
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def deferred(
    fmt: str,
    name: str,
    params: dict[str, Any],
    *,
    prefix: str | None = None,
    selection: str = "",
    topic: str = "",
    con: duckdb.DuckDBPyConnection | None = None,
) -> Callable[[], bytes]:
    """A download made on click (Streamlit calls it outside the script run, so everything is bound
    here): the file is streamed to disk, read once to hand it over, then removed."""
    con = con or data.connection()

    def make() -> bytes:
        path = write_file(fmt, name, params, prefix=prefix, selection=selection, topic=topic, con=con)
        try:
            return path.read_bytes()
        finally:
            path.unlink(missing_ok=True)

    return make


def copy_to_file(
    name: str,
    params: dict[str, Any],
    fmt: str = "csv",
    directory: str | Path | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
    keep: list[str] | None = None,
) -> Path:
    """Write the query's rows to a new temporary file with DuckDB COPY; returns its path."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {sorted(FORMATS)}")
    sql, given = _query(name, params)
    sql = _select(sql, keep)
    fd, tmp = tempfile.mkstemp(prefix=f"{name}-", suffix=f".{fmt}", dir=directory)
    os.close(fd)
    Path(tmp).unlink()  # DuckDB creates the file itself
    literal = "'" + tmp.replace("'", "''") + "'"  # our own temporary path, never user input
    cur = _cursor(con)
    try:
        body = _CSV_SAFE.format(sql=sql) if fmt == "csv" else sql
        cur.execute(f"COPY ({body}) TO {literal} {FORMATS[fmt]}", given)
    finally:
        cur.close()
    return Path(tmp)
