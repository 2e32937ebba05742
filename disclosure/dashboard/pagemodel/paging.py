"""Paginated tables (issue 13: no table renders 100 000 rows): which rows one page shows, and its caption.

Pure (no Streamlit): `ui.paged_table` draws the page-number widget and the table; the 数据导出 preview asks
DuckDB for one page only (`stream_export.page`), the other pages slice a frame they already hold.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

PAGE_ROWS = 200  # rows per page: a screen or two of a table, fast to draw
DETAIL_ROWS = 50  # rows per page of the wide per-report detail tables of 申请量 复议诉讼 平台 主动公开


@dataclass(frozen=True)
class Page:
    number: int  # 1-based, clamped to the pages that exist
    size: int
    n_rows: int

    @property
    def n_pages(self) -> int:
        return max(1, -(-self.n_rows // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def last_row(self) -> int:
        return min(self.n_rows, self.offset + self.size)

    def caption(self, unit: str = "行", always: bool = False) -> str:
        """e.g. 第 2/13 页：第 201–400 行，共 2,512 行 (empty when one page holds everything). `always`: a
        sentence even for one page or none (the detail tables say how many rows, e.g. 份报告, they hold)."""
        if always and self.n_rows == 0:
            return "没有数据。"
        if self.n_pages <= 1 and not always:
            return ""
        text = f"第 {self.number}/{self.n_pages} 页：第 {self.offset + 1:,}–{self.last_row:,} {unit}，共 {self.n_rows:,} {unit}"
        return text + "。" if always else text


def page(n_rows: int, number: int | None, size: int = PAGE_ROWS) -> Page:
    """The page `number` of `n_rows` rows (a number out of range is clamped, never an error)."""
    p = Page(1, size, max(0, int(n_rows)))
    return Page(min(max(1, int(number or 1)), p.n_pages), size, p.n_rows)


def rows(df: pd.DataFrame, p: Page) -> pd.DataFrame:
    """The rows of one page of a frame already held."""
    return df.iloc[p.offset : p.last_row]
