"""One entry point for every briefing output: `render(b, fmt)` / `write(b, path)` (the dashboard page and
the CLI both call these), and the chart images the three renderers share."""

from __future__ import annotations

from pathlib import Path

from disclosure.briefing.model import Briefing, Chart
from disclosure.dashboard import images

FORMATS = {
    "pdf": "application/pdf",
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
CHART_WIDTH = 820  # px shown 180 mm wide: the charts' 13 px text prints at ≈ 8 pt
DOCX_SCALE = 2.5  # PNG 2050 px wide for a 16.6 cm picture ≈ 310 dpi (≥ 200 dpi asked for print)


def chart_context(chart: Chart, b: Briefing) -> images.ChartContext:
    return images.ChartContext(
        page="会议简报",
        metric=chart.name,
        scope=b.scope_short,
        years=chart.years,
        data_as_of=b.data_as_of,
        n_reports=b.n_reports + b.n_prev_reports,
    )


def chart_image(chart: Chart, b: Briefing, fmt: str) -> bytes:
    fig = images.titled(chart.figure, chart_context(chart, b), CHART_WIDTH)
    return images.render(fig, fmt, DOCX_SCALE if fmt == "png" else 1)


def render(b: Briefing, fmt: str) -> bytes:
    if fmt == "html":
        from disclosure.briefing import render_html

        return render_html.render(b).encode("utf-8")
    if fmt == "pdf":
        from disclosure.briefing import render_pdf

        return render_pdf.render(b)
    if fmt == "docx":
        from disclosure.briefing import render_docx

        return render_docx.render(b)
    raise ValueError(f"不支持的格式：{fmt}（可选 pdf、docx、html）")


def pdf_from_html(html: str) -> bytes:
    """The PDF of an already rendered HTML briefing (the dashboard keeps its preview's HTML, so the PDF is
    the print of exactly what was previewed, without rendering the charts again)."""
    from disclosure.briefing import render_pdf

    return render_pdf.html_to_pdf(html)


def file_name(b: Briefing, fmt: str) -> str:
    return (
        f"{images.file_name(images.ChartContext('会议简报', '', b.scope_short, f'{b.year}年', '', 0), fmt)}"
    )


def write(b: Briefing, path: Path) -> Path:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"{path}: 文件扩展名应为 .pdf、.docx 或 .html")
    payload = render(b, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(payload)
    tmp.replace(path)
    return path
