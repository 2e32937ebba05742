"""read → parse → check: the one place the stages are composed (SPEC §10, docs/CONTRACT.md).

Why a module of its own: the parser must not know of the checks (a parse is data; whether it is
consistent is a separate question), and the checks must not call the parser. Callers that want a
whole report — the CLI, the store's workers, the tests — come here.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from disclosure import checks, contract
from disclosure.contract import Parsed, Report
from disclosure.errors import InputError
from disclosure.model import Document
from disclosure.parse import parse_document as parse_only


def check(parsed: Parsed, doc: Document) -> Report:
    """The report of a parse: its checks (R1–R4, R6, R8) and its declared status.

    Raises InputError when a number is beyond what the dataset can hold exactly (MAX_ABS_VALUE):
    that is this file's error, never a silent rounding."""
    found = checks.run(parsed, doc)
    status = checks.report_status(parsed, found)
    report = Report(**{f.name: getattr(parsed, f.name) for f in fields(Parsed)}, checks=found, status=status)
    bad = contract.out_of_range(report)
    if bad is not None:
        where, value = bad
        big = isinstance(value, int) and value.bit_length() > 128  # str() of huge ints is capped
        shown = f"约 10^{int(value.bit_length() * 0.30103)}" if big and isinstance(value, int) else str(value)
        raise InputError(doc.path, f"数值超出可存储范围：{where} = {shown}，上限 2^53 (value out of range)")
    return report


def parse_document(doc: Document) -> Report:
    """Parse and check a read document. Raises NotAReportError for non-reports."""
    return check(parse_only(doc), doc)


def parse_file(path: str | Path) -> Report:
    """Read any supported file, parse and check it. Raises InputError (one clear line) on bad input."""
    from disclosure.readers import read

    return parse_document(read(path))
