"""Map a read document onto the output contract (SPEC §10).

The parser never alters a printed number to make a check pass: a report that contradicts itself is
data, recorded by the checks. Each stage lives in its own module:

- `sections`  : template detection by labels and the bounds of sections 二/三/四.
- `tables`    : every cell of sections 二, 三, 四 with raw token, page, imputed/ambiguous flags.
- `metadata`  : agency, year, scope, level, kind, region (SPEC §8), legacy and not-a-report detection.
- `platform`  : platform metrics from the narrative (SPEC §9).
- `disclosure.checks` : R1–R4, R6, R8 on the parsed report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from disclosure.model import Document


def parse_document(doc: Document) -> dict[str, Any]:
    """Parse a document into the JSON-ready contract dict. Raises NotAReportError for non-reports."""
    from disclosure.parse import metadata

    meta = metadata.extract(doc)  # raises NotAReportError when the document is not an annual report
    # Imported only now, so that a broken later stage cannot mask the not-a-report message.
    from disclosure import checks, contract
    from disclosure.errors import InputError
    from disclosure.parse import platform, sections, tables

    template = sections.detect_template(doc)
    if template == "legacy" and meta["year"] is not None and meta["year"] >= 2019:
        # A report of the 2019+ era without its tables (only the title and text were archived) is a
        # report of its year whose tables are missing, not a pre-2019 report.
        template = "2021" if meta["year"] >= 2021 else "2019"
    report: dict[str, Any] = {
        "agency": meta["agency"],
        "year": meta["year"],
        "template": template,
        "scope": meta["scope"],
        "level": meta["level"],
        "kind": meta["kind"],
        "region": meta["region"],
        "source": {
            "file": Path(doc.path).name,
            "sha256": doc.sha256,
            "format": doc.format,
            "pages": len(doc.pages) if doc.has_pages else None,
            "ocr": bool(doc.ocr_pages),
            "ocr_pages": doc.ocr_pages,
        },
    }
    if template == "legacy":
        report.update({"active": None, "requests": None, "review_litigation": None, "cells": []})
    else:
        parsed = tables.parse_tables(doc, template)
        report.update(
            {
                "active": parsed.active,
                "requests": parsed.requests,
                "review_litigation": parsed.review_litigation,
                "cells": parsed.cells,
            }
        )
    report["platform_metrics"] = platform.extract(doc)
    report["checks"] = checks.run(report, doc)
    report["status"] = checks.report_status(report)
    bad = contract.out_of_range(report)
    if bad is not None:  # a value the dataset cannot hold exactly is this file's error, not a rounding
        where, value = bad
        big = isinstance(value, int) and value.bit_length() > 128  # str() of huge ints is capped
        shown = f"约 10^{int(value.bit_length() * 0.30103)}" if big else str(value)
        raise InputError(doc.path, f"数值超出可存储范围：{where} = {shown}，上限 2^53 (value out of range)")
    # Stable key order as in SPEC §10.
    order = [
        "agency",
        "year",
        "template",
        "scope",
        "level",
        "kind",
        "region",
        "source",
        "status",
        "active",
        "requests",
        "review_litigation",
        "platform_metrics",
        "checks",
        "cells",
    ]
    return {k: report[k] for k in order}


def parse_file(path: str | Path) -> dict[str, Any]:
    """Read any supported file and parse it. Raises InputError (one clear line) on bad input."""
    from disclosure.readers import read

    return parse_document(read(path))
