"""Build other renderings of corpus reports at test time: a real DOCX and an image-only PDF.

Why build instead of committing binaries: the renderings then always match the current corpus, the
repository stays small, and the code shows exactly what each rendering contains.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import polars as pl
import pypdfium2 as pdfium

from disclosure import pipeline
from disclosure.contract import Report
from disclosure.model import Document, Line, Table
from disclosure.readers import read
from disclosure.store import flatten, ingest, layout, schema, snapshot


def build_scanned_pdf(pdf_path: str | Path, out_path: str | Path, dpi: int = 150) -> Path:
    """Rasterise every page of a PDF (pypdfium2) into an image-only PDF (Pillow): no text layer,
    exactly what a scanner produces. Pillow writes each image as one full-page JPEG/Flate XObject."""
    out = Path(out_path)
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        images = []
        for i in range(len(doc)):
            page = doc[i]
            bitmap = page.render(scale=dpi / 72)
            images.append(bitmap.to_pil().convert("L"))
            page.close()
    finally:
        doc.close()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return out


def build_docx(report_path: str | Path, out_path: str | Path) -> Path:
    """Render a corpus report into a .docx via our own reader: lines become paragraphs and tables
    become Word tables, with every merged region of the source merged again in Word (python-docx's
    `merge` writes gridSpan/vMerge), so the DOCX reader has real merged cells to expand."""
    source = read(report_path)
    document = docx.Document()
    for page in source.pages:
        for block in page.blocks:
            if isinstance(block, Line):
                document.add_paragraph(block.text)
            elif isinstance(block, Table):
                _add_table(document, block)
    out = Path(out_path)
    document.save(str(out))
    return out


def _regions(table: Table) -> list[tuple[int, int, int, int]]:
    """Merged regions of a grid as (row, col, last_row, last_col): from each origin slot, extend
    right then down over non-origin slots with the same text."""
    rows = table.rows
    n_rows, n_cols = len(rows), len(rows[0]) if rows else 0
    covered = [[False] * n_cols for _ in range(n_rows)]
    regions = []
    for r in range(n_rows):
        for c in range(n_cols):
            if covered[r][c]:
                continue
            text = rows[r][c].text
            c2 = c
            while (
                c2 + 1 < n_cols
                and not rows[r][c2 + 1].origin
                and rows[r][c2 + 1].text == text
                and not covered[r][c2 + 1]
            ):
                c2 += 1
            r2 = r
            while r2 + 1 < n_rows and all(
                not rows[r2 + 1][k].origin and rows[r2 + 1][k].text == text and not covered[r2 + 1][k]
                for k in range(c, c2 + 1)
            ):
                r2 += 1
            for rr in range(r, r2 + 1):
                for cc in range(c, c2 + 1):
                    covered[rr][cc] = True
            regions.append((r, c, r2, c2))
    return regions


def _add_table(document, table: Table) -> None:  # noqa: ANN001 - python-docx Document
    n_rows, n_cols = len(table.rows), len(table.rows[0])
    word_table = document.add_table(rows=n_rows, cols=n_cols)
    word_table.style = "Table Grid"
    for r, c, r2, c2 in _regions(table):
        cell = word_table.cell(r, c)
        if (r2, c2) != (r, c):
            cell = cell.merge(word_table.cell(r2, c2))
        cell.text = table.rows[r][c].text


# Columns that legitimately differ between two ingests of the same files (times, run ids).
VOLATILE_COLUMNS = {"ingested_at", "parsed_at", "started_at", "run_id", "seconds"}


def dataset_content(data: Path) -> dict:
    """Every table of a dataset's current snapshot, volatile columns dropped and rows sorted, so two
    datasets built by different code paths (local vs Dask, incremental vs full) compare with ==."""
    out = {}
    for name, path in layout.table_paths(data).items():
        df = pl.read_parquet(path)
        df = df.drop([c for c in df.columns if c in VOLATILE_COLUMNS])
        out[name] = df.sort([c for c, t in df.schema.items() if not isinstance(t, pl.List)], nulls_last=True)
    return out


# --- datasets built through the store's own code path -------------------------------------------------


def check_report(report: dict[str, Any]) -> dict[str, Any]:
    """A parse result (contract JSON) without its checks gets them from the project's pipeline, as a
    parsed file does (`disclosure.pipeline.check`): per-report rules, then the declared status. The
    document is empty: a made-up report has no narrative for R8 to compare with."""
    source = report["source"]
    doc = Document(path=source["file"], format=source["format"], sha256=source["sha256"])
    parsed = Report.from_json({**report, "checks": [], "status": None})
    return pipeline.check(parsed, doc).to_json()


def store_reports(
    data_dir: Path, reports: list[tuple[dict[str, Any], bytes | None]], name: str = "built"
) -> Path:
    """Store parse results (contract dicts, with their source bytes or None) as `disclosure ingest` does
    after parsing: flatten → the source stored content-addressed → the store's table build (types,
    versions, dataset checks, agencies, dictionary) → an atomic snapshot. Only reading and parsing files
    is skipped. Returns the snapshot folder."""
    data_dir.mkdir(parents=True, exist_ok=True)
    parsed, results = {}, []
    for i, (rep, content) in enumerate(reports):
        rows = flatten.flatten(Report.from_json(rep))
        rid = rows["report"]["report_id"]
        if content is not None:
            rel = layout.source_relpath(rid, Path(rep["source"]["file"]).suffix)
            snapshot.store_source(data_dir, rel, content)
            rows["report"]["source_path"] = rel
        parsed[rid] = rows
        results.append(
            ingest.FileResult(i, rep["source"]["file"], sha256=rid, status="parsed", report_id=rid)
        )
    summary = ingest.Summary(run_id=uuid.uuid4().hex, started_at=datetime.now(UTC))
    tables = ingest._build_tables(None, {}, schema.empty("reports"), {}, parsed, results, summary)
    return snapshot.write_snapshot(data_dir, f"{name}-{summary.run_id[:8]}", tables, ingest._write_parquet)
