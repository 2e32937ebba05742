"""Ingest throughput (reports/s) on the corpus, with N parallel workers (default 2).

    python scripts/bench_ingest.py [--jobs 2] [--copies 5] [--repeat 3]
    python scripts/bench_ingest.py --pdf [--pdf-copies 40] [--pdf-dir DIR] [--json out.json]

`--copies K` ingests K distinct variants of every corpus file (each variant has extra trailing
newlines, so it is a different report_id with the same content to parse) to measure steady-state
throughput rather than start-up. Reported: wall time of the whole command (`disclosure ingest`, a
real process: start-up, hashing, parsing, writing the snapshot) and reports/s; plus a re-ingest of
the same files (all unchanged) to show the no-op cost. Timing lives here, not in tests.

`--pdf` measures text-layer PDFs only (issue 13: "≥ 25 reports/s on 2 cores, parse ≤ 3× raw text
extraction of the same file"). Sources: every PDF with a text layer under tests/corpus (today one:
hzq2024.pdf, 5 pages with ruled tables) plus `--pdf-dir` (e.g. reports printed to PDF by Chromium). Per source file, in this process on one core (CPU seconds, best of `--pdf-runs`):
the project's parse (`pipeline.parse_file`: reader, parser, checks), its reader alone, raw text
extraction with PDFium (pypdfium2: load each page, its text page, `get_text_range` — the library the
reader uses) and with pdfplumber (`extract_text` per page, pdfminer.six underneath), and the ratios.
Then the real ingest (`disclosure ingest --jobs 2`, a subprocess: start-up, forkserver warm-up,
hashing, workers, snapshot writing) of `--pdf-copies` byte-distinct copies of each source (a PDF
comment after %%EOF: a new sha256, hence a new report, with the same content to parse) into an
empty data folder, as reports/s of wall time. The load average is printed next to every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def text_layer_pdfs(extra: Path | None = None) -> list[Path]:
    """Every PDF under tests/corpus (and `extra`) whose pages carry a text layer (not scans)."""
    import pypdfium2 as pdfium

    found = sorted((ROOT / "tests" / "corpus").rglob("*.pdf"))
    if extra:
        found += sorted(extra.rglob("*.pdf"))
    out = []
    for path in found:
        doc = pdfium.PdfDocument(path)
        n_pages = len(doc)
        try:
            chars = 0
            for i in range(n_pages):
                page = doc[i]
                textpage = page.get_textpage()
                chars += textpage.count_chars()
                textpage.close()
                page.close()
        finally:
            doc.close()
        if chars >= 50 * n_pages:
            out.append(path)
    return out


def _cpu(fn: Any, runs: int) -> float:
    """Best of `runs` CPU times (as timeit): on a shared machine other processes only ever add to a
    run (cache, a sibling hyperthread), so the minimum is the steadiest estimate of the work."""
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def raw_pdfium(path: Path) -> int:
    """Raw text extraction with PDFium: every page loaded, its text page built and read out."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path.read_bytes())
    n = 0
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            n += len(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        doc.close()
    return n


def raw_pdfplumber(path: Path) -> int:
    """Raw text extraction with pdfplumber (`extract_text` of every page)."""
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font-descriptor warnings, once per glyph

    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def per_file(sources: list[Path], runs: int) -> list[dict[str, Any]]:
    """CPU seconds per source file: parse, reader alone, raw PDFium and pdfplumber text."""
    from disclosure.pipeline import parse_file
    from disclosure.readers import read
    from disclosure.store.worker import _warm_imports

    _warm_imports()  # as in the ingest's forkserver: imports and first-use caches are paid once
    rows = []
    for path in sources:
        parse_file(path)  # first call outside the timing, like a warm worker
        row: dict[str, Any] = {"file": path.name, "pages": raw_pages(path)}
        row["parse_s"] = _cpu(lambda p=path: parse_file(p), runs)
        row["read_s"] = _cpu(lambda p=path: read(p), runs)
        row["raw_pdfium_s"] = _cpu(lambda p=path: raw_pdfium(p), runs)
        row["raw_pdfplumber_s"] = _cpu(lambda p=path: raw_pdfplumber(p), max(1, runs // 3))
        row["parse_over_pdfium"] = row["parse_s"] / row["raw_pdfium_s"]
        row["parse_over_pdfplumber"] = row["parse_s"] / row["raw_pdfplumber_s"]
        row["load"] = load()
        rows.append(row)
        print(
            f"  {path.name:30s} {row['pages']:3d} p  parse {row['parse_s'] * 1000:6.1f} ms "
            f"(reader {row['read_s'] * 1000:5.1f})  raw PDFium {row['raw_pdfium_s'] * 1000:5.1f} ms "
            f"= {row['parse_over_pdfium']:4.1f}x  raw pdfplumber {row['raw_pdfplumber_s'] * 1000:6.0f} ms "
            f"= {row['parse_over_pdfplumber']:4.2f}x  [load {row['load']}]",
            flush=True,
        )
    return rows


def raw_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        return len(doc)
    finally:
        doc.close()


def pdf_copies(sources: list[Path], copies: int, folder: Path) -> list[str]:
    """`copies` byte-distinct copies of each source (a comment after %%EOF): each a new report."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for src in sources:
        data = src.read_bytes()
        for k in range(copies):
            path = folder / f"{src.stem}_{k:04d}.pdf"
            path.write_bytes(data + f"\n% benchmark copy {k}\n".encode())
            out.append(str(path))
    return out


def worker_cpu(files: list[str], jobs: int) -> dict[str, Any]:
    """CPU seconds per report inside the isolated workers (`store.worker.run`, as ingest uses it):
    fork, parse, checks, flattening; measured by each worker, so other load on the machine does not
    inflate it the way it inflates wall time."""
    from disclosure.store import worker

    tasks = [worker.Task(i, f) for i, f in enumerate(files)]
    t0 = time.perf_counter()
    outcomes = list(worker.run(tasks, jobs, 600.0, 4096))
    wall = time.perf_counter() - t0
    cpu = sorted(o.cpu_seconds for o in outcomes if o.ok and o.cpu_seconds is not None)
    walls = sorted(o.seconds for o in outcomes if o.ok)
    res = {
        "worker_cpu_s_p50": statistics.median(cpu),
        "worker_cpu_s_min": cpu[0],
        "worker_cpu_s_max": cpu[-1],
        "worker_wall_s_p50": statistics.median(walls),
        "workers_reports_per_s": len(files) / wall,
        "workers_failed": sum(not o.ok for o in outcomes),
    }
    print(
        f"workers alone ({jobs}, forkserver start included): {len(files)} PDFs in {wall:.2f} s → "
        f"{res['workers_reports_per_s']:.1f}/s; per report CPU p50 {res['worker_cpu_s_p50'] * 1000:.0f} ms, "
        f"wall p50 {res['worker_wall_s_p50'] * 1000:.0f} ms [load {load()}]",
        flush=True,
    )
    return res


def parent_cpu(files: list[str], data: Path, jobs: int) -> dict[str, Any]:
    """`store.ingest.run` in this process: wall time and the CPU the ingest process itself spends
    per report (hashing, planning, receiving rows, writing the snapshot), workers not included."""
    from disclosure.store import ingest as store_ingest

    c0, t0 = time.process_time(), time.perf_counter()
    summary = store_ingest.run(files, data, store_ingest.Options(jobs=jobs, progress=False))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    shutil.rmtree(data)
    print(
        f"store.ingest.run: {len(files)} PDFs in {wall:.2f} s → {len(files) / wall:.1f}/s "
        f"(failed {len(summary.failed)}); ingest process CPU {cpu / len(files) * 1000:.0f} ms/report "
        f"[load {load()}]",
        flush=True,
    )
    return {
        "ingest_run_wall_s": wall,
        "ingest_run_reports_per_s": len(files) / wall,
        "ingest_run_failed": len(summary.failed),
        "parent_cpu_s_per_report": cpu / len(files),
    }


def pdf_throughput(
    sources: list[Path], copies: int, jobs: int = 2, runs: int = 7, repeat: int = 2
) -> dict[str, Any]:
    """Per-file parse vs raw extraction, then the real ingest of the copies; every figure as JSON."""
    print(f"PDF sources: {len(sources)} text-layer PDF(s); per file, CPU s on one core (best of {runs}):")
    rows = per_file(sources, runs)
    ratios = sorted(r["parse_over_pdfium"] for r in rows)
    out: dict[str, Any] = {
        "sources": [r["file"] for r in rows],
        "per_file": rows,
        "parse_over_pdfium_p50": statistics.median(ratios),
        "parse_over_pdfium_worst": ratios[-1],
        "parse_over_pdfplumber_p50": statistics.median(r["parse_over_pdfplumber"] for r in rows),
        "parse_s_p50": statistics.median(r["parse_s"] for r in rows),
        "raw_pdfium_s_p50": statistics.median(r["raw_pdfium_s"] for r in rows),
        "raw_pdfplumber_s_p50": statistics.median(r["raw_pdfplumber_s"] for r in rows),
        "jobs": jobs,
    }
    # What raw PDFium extraction alone would allow with `jobs` cores (perfect scaling, no store).
    out["raw_pdfium_reports_per_s_bound"] = jobs / statistics.mean(r["raw_pdfium_s"] for r in rows)
    out["parse_reports_per_s_bound"] = jobs / statistics.mean(r["parse_s"] for r in rows)
    runs_out = []
    with tempfile.TemporaryDirectory() as tmp:
        files = pdf_copies(sources, copies, Path(tmp) / "in")
        out.update(worker_cpu(files, jobs))
        out.update(parent_cpu(files, Path(tmp) / "inproc", jobs))
        for i in range(repeat):
            data = Path(tmp) / f"data{i}"
            before = load()
            elapsed, line = ingest(data, Path(tmp) / "in", jobs)
            n = pl.scan_parquet(layout.table_paths(data)["reports"]).select(pl.len()).collect().item()
            runs_out.append({"files": len(files), "stored": n, "wall_s": elapsed, "load_before": before})
            print(
                f"`disclosure ingest` run {i + 1}: {len(files)} PDFs, {n} reports stored in {elapsed:.2f} s → "
                f"{len(files) / elapsed:.1f} reports/s with {jobs} workers [{line}] [load {before} → {load()}]",
                flush=True,
            )
            shutil.rmtree(data)
    out["ingest_runs"] = runs_out
    out["files"] = len(files)
    out["reports_per_s"] = statistics.median(len(files) / r["wall_s"] for r in runs_out)
    out["load_after"] = load()
    # Two workers next to other load share caches and hyperthreads, so their CPU time per report
    # rises well above the same work done alone (3-4x at load 10-25 on the shared 2-core machine);
    # the least-disturbed worker bounds what the ingest managed, the best-of-N parse what it could.
    out["cpu_bound_reports_per_s"] = jobs / (out["worker_cpu_s_min"] + out["parent_cpu_s_per_report"])
    print(
        f"PDF ingest: median {out['reports_per_s']:.1f} reports/s with {jobs} workers (target ≥ 25); "
        f"parse / raw PDFium text p50 {out['parse_over_pdfium_p50']:.1f}x, worst "
        f"{out['parse_over_pdfium_worst']:.1f}x (target ≤ 3x); parse / pdfplumber extract_text p50 "
        f"{out['parse_over_pdfplumber_p50']:.2f}x [load {out['load_after']}]\n"
        f"CPU per report: worker p50 {out['worker_cpu_s_p50'] * 1000:.0f} ms, best "
        f"{out['worker_cpu_s_min'] * 1000:.0f} ms (the file's parse and flatten in its worker; inflated "
        f"when the workers share the machine with other load), ingest process "
        f"{out['parent_cpu_s_per_report'] * 1000:.0f} ms → "
        f"{out['cpu_bound_reports_per_s']:.1f} reports/s on {jobs} cores at that CPU; the parse alone at its "
        f"best-of-N CPU: {out['parse_reports_per_s_bound']:.1f}/s; raw PDFium text alone: "
        f"{out['raw_pdfium_reports_per_s_bound']:.1f}/s"
    )
    return out


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
    ap.add_argument("--pdf", action="store_true", help="measure text-layer PDFs only (see above)")
    ap.add_argument("--pdf-copies", type=int, default=40, help="byte-distinct copies per source PDF")
    ap.add_argument("--pdf-dir", type=Path, help="more text-layer PDFs to measure besides tests/corpus")
    ap.add_argument("--pdf-runs", type=int, default=7, help="timed runs per file for the per-file figures")
    ap.add_argument("--json", type=Path, help="write the --pdf figures here")
    args = ap.parse_args()
    if args.pdf:
        print(f"cpus={os.cpu_count()} jobs={args.jobs} load average={load()}")
        res = pdf_throughput(
            text_layer_pdfs(args.pdf_dir), args.pdf_copies, args.jobs, args.pdf_runs, args.repeat
        )
        if args.json:
            args.json.write_text(json.dumps(res, indent=1, ensure_ascii=False), encoding="utf-8")
        return
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
