"""Time parsing against raw text extraction for every corpus report, and OCR per page.

Usage: python scripts/benchmark.py [--runs 7] [--no-ocr] [--scan-dpi 200] [--render-dpi 200]

For each top-level file of tests/corpus: median wall time of the full `parse_file`, of the reader
alone, and of raw text extraction of the same file (pdfplumber `extract_text` on every page for PDF,
read + decode for text, lxml `text_content()` for HTML), and parse / raw. Then the scanned rendering
of hzq2024.pdf (image-only PDF built by tests/builders.py) is OCR'd: seconds per page, and how many
numeric table cells agree with the text layer. Targets: parse ≤ 1.5 x raw and ≤ 50 ms for a 5-page
report; OCR ≤ 10 s per page.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
sys.path.insert(0, str(ROOT / "tests"))


def median_time(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and median CPU seconds of `runs` calls. CPU time is reported too because on a
    shared machine wall time mostly measures the neighbours; single-threaded code on an idle box
    takes about its CPU time."""
    fn()  # warm-up: imports, caches
    wall, cpu = [], []
    for _ in range(runs):
        start, cpu_start = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    return statistics.median(wall), statistics.median(cpu)


def raw_extract(path: Path) -> Callable[[], object]:
    if path.suffix == ".pdf":
        import pdfplumber

        def pdf() -> str:
            with pdfplumber.open(path) as doc:
                return "\n".join(page.extract_text() or "" for page in doc.pages)

        return pdf
    if path.suffix in (".html", ".htm"):
        import lxml.html

        return lambda: lxml.html.document_fromstring(path.read_bytes()).text_content()
    return lambda: path.read_bytes().decode("utf-8")


def numeric_cells(doc) -> list[list[str]]:  # noqa: ANN001
    from disclosure.model import Table

    return [
        [c.text for row in b.rows for c in row if re.fullmatch(r"[\d.,+-]+", c.text)]
        for p in doc.pages
        for b in p.blocks
        if isinstance(b, Table)
    ]


def bench_files(runs: int) -> None:
    from disclosure.pipeline import parse_file
    from disclosure.readers import read

    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; medians of {runs} runs, "
        "wall ms (CPU ms)"
    )
    print(f"{'file':26} {'parse':>15} {'read':>13} {'raw':>13} {'parse/raw':>9} {'read/raw':>8}  note")
    for path in sorted(p for p in CORPUS.iterdir() if p.suffix in (".pdf", ".html", ".txt")):
        note = ""
        try:
            parse = median_time(lambda p=path: parse_file(p), runs)
        except Exception as exc:  # noqa: BLE001 - report and go on: this is a measuring tool
            parse, note = (float("nan"), float("nan")), f"parse failed: {type(exc).__name__}: {exc}"[:60]
        reader = median_time(lambda p=path: read(p), runs)
        raw = median_time(raw_extract(path), runs)

        def fmt(t: tuple[float, float]) -> str:
            return f"{t[0] * 1e3:6.1f} ({t[1] * 1e3:5.1f})"

        # Ratios on CPU time: stable under load; raw extraction of text/HTML is sub-millisecond.
        print(
            f"{path.name:26} {fmt(parse):>15} {fmt(reader):>13} {fmt(raw):>13} "
            f"{parse[1] / max(raw[1], 1e-6):9.2f} {reader[1] / max(raw[1], 1e-6):8.2f}  {note}"
        )


def bench_ocr(scan_dpi: int, render_dpi: int) -> None:
    from builders import build_scanned_pdf

    from disclosure.readers import ocr, read

    start = time.perf_counter()
    ocr.engine()
    init = time.perf_counter() - start
    ocr.RENDER_DPI = render_dpi
    with tempfile.TemporaryDirectory() as tmp:
        scan = build_scanned_pdf(CORPUS / "hzq2024.pdf", Path(tmp) / "hzq2024-scan.pdf", dpi=scan_dpi)
        start, cpu_start = time.perf_counter(), time.process_time()
        doc = read(scan)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    original = numeric_cells(read(CORPUS / "hzq2024.pdf"))
    got = numeric_cells(doc)
    total = sum(len(t) for t in original)
    same = sum(a == b for ta, tb in zip(original, got, strict=False) for a, b in zip(ta, tb, strict=False))
    print(
        f"\nOCR hzq2024 scanned at {scan_dpi} dpi, rendered at {render_dpi} dpi: engine init {init:.2f} s, "
        f"{elapsed / len(doc.ocr_pages):.2f} s/page wall, {cpu / len(doc.ocr_pages):.2f} CPU-s/page "
        f"(load average now {os.getloadavg()[0]:.1f}) over {len(doc.ocr_pages)} pages; numeric table cells "
        f"equal to the text layer: {same}/{total} (tables {len(got)}/{len(original)})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--no-ocr", action="store_true")
    ap.add_argument("--scan-dpi", type=int, default=200)
    ap.add_argument("--render-dpi", type=int, default=200)
    args = ap.parse_args()
    bench_files(args.runs)
    if not args.no_ocr:
        bench_ocr(args.scan_dpi, args.render_dpi)


if __name__ == "__main__":
    main()
