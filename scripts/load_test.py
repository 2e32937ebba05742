"""Load test: the real dashboard server on 127.0.0.1, N concurrent browser sessions, every page, bounded time.

    .venv/bin/python scripts/load_test.py                 # 20 sessions, 60 s, over data/
    .venv/bin/python scripts/load_test.py --sessions 5 --seconds 30 --data /path/to/dataset

Starts `streamlit run app.py` bound to 127.0.0.1 only (never another interface) on a free port, then
drives N sessions in one headless Debian Chromium (/usr/bin/chromium through Playwright; no browser
download) through every page of disclosure.dashboard.navigation in turn until the time is up. A page
view is timed from navigation until Streamlit's running indicator is gone. Prints every error (an
exception box on the page, a navigation that did not finish in time), p50/p95 per page and overall,
and the server's CPU seconds per page view. Exit code 1 when any error was seen.

Why a script and not a test: it is CPU heavy (N renderers plus the server) and its figures depend on
the machine; speed targets are measured by scripts that print figures, not asserted in timed tests.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process and its reaped children, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))
    return ticks / os.sysconf("SC_CLK_TCK")


def start_server(data: Path, port: int, log: Path) -> subprocess.Popen:
    env = dict(os.environ, DISCLOSURE_DATA=str(data))
    out = open(log, "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            HOST,
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    base = f"http://{HOST}:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(base + "/_stcore/health", timeout=2)
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("streamlit did not start:\n" + log.read_text())


async def view(page, url: str, timeout: float) -> tuple[float, str | None]:  # noqa: ANN001
    """Open one page; (seconds until rendered, error text or None)."""
    t0 = time.monotonic()
    try:
        await page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
        await page.wait_for_selector('[data-testid="stApp"]', timeout=timeout * 1000)
        await page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout * 1000)
        while await page.query_selector('[data-testid="stStatusWidget"]'):
            if time.monotonic() - t0 > timeout:
                return time.monotonic() - t0, "still running after the time limit"
            await page.wait_for_timeout(100)
    except Exception as exc:  # noqa: BLE001 - every failure is a reported error, not a crash
        return time.monotonic() - t0, f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    elapsed = time.monotonic() - t0
    boxes = await page.query_selector_all('[data-testid="stException"]')
    if boxes:
        return elapsed, "exception on page: " + (await boxes[0].inner_text())[:300].replace("\n", " ")
    return elapsed, None


async def session(
    n: int,
    browser,
    base: str,
    keys: list[str],
    until: float,
    timeout: float,  # noqa: ANN001
    times: dict[str, list[float]],
    errors: list[str],
) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = await context.new_page()
    i = n  # each session starts on a different page
    try:
        while time.monotonic() < until:
            key = keys[i % len(keys)]
            i += 1
            seconds, error = await view(page, f"{base}/{key}", timeout)
            if error:
                errors.append(f"session {n} /{key}: {error}")
            else:
                times[key].append(seconds)
    finally:
        await context.close()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def drive(base: str, sessions: int, seconds: float, timeout: float) -> tuple[dict, list[str]]:
    from playwright.async_api import async_playwright

    from disclosure.dashboard.navigation import PAGE_SPECS

    keys = list(PAGE_SPECS)
    times: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(session(n, browser, base, keys, until, timeout, times, errors) for n in range(sessions))
        )
        await browser.close()
    return times, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0, help="how long the sessions keep opening pages")
    ap.add_argument("--timeout", type=float, default=120.0, help="per page view")
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not found (apt-get install chromium)")
    port = free_port()
    log = Path(f"/tmp/load_test_streamlit_{port}.log")
    proc = start_server(args.data.resolve(), port, log)
    base = f"http://{HOST}:{port}"
    try:
        cpu0 = cpu_seconds(proc.pid)
        t0 = time.monotonic()
        times, errors = asyncio.run(drive(base, args.sessions, args.seconds, args.timeout))
        wall = time.monotonic() - t0
        cpu = cpu_seconds(proc.pid) - cpu0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    views = sum(len(v) for v in times.values())
    print(f"{args.sessions} sessions, {wall:.0f} s, server on {base} (127.0.0.1 only)")
    print(
        f"{views} page views ok, {len(errors)} errors; {views / wall:.2f} views/s; "
        f"server CPU {cpu:.1f} s = {cpu / max(views, 1):.2f} s per view"
    )
    print(f"{'page':<12} {'n':>4} {'p50 s':>7} {'p95 s':>7}")
    for key in sorted(times):
        v = times[key]
        print(f"{key:<12} {len(v):>4} {pct(v, 50):>7.2f} {pct(v, 95):>7.2f}")
    everything = [s for v in times.values() for s in v]
    print(f"{'all':<12} {len(everything):>4} {pct(everything, 50):>7.2f} {pct(everything, 95):>7.2f}")
    for e in errors:
        print("error:", e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
