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

import polars as pl  # noqa: E402

from disclosure.store import layout, schema, snapshot  # noqa: E402
from disclosure.store.files import expand  # noqa: E402
from disclosure.store.ingest import _write_parquet  # noqa: E402


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
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "disclosure",
            "ingest",
            "--quiet",
            "--jobs",
            str(jobs),
            "--data",
            str(data),
            str(inputs),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"ingest failed ({proc.returncode}): {proc.stderr}")
    return elapsed, proc.stdout.splitlines()[0] if proc.stdout else ""


def synthetic_dataset(data: Path, copies: int) -> int:
    """A dataset of `copies` × the bundled reports (new report and agency ids per copy), as one snapshot.

    Measures how the store's full-snapshot rewrite scales; the content is the real corpus rows.
    """
    src = {n: pl.read_parquet(p) for n, p in layout.table_paths(ROOT / "data").items()}

    def grow(df: pl.DataFrame, table: str) -> pl.DataFrame:
        parts = []
        for k in range(copies):
            exprs = []
            for col in ("report_id", "agency_id", "related_report_id"):
                if col in df.columns:
                    exprs.append(pl.concat_str([pl.col(col), pl.lit(f"-{k}")]).alias(col))
            if "ingest_seq" in df.columns:
                exprs.append((pl.col("ingest_seq") + k * 1000).alias("ingest_seq"))
            parts.append(df.with_columns(exprs))
        return schema.conform(pl.concat(parts), table)

    tables = {
        n: grow(df, n) if n in ("reports", "cells", "checks", "platform_metrics", "agencies") else df
        for n, df in src.items()
    }
    snapshot.write_snapshot(data, "00000000T000000Z-synthetic", tables, _write_parquet)
    return tables["reports"].height


def scale(copies: int, jobs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        t0 = time.perf_counter()
        n = synthetic_dataset(data, copies)
        print(f"synthetic dataset: {n} reports written in {time.perf_counter() - t0:.1f} s")
        one = Path(tmp) / "one.txt"
        one.write_bytes((ROOT / "tests" / "corpus" / "zhongning_2024.txt").read_bytes() + b"\n\n")
        elapsed, line = ingest(data, one, jobs)
        print(f"ingest of 1 new file into {n} reports: {elapsed:.2f} s   [{line}]")
        elapsed, _ = ingest(data, one, jobs)
        print(f"re-ingest of it (unchanged): {elapsed:.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--copies", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--scale",
        type=int,
        default=0,
        help="also time one ingest into a synthetic dataset of SCALE × the bundled reports",
    )
    args = ap.parse_args()
    # Wall time on a shared machine is noisy: print the load so numbers can be compared.
    print(
        f"cpus={os.cpu_count()} jobs={args.jobs} copies={args.copies} "
        f"load average={' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        n_files = make_inputs(inputs, args.copies)
        rates, noop = [], []
        for i in range(args.repeat):
            data = Path(tmp) / f"data{i}"
            elapsed, line = ingest(data, inputs, args.jobs)
            n_reports = pl.scan_parquet(layout.table_paths(data)["reports"]).select(pl.len()).collect().item()
            rates.append(n_reports / elapsed)
            print(
                f"run {i + 1}: {n_files} files, {n_reports} reports stored in {elapsed:.2f} s "
                f"→ {n_reports / elapsed:.2f} reports/s   [{line}]"
            )
            again, _ = ingest(data, inputs, args.jobs)
            noop.append(again)
            shutil.rmtree(data)
        print(
            f"ingest throughput: median {statistics.median(rates):.2f} reports/s "
            f"(min {min(rates):.2f}, max {max(rates):.2f}) with {args.jobs} jobs"
        )
        print(
            f"re-ingest of the same {n_files} files (all unchanged): median {statistics.median(noop):.2f} s"
        )
    if args.scale:
        scale(args.scale, args.jobs)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
