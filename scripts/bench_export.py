"""Peak memory and time of one 数据导出 download for a national selection (every year, every region).

Run once per (dataset, format, mode) — each run is a fresh process, so `ru_maxrss` is that export's peak:

    .venv/bin/python scripts/bench_export.py --data /tmp/pb-synth --what cells --fmt csv --mode stream

--mode memory: the path the page used before issue 13 (query → pandas → bytes, all in memory);
--mode stream: stream_export.write_file (DuckDB chunks → file; COPY for Parquet).
Prints one JSON line: rows, file size, seconds, peak RSS, and the RSS after connect() (the baseline that
the dashboard's connection holds anyway, sc13's part), in MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import streamlit  # noqa: F401 - configure its loggers, then silence the "no runtime" warning

from disclosure.dashboard import data, exports  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--what", default="cells", choices=sorted(exports.DATASETS))
    ap.add_argument("--fmt", default="csv", choices=("csv", "xlsx", "parquet"))
    ap.add_argument("--mode", default="stream", choices=("memory", "stream"))
    ap.add_argument("--duckdb-memory-limit", help="e.g. 1GB: DuckDB spills its sort to disk beyond this")
    args = ap.parse_args()
    con = data.connect(args.data)
    if args.duckdb_memory_limit:  # a setting of the whole DuckDB instance, never user input
        con.execute(f"SET memory_limit = '{args.duckdb_memory_limit}'")
    topic, query, prefix = exports.DATASETS[args.what]
    years = con.execute("SELECT min(year), max(year) FROM reports").fetchone()
    params = {
        "year_from": int(years[0]),
        "year_to": int(years[1]),
        "province": None,
        "city": None,
        "county": None,
        "levels": None,
        "kinds": None,
        "agency_ids": None,
        "include_aggregate": True,
    }
    base = rss_mb()
    started = time.perf_counter()
    if args.mode == "memory":
        df = exports.select_columns(data.run(query, params, con), prefix)
        rows = len(df)
        if args.fmt == "csv":
            size = len(exports.to_csv(df))
        elif args.fmt == "xlsx":
            size = len(exports.to_excel(df, "全国", topic))
        else:
            size = len(exports.to_parquet(df))
    else:
        from disclosure.dashboard import stream_export

        rows = stream_export.row_count(query, params, con)
        path = stream_export.write_file(
            args.fmt, query, params, prefix=prefix, selection="全国", topic=topic, con=con
        )
        size = path.stat().st_size
        path.unlink()
    print(
        json.dumps(
            {
                "what": args.what,
                "fmt": args.fmt,
                "mode": args.mode,
                "duckdb_memory_limit": args.duckdb_memory_limit,
                "rows": rows,
                "file_mb": round(size / 2**20, 1),
                "seconds": round(time.perf_counter() - started, 1),
                "rss_after_connect_mb": round(base),
                "peak_rss_mb": round(rss_mb()),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
