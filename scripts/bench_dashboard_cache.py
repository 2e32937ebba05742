"""Benchmark of the large-mode dashboard database (disclosure.dashboard.data.connect): the full build
of a snapshot's DuckDB file, then the update of that file after adding 1 and 1 000 real text reports
(disclosure.store.ingest.run) — time, peak memory of the building process, and the load average next
to every figure (the machine is shared).

    python scripts/bench_dashboard_cache.py --data /work/big/s2m --work /work/big/me [--adds 1,1000]
        [--json out.json]

The dataset is never written: the work folder gets a hard-link copy (snapshot files are immutable)
and its own folder of database files. Each build runs in a fresh process (its peak RSS is its own).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

CHILD = """
import json, logging, resource, sys, time
from pathlib import Path
logging.basicConfig(level=logging.INFO, format="%(message)s")
from disclosure.dashboard import data
t0 = time.monotonic()
con = data.connect(Path(sys.argv[1]))
seconds = time.monotonic() - t0
n = con.execute("SELECT count(*) FROM reports").fetchone()[0]
print(json.dumps({"seconds": seconds, "reports": n,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


INGEST = """
import json, resource, sys, time
from disclosure.store import ingest
t0 = time.monotonic()
summary = ingest.run(sys.argv[2:], sys.argv[1], ingest.Options(jobs=2, progress=False))
print(json.dumps({"seconds": time.monotonic() - t0, "failed": len(summary.failed),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
# Address-space cap of the ingest process: an ingest touching every bucket of a large dataset reads
# all of it, and on this shared machine that must fail alone rather than wake the OOM killer.
INGEST_AS_BYTES = 12 << 30


def _cap() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (INGEST_AS_BYTES, INGEST_AS_BYTES))


def add(copy: Path, files: list[str]) -> dict:
    """disclosure.store.ingest.run in a fresh, memory-capped process."""
    proc = subprocess.run(
        [sys.executable, "-c", INGEST, str(copy), *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=7200,
        preexec_fn=_cap,
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["?"])[-1][:300], "returncode": proc.returncode}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def build(copy: Path, cache: Path) -> dict:
    """connect() in a fresh process: the figures, the log line and the file size."""
    env = {**os.environ, "DISCLOSURE_DUCKDB_CACHE": str(cache)}
    before = load()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(copy)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=7200,
    )
    if proc.returncode != 0:
        raise SystemExit(f"connect failed: {proc.stderr[-3000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["log"] = [line for line in proc.stderr.splitlines() if "dashboard database" in line]
    out["load_before"], out["load_after"] = before, load()
    out["file_mb"] = sum(f.stat().st_size for f in cache.glob("*.duckdb")) / 2**20
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="dataset (read only)")
    ap.add_argument(
        "--work", type=Path, required=True, help="scratch folder (hard-link copy, database files)"
    )
    ap.add_argument("--adds", default="1,1000")
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--reuse", action="store_true", help="keep the work folder's copy and database (adds only)"
    )
    a = ap.parse_args()
    from bench_scale import text_reports

    copy, cache = a.work / "copy", a.work / "cache"
    reuse = a.reuse and copy.is_dir() and any(cache.glob("*.duckdb"))
    for p in (copy, cache):
        if p.exists() and not reuse:
            shutil.rmtree(p)
    if not reuse:
        shutil.copytree(a.data, copy, copy_function=os.link)
    res: dict = {"data": str(a.data), "full": build(copy, cache)}  # with --reuse: opens the file
    f = res["full"]
    print(
        f"{'open (reused)' if reuse else 'full build'}: {f['seconds']:.1f} s, peak RSS {f['peak_rss_mb']:.0f} MB, file {f['file_mb']:.0f} MB, "
        f"{f['reports']} reports (load {f['load_before']} → {f['load_after']})",
        flush=True,
    )
    res["adds"] = {}
    for n in [int(x) for x in a.adds.split(",") if x.strip()]:
        files = text_reports(n, a.work / f"add-{n}-files")
        load_before = load()
        ing = add(copy, files)
        shutil.rmtree(a.work / f"add-{n}-files")
        if "error" in ing:
            res["adds"][str(n)] = {"ingest": ing}
            print(f"add {n}: ingest failed ({ing['error']}; load {load_before})", flush=True)
            continue
        u = build(copy, cache)
        u["ingest"] = ing
        res["adds"][str(n)] = u
        print(
            f"add {n}: ingest {ing['seconds']:.1f} s (peak RSS {ing['peak_rss_mb']:.0f} MB, load {load_before}); "
            f"database update {u['seconds']:.1f} s, peak RSS "
            f"{u['peak_rss_mb']:.0f} MB, file {u['file_mb']:.0f} MB (load {u['load_before']} → {u['load_after']})"
            f"\n  {' | '.join(u['log'])}",
            flush=True,
        )
    if a.json:
        a.json.write_text(json.dumps(res, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
