"""Print the declared status of every report in tests/corpus (recursively), then the totals and the
parse time.

Usage: python scripts/corpus_report.py [--cells] [FOLDER ...]
  --cells   also list every missing cell with its reason, and every failed check

For each file: status (complete / contradictions / incomplete / legacy, see docs/CONTRACT.md
`status`), the missing cells counted by reason, the failed checks, and the parse time. A file that is
not a report (or not readable) is listed with its one-line reason. Totals count every file once.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from disclosure.contract import STATUS_STATES
from disclosure.errors import InputError
from disclosure.pipeline import parse_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
FORMATS = (".txt", ".pdf", ".html", ".htm", ".docx", ".md")


def corpus_files(folders: list[Path]) -> list[Path]:
    return sorted(
        p
        for f in folders
        for p in f.rglob("*")
        if p.suffix in FORMATS and p.is_file() and p.name != "README.md"
    )


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show_cells = "--cells" in sys.argv
    folders = [Path(a) for a in args] or [CORPUS]
    totals: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    seconds = 0.0
    files = corpus_files(folders)
    for path in files:
        name = str(path.relative_to(folders[0]) if path.is_relative_to(folders[0]) else path)
        start = time.perf_counter()
        try:
            rep = parse_file(path).to_json()
        except InputError as exc:
            seconds += time.perf_counter() - start
            totals["not_a_report"] += 1
            print(f"{name:44} {'not a report':14} {exc.reason}")
            continue
        took = time.perf_counter() - start
        seconds += took
        st = rep["status"]
        totals[st["state"]] += 1
        reasons.update(st["missing"])
        missing = " ".join(f"{k}={v}" for k, v in st["missing"].items())
        failed = " ".join(sorted({f"{c['rule']}" for c in st["failed_checks"]}))
        print(f"{name:44} {st['state']:14} {took * 1000:6.0f} ms  missing[{missing}]  failed[{failed}]")
        if show_cells:
            for m in st["missing_cells"]:
                print(f"      missing {m['path']}: {m['reason']}")
            for c in st["failed_checks"]:
                print(f"      failed  {c['rule']} {c['where']} ({c['severity']})")
    print()
    print(f"files: {len(files)}")
    for state in (*STATUS_STATES, "not_a_report"):
        print(f"  {state:15} {totals[state]:4}")
    print("missing cells by reason: " + (", ".join(f"{k}={v}" for k, v in sorted(reasons.items())) or "none"))
    print(f"parse time: {seconds:.2f} s total, {seconds / max(len(files), 1) * 1000:.0f} ms per file")


if __name__ == "__main__":
    main()
