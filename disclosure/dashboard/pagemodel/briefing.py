"""会议简报's page model: the years offered, the line said once a briefing is built, the three downloads
(no Streamlit). The briefing itself is disclosure.briefing.model.build — the same as the command line."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from disclosure.briefing import model, output


@dataclass(frozen=True)
class BriefDownload:
    fmt: str
    label: str


DOWNLOADS = (
    BriefDownload("pdf", "下载 PDF（A4 打印）"),
    BriefDownload("docx", "下载 Word（可编辑）"),
    BriefDownload("html", "下载 HTML（单个文件）"),
)


def years(by_year: pd.DataFrame) -> list[int]:
    """Years with a report in the selection, newest first (each briefed against the year before), from
    queries/selection_years.sql (a row per year) or any frame with a `year` column."""
    return sorted({int(y) for y in by_year["year"].dropna()}, reverse=True)


def year_label(year: int) -> str:
    return f"{year}年（对比{year - 1}年）"


def done_text(b: model.Briefing) -> str:
    return (
        f"{b.scope_label} ｜ {b.year}年：{b.n_reports} 份报告，{b.n_missing} 个单位缺少报告，"
        f"{b.n_failed_reports} 份报告有未通过的校验。"
    )


def file_name(b: model.Briefing, fmt: str) -> str:
    return output.file_name(b, fmt)
