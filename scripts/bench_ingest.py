"""Ingest throughput (reports/s) on the corpus, with N parallel workers (default 2).

    python scripts/bench_ingest.py [--jobs 2] [--copies 5] [--repeat 3]

`--copies K` ingests K distinct variants of every corpus file (each variant has extra trailing
newlines, so it is a different report_id with the same content to parse) to measure steady-state
throughput rather than start-up. Reported: wall time of the whole command (`disclosure ingest`, a
real process: start-up, hashing, parsing, writing the snapshot) and reports/s; plus a re-ingest of
the same files (all unchanged) to show the no-op cost. Timing lives here, not in tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from disclosure.store.files import expand  # noqa: E402


def make_inputs(dst: Path, copies: int) -> int:
    files = expand([str(ROOT / "tests" / "corpus")]).files
    n = 0
    for k in range(copies):
        for f in files:
            src = Path(f)
            target = dst / f"c{k}" / src.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(src.read_bytes() + b"\n" * k)
            n += 1
    return n


def ingest(data: Path, inputs: Path, jobs: int) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "disclosure", "ingest", "--quiet", "--jobs", str(jobs),
                           "--data", str(data), str(inputs)], capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"ingest failed ({proc.returncode}): {proc.stderr}")
    return elapsed, proc.stdout.splitlines()[0] if proc.stdout else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--copies", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    # Wall time on a shared machine is noisy: print the load so numbers can be compared.
    print(f"cpus={os.cpu_count()} jobs={args.jobs} copies={args.copies} "
          f"load average={' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        n_files = make_inputs(inputs, args.copies)
        rates, noop = [], []
        for i in range(args.repeat):
            data = Path(tmp) / f"data{i}"
            elapsed, line = ingest(data, inputs, args.jobs)
            import polars as pl

            from disclosure.store.layout import table_paths

            n_reports = pl.read_parquet(table_paths(data)["reports"]).height
            rates.append(n_reports / elapsed)
            print(f"run {i + 1}: {n_files} files, {n_reports} reports stored in {elapsed:.2f} s "
                  f"→ {n_reports / elapsed:.2f} reports/s   [{line}]")
            again, _ = ingest(data, inputs, args.jobs)
            noop.append(again)
            shutil.rmtree(data)
        print(f"ingest throughput: median {statistics.median(rates):.2f} reports/s "
              f"(min {min(rates):.2f}, max {max(rates):.2f}) with {args.jobs} jobs")
        print(f"re-ingest of the same {n_files} files (all unchanged): median {statistics.median(noop):.2f} s")
        print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
