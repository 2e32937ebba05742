"""Time to build a 会议简报 of the dataset's largest scope: every region, in the year with most reports.

    .venv/bin/python scripts/bench_briefing.py [--data DIR] [--repeat N]

Prints seconds for the model (DuckDB queries + layout) and for each output (HTML with SVG charts, Word with
PNG charts, PDF printed by Chromium). The first chart render includes starting Chromium for Kaleido.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
from pathlib import Path

import streamlit  # noqa: F401 - configure its loggers, then silence the "no runtime" warning

logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)

from disclosure.briefing import model, output  # noqa: E402
from disclosure.dashboard import data  # noqa: E402
from disclosure.dashboard.selection import Selection  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1] / "data")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    con = data.connect(args.data)
    year, n = con.execute(
        "SELECT year, count(*) FROM reports WHERE is_current AND template <> 'legacy' "
        "GROUP BY year ORDER BY count(*) DESC, year DESC LIMIT 1"
    ).fetchone()
    scope = Selection(int(year) - 1, int(year))
    print(f"dataset {args.data}: largest scope = 全部地区, {year}年 ({n} reports with tables)")
    times: dict[str, list[float]] = {"model": [], "html": [], "docx": [], "pdf": []}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            t = time.perf_counter()
            b = model.build(con, scope, int(year))
            times["model"].append(time.perf_counter() - t)
            for fmt in ("html", "docx", "pdf"):
                t = time.perf_counter()
                path = output.write(b, Path(tmp) / f"briefing.{fmt}")
                times[fmt].append(time.perf_counter() - t)
                if i == 0:
                    print(f"  {fmt}: {path.stat().st_size / 1024:,.0f} KiB")
    print(
        f"{'step':<6} {'first s':>8} {'median s':>9}   ({args.repeat} runs; first includes Chromium start-up)"
    )
    for step, vals in times.items():
        print(f"{step:<6} {vals[0]:>8.2f} {statistics.median(vals):>9.2f}")
    total = [sum(v[i] for v in times.values()) for i in range(args.repeat)]
    print(
        f"{'total':<6} {total[0]:>8.2f} {statistics.median(total):>9.2f}   "
        f"({len(b.charts())} charts, {sum(len(t.rows) for t in b.tables().values())} table rows)"
    )


if __name__ == "__main__":
    main()
