"""Print misses and false positives of `disclosure.parse.platform.extract` against the gold, per
report, with precision/recall per report and overall.

Usage: python scripts/platform_misses.py [--all]   (--all also lists the correct items)
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from disclosure.parse.platform import extract
from disclosure.readers import read

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
GOLD = ROOT / "tests" / "gold" / "platform_metrics.tsv"
FORMATS = (".txt", ".pdf", ".html", ".htm", ".docx")

Key = tuple[str, str, str, str]  # platform, metric, value, period


def corpus_files() -> list[str]:
    """Every report of the corpus and its legacy/ and pingtan_departments/ folders, relative to tests/corpus."""
    files = [p for p in sorted(CORPUS.iterdir()) if p.suffix in FORMATS]
    for folder in ("legacy", "pingtan_departments"):
        files += [p for p in sorted((CORPUS / folder).iterdir()) if p.suffix in FORMATS]
    return [str(p.relative_to(CORPUS)) for p in files]


def _value_key(value: object) -> str:
    v = float(str(value))
    return str(int(v)) if v == int(v) else str(v)


def load_gold() -> dict[str, Counter[Key]]:
    gold: dict[str, Counter[Key]] = {f: Counter() for f in corpus_files()}
    lines = [ln for ln in GOLD.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        key = (row["platform"], row["metric"], _value_key(row["value"]), row["period"])
        gold.setdefault(row["file"], Counter())[key] += 1
    return gold


def predicted(file: str) -> tuple[Counter[Key], list[dict]]:
    items = extract(read(CORPUS / file))
    keys = Counter((i["platform"], i["metric"], _value_key(i["value"]), i["period"]) for i in items)
    return keys, items


def score() -> dict[str, tuple[int, int, int, Counter[Key], Counter[Key], list[dict]]]:
    """Per file: (true positives, predicted, gold, misses, false positives, items)."""
    out = {}
    for file, gold in load_gold().items():
        pred, items = predicted(file)
        tp = sum((pred & gold).values())
        out[file] = (tp, sum(pred.values()), sum(gold.values()), gold - pred, pred - gold, items)
    return out


def _pr(tp: int, npred: int, ngold: int) -> str:
    p = tp / npred if npred else 1.0
    r = tp / ngold if ngold else 1.0
    return f"P={p:.3f} R={r:.3f} (tp={tp} pred={npred} gold={ngold})"


def main() -> None:
    show_all = "--all" in sys.argv
    totals = [0, 0, 0]
    for file, (tp, npred, ngold, misses, fps, items) in score().items():
        print(f"== {file}: {_pr(tp, npred, ngold)}")
        for key in sorted(misses.elements()):
            print("   MISS ", *key)
        for key in sorted(fps.elements()):
            item = next(
                i for i in items if (i["platform"], i["metric"], _value_key(i["value"]), i["period"]) == key
            )
            print("   FALSE", *key, "|", item["sentence"][:120])
        if show_all:
            for i in items:
                print(
                    "   item ",
                    i["platform"],
                    i["metric"],
                    i["value"],
                    i["qualifier"],
                    i["period"],
                    i["account"],
                )
        totals = [totals[0] + tp, totals[1] + npred, totals[2] + ngold]
    print(f"== overall: {_pr(*totals)}")


if __name__ == "__main__":
    main()
