"""Page speed: every dashboard page's AppTest render time on a dataset (default: the bundled data/).

    .venv/bin/python scripts/bench_pages.py [--data DIR] [--repeat 3]

Prints, per page, the first (cold: DuckDB connection and query caches empty) and the best warm render
time in seconds. Target (issue 10): every warm page under 1 s on the bundled data. A figure, not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=str(ROOT / "data"))
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()
    os.environ["DISCLOSURE_DATA"] = str(Path(a.data).resolve())
    os.environ["DISCLOSURE_RAISE_ERRORS"] = "1"
    sys.path.insert(0, str(ROOT))
    from streamlit.testing.v1 import AppTest

    from disclosure.dashboard.navigation import PAGE_SPECS

    print(f"数据 data: {a.data}")
    print(f"{'page':<10} {'cold s':>7} {'warm s':>7}")
    worst = 0.0
    for key, (_, path, title, _, _) in PAGE_SPECS.items():
        times = []
        for _ in range(a.repeat + 1):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            if key == "overview":
                t0 = time.perf_counter()
                at.run()
            else:  # open the app (untimed), then time the page's own run as a click on it would
                at.run()
                t0 = time.perf_counter()
                at.switch_page(path).run()
            times.append(time.perf_counter() - t0)
            if at.exception:
                print(f"{key}: exception {at.exception[0].value}", file=sys.stderr)
                return 1
        warm = min(times[1:])
        worst = max(worst, warm)
        print(f"{key:<10} {times[0]:7.2f} {warm:7.2f}  {title}")
    print(f"slowest warm page: {worst:.2f} s (target < 1 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
