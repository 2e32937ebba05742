"""Map a read document onto the output contract (SPEC §10): the parse, without checks.

The parser never alters a printed number to make a check pass: a report that contradicts itself is
data, recorded by the checks — which run after the parse (`disclosure.pipeline` composes
read → parse → check); nothing here knows of them. Each stage lives in its own module:

- `sections`  : template detection by labels and the bounds of sections 二/三/四.
- `tables`    : every cell of sections 二, 三, 四 with raw token, page, imputed/ambiguous flags.
- `metadata`  : agency, year, scope, level, kind, region (SPEC §8), legacy and not-a-report detection.
- `platform`  : platform metrics from the narrative (SPEC §9).
"""

from __future__ import annotations

from pathlib import Path

from disclosure.contract import Parsed, PlatformMetric, Region, Source
from disclosure.model import Document


def parse_document(doc: Document) -> Parsed:
    """Parse a document into the contract's `Parsed`. Raises NotAReportError for non-reports."""
    from disclosure.parse import metadata

    meta = metadata.extract(doc)  # raises NotAReportError when the document is not an annual report
    # Imported only now, so that a broken later stage cannot mask the not-a-report message.
    from disclosure.parse import platform, sections, tables

    template = sections.detect_template(doc)
    year = meta["year"]
    if template == "legacy" and year is not None and year >= 2019:
        # A report of the 2019+ era without its tables (only the title and text were archived) is a
        # report of its year whose tables are missing, not a pre-2019 report.
        template = "2021" if year >= 2021 else "2019"
    region = meta["region"] or {}
    source = Source(
        file=Path(doc.path).name,
        sha256=doc.sha256,
        format=doc.format,
        pages=len(doc.pages) if doc.has_pages else None,
        ocr=bool(doc.ocr_pages),
        ocr_pages=tuple(doc.ocr_pages),
    )
    metrics = tuple(PlatformMetric.from_json(m) for m in platform.extract(doc))
    common = {
        "agency": meta["agency"],
        "year": year,
        "template": template,
        "scope": meta["scope"],
        "level": meta["level"],
        "kind": meta["kind"],
        "region": Region(region.get("province"), region.get("city"), region.get("county")),
        "source": source,
    }
    if template == "legacy":
        return Parsed(
            **common, active=None, requests=None, review_litigation=None, platform_metrics=metrics, cells=()
        )
    parsed = tables.parse_tables(doc, template)
    return Parsed(
        **common,
        active=parsed.active,
        requests=parsed.requests,
        review_litigation=parsed.review_litigation,
        platform_metrics=metrics,
        cells=parsed.cells,
    )


def parse_path(path: str | Path) -> Parsed:
    """Read any supported file and parse it (no checks). Raises InputError (one clear line) on bad input."""
    from disclosure.readers import read

    return parse_document(read(path))
