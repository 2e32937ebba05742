"""Print how long the two bounded searches take on inputs that used to hang (issue 12 (a), (b)).

Usage: python scripts/bench_limits.py

- digit split: runs of 30/120/400 digits under 7 and 15 columns end as `unsplittable` (work budget
  `digits.WORK_BUDGET`, part-length bound `digits.MAX_PART_LEN`); target well under a second each.
- platform metrics: run-on narratives of 0.1/0.4/1.8 MB, with and without sentence ends; the time per
  MB should stay flat (linear), not grow with the size.
"""

from __future__ import annotations

import time

from disclosure.model import Document, Line, Page
from disclosure.parse import digits, platform
from disclosure.parse.tables import _last_is_sum

UNIT = "全年通过政府网站发布信息1200条，微信公众号发布信息300余条，回复网民留言25条；"


def main() -> None:
    for n in (30, 120, 400):
        for cols, sizes in ((7, None), (15, [5, 5, 5])):
            run = ("1234567890" * 40)[:n]
            start = time.perf_counter()
            res = digits.split_run(run, ["int"] * cols, sizes, _last_is_sum, sum_groups=True)
            took = time.perf_counter() - start
            state = "unsplittable" if res.exhausted else f"{len(res.solutions)} splits"
            print(f"digits  {n:4} digits x {cols:2} columns: {took:6.3f} s  ({state})")
    for size in (100_000, 400_000, 1_800_000):
        for sep in ("；", "。"):
            text = UNIT.replace("；", sep) * (size // len(UNIT))
            doc = Document("big.txt", "txt", "", [Page(1, [Line(text)])])
            start = time.perf_counter()
            items = platform.extract(doc)
            took = time.perf_counter() - start
            kind = "one run-on sentence" if sep == "；" else "short sentences"
            print(
                f"platform {len(text) / 1e6:4.1f} MB {kind:20}: {took:6.2f} s  "
                f"({took / (len(text) / 1e6):5.2f} s/MB, {len(items)} items)"
            )


if __name__ == "__main__":
    main()
