"""National-scale benchmark: queries, pages, memory, incremental adds and PDF ingest throughput.

Usage:
    python scripts/bench_scale.py [SIZES...] [--work DIR] [--add 1,1000] [--pdfs 20] [--runs 7]
                                  [--no-pages] [--json out.json]
    SIZES default: 10000 100000. 1M / 2M: `python scripts/bench_scale.py 1000000 2000000 --work /big/disk`
    (synth alone takes about 3.5 ms per report per core for the checks, i.e. about an hour for 1M on this
    machine, and the datasets need ~0.5 GB of disk per 100k reports).

For each size N: `disclosure synth --reports N` into DIR/synth-N (a subprocess: its memory is not
counted), then, in this process (the dashboard's own code path, `disclosure.dashboard.data.run` on one
DuckDB connection over the snapshot):
- every query file of `queries/` (except the macros), p50/p95 over `--runs` runs, for four selections:
  the nation (all years), a province (one year), a city (one year), an agency (all years);
- every page rendered with Streamlit's AppTest at the default selection (full script run, seconds);
- peak resident memory of this process (ru_maxrss) after queries and pages;
- time to add 1 and 1,000 reports (real text reports, renamed per copy so each is a new agency)
  to a hard-link copy of the dataset with `disclosure.store.ingest.run`, 2 workers, twice per copy
  (first add: includes the one-time index scan of a dataset from an older writer; then steady state),
  with the seconds per phase of the ingest and the load average;
once: ingest throughput of text-layer PDFs (byte-distinct copies of every text-layer PDF of
tests/corpus) with 2 workers into an empty folder, next to raw text extraction of the same files
on one core (PDFium, the library the reader uses, and pdfplumber `extract_text`): see
scripts/bench_ingest.py --pdf, which this calls.

Prints one table per measurement and writes every figure as JSON (default bench_scale.json).
A script, not a timed test: the machine is shared and figures vary with its load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "corpus"
TARGET_QUERY_P95 = 0.100
TARGET_PAGE = 1.0
PAGES = [
    "overview",
    "requests",
    "outcomes",
    "review",
    "platform",
    "active",
    "compare",
    "profile",
    "quality",
    "export",
    "briefing",
]


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def synth(n: int, out: Path, scale_from: Path | None = None, reuse: bool = False) -> float | None:
    """Build the dataset of `n` reports (None: an existing one was reused). With `scale_from`, by
    copying agency histories of that synth base (`disclosure.store.scaleup`: minutes for 2 M) rather
    than drawing every report (synth: about an hour per million)."""
    from disclosure.store import layout

    if reuse and out.exists() and layout.current_snapshot(out) is not None:
        return None
    if out.exists():
        shutil.rmtree(out)
    t0 = time.monotonic()
    cmd = (
        [sys.executable, "-m", "disclosure.store.scaleup", "--base", str(scale_from), "--reports", str(n)]
        if scale_from is not None
        else [sys.executable, "-m", "disclosure", "synth", "--reports", str(n)]
    )
    subprocess.run(
        [*cmd, "--out", str(out)], check=True, env={**os.environ, "DISCLOSURE_DATA": str(ROOT / "data")}
    )
    return time.monotonic() - t0


def selections(con: Any) -> dict[str, dict[str, Any]]:
    """Nation, the largest province and city in the latest year, and one county government; besides
    the selection, a value for every other $name a query file uses (`_timed_run` refuses a query
    whose $names are not all given, so a new query file shows as an error, not a silent skip)."""
    from disclosure import contract
    from disclosure.dashboard.pagemodel import paging

    base = {
        "year_from": 2019,
        "year_to": 2025,
        "province": None,
        "city": None,
        "county": None,
        "levels": None,
        "kinds": None,
        "agency_ids": None,
        "include_aggregate": False,
    }
    prov = con.execute("SELECT province FROM reports GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    city = con.execute(
        "SELECT province, city FROM reports WHERE city IS NOT NULL GROUP BY ALL "
        "ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    agency = con.execute(
        "SELECT agency_id, report_id FROM reports WHERE is_current ORDER BY "
        "requests__new__total DESC NULLS LAST LIMIT 1"
    ).fetchone()
    extra = {
        "agency_id": agency[0],
        "report_id": agency[1],
        "year": 2024,
        "rule": "R1",
        "where": "requests.total",
        "compare_ids": [agency[0]],
        "compare_years": [2024],
        "include_unevaluable": False,
        "same_province": True,
        "top_n": 30,
        "gap_reasons": ["ambiguous", "not_printed"],
        # The paged tables (queries/*_page.sql): the second page of the pages' own size, so OFFSET is
        # exercised; the detail table of section 二 shows the current (2021) template by default.
        "limit": paging.PAGE_ROWS,
        "offset": paging.PAGE_ROWS,
        "template": contract.TEMPLATES[0],
        # The agency pickers (agency_search) without a name search, most years first; 数据质量's rule filter.
        "search": "",
        "order": "years",
        "rules": ["R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8"],
        "panel": False,
        "among": [agency[0]],
    }
    return {
        "nation": {**base, **extra},
        "province": {**base, **extra, "year_from": 2024, "year_to": 2024, "province": prov},
        "city": {**base, **extra, "year_from": 2024, "year_to": 2024, "province": city[0], "city": city[1]},
        "agency": {**base, **extra, "agency_ids": [agency[0]]},
    }


def _timed_run(data: Any, name: str, params: dict[str, Any], con: Any, timeout: float) -> int:
    """`data.run`'s path (same SQL file, same parameter binding) on a cursor that is interrupted
    after `timeout` seconds, so one query of millions of rows cannot take the whole run."""
    import threading

    sql = data.sql_text(name)
    used = set(data._PARAM.findall(sql))
    if "parts" in used and "parts" not in params:  # located as `data.run` does; pages pay it, so it counts
        params = {**params, "parts": data.locate(name, params, con)}
    missing = sorted(used - set(params))
    if missing:
        raise KeyError(f"no benchmark value for {', '.join('$' + m for m in missing)}")
    cur = con.cursor()
    timer = threading.Timer(timeout, cur.interrupt)
    timer.start()
    try:
        return len(cur.execute(sql, {k: v for k, v in params.items() if k in used}).df())
    finally:
        timer.cancel()
        cur.close()


def bench_queries(
    data_dir: Path, runs: int, budget: float, only: list[str] | None = None, timeout: float = 60.0
) -> tuple[dict[str, dict[str, dict[str, float]]], dict[str, float]]:
    """p50/p95 of every query × selection; a query whose runs exceed `budget` seconds in all is not
    repeated (its figures then come from fewer runs, recorded as `runs`)."""
    from disclosure.dashboard import data

    t0 = time.perf_counter()
    con = data.connect(data_dir)
    info = {
        "connect_s": time.perf_counter() - t0,
        "rss_after_connect_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    sels = selections(con)
    out: dict[str, dict[str, dict[str, float]]] = {}
    for sql in sorted((ROOT / "queries").glob("*.sql")):
        name = sql.stem
        if name.startswith("_") or (only and name not in only) or name in data.BUILT:
            continue  # macros; the connection's own tables (built once in connect_s, never a page's query)
        out[name] = {}
        for label, params in sels.items():
            times, rows = [], 0
            try:
                while len(times) < runs and (not times or sum(times) < budget):
                    t0 = time.perf_counter()
                    rows = _timed_run(data, name, params, con, timeout)
                    times.append(time.perf_counter() - t0)
            except duckdb.InterruptException:
                out[name][label] = {"error": f"over {timeout:.0f} s (interrupted)", "timeout_s": timeout}
                continue
            except Exception as exc:  # noqa: BLE001 - a query that cannot run here is reported, not hidden
                out[name][label] = {"error": f"{type(exc).__name__}: {str(exc)[:120]}"}
                continue
            print(f"  {name} {label}: {statistics.median(times) * 1000:.0f} ms × {len(times)}", flush=True)
            out[name][label] = {
                "p50": statistics.median(times),
                "p95": pct(times, 0.95),
                "runs": len(times),
                "rows": rows,
            }
    return out, info


PAGE_MEMORY_MB = 4096  # each page runs in its own process under this address-space limit
PAGE_TIMEOUT_S = 300


def page_worker(data_dir: str, page: str) -> None:
    """Child process: render one page with AppTest, print seconds and peak RSS as JSON."""
    import logging

    logging.disable(logging.WARNING)  # AppTest outside a server logs a warning per cached call
    from streamlit.testing.v1 import AppTest

    os.environ["DISCLOSURE_DATA"] = data_dir
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=PAGE_TIMEOUT_S)
    t0 = time.perf_counter()
    at.run()
    if page != "overview":
        at.switch_page(f"views/{page}.py").run()
    elapsed = time.perf_counter() - t0
    error = f"exception: {str(at.exception[0].value)[:100]}" if at.exception else None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "rss_mb": rss, "error": error}))


def bench_pages(data_dir: Path) -> dict[str, dict[str, Any]]:
    """Each page in a fresh process (a cold app, as after a new snapshot), bounded in memory and time."""
    out: dict[str, dict[str, Any]] = {}
    limit = PAGE_MEMORY_MB * 1024 * 1024

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    for page in PAGES:
        try:
            proc = subprocess.run(
                [sys.executable, __file__, "--page-worker", str(data_dir), page],
                capture_output=True,
                text=True,
                timeout=PAGE_TIMEOUT_S + 60,
                preexec_fn=cap,
            )
        except subprocess.TimeoutExpired:
            out[page] = {"error": f"timed out after {PAGE_TIMEOUT_S} s"}
            continue
        lines = [x for x in proc.stdout.splitlines() if x.startswith("{")]
        if proc.returncode != 0 or not lines:
            tail = (proc.stderr.strip().splitlines() or ["?"])[-1][:100]
            out[page] = {"error": f"exit {proc.returncode} (memory limit {PAGE_MEMORY_MB} MB?): {tail}"}
            continue
        out[page] = json.loads(lines[-1])
    return out


def text_reports(n: int, folder: Path) -> list[str]:
    """`n` distinct real text reports: pingtan_2024.txt under another county's name per copy."""
    from disclosure.synth import agency_universe

    src = (CORPUS / "pingtan_2024.txt").read_text(encoding="utf-8")
    counties = [a.county for a in agency_universe() if a.level == "county" and a.kind == "government"]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        name = counties[(i * 7919) % len(counties)]
        text = src.replace("平潭综合实验区", name).replace("平潭", name[:-1]) + f"\n（基准测试副本 {i}）\n"
        path = folder / f"bench_{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _reset_peak_rss() -> None:
    """Restart this process's peak-RSS counter (Linux: "5" to /proc/self/clear_refs), so that the
    peak read after an add is the add's own (the ingest parent), not an earlier phase's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_rss_mb() -> float | None:
    """Peak RSS of this process since the last reset (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def bench_adds(data_dir: Path, counts: list[int], work: Path) -> dict[str, dict[str, Any]]:
    """Add n reports to a hard-link copy of the dataset, twice: the first add also writes what a
    dataset from an older writer lacks (report-id index, max ingest_seq per part: a one-time scan);
    the second is the steady state. Each figure with its phases (Summary.phases) and load average."""
    from disclosure.store import ingest

    out: dict[str, dict[str, Any]] = {}
    for n in counts:
        copy = work / f"add-{n}"
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(data_dir, copy, copy_function=os.link)  # snapshot files are immutable: links are safe
        files = text_reports(2 * n, work / f"add-{n}-files")
        runs = []
        for batch in (files[:n], files[n:]):
            _reset_peak_rss()
            t0 = time.monotonic()
            summary = ingest.run(batch, copy, ingest.Options(jobs=2, progress=False))
            runs.append(
                {
                    "seconds": time.monotonic() - t0,
                    "load": _load(),
                    "parent_peak_rss_mb": _peak_rss_mb(),
                    "phases": {k: round(v, 3) for k, v in summary.phases.items()},
                    "failed": len(summary.failed),
                    "statuses": {s: summary.count(s) for s in ingest.STATUSES if summary.count(s)},
                }
            )
        out[str(n)] = {"first": runs[0], "steady": runs[1]}
        shutil.rmtree(copy)
        shutil.rmtree(work / f"add-{n}-files")
    return out


def bench_pdfs(n: int, work: Path) -> dict[str, Any]:
    """Text-layer PDF ingest with 2 workers next to raw text extraction of the same files: the
    measurement of scripts/bench_ingest.py --pdf (one home), with about `n` PDFs ingested."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_ingest import pdf_throughput, text_layer_pdfs

    sources = text_layer_pdfs()
    res = pdf_throughput(sources, copies=max(1, n // len(sources)), jobs=2, runs=5, repeat=1)
    # The names this table and earlier JSON files used.
    res["parse_s_per_file_median"] = res["parse_s_p50"]
    res["raw_extract_s_per_file"] = res["raw_pdfium_s_p50"]
    res["parse_over_raw"] = res["parse_over_pdfium_p50"]
    return res


def print_table(size: int, res: dict[str, Any]) -> None:
    built = "reused" if res["synth_s"] is None else f"built in {res['synth_s']:.0f} s"
    print(
        f"\n## {size:,} reports ({built}, {res['disk_mb']:.0f} MB on disk, connect {res['connect_s']:.1f} s)"
    )
    sels = ["nation", "province", "city", "agency"]
    print("| query | " + " | ".join(f"{s} p50/p95 ms" for s in sels) + " |")
    print("|---|" + "---|" * len(sels))
    worst = 0.0
    for name, per in res["queries"].items():
        cells = []
        for s in sels:
            r = per.get(s, {})
            if "timeout_s" in r:
                cells.append(f"> {r['timeout_s'] * 1000:.0f}")
            elif "error" in r:
                cells.append("n/a")
            else:
                worst = max(worst, r["p95"])
                runs = "" if r.get("runs", 0) > 1 else " (1 run)"
                cells.append(f"{r['p50'] * 1000:.0f} / {r['p95'] * 1000:.0f}{runs}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"worst query p95: {worst * 1000:.0f} ms (target ≤ {TARGET_QUERY_P95 * 1000:.0f} ms)")
    if res.get("pages"):
        print("| page | render s (cold process) | peak RSS MB |\n|---|---|---|")
        for page, r in res["pages"].items():
            if r.get("error") and "seconds" not in r:
                print(f"| {page} | failed: {r['error']} | |")
            else:
                note = f" ({r['error']})" if r.get("error") else ""
                print(f"| {page} | {r['seconds']:.2f}{note} | {r['rss_mb']:.0f} |")
    print(f"peak memory of the query process: {res['peak_rss_mb']:.0f} MB")
    for n, runs in res.get("adds", {}).items():
        target = 2.0 if n == "1" else 60.0 if n == "1000" else None
        for which, r in runs.items():
            phases = ", ".join(f"{k} {v:.2f}" for k, v in r["phases"].items())
            goal = f", target ≤ {target:.0f} s" if target else ""
            print(
                f"add {n} report(s), {which}: {r['seconds']:.1f} s (load {r['load']}; failed {r['failed']}; "
                f"parent peak RSS {r.get('parent_peak_rss_mb')} MB"
                f"{goal}) — {phases}"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bench-scale")
    ap.add_argument("--add", default="1,1000", help="comma-separated numbers of reports to add")
    ap.add_argument("--pdfs", type=int, default=20, help="PDF copies for the throughput figure (0: skip)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--no-pages", action="store_true")
    ap.add_argument("--scale-from", type=Path, help="build each size by scaling up this synth base")
    ap.add_argument("--reuse", action="store_true", help="reuse WORK/synth-N when it holds a dataset")
    ap.add_argument("--budget", type=float, default=20.0, help="seconds of runs per query and selection")
    ap.add_argument("--queries", help="comma-separated query names (default: all)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before a query run is interrupted")
    ap.add_argument("--json", type=Path, default=Path("bench_scale.json"))
    ap.add_argument("--page-worker", nargs=2, metavar=("DATA", "PAGE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.page_worker:
        page_worker(*args.page_worker)
        return
    args.work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": {"cpus": os.cpu_count()}, "sizes": {}}
    for size in args.sizes:
        data_dir = args.work / f"synth-{size}"
        res: dict[str, Any] = {"synth_s": synth(size, data_dir, args.scale_from, args.reuse)}
        res["disk_mb"] = sum(f.stat().st_size for f in data_dir.rglob("*") if f.is_file()) / 1e6
        only = args.queries.split(",") if args.queries else None
        res["queries"], info = bench_queries(data_dir, args.runs, args.budget, only, args.timeout)
        res.update(info)
        res["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        res["pages"] = {} if args.no_pages else bench_pages(data_dir)
        adds = [int(x) for x in args.add.split(",") if x.strip()]
        res["adds"] = bench_adds(data_dir, adds, args.work) if adds else {}
        results["sizes"][str(size)] = res
        print_table(size, res)
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    if args.pdfs:
        pdf = bench_pdfs(args.pdfs, args.work)
        results["pdf_ingest"] = pdf
        print(
            f"\nPDF ingest, 2 workers: {pdf['reports_per_s']:.1f} reports/s (target ≥ 25); parse "
            f"{pdf['parse_s_per_file_median'] * 1000:.0f} ms/file vs raw PDFium text extraction "
            f"{pdf['raw_extract_s_per_file'] * 1000:.0f} ms/file = {pdf['parse_over_raw']:.1f}× p50, "
            f"{pdf['parse_over_pdfium_worst']:.1f}× worst (target ≤ 3×); pdfplumber extract_text "
            f"{pdf['raw_pdfplumber_s_p50'] * 1000:.0f} ms/file [load {pdf['load_after']}]"
        )
    args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nJSON: {args.json}")


if __name__ == "__main__":
    main()
