"""Work limits for reading one report file: size, table size, pages, OCR pages and OCR pixels.

Why limits at all: reports come from thousands of websites and some files are broken or made to
hurt (a FIFO, /dev/zero, `colspan="2147483648"`, 600 blank scanned pages, one 100 000 px page). Each
limit ends the read of that one file with an `InputError` — the one line `错误: <file>: <reason>` and
exit 2 — instead of hanging or exhausting memory. Defaults are far above any real report (the corpus
maximum is a few MB, 40 pages, tables of a few hundred slots) and every limit can be changed by an
environment variable (so isolated ingest workers, which inherit the environment, use the same
limits) or, for the file size, by `--max-file-mb` on `disclosure parse` and `disclosure ingest`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

# name -> (environment variable, default, unit used in messages)
_SPECS: dict[str, tuple[str, float]] = {
    "max_file_mb": ("DISCLOSURE_MAX_FILE_MB", 100.0),
    "max_pages": ("DISCLOSURE_MAX_PAGES", 1000.0),
    "max_ocr_pages": ("DISCLOSURE_MAX_OCR_PAGES", 60.0),
    "max_ocr_megapixels": ("DISCLOSURE_MAX_OCR_MEGAPIXELS", 40.0),
    "max_table_slots": ("DISCLOSURE_MAX_TABLE_SLOTS", 250_000.0),
}


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_mb: float
    max_pages: int
    max_ocr_pages: int
    max_ocr_megapixels: float
    max_table_slots: int

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def current() -> Limits:
    """The limits in force, read from the environment each time (cheap; tests change them)."""
    values: dict[str, float] = {}
    for name, (env, default) in _SPECS.items():
        raw = os.environ.get(env)
        try:
            value = float(raw) if raw not in (None, "") else default
        except ValueError:
            value = default
        # 0 means "none" for the OCR page limit (no OCR at all); elsewhere it means the default.
        values[name] = value if value > 0 or (value == 0 and name == "max_ocr_pages") else default
    return Limits(
        max_file_mb=values["max_file_mb"],
        max_pages=int(values["max_pages"]),
        max_ocr_pages=int(values["max_ocr_pages"]),
        max_ocr_megapixels=values["max_ocr_megapixels"],
        max_table_slots=int(values["max_table_slots"]),
    )


def set_max_file_mb(mb: float | None) -> None:
    """Set the per-file size limit for this process and every worker it starts afterwards."""
    if mb:
        os.environ[_SPECS["max_file_mb"][0]] = repr(float(mb))
