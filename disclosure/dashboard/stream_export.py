"""Exports that stream to a file: DuckDB `COPY` of a query file, with the row count known first.

Why: building a national export in pandas and then in bytes holds it several times in memory (over
12 GB for 100 000 reports' cells); `COPY (query) TO file` lets DuckDB write it in chunks straight to a
temporary file, and the page can say how many rows the file will hold before it is made. The query
text comes from `queries/` and every user choice is a named parameter, as everywhere else; the only
literal is the temporary file's path, which this module creates.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import duckdb

from disclosure.dashboard import data

FORMATS = {"csv": "(FORMAT csv, HEADER)", "parquet": "(FORMAT parquet, COMPRESSION zstd)"}
# CSV opens in spreadsheets: a text cell starting like a formula gets a leading apostrophe (shown as
# text, never evaluated). Only text columns: a negative number stays a number. Parquet is not a
# spreadsheet format and keeps types.
_CSV_SAFE = (
    "SELECT CASE WHEN typeof(COLUMNS(*)) = 'VARCHAR' AND regexp_matches(COLUMNS(*)::VARCHAR, "
    "'^[=+\\-@\\t\\r]') THEN '''' || COLUMNS(*)::VARCHAR ELSE COLUMNS(*)::VARCHAR END "
    "FROM ({sql}) AS q"
)


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
    cur = (con or data.connection()).cursor()
    try:
        return int(cur.execute(f"SELECT count(*) FROM ({sql}) AS q", given).fetchone()[0])
    finally:
        cur.close()


def copy_to_file(
    name: str,
    params: dict[str, Any],
    fmt: str = "csv",
    directory: str | Path | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> Path:
    """Write the query's rows to a new temporary file with DuckDB COPY; returns its path."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {sorted(FORMATS)}")
    sql, given = _query(name, params)
    fd, tmp = tempfile.mkstemp(prefix=f"{name}-", suffix=f".{fmt}", dir=directory)
    Path(tmp).unlink()  # DuckDB creates the file itself
    import os

    os.close(fd)
    literal = "'" + tmp.replace("'", "''") + "'"  # our own temporary path, never user input
    cur = (con or data.connection()).cursor()
    try:
        body = _CSV_SAFE.format(sql=sql) if fmt == "csv" else sql
        cur.execute(f"COPY ({body}) TO {literal} {FORMATS[fmt]}", given)
    finally:
        cur.close()
    return Path(tmp)
